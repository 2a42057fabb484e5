import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROBLEM_CONTENT_TYPE } from '../http/problem.ts';
import { authHeaders, testKazna, testTargets, type TestKazna } from '../../test/support/targets.ts';

/**
 * The market routes' refusals are problems like every other route's, so clients read one shape, and
 * a range is bounded before anything walks it.
 */
describe.each(testTargets())('market routes on $label PostgreSQL', (target) => {
  let k: TestKazna;
  beforeAll(async () => {
    k = await testKazna(target);
  });
  afterAll(async () => {
    await k.close();
  });

  it('answers a missing price with a 404 problem', async () => {
    const res = await k.app.inject({
      url: '/api/v1/market/price?asset=BTC&quote=EUR&day=2021-04-25',
      headers: await authHeaders(k, 'auditor'),
    });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toContain(PROBLEM_CONTENT_TYPE);
    expect(res.json()).toMatchObject({ code: 'price_is_missing', status: 404 });
  });

  it.each(['prices', 'quality', 'missing'])(
    'refuses a %s range longer than it reads in one request, before reading it',
    async (route) => {
      // Before: missing and quality listed every day from 2019 to 9999 in memory, until the heap ran out.
      const res = await k.app.inject({
        url: `/api/v1/market/${route}?asset=ETH&quote=USDT&from=2019-01-01&to=9999-12-31`,
        headers: await authHeaders(k, 'auditor'),
      });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ code: 'range_too_long' });
      const decade = await k.app.inject({
        url: `/api/v1/market/${route}?asset=ETH&quote=USDT&from=2016-01-01&to=2025-12-31`,
        headers: await authHeaders(k, 'auditor'),
      });
      expect(decade.statusCode).toBe(200);
    },
  );

  it('imports a file whose delimiter is one character outside the Basic Multilingual Plane', async () => {
    // Before: the schema counted code points (one) and the parser UTF-16 units (two): a 500.
    const res = await k.app.inject({
      method: 'POST',
      url: '/api/v1/market/imports',
      headers: await authHeaders(k, 'risk_officer'),
      payload: {
        asset: 'BTC',
        format: { delimiter: '😀', dateFormat: 'iso', columns: { date: 'date', close: 'close' } },
        text: 'date😀close\n2024-01-02😀42000\n',
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ imported: 1 });
  });
});
