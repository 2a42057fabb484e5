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
 * What breaks a rule today is listed in KNOWN with its reason: a new violation fails, and so does
 * an entry that no longer occurs, so the lists only shrink.
 */
const ROOT = join(import.meta.dirname, '..');
const SHARED = new Set(['core', 'db', 'http', 'cli']);

/** Every domain's entry points; the rest of a domain is private to it. */
const ENTRY = ['model.ts', 'service.ts'];
/** Entry points a domain declares beyond its model and service, with what they offer. */
const DECLARED: Record<string, readonly string[]> = {
  // appendAudit, the one way every command records its evidence; replay is how domains project.
  audit: ['append.ts', 'entry.ts', 'replay.ts'],
  // Approval requests that other domains open, and the executors they hand to main.ts.
  governance: ['approvals.ts'],
  // The ledger's refusal codes, which domains that move value pass on unchanged.
  ledger: ['statuses.ts'],
  // Price series and valuation, the one store of prices that risk and the simulator read.
  market: ['series.ts', 'valuation.ts'],
  // What the reserve publishes, read by transparency and disposal.
  reserve: ['public.ts'],
  // Risk has no model.ts: the pure report (buildReport and its types) is its model.
  risk: ['report.ts'],
  // Handing a forfeited lot over to disposal or the reserve.
  seizures: ['disposal.ts'],
};
/**
 * Entry points by role, whoever's domain: the demo composes each domain's seeding, and a domain's
 * test fixtures build on other domains' fixtures.
 */
const ROLES: readonly { readonly file: RegExp; readonly importer: RegExp }[] = [
  { file: /\/demo\.ts$/, importer: /^src\/demo\/demo\.ts$/ },
  { file: /\/testing\.ts$/, importer: /\/testing\.ts$/ },
];
/**
 * The process entry points, which alone import src/main.ts: main.ts, the command line (src/cli/,
 * started by bin/kazna.js) and tests, which build the whole app as the process does.
 */
const MAIN_IMPORTERS = /^src\/(main\.ts$|cli\/)|\.test\.tsx?$/;

/** `from` imports `to`, both paths relative to the repository. */
interface Edge {
  readonly from: string;
  readonly to: string;
}

const KNOWN_CROSS: Record<string, string> = {
  'src/demo/prices.ts -> src/risk/stress.ts':
    "the demo's generated prices replay risk's historical stress scenarios",
  'src/demo/reserve.ts -> src/ledger/approval.ts':
    "the demo approves its reserve transfers by the ledger's approval kind",
  'src/demo/reserve.ts -> src/reserve/demo.ts':
    "the demo reserve is seeded by the reserve's own demo, which imports it back",
  'src/disposal/demo.ts -> src/demo/demo.ts':
    "this domain's demo seeding reuses the demo's shared people, prices or accounts",
  'src/disposal/demo.ts -> src/demo/people.ts':
    "this domain's demo seeding reuses the demo's shared people, prices or accounts",
  'src/disposal/demo.ts -> src/demo/reserve.ts':
    "this domain's demo seeding reuses the demo's shared people, prices or accounts",
  'src/governance/demo.ts -> src/demo/demo.ts':
    "this domain's demo seeding reuses the demo's shared people, prices or accounts",
  'src/governance/demo.ts -> src/demo/logins.ts':
    "this domain's demo seeding reuses the demo's shared people, prices or accounts",
  'src/reserve/demo.ts -> src/demo/demo.ts':
    "this domain's demo seeding reuses the demo's shared people, prices or accounts",
  'src/reserve/demo.ts -> src/demo/people.ts':
    "this domain's demo seeding reuses the demo's shared people, prices or accounts",
  'src/reserve/testing.ts -> src/demo/reserve.ts': 'the fixture builds on the demo reserve',
  'src/reserve/testing.ts -> src/governance/defaults.ts':
    "the fixture installs governance's default policy",
  'src/reserve/testing.ts -> src/governance/demo.ts': "the fixture reuses governance's demo people",
  'src/risk/demo.ts -> src/demo/demo.ts':
    "this domain's demo seeding reuses the demo's shared people, prices or accounts",
  'src/risk/demo.ts -> src/demo/prices.ts':
    "this domain's demo seeding reuses the demo's shared people, prices or accounts",
  'src/seizures/demo.ts -> src/compliance/sanctions-file.ts':
    "the demo screens its lots against a sanctions list built by compliance's file reader",
  'src/seizures/demo.ts -> src/demo/demo.ts':
    "this domain's demo seeding reuses the demo's shared people, prices or accounts",
  'src/seizures/testing.ts -> src/compliance/sanctions-file.ts':
    "the fixture screens its lots against a sanctions list built by compliance's file reader",
  'src/seizures/testing.ts -> src/governance/defaults.ts':
    "the fixture installs governance's default policy",
  'src/transparency/demo.ts -> src/demo/demo.ts':
    "this domain's demo seeding reuses the demo's shared people, prices or accounts",
  'src/transparency/keys.ts -> src/audit/keys.ts':
    "the report key reuses the log key's file format; audit should export it from its service",
  'src/transparency/public/testing.ts -> src/demo/demo.ts': 'the fixture seeds the whole demo',
  'src/transparency/testing.ts -> src/demo/reserve.ts': 'the fixture builds on the demo reserve',
  'src/transparency/testing.ts -> src/governance/demo.ts':
    "the fixture reuses governance's demo people",
  'src/transparency/testing.ts -> src/seizures/legal.ts':
    "the fixture moves lots through seizures' legal statuses",
};
const KNOWN_MAIN: Record<string, string> = {};
const KNOWN_CYCLES: Record<string, string> = {
  'src/demo/demo.ts src/demo/reserve.ts src/disposal/demo.ts src/governance/demo.ts src/reserve/demo.ts src/risk/demo.ts src/seizures/demo.ts src/transparency/demo.ts':
    "the demo lists each domain's demo step, and each takes the demo's DemoStep type",
  'src/seizures/import.ts src/seizures/service.ts':
    "bulk import takes the service's in-transaction commands, which import it",
};

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

const SOURCES = files(join(ROOT, 'src')).map((p) => relative(ROOT, p));
const EDGES = SOURCES.flatMap((p) => edgesOf(p, readFileSync(join(ROOT, p), 'utf8')));

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
    if (ROLES.some((r) => r.file.test(to) && r.importer.test(from))) return [];
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

describe('imports', () => {
  it('reads the imports of src/', () => {
    expect(SOURCES.length).toBeGreaterThan(100);
    expect(EDGES.length).toBeGreaterThan(500);
  });

  it('imports another domain only through its entry points', () => {
    expect(unique(crossDomain(EDGES))).toEqual(Object.keys(KNOWN_CROSS).sort());
  });

  it('imports src/main.ts only from the process entry points', () => {
    expect(unique(mainImports(EDGES))).toEqual(Object.keys(KNOWN_MAIN).sort());
  });

  it('has no cycle of imports', () => {
    expect(cycles(EDGES)).toEqual(Object.keys(KNOWN_CYCLES).sort());
  });

  it('catches what it is meant to catch', () => {
    const planted = edgesOf('src/risk/x.ts', "import type { LotRow } from '../seizures/store.ts';");
    expect(crossDomain(planted)).toEqual(['src/risk/x.ts -> src/seizures/store.ts']);
    expect(
      crossDomain(edgesOf('src/risk/x.ts', "export { a } from '../ledger/model.ts';")),
    ).toEqual([]);
    expect(mainImports(edgesOf('src/risk/demo.ts', "import '../main.ts';"))).toEqual([
      'src/risk/demo.ts -> src/main.ts',
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
