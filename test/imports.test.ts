import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * The import rules of CONTRIBUTING.md ("Layout"), checked over every import in src/ (`import type`
 * and `export … from` included). A domain is a folder under src/ other than the shared layers; it
 * may import the shared layers and, of another domain, only that domain's entry points. Only the
 * entry points import src/main.ts. No two files in src/ import each other, however indirectly.
 *
 * Nothing breaks them: a new violation fails the suite. The demo (src/demo/) is a domain like any
 * other, a client of the others' entry points; test fixtures live in test/support/, outside src/.
 */
const ROOT = join(import.meta.dirname, '..');
const SHARED = new Set(['core', 'db', 'http', 'cli']);

/** Every domain's entry points; the rest of a domain is private to it. */
const ENTRY = ['model.ts', 'service.ts'];
/** Entry points a domain declares beyond its model and service, with what they offer. */
const DECLARED: Record<string, readonly string[]> = {
  // appendAudit, the one way every command records its evidence; replay is how domains project;
  // the answers describe the signed checkpoint once for transparency's answers and the web app.
  audit: ['answers.ts', 'append.ts', 'entry.ts', 'replay.ts'],
  // Approval requests that other domains open, and the executors they hand to main.ts; checking a
  // person's signature over an exact content (a hand-off), by key or passkey.
  governance: ['approvals.ts', 'content-signature.ts'],
  // The ledger's refusal codes, which domains that move value pass on unchanged.
  ledger: ['statuses.ts'],
  // Price series and valuation, the one store of prices that risk and the simulator read.
  market: ['series.ts', 'valuation.ts'],
  // What the reserve publishes, read by transparency and disposal; its answers describe the split by
  // bucket once for the portal's answers too.
  reserve: ['answers.ts', 'public.ts'],
  // Risk has no model.ts: the pure report (buildReport, its types, the historical scenarios) is it.
  risk: ['report.ts'],
  // Handing a forfeited lot over to disposal or the reserve.
  seizures: ['disposal.ts'],
};
/**
 * The process entry points, which alone import src/main.ts: main.ts itself, the command line
 * (src/cli/, started by bin/kazna.js, whose core commands build the app) and tests, which build
 * the whole app as the process does. Everything else takes the Kazna type from src/kazna.ts.
 */
const MAIN_IMPORTERS = /^src\/(main\.ts$|cli\/)|\.test\.tsx?$/;

/** `from` imports `to`, both paths relative to the repository. */
interface Edge {
  readonly from: string;
  readonly to: string;
}

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return files(path);
    return /\.tsx?$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

function edgesOf(path: string, text: string): Edge[] {
  const found = ts.preProcessFile(text, true, true).importedFiles.map((i) => i.fileName);
  return found
    .filter((spec) => spec.startsWith('.'))
    .map((spec) => ({ from: path, to: relative(ROOT, resolve(ROOT, dirname(path), spec)) }));
}

const SOURCES = new Map(
  files(join(ROOT, 'src')).map((p) => [relative(ROOT, p), readFileSync(p, 'utf8')] as const),
);

function edgesOfAll(sources: ReadonlyMap<string, string>): Edge[] {
  return [...sources].flatMap(([path, text]) => edgesOf(path, text));
}

const EDGES = edgesOfAll(SOURCES);

/** The domain a file belongs to, or undefined for the shared layers and files outside src/. */
function domainOf(path: string): string | undefined {
  const parts = path.split('/');
  if (parts[0] !== 'src' || parts.length < 3 || SHARED.has(parts[1]!)) return undefined;
  return parts[1];
}

function isTest(path: string): boolean {
  return /\.test\.tsx?$/.test(path);
}

/** Imports from one domain into a file of another that is not one of its entry points. */
function crossDomain(edges: readonly Edge[]): string[] {
  return edges.flatMap(({ from, to }) => {
    const [a, b] = [domainOf(from), domainOf(to)];
    // Tests may reach into any domain to build their fixtures.
    if (a === undefined || b === undefined || a === b || isTest(from)) return [];
    const rest = to.split('/').slice(2).join('/');
    if (ENTRY.includes(rest) || (DECLARED[b] ?? []).includes(rest)) return [];
    return [`${from} -> ${to}`];
  });
}

/**
 * Imports of src/main.ts from outside the entry points, directly or through a module of src/cli/
 * that imports it (a domain's cli.ts reaching main.ts through the shared commands).
 */
function mainImports(edges: readonly Edge[]): string[] {
  const viaCli = new Set(
    edges.filter((e) => e.to === 'src/main.ts' && e.from.startsWith('src/cli/')).map((e) => e.from),
  );
  return edges
    .filter(
      ({ from, to }) => (to === 'src/main.ts' || viaCli.has(to)) && !MAIN_IMPORTERS.test(from),
    )
    .map(({ from, to }) => `${from} -> ${to}`);
}

/** Strongly connected components of more than one file (Tarjan), each as its sorted files. */
function cycles(edges: readonly Edge[]): string[] {
  const next = new Map<string, string[]>();
  for (const { from, to } of edges) next.set(from, [...(next.get(from) ?? []), to]);
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[] = [];
  const visit = (v: string): void => {
    index.set(v, index.size);
    low.set(v, index.get(v)!);
    stack.push(v);
    onStack.add(v);
    for (const w of next.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    if (component.length > 1) found.push(component.sort().join(' '));
  };
  for (const v of next.keys()) if (!index.has(v)) visit(v);
  return found.sort();
}

function unique(list: readonly string[]): string[] {
  return [...new Set(list)].sort();
}

/** Every rule's findings over a set of files, so a planted file can show each rule bites. */
function findings(sources: ReadonlyMap<string, string>): {
  cross: string[];
  main: string[];
  cycles: string[];
} {
  const edges = edgesOfAll(sources);
  return {
    cross: unique(crossDomain(edges)),
    main: unique(mainImports(edges)),
    cycles: cycles(edges),
  };
}

describe('imports', () => {
  it('reads the imports of src/', () => {
    expect(SOURCES.size).toBeGreaterThan(100);
    expect(EDGES.length).toBeGreaterThan(500);
  });

  it('imports another domain only through its entry points', () => {
    expect(unique(crossDomain(EDGES))).toEqual([]);
  });

  it('imports src/main.ts only from the process entry points', () => {
    expect(unique(mainImports(EDGES))).toEqual([]);
  });

  it('has no cycle of imports', () => {
    expect(cycles(EDGES)).toEqual([]);
  });

  it('declares only entry points that exist', () => {
    const missing = Object.entries(DECLARED).flatMap(([domain, names]) =>
      names.map((n) => `src/${domain}/${n}`).filter((path) => !SOURCES.has(path)),
    );
    expect(missing).toEqual([]);
  });

  it('fails when a file planted among the real ones breaks a rule', () => {
    const planted = new Map(SOURCES);
    // A domain reading another's store, a domain command importing the composition root directly
    // and through the command line's core commands, and a model importing its own service back.
    planted.set('src/risk/planted.ts', "import type { LotRow } from '../seizures/store.ts';");
    planted.set(
      'src/market/planted-cli.ts',
      "import type { Deps } from '../main.ts';\nimport { withKazna } from '../cli/core-commands.ts';",
    );
    const model = SOURCES.get('src/seizures/model.ts');
    expect(model).toBeDefined();
    planted.set('src/seizures/model.ts', `${model ?? ''}\nimport '../seizures/service.ts';`);
    const found = findings(planted);
    expect(found.cross).toEqual(['src/risk/planted.ts -> src/seizures/store.ts']);
    expect(found.main).toEqual([
      'src/market/planted-cli.ts -> src/cli/core-commands.ts',
      'src/market/planted-cli.ts -> src/main.ts',
    ]);
    expect(found.cycles).toHaveLength(1);
    expect(found.cycles[0]).toContain('src/seizures/model.ts');
    expect(found.cycles[0]).toContain('src/seizures/service.ts');
    // The same files without the plants find nothing.
    expect(findings(SOURCES)).toEqual({ cross: [], main: [], cycles: [] });
  });

  it('catches what it is meant to catch', () => {
    const planted = edgesOf('src/risk/x.ts', "import type { LotRow } from '../seizures/store.ts';");
    expect(crossDomain(planted)).toEqual(['src/risk/x.ts -> src/seizures/store.ts']);
    expect(
      crossDomain(edgesOf('src/risk/x.ts', "export { a } from '../ledger/model.ts';")),
    ).toEqual([]);
    expect(mainImports(edgesOf('src/risk/cli.ts', "import '../main.ts';"))).toEqual([
      'src/risk/cli.ts -> src/main.ts',
    ]);
    expect(mainImports(edgesOf('src/demo/x.ts', "await import('../main.ts');"))).toEqual([
      'src/demo/x.ts -> src/main.ts',
    ]);
    expect(mainImports(edgesOf('src/cli/x.ts', "import '../main.ts';"))).toEqual([]);
    const loop = [
      { from: 'a', to: 'b' },
      { from: 'b', to: 'c' },
      { from: 'c', to: 'a' },
      { from: 'c', to: 'd' },
    ];
    expect(cycles(loop)).toEqual(['a b c']);
  });
});
