import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testKazna, testTargets, type TestKazna } from '../../../test/support/targets.ts';
import { loadPortalDemo } from './testing.ts';

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

  it('values the allocation in USD with shares that add up to exactly 100.00%', async () => {
    const a = await get<{
      total: string;
      officialReserveAssets: string;
      lines: { bucket: string; value: string; shareBps: number; share: string }[];
    }>('allocation');
    // 79,245.283018 oz at $2,650 + $100M + EUR 37M at 1.08, each line rounded to the cent.
    expect(a.lines.find((l) => l.bucket === 'gold')?.value).toBe('210000000.00');
    expect(a.lines.find((l) => l.bucket === 'fx')?.value).toBe('139960000.00');
    expect(a.total).toBe('349960000.00');
    expect(a.officialReserveAssets).toBe(a.total);
    expect(a.lines.reduce((s, l) => s + l.shareBps, 0)).toBe(10_000);
    expect(a.lines.map((l) => l.share)).toEqual(['60.01', '39.99', '0.00', '0.00']);
  });

  it('refuses a day before anything was held with a clear code', async () => {
    const res = await k.app.inject({ url: '/api/v1/public/allocation?day=2020-01-01' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code: 'no_valuation_for_day' });
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

  it('publishes only forfeited lots in state wallets, with their ledger balance', async () => {
    const a = await get<{ lots: { asset: string; addresses: string[]; balance: string }[] }>(
      'addresses',
    );
    expect(a.lots).toEqual([
      expect.objectContaining({
        asset: 'BTC',
        addresses: ['bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq'],
        balance: '52.3',
      }),
    ]);
  });

  it('serves every dataset as a CSV download whose figures match the JSON', async () => {
    const res = await k.app.inject({ url: '/api/v1/public/allocation?format=csv' });
    expect(res.headers['content-type']).toContain('text/csv');
    expect(res.headers['content-disposition']).toContain('kazna-allocation.csv');
    expect(res.body.split('\r\n')[1]).toMatch(
      /^\d{4}-\d{2}-\d{2},gold,true,210000000\.00,60\.01,$/,
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
