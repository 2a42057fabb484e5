import { appendFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../src/core/identity.ts';
import { loadDemo } from '../src/demo/demo.ts';
import { routeTable } from '../src/governance/guard.ts';
import { idPool } from './support/fuzz-ids.ts';
import { operationsOf, routeUrl, type Operation } from './support/fuzz-ops.ts';
import { answerFault, runFuzz, type Caller, type FuzzReport } from './support/fuzz-run.ts';
import { changedTables, stateProbe, type StateProbe } from './support/fuzz-state.ts';
import { testKazna, testTargets, testUser, type TestKazna } from './support/targets.ts';

/**
 * Every operation of the served OpenAPI document, as every role and anonymously, with requests
 * generated from its schemas plus hostile values (NUL, lone surrogates, a megabyte string, numbers
 * past what a double holds, exponents, unknown fields, wrong types, empty bodies), on a database
 * holding the demo. No answer may be a 5xx, every refusal must be a problem with a code, and a
 * refused request must leave every table (and so the audit head) as it was.
 *
 * Seeded, so a failure replays: KAZNA_FUZZ_SEED picks another seed, KAZNA_FUZZ_CASES runs more
 * requests per operation and caller than CI does, KAZNA_FUZZ_TRACE names a file that logs each
 * request before it is sent.
 */
const SEED = Number(process.env['KAZNA_FUZZ_SEED'] ?? 20_250_101);
const CASES = Number(process.env['KAZNA_FUZZ_CASES'] ?? 32);
/** A file to append each request to before it is sent, to find one that hangs. */
const TRACE = process.env['KAZNA_FUZZ_TRACE'];

/** A failed login counts towards the limits by design, and the failure that locks is audited. */
const LOGIN_LIMITS = {
  tables: ['gov_login_counters', 'gov_login_failures', 'gov_users'],
  auditActions: ['governance.account.locked'],
};

/**
 * The only 5xx answers allowed, each documented in its domain's design: this deployment has no chain
 * node, no Chromium for PDFs, and at most two simulator runs at once. They say what the operator
 * must add or wait for; any other 5xx is a fault.
 */

describe('fuzzing every operation of the API', () => {
  let k: TestKazna;
  let ops: Operation[];
  let probe: StateProbe;
  const callers: Caller[] = [];

  beforeAll(async () => {
    const [target] = testTargets();
    if (target === undefined) throw new Error('no test target');
    k = await testKazna(target);
    await loadDemo(k, () => undefined);
    probe = await stateProbe(k.database.url);
    ops = operationsOf((await k.app.inject({ url: '/api/v1/openapi.json' })).json());
    callers.push({ name: 'anonymous', role: null, headers: {} });
    for (const role of ROLES) {
      const user = await testUser(k, role, { organisationId: await demoOrganisation(role) });
      callers.push({ name: role, role, headers: user.headers });
    }
  });
  afterAll(async () => {
    await probe.close();
    await k.close();
  });

  /** The organisation of the demo's own holder of the role, so its scoped reads see data. */
  async function demoOrganisation(role: Role): Promise<string | null> {
    const [row] = await k.db.query<{ org: string | null }>(
      `SELECT organisation_id AS org FROM gov_users WHERE $1 = ANY (roles) ORDER BY username LIMIT 1`,
      [role],
    );
    return row?.org ?? null;
  }

  it('knows a fault when it sees one', async () => {
    const problem = 'application/problem+json; charset=utf-8';
    expect(
      answerFault({ status: 500, contentType: problem, body: '{"code":"internal_error"}' }),
    ).toBe('status-5xx');
    expect(answerFault({ status: 404, contentType: 'text/plain', body: 'nope' })).toBe(
      'not-a-problem',
    );
    expect(answerFault({ status: 400, contentType: problem, body: '{"title":"x"}' })).toBe(
      'not-a-problem',
    );
    expect(answerFault({ status: 400, contentType: problem, body: '{"code":"bad"}' })).toBeNull();
    const busy = { status: 503, contentType: problem, body: '{"code":"simulator_busy"}' };
    expect(answerFault(busy)).toBe('status-5xx');
    // A write that rolls back leaves no trace; one that commits shows, whoever makes it (here a
    // session of its own, behind Kazna's back), even when it only updates a row.
    const { userId } = await testUser(k, 'auditor');
    const before = await probe.digest();
    const other = new pg.Client({ connectionString: k.database.url });
    await other.connect();
    const touch = "UPDATE gov_users SET display_name = display_name || '.' WHERE id = $1";
    try {
      await other.query('BEGIN');
      await other.query(touch, [userId]);
      await other.query('ROLLBACK');
      expect(changedTables(before, await probe.digest())).toEqual([]);
      await other.query(touch, [userId]);
    } finally {
      await other.end();
    }
    expect(changedTables(before, await probe.digest())).toEqual(['gov_users']);
  });

  it('answers every operation without a 5xx, refuses with problems, and refuses without a trace', async () => {
    const started = performance.now();
    const table = routeTable(k.app);
    const report = await runFuzz(
      {
        app: k.app,
        probe,
        pool: await idPool(k.db),
        access: (op) => {
          const route = table.find((r) => r.method === op.method && r.url === routeUrl(op));
          return route?.access ?? (op.path.startsWith('/api/v1/') ? undefined : 'root');
        },
      },
      ops,
      callers,
      {
        seed: SEED,
        allowedCases: CASES,
        refusedCases: 2,
        ...(TRACE === undefined
          ? {}
          : {
              trace: (line: string) => {
                appendFileSync(TRACE, `${line}\n`);
              },
            }),
        allowances: {
          'POST /api/v1/auth/login': LOGIN_LIMITS,
          'POST /api/v1/auth/passkey/login': LOGIN_LIMITS,
        },
      },
    );
    const seconds = (performance.now() - started) / 1000;
    process.stdout.write(summary(report, seconds));
    // Every route the API serves is an operation of the document, so none escapes the fuzzer.
    const documented = new Set(ops.map((op) => `${op.method} ${routeUrl(op)}`));
    const routes = table.filter(
      (r) => r.url.startsWith('/api/v1/') && !r.hidden && r.method !== 'HEAD',
    );
    expect(routes.map((r) => `${r.method} ${r.url}`).filter((r) => !documented.has(r))).toEqual([]);
    expect(report.operations).toBe(ops.length);
    expect(ops.length).toBeGreaterThan(150);
    // Enough got through the guard and the schemas to exercise handlers, not just validation.
    expect(okCount(report)).toBeGreaterThan(report.operations);
    expect(report.checkedSegments).toBeGreaterThan(report.operations);
    expect(grouped(report)).toEqual([]);
  }, 900_000);
});

function okCount(report: FuzzReport): number {
  return [...report.byStatus].filter(([s]) => s < 300).reduce((n, [, c]) => n + c, 0);
}

/** One line per kind of fault and operation, with the first example, so a report stays readable. */
function grouped(report: FuzzReport): string[] {
  const groups = new Map<string, { count: number; example: string }>();
  for (const v of report.violations) {
    const key = `${v.kind} ${v.op} -> ${v.answer.split(' ')[0] ?? ''}`;
    const g = groups.get(key);
    if (g !== undefined) g.count += 1;
    else
      groups.set(key, {
        count: 1,
        example: `as ${v.caller}, ${v.label}: ${v.request} => ${v.answer}`,
      });
  }
  return [...groups].map(([key, g]) => `${key} (x${g.count}) e.g. ${g.example}`);
}

function summary(report: FuzzReport, seconds: number): string {
  const statuses = [...report.byStatus]
    .sort(([a], [b]) => a - b)
    .map(([s, n]) => `${s}:${n}`)
    .join(' ');
  const slow = report.slowest
    .map((s) => `  ${s.ms.toFixed(0)} ms ${s.what.slice(0, 160)}`)
    .join('\n');
  return (
    `fuzz: seed ${SEED}, ${report.operations} operations, ${report.requests} requests in ` +
    `${seconds.toFixed(1)} s (${(report.digestMs / 1000).toFixed(1)} s reading the journal), ` +
    `${report.checkedSegments} refused segments checked, ` +
    `${report.violations.length} faults\n  statuses ${statuses}\n  slowest:\n${slow}\n` +
    `  no success on ${report.neverServed.length} operations: ${report.neverServed.join(', ')}\n` +
    `  never past the edge: ${report.neverReachedHandler.join(', ') || 'none'}\n` +
    `  reads that wrote: ${report.readsThatWrote.join(', ') || 'none'}\n`
  );
}
