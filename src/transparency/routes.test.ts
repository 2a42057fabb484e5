import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROBLEM_CONTENT_TYPE } from '../http/problem.ts';
import { testKazna, testTargets, type TestKazna } from '../../test/support/targets.ts';

/**
 * The public routes check their path parameters fully at the edge: a value of the right shape but
 * no real day or id used to reach the database, whose cast failed with a 500.
 */
describe.each(testTargets())('public transparency parameters on $label PostgreSQL', (target) => {
  let k: TestKazna;
  beforeAll(async () => {
    k = await testKazna(target);
  });
  afterAll(async () => {
    await k.close();
  });

  it.each([
    ['a day that is not in the calendar', '/api/v1/public/imf-template/2026-02-30'],
    ['a month 31', '/api/v1/public/imf-template/0082-31-78'],
    [
      'a report id of hex and dashes that is no UUID',
      '/api/v1/public/reports/f7-dea---1d5-b4cda8dcc8-182e-3ab6-a-',
    ],
    [
      'the same with an extension',
      '/api/v1/public/reports/0123456789abcdef0123456789abcdef----.csv',
    ],
  ])('refuses %s with a 400 problem', async (_what, url) => {
    const res = await k.app.inject({ url });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain(PROBLEM_CONTENT_TYPE);
    expect(res.json()).toMatchObject({ code: 'request_invalid' });
  });

  it('still looks up a well-formed report id', async () => {
    const res = await k.app.inject({
      url: '/api/v1/public/reports/01941f29-8f89-77ed-8c3d-2f0e7f628fc7.csv',
    });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code: 'report_not_found' });
  });
});
