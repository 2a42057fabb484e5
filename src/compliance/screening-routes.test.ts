import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testKazna, testTargets, testUser, type TestKazna } from '../../test/support/targets.ts';
import { SYSTEM } from '../core/identity.ts';

const LISTED = '1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2';
const LABELLED = '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed';
const CLEAN = 'bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4';

async function audits(k: TestKazna): Promise<number> {
  const [r] = await k.db.query<{ n: string }>('SELECT count(*)::text AS n FROM audit_entries');
  return Number.parseInt(r?.n ?? '-1', 10);
}

describe.each(testTargets())('screening any time on $label PostgreSQL', (target) => {
  let k: TestKazna;
  let first: Record<string, string>;
  let second: Record<string, string>;
  const post = (url: string, payload: unknown, headers = first) =>
    k.app.inject({ method: 'POST', url: `/api/v1${url}`, headers, payload: payload as object });

  beforeAll(async () => {
    k = await testKazna(target);
    first = { ...(await testUser(k, 'compliance_officer', { name: 'first' })).headers };
    second = { ...(await testUser(k, 'compliance_officer', { name: 'second' })).headers };
  });
  afterAll(() => k.close());

  it('fails closed without a list and writes nothing', async () => {
    const before = await audits(k);
    const res = await post('/compliance/screenings', { addresses: [LISTED] });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'sanctions_list_missing' });
    expect(await audits(k)).toBe(before);
  });

  it('screens a CSV against the current list and the registry, reporting bad rows', async () => {
    const imported = await post('/compliance/sanctions/lists', {
      asset: 'XBT',
      source: 'test list',
      addresses: [LISTED],
    });
    expect(imported.statusCode).toBe(201);
    const x = await k.services.compliance.registry.registerExchange(SYSTEM, {
      name: 'Example Swap',
      status: 'illegal',
      domains: [],
      jurisdictions: ['KZ'],
      shutdownOn: null,
      estimatedVolumeUsdCents: null,
      source: 'AFM (fixture)',
    });
    if (!x.ok) throw new Error(x.message);
    const label = await k.services.compliance.registry.labelAddress(SYSTEM, {
      chain: 'EVM',
      address: LABELLED,
      exchangeId: x.value.id,
      label: 'hot wallet',
      provenance: 'court_record',
      confidence: 'high',
      source: 'case 1',
    });
    expect(label.ok).toBe(true);
    const before = await audits(k);
    const csv = `address,asset\n${LISTED},BTC\n${LABELLED.toLowerCase()},ETH\n${CLEAN},BTC\n0x1234,ETH\n`;
    const res = await post('/compliance/screenings', { csv });
    expect(res.statusCode).toBe(201);
    const body = res.json<{
      hits: { source: string; row: number; listVersion: string | null }[];
    }>();
    expect(body).toMatchObject({
      kind: 'addresses',
      listVersion: '1',
      screened: 3,
      invalid: [{ row: 5, input: '0x1234', code: 'bad_length' }],
    });
    expect(body.hits.map((h) => [h.source, h.row, h.listVersion])).toEqual([
      ['sanctions_list', 2, '1'],
      ['registry', 3, null],
    ]);
    expect(await audits(k)).toBe(before + 1);
    const [entry] = await k.db.query<{ action: string }>(
      'SELECT action FROM audit_entries ORDER BY seq DESC LIMIT 1',
    );
    expect(entry?.action).toBe('compliance.screening.run');
  });

  it('screens a name against the registry exchange names with a confidence', async () => {
    const res = await post('/compliance/screenings', { name: 'example-swap' });
    expect(res.json()).toMatchObject({
      kind: 'name',
      hits: [{ confidence: 1, source: 'registry' }],
    });
    const partial = await post('/compliance/screenings', { name: 'Swap' });
    expect(partial.json()).toMatchObject({ hits: [{ confidence: 0.5 }] });
  });

  it('refuses bad input with a code and writes nothing', async () => {
    const before = await audits(k);
    const many = Array.from({ length: 1001 }, () => LISTED);
    expect((await post('/compliance/screenings', { addresses: many })).statusCode).toBe(400);
    const empty = await post('/compliance/screenings', { csv: '\n\n' });
    expect([empty.statusCode, empty.json<{ code: string }>().code]).toEqual([
      422,
      'nothing_to_screen',
    ]);
    expect((await post('/compliance/screenings', { addresses: [], name: 'x' })).statusCode).toBe(
      400,
    );
    expect(await audits(k)).toBe(before);
  });

  it('queues hits, pages them, and clears a sanctioned one only with a second officer', async () => {
    const page1 = await k.app.inject({
      url: '/api/v1/compliance/hits?status=open&limit=2',
      headers: first,
    });
    const p1 = page1.json<{ hits: { id: string; sanctioned: boolean }[]; next: string | null }>();
    expect(p1.hits).toHaveLength(2);
    expect(p1.next).not.toBeNull();
    const page2 = await k.app.inject({
      url: `/api/v1/compliance/hits?status=open&limit=2&after=${p1.next ?? ''}`,
      headers: first,
    });
    const p2 = page2.json<{ hits: { id: string; sanctioned: boolean; source: string }[] }>();
    const all = [...p1.hits, ...p2.hits];
    expect(new Set(all.map((h) => h.id)).size).toBe(all.length);
    const sanctioned = all.find((h) => h.sanctioned);
    const other = all.find((h) => !h.sanctioned);
    if (sanctioned === undefined || other === undefined) throw new Error('expected both hits');

    const before = await audits(k);
    const noReason = await post(`/compliance/hits/${sanctioned.id}/clear`, { reason: '  ' });
    expect([noReason.statusCode, noReason.json<{ code: string }>().code]).toEqual([
      422,
      'reason_required',
    ]);
    expect(await audits(k)).toBe(before);

    const asked = await post(`/compliance/hits/${sanctioned.id}/clear`, { reason: 'namesake' });
    expect(asked.json()).toMatchObject({
      status: 'open',
      pendingClearance: { reason: 'namesake' },
    });
    const again = await post(`/compliance/hits/${sanctioned.id}/clear`, { reason: 'again' });
    expect(again.json()).toMatchObject({ code: 'second_officer_required' });
    const same = await post(`/compliance/hits/${sanctioned.id}/clear/second`, { reason: 'ok' });
    expect([same.statusCode, same.json<{ code: string }>().code]).toEqual([403, 'same_officer']);
    const confirm = await post(`/compliance/hits/${sanctioned.id}/confirm`, { reason: 'x' });
    expect(confirm.json()).toMatchObject({ code: 'clearance_pending' });
    expect(await audits(k)).toBe(before + 1);

    const done = await post(
      `/compliance/hits/${sanctioned.id}/clear/second`,
      { reason: 'agreed' },
      second,
    );
    expect(done.json()).toMatchObject({ status: 'cleared', decision: { reason: 'agreed' } });
    expect(await audits(k)).toBe(before + 2);

    const cleared = await post(`/compliance/hits/${other.id}/clear`, { reason: 'not ours' });
    expect(cleared.json()).toMatchObject({ status: 'cleared' });
    const twice = await post(`/compliance/hits/${other.id}/confirm`, { reason: 'x' });
    expect(twice.json()).toMatchObject({ code: 'hit_already_decided' });
    const missing = await post('/compliance/hits/0190b4c4-0000-7000-8000-000000000000/confirm', {
      reason: 'x',
    });
    expect(missing.statusCode).toBe(404);
    expect(await audits(k)).toBe(before + 3);
  });
});
