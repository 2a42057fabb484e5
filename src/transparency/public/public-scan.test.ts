import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../demo/logins.ts';
import { routeTable } from '../../governance/guard.ts';
import {
  authHeaders,
  testKazna,
  testTargets,
  type TestKazna,
} from '../../../test/support/targets.ts';
import { scanResponse, type Finding, type ForbiddenValue } from './forbidden.ts';
import { loadPortalDemo } from './testing.ts';

/**
 * Every public route, as the route table lists it (so routes added later are covered without an
 * edit), called anonymously on a demo-loaded Kazna, in JSON and in CSV; every body is scanned for
 * personal data, credentials and internal notes, including the database's real private values.
 */
const PRIVATE_COLUMNS =
  /^(username|display_name|email|party_refs|claimant_ref|reason|note|ground|court_order_ref|custody_ref|case_number|\w*password\w*|\w*token\w*|csrf\w*|\w*officer_id|initiator|requested_by)$/;
// Who did something on Kazna's own behalf: not a person.
const NOT_PERSONAL = new Set(['system', 'demo', 'anonymous']);

async function privateValues(k: TestKazna): Promise<ForbiddenValue[]> {
  const columns = await k.db.query<{ table_name: string; column_name: string }>(
    `SELECT table_name, column_name FROM information_schema.columns
      WHERE table_schema = current_schema() AND data_type IN ('text', 'ARRAY', 'uuid')`,
  );
  const out: ForbiddenValue[] = [{ label: 'demo password', value: DEMO_PASSWORD }];
  const wanted = columns.filter(
    (c) =>
      PRIVATE_COLUMNS.test(c.column_name) ||
      (c.column_name === 'id' && /^gov_(users|sessions|api_tokens)$/.test(c.table_name)),
  );
  for (const c of wanted) {
    const rows = await k.db.query<{ v: unknown }>(
      `SELECT DISTINCT "${c.column_name}"::text AS v FROM "${c.table_name}"`,
    );
    for (const { v } of rows) {
      if (typeof v !== 'string') continue;
      const parts = v.startsWith('{') ? v.slice(1, -1).split(',') : [v];
      for (const p of parts.map((x) => x.replace(/^"|"$/g, '')))
        if (p.length >= 3 && !NOT_PERSONAL.has(p))
          out.push({ label: `${c.table_name}.${c.column_name}`, value: p });
    }
  }
  return out;
}

/** Values seen in earlier answers, by key, to fill a later route's `:param`. */
function collect(value: unknown, into: Map<string, string>): void {
  if (Array.isArray(value)) {
    value.forEach((v) => {
      collect(v, into);
    });
  } else if (value !== null && typeof value === 'object')
    for (const [key, v] of Object.entries(value)) {
      if ((typeof v === 'string' || typeof v === 'number') && !into.has(key))
        into.set(key, String(v));
      collect(v, into);
    }
}

function concrete(url: string, seen: Map<string, string>): string {
  return url.replace(/:([A-Za-z0-9_]+)/g, (_m, name: string) =>
    encodeURIComponent(seen.get(name) ?? seen.get('id') ?? '0'),
  );
}

describe.each(testTargets())('public responses on $label PostgreSQL', (target) => {
  let k: TestKazna;
  beforeAll(async () => {
    k = await testKazna(target);
    await loadPortalDemo(k);
  });
  afterAll(async () => {
    await k.close();
  });

  it('carry no personal data, credentials or internal notes, on any public route', async () => {
    const values = await privateValues(k);
    expect(values.some((v) => v.value.startsWith('party:'))).toBe(true);
    expect(values.some((v) => v.label === 'gov_users.username')).toBe(true);
    const routes = routeTable(k.app)
      .filter((r) => r.access === 'public' && r.url.startsWith('/api/v1/') && r.method !== 'HEAD')
      // Lists first, so a route with a parameter can take a real id from them.
      .toSorted((a, b) => Number(a.url.includes(':')) - Number(b.url.includes(':')));
    expect(routes.filter((r) => r.url.startsWith('/api/v1/public/')).length).toBeGreaterThanOrEqual(
      7,
    );
    const seen = new Map<string, string>();
    const findings: Finding[] = [];
    let scanned = 0;
    for (const r of routes) {
      const url = concrete(r.url, seen);
      for (const suffix of r.method === 'GET' ? ['', '?format=csv'] : ['']) {
        const res = await k.app.inject({
          method: r.method as 'GET',
          url: `${url}${suffix}`,
          ...(r.method === 'GET' ? {} : { payload: {} }),
        });
        if (r.url.startsWith('/api/v1/public/') && !r.url.includes(':'))
          expect(res.statusCode, `${r.method} ${url}${suffix}`).toBe(200);
        const type = res.headers['content-type'] ?? '';
        if (res.body.length === 0) continue;
        if (type.includes('json')) collect(JSON.parse(res.body), seen);
        findings.push(...scanResponse(`${r.method} ${url}${suffix}`, res.body, type, values));
        scanned += 1;
      }
    }
    expect(scanned).toBeGreaterThan(20);
    expect(findings).toEqual([]);
  });

  it('would catch a leak: an internal answer with cases and transfers fails the same scan', async () => {
    const values = await privateValues(k);
    const headers = await authHeaders(k, 'auditor');
    const cases = await k.app.inject({ url: '/api/v1/seizures/cases', headers });
    expect(cases.statusCode).toBe(200);
    const whats = scanResponse('cases', cases.body, 'application/json', values).map((f) => f.what);
    expect(whats.some((w) => w.startsWith('party reference'))).toBe(true);
    expect(whats.some((w) => w.startsWith('seizure_cases.case_number'))).toBe(true);
  });
});
