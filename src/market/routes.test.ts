import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROBLEM_CONTENT_TYPE } from '../http/problem.ts';
import { authHeaders, testKazna, testTargets, type TestKazna } from '../../test/support/targets.ts';

/** The market routes' refusals are problems like every other route's, so clients read one shape. */
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
});
