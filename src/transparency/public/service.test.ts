import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testKazna, testTargets, type TestKazna } from '../../../test/support/targets.ts';
import { SYSTEM } from '../../core/identity.ts';
import { formatAmount, formatUnitsFixed } from '../../core/money.ts';
import { publicationOf } from './policy.ts';
import { yearBefore } from './service.ts';
import { bpsPercent, sharesBps } from './shares.ts';
import { loadPortalDemo } from '../../../test/support/portal.ts';

/**
 * The public API on the demo: exact shares that add up to 100%, enforcement figures that follow from
 * the lots, the address policy, CSV downloads, and proofs that lead to the signed checkpoint.
 */
describe.each(testTargets())('public portal API on $label PostgreSQL', (target) => {
  let k: TestKazna;
  beforeAll(async () => {
    k = await testKazna(target);
    await loadPortalDemo(k);
  });
  afterAll(async () => {
    await k.close();
  });
  const get = async <T>(url: string): Promise<T> => {
    const res = await k.app.inject({ url: `/api/v1/public/${url}` });
    expect(res.statusCode, `${url}: ${res.body}`).toBe(200);
    return res.json<T>();
  };

  it('gives the reserve allocation in USD with shares that add up to exactly 100.00%', async () => {
    const a = await get<{
      day: string;
      total: string;
      officialReserveAssets: string;
      lines: { bucket: string; value: string; shareBps: number; share: string }[];
    }>('allocation');
    const source = await k.services.reserve.allocation(a.day);
    if (!source.ok) throw new Error(source.code);
    const values = source.value.lines.map((l) => l.value);
    expect(a.lines.map((l) => l.value)).toEqual(values.map((v) => formatUnitsFixed(v, 2)));
    expect(a.total).toBe(formatUnitsFixed(source.value.total, 2));
    expect(a.lines.map((l) => l.shareBps)).toEqual(sharesBps(values));
    expect(a.lines.reduce((s, l) => s + l.shareBps, 0)).toBe(10_000);
    expect(a.lines.map((l) => l.share)).toEqual(a.lines.map((l) => bpsPercent(l.shareBps)));
    const official = source.value.lines
      .filter((l) => l.bucket === 'gold' || l.bucket === 'fx')
      .reduce((s, l) => s + l.value, 0n);
    expect(a.officialReserveAssets).toBe(formatUnitsFixed(official, 2));
    expect(source.value.total > 0n).toBe(true);
  });

  it('refuses a day before anything was held with a clear code', async () => {
    const res = await k.app.inject({ url: '/api/v1/public/allocation?day=2020-01-01' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code: 'no_valuation_for_day' });
  });

  it('refuses a value series longer than it computes in one request, at once', async () => {
    // Before: every month end up to 9999 was valued, one at a time, keeping the server busy for hours.
    const res = await k.app.inject({
      url: '/api/v1/public/value-series?from=2019-01-01&to=9999-12-30',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'range_too_long' });
    const decade = await get<{ points: unknown[] }>('value-series?from=2016-01-01&to=2025-12-31');
    expect(decade.points.length).toBeGreaterThan(0);
  });

  it('starts the default value series a year back, in four digits, never before year 1', async () => {
    // Before: to=0001-01-01 started the series on 0-01-01, which failed in PostgreSQL with a 500.
    expect(yearBefore('2025-06-30')).toBe('2024-06-01');
    expect(yearBefore('0999-03-15')).toBe('0998-03-01');
    expect(yearBefore('0001-01-01')).toBe('0001-01-01');
    const res = await k.app.inject({ url: '/api/v1/public/value-series?to=0001-01-01' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ from: '0001-01-01', to: '0001-01-01', points: [] });
  });

  it('counts enforcement from the lots: split lots once, restitution paid, forfeited held', async () => {
    const e = await get<{
      operations: number;
      exchangesShutDown: number;
      byAsset: Record<string, string>[];
    }>('enforcement');
    expect(e.operations).toBe(1);
    expect(e.exchangesShutDown).toBe(130);
    const usdt = e.byAsset.find((r) => r['asset'] === 'USDT');
    expect(usdt).toMatchObject({
      seized: '1270000',
      forfeited: '595000',
      restitutionOrdered: '255000',
      restituted: '120000',
      pending: '420000',
    });
    const btc = e.byAsset.find((r) => r['asset'] === 'BTC');
    expect(btc).toMatchObject({ seized: '58.8', forfeited: '52.3', pending: '6.5' });
  });

  it('publishes exactly the lots the publication rule publishes, with their ledger balance', async () => {
    const a = await get<{ lots: { addresses: string[]; balance: string }[] }>('addresses');
    const lots = await k.services.seizures.lots(SYSTEM, { limit: 1000 });
    const rule = publicationOf(lots);
    const expected = [];
    for (const l of lots) {
      const addresses = rule.lot(l).addresses;
      if (addresses.length === 0) continue;
      const account = await k.services.ledger.read.account(l.accountId);
      const booked =
        (account?.balances.debitsPosted ?? 0n) - (account?.balances.creditsPosted ?? 0n);
      expected.push({ addresses: [...addresses], balance: formatAmount(booked, l.asset) });
    }
    expect(a.lots.map(({ addresses, balance }) => ({ addresses, balance }))).toEqual(expected);
    // The demo's open cases hold units, and none of their addresses is published.
    const open = lots.filter((l) => l.status === 'frozen' || l.status === 'forfeiture_pending');
    expect(open.length).toBeGreaterThanOrEqual(2);
    const shown = new Set(a.lots.flatMap((l) => l.addresses));
    expect(open.flatMap((l) => l.addresses).filter((x) => shown.has(x))).toEqual([]);
  });

  it('serves every dataset as a CSV download whose figures match the JSON', async () => {
    const json = await get<{
      day: string;
      lines: { bucket: string; value: string; share: string }[];
    }>('allocation');
    const res = await k.app.inject({ url: '/api/v1/public/allocation?format=csv' });
    expect(res.headers['content-type']).toContain('text/csv');
    expect(res.headers['content-disposition']).toContain('kazna-allocation.csv');
    const rows = res.body
      .trim()
      .split('\r\n')
      .slice(1)
      .map((r) => r.split(','));
    expect(rows.map((r) => [r[0], r[1], r[3], r[4]])).toEqual(
      json.lines.map((l) => [json.day, l.bucket, l.value, l.share]),
    );
    const flows = await k.app.inject({ url: '/api/v1/public/flows?format=csv' });
    expect(flows.body).toContain('USDT,restitution,paid_to_victims,120000');
  });

  it('gives the checkpoint, its key and inclusion proofs that lead to its root', async () => {
    const { verifyCheckpoint, verifyInclusion, fromHex } =
      await import('../../../verifier/src/index.ts');
    const v = await get<{
      checkpoint: { size: number; body: { root: string; keyId: string }; signature: string };
      key: { keyId: string; publicKey: string };
      entries: { seq: number; leafHash: string | null; proof: string[] | null }[];
    }>('verification');
    expect(v.key.keyId).toBe(v.checkpoint.body.keyId);
    expect(verifyCheckpoint(v.checkpoint as never, v.key.publicKey).signature).toBe(true);
    expect(v.entries.length).toBeGreaterThan(5);
    for (const e of v.entries) {
      expect(e.leafHash).not.toBeNull();
      const ok = verifyInclusion(
        fromHex(e.leafHash ?? ''),
        e.seq,
        v.checkpoint.size,
        (e.proof ?? []).map(fromHex),
        fromHex(v.checkpoint.body.root),
      );
      expect(ok, `entry ${String(e.seq)}`).toBe(true);
    }
  });
});
