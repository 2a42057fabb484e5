import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../demo/logins.ts';
import { routeTable } from '../../governance/guard.ts';
import {
  authHeaders,
  testKazna,
  testTargets,
  type TestKazna,
} from '../../../test/support/targets.ts';
import { SYSTEM } from '../../core/identity.ts';
import type { PorDocument } from '../../../verifier/src/por.ts';
import type { ReportBundle } from '../../../verifier/src/reports.ts';
import { reportHtml } from '../reports/export.ts';
import { scanRecordIds, scanResponse, type Finding, type ForbiddenValue } from './forbidden.ts';
import { publicationOf } from './policy.ts';
import { loadPortalDemo } from '../../../test/support/portal.ts';

/**
 * Every public route, as the route table lists it (so routes added later are covered without an
 * edit), called anonymously on a demo-loaded Kazna, in JSON and in CSV, and every published document
 * (the latest proof of reserves, each report as JSON, CSV and printed page); every body is scanned
 * for personal data, credentials and internal notes, including the database's real private values,
 * for any record id the database holds, and for any address the publication rule does not publish.
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

/**
 * Records that are public by nature, so their ids may appear: the published documents (their URLs
 * name them) and the organisations (state bodies, listed by name to anyone).
 */
const PUBLIC_RECORDS = ['transparency_reports', 'transparency_por', 'gov_organisations'];
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/**
 * Every record id anywhere in the database, named by the table it identifies a row of, or else by
 * the first table it was seen in (the log last, as it repeats them all).
 */
async function recordIds(k: TestKazna): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  const note = (text: string, label: string): void => {
    for (const id of text.match(UUID) ?? [])
      if (!ids.has(id.toLowerCase())) ids.set(id.toLowerCase(), label);
  };
  const keyed = await k.db.query<{ name: string }>(
    `SELECT table_name AS name FROM information_schema.columns
      WHERE table_schema = current_schema() AND column_name = 'id' ORDER BY table_name`,
  );
  for (const { name } of keyed)
    for (const { id } of await k.db.query<{ id: string }>(`SELECT id::text AS id FROM "${name}"`))
      note(id, name);
  const tables = await k.db.query<{ name: string }>(
    `SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema()
      ORDER BY tablename = 'audit_entries', tablename`,
  );
  for (const { name } of tables)
    for (const { img } of await k.db.query<{ img: string }>(
      `SELECT to_jsonb(t)::text AS img FROM "${name}" t`,
    ))
      note(img, `a row of ${name}`);
  for (const table of PUBLIC_RECORDS)
    for (const { id } of await k.db.query<{ id: string }>(`SELECT id::text AS id FROM "${table}"`))
      ids.delete(id);
  return ids;
}

/** Every lot address the publication rule does not publish, named by its lot's status. */
async function unpublishedAddresses(k: TestKazna): Promise<ForbiddenValue[]> {
  const lots = await k.services.seizures.lots(SYSTEM, { limit: 1000 });
  const rule = publicationOf(lots);
  const published = new Set(lots.flatMap((l) => rule.lot(l).addresses));
  return lots.flatMap((l) =>
    l.addresses
      .filter((a) => !published.has(a))
      .map((value) => ({ label: `address of a ${l.status} lot`, value })),
  );
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

  it('carry no personal data, credentials, internal notes, record ids or unpublished addresses, on any public route', async () => {
    const unpublished = await unpublishedAddresses(k);
    const values = [...(await privateValues(k)), ...unpublished];
    const ids = await recordIds(k);
    expect(values.some((v) => v.value.startsWith('party:'))).toBe(true);
    expect(values.some((v) => v.label === 'gov_users.username')).toBe(true);
    // The demo's open cases hold units at addresses that must stay unpublished.
    const labels = new Set(unpublished.map((v) => v.label));
    expect(labels).toEqual(expect.objectContaining(new Set(['address of a frozen lot'])));
    expect(labels.has('address of a forfeiture_pending lot')).toBe(true);
    expect(ids.size).toBeGreaterThan(100);
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
        const where = `${r.method} ${url}${suffix}`;
        findings.push(...scanResponse(where, res.body, type, values));
        findings.push(...scanRecordIds(where, res.body, ids));
        scanned += 1;
      }
    }
    expect(scanned).toBeGreaterThan(20);
    expect(findings).toEqual([]);
  });

  it('name no record and no unpublished address in the latest proof of reserves or any report', async () => {
    const values = await unpublishedAddresses(k);
    const ids = await recordIds(k);
    const docs: { where: string; body: string; type: string }[] = [];
    const get = async (url: string): Promise<string> => {
      const res = await k.app.inject({ url });
      expect(res.statusCode, url).toBe(200);
      docs.push({ where: url, body: res.body, type: res.headers['content-type'] ?? '' });
      return res.body;
    };
    const por = JSON.parse(await get('/api/v1/public/proof-of-reserves/latest')) as PorDocument;
    // Its lots are there, by commitment: three hold units while their cases are open or owed.
    const lotLeaves = por.body.trees
      .flatMap((t) => t.leaves)
      .filter((l) => l.leaf['lotCommitment']);
    expect(lotLeaves.length).toBeGreaterThanOrEqual(3);
    const list = JSON.parse(await get('/api/v1/public/reports')) as { reports: { id: string }[] };
    expect(list.reports).toHaveLength(2);
    for (const r of list.reports) {
      const bundle = JSON.parse(await get(`/api/v1/public/reports/${r.id}`)) as ReportBundle;
      await get(`/api/v1/public/reports/${r.id}.csv`);
      // The PDF is this page printed.
      docs.push({ where: `page of ${r.id}`, body: reportHtml(bundle), type: 'text/html' });
    }
    const findings = docs.flatMap((d) => [
      ...scanResponse(d.where, d.body, d.type, values),
      ...scanRecordIds(d.where, d.body, ids),
    ]);
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
    const lots = await k.app.inject({ url: '/api/v1/seizures/lots', headers });
    expect(scanRecordIds('lots', lots.body, await recordIds(k)).length).toBeGreaterThan(5);
    const addresses = scanResponse(
      'lots',
      lots.body,
      'application/json',
      await unpublishedAddresses(k),
    );
    expect(addresses.map((f) => f.what)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^address of a frozen lot: /)]),
    );
  });
});
