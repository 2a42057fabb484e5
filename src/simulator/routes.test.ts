import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testKazna, testTargets, testUser, type TestKazna } from '../../test/support/targets.ts';
import { importDemoPrices } from '../demo/prices.ts';
import { addDays } from '../market/model.ts';

/**
 * The HTTP edge on the assembled app: `simulator.run` gates every route, a run answers with fan
 * bands and the comparison table, a refused scenario gets a problem with its code, and saving a
 * study twice makes versions 1 and 2, each with an audit entry. The prices are the demo's
 * generated ones, in the market store, where the simulator reads them.
 */

const reference = JSON.parse(
  readFileSync(new URL('./scenarios/reference.json', import.meta.url), 'utf8'),
) as { strategies: { id: string }[] } & Record<string, unknown>;
const small = {
  ...reference,
  prices: { ...(reference['prices'] as object), horizonDays: 730 },
  inflows: [{ date: '2025-10-01', asset: 'BTC', quantity: '100' }],
  strategies: reference.strategies.filter((s) => ['auction', 'hold', 'hedge'].includes(s.id)),
};

describe.each(testTargets())('simulator routes on $label', (target) => {
  let k: TestKazna;
  let risk: Record<string, string>;
  let auditor: Record<string, string>;

  beforeAll(async () => {
    k = await testKazna(target);
    const yesterday = addDays(k.clock.now().toISOString().slice(0, 10), -1);
    await importDemoPrices(k.services.market, { id: 'test' }, yesterday);
    risk = { ...(await testUser(k, 'risk_officer')).headers };
    auditor = { ...(await testUser(k, 'auditor')).headers };
  });
  afterAll(() => k.close());

  it('runs a scenario and answers with fan bands and a comparison table', async () => {
    const r = await k.app.inject({
      method: 'POST',
      url: '/api/v1/simulator/runs',
      headers: risk,
      payload: { scenario: small, paths: 20, seed: 4, workers: 1 },
    });
    expect(r.statusCode, r.body).toBe(200);
    const body = r.json<{
      seed: number;
      inputHash: string;
      report: { strategies: { fan: { p50: number[] } }[]; table: { rows: unknown[][] } };
    }>();
    expect(body.seed).toBe(4);
    expect(body.report.strategies).toHaveLength(3);
    expect(body.report.strategies[0]?.fan.p50.length).toBeGreaterThan(20);
    expect(body.report.table.rows).toHaveLength(3);
    // Where the prices came from: the demo's generated series, and nothing else.
    expect(r.json<{ priceSources: unknown }>().priceSources).toEqual({
      BTC: ['demo-generated'],
      ETH: ['demo-generated'],
    });
  });

  it('says how to bring prices in when the market store has none', async () => {
    const empty = await testKazna(target);
    try {
      const user = await testUser(empty, 'risk_officer');
      const r = await empty.app.inject({
        method: 'POST',
        url: '/api/v1/simulator/runs',
        headers: user.headers,
        payload: { scenario: small, paths: 2, seed: 1, workers: 1 },
      });
      expect(r.statusCode).toBe(422);
      expect(r.json()).toMatchObject({ code: 'price_history_unavailable' });
      expect(r.json<{ detail: string }>().detail).toMatch(/kazna market import FILE --asset BTC/);
    } finally {
      await empty.close();
    }
  });

  it('refuses a bad scenario with its code and no result', async () => {
    const r = await k.app.inject({
      method: 'POST',
      url: '/api/v1/simulator/runs',
      headers: risk,
      payload: { scenario: { ...small, prices: { ...small.prices, from: '2001-01-01' } }, seed: 1 },
    });
    expect(r.statusCode).toBe(422);
    expect(r.json<{ code: string; report?: unknown }>()).toMatchObject({
      code: 'window_outside_data',
    });
    expect(r.json<{ report?: unknown }>().report).toBeUndefined();
  });

  it('replays a sale in euros through the market store and its FX', async () => {
    const day = (n: number): string => addDays(k.clock.now().toISOString().slice(0, 10), -n);
    const sales = [
      { date: day(30), quantity: '4' },
      { date: day(20), quantity: '6' },
    ];
    const replay = {
      asset: 'BTC',
      holding: '10',
      currency: 'EUR',
      discount: 0.01,
      sales,
      valuationDate: day(10),
      cashYield: 0,
    };
    const r = await k.app.inject({
      method: 'POST',
      url: '/api/v1/simulator/replays',
      headers: risk,
      payload: replay,
    });
    expect(r.statusCode, r.body).toBe(200);
    const m = k.services.market;
    let byHand = 0;
    for (const s of sales) {
      const close = Number((await m.priceOn('BTC', 'USD', s.date))?.price) / 1e12;
      const eur = Number((await m.priceOn('USD', 'EUR', s.date))?.price) / 1e12;
      byHand += Number(s.quantity) * close * eur * 0.99;
    }
    const body = r.json<{ proceeds: { sale: number; reporting: number } }>();
    expect(body.proceeds.sale).toBeCloseTo(byHand, 2);
    expect(body.proceeds.reporting).toBeGreaterThan(body.proceeds.sale);
  });

  it('needs simulator.run', async () => {
    const anonymous = await k.app.inject({
      method: 'POST',
      url: '/api/v1/simulator/runs',
      payload: { scenario: small, seed: 1, paths: 2 },
    });
    expect([401, 403]).toContain(anonymous.statusCode);
    const r = await k.app.inject({
      method: 'POST',
      url: '/api/v1/simulator/runs',
      headers: auditor,
      payload: { scenario: small, seed: 1, paths: 2 },
    });
    expect(r.statusCode).toBe(403);
  });

  it('saves versioned studies with an audit entry each', async () => {
    const save = () =>
      k.app.inject({
        method: 'POST',
        url: '/api/v1/simulator/studies',
        headers: risk,
        payload: { name: 'Reference, two years', scenario: small, paths: 10, seed: 8 },
      });
    const first = await save();
    const second = await save();
    expect(first.statusCode, first.body).toBe(201);
    expect(second.json<{ version: number }>().version).toBe(2);
    const id = first.json<{ id: string }>().id;
    const got = await k.app.inject({
      method: 'GET',
      url: `/api/v1/simulator/studies/${id}`,
      headers: risk,
    });
    expect(got.statusCode).toBe(200);
    const study = got.json<{
      seed: number;
      parameters: { name: string };
      report: { seed: number };
    }>();
    expect(study.seed).toBe(8);
    expect(study.report.seed).toBe(8);
    const entries = await k.db.query<{ action: string; subjects: string[] }>(
      "SELECT action, subjects FROM audit_entries WHERE action = 'simulator.study.saved' ORDER BY seq",
    );
    expect(entries).toHaveLength(2);
    expect(entries[0]?.subjects).toEqual([id]);
    const list = await k.app.inject({
      method: 'GET',
      url: '/api/v1/simulator/studies',
      headers: risk,
    });
    expect(list.json<{ studies: unknown[] }>().studies).toHaveLength(2);
  });
});
