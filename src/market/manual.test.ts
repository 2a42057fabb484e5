import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testKazna, testTargets, type TestKazna } from '../../test/support/targets.ts';
import { DEFAULT_POLICY } from '../governance/defaults.ts';
import { approver, installPolicy, type Approver } from '../../test/support/governance.ts';
import type { PolicyRule } from '../governance/policy.ts';
import { SYSTEM } from '../core/identity.ts';
import { MANUAL_PRICE_KIND } from './manual.ts';

/**
 * Manual prices through the whole app: a request is a governance approval request, a second risk
 * officer approves, an executor applies it; the initiator cannot approve their own; a rejected
 * request changes nothing in the market; a policy that would allow one outright is not enough.
 */
const QUORUM_RULE: PolicyRule = {
  id: 'manual-price',
  description: 'A manual price: a second risk officer, who may also veto it.',
  match: { actions: [MANUAL_PRICE_KIND] },
  outcome: {
    kind: 'quorum',
    quorum: { groups: [{ role: 'risk_officer', count: 1 }], vetoRoles: ['risk_officer'] },
  },
};

interface RequestReply {
  readonly id: string;
  readonly requestHash: string;
  readonly status: string;
}

describe.each(testTargets())('manual prices by approval on $label PostgreSQL', (target) => {
  let k: TestKazna;
  let maker: Approver;
  let checker: Approver;
  let executor: Approver;

  const post = (who: Approver, url: string, payload: Record<string, unknown>) =>
    k.app.inject({ method: 'POST', url: `/api/v1${url}`, headers: who.headers, payload });
  const requestPrice = async (day: string, price: string) => {
    const res = await post(maker, '/governance/approvals', {
      kind: MANUAL_PRICE_KIND,
      content: { asset: 'BTC', quote: 'USD', day, price, reason: 'exchange outage' },
    });
    return { status: res.statusCode, body: res.json<RequestReply & { code?: string }>() };
  };
  const vote = (who: Approver, r: RequestReply, decision: 'approve' | 'reject') =>
    post(who, `/governance/approvals/${r.id}/votes`, {
      decision,
      signatureHex: who.sign(r.requestHash, decision),
    });
  const missing = () => k.services.market.missing('BTC', 'USD', '2024-01-01', '2024-01-06');
  const manualRows = async () =>
    (await k.db.query<{ n: bigint }>('SELECT count(*) AS n FROM market_manual_prices'))[0]?.n;

  beforeAll(async () => {
    k = await testKazna(target);
    k.clock.set(new Date('2024-01-10T09:00:00Z'));
    await installPolicy(k, { ...DEFAULT_POLICY, rules: [QUORUM_RULE, ...DEFAULT_POLICY.rules] });
    maker = await approver(k, 'maker', ['risk_officer']);
    checker = await approver(k, 'checker', ['risk_officer']);
    executor = await approver(k, 'executor', ['investment_officer']);
    const imported = await k.services.market.importCsv(SYSTEM, {
      text: 'date,close\n2024-01-01,42100\n2024-01-02,42500\n2024-01-06,43900\n',
      asset: 'BTC',
      format: 'simple',
    });
    expect(imported.ok).toBe(true);
  });
  afterAll(() => k.close());

  it('fills a missing day once a second officer approves, never by the initiator alone', async () => {
    const bad = await requestPrice('2024-01-03', '43,500');
    expect(bad.body.code).toBe('price_is_not_a_decimal');
    const req = await requestPrice('2024-01-03', '43500');
    expect(req.status).toBe(201);
    expect(req.body.status).toBe('pending');
    expect(
      (await post(executor, `/governance/approvals/${req.body.id}/execute`, {})).statusCode,
    ).not.toBe(200);
    const self = await vote(maker, req.body, 'approve');
    expect(self.json<{ code: string }>().code).toBe('approver_is_initiator');
    expect(await missing()).toEqual(['2024-01-03', '2024-01-04', '2024-01-05']);
    expect((await vote(checker, req.body, 'approve')).statusCode).toBe(201);
    const done = await post(executor, `/governance/approvals/${req.body.id}/execute`, {});
    expect(done.statusCode).toBe(200);
    expect(await missing()).toEqual(['2024-01-04', '2024-01-05']);
    const price = await k.app.inject({
      method: 'GET',
      url: '/api/v1/market/price?asset=BTC&day=2024-01-03',
      headers: checker.headers,
    });
    expect(price.json<{ day: string; source: string }>()).toMatchObject({
      day: '2024-01-03',
      source: 'manual',
    });
    const listed = await k.app.inject({
      method: 'GET',
      url: '/api/v1/market/manual-prices',
      headers: checker.headers,
    });
    expect(
      listed.json<{ approvalRef: string; requestedBy: string; decidedBy: string }[]>(),
    ).toEqual([
      expect.objectContaining({
        approvalRef: req.body.id,
        requestedBy: maker.actor.id,
        decidedBy: executor.actor.id,
      }),
    ]);
  });

  it('changes nothing when the request is rejected', async () => {
    const before = await manualRows();
    const req = await requestPrice('2024-01-04', '44000');
    expect((await vote(checker, req.body, 'reject')).statusCode).toBe(201);
    const gone = await post(executor, `/governance/approvals/${req.body.id}/execute`, {});
    expect(gone.statusCode).not.toBe(200);
    expect(await manualRows()).toBe(before);
    expect(await missing()).toEqual(['2024-01-04', '2024-01-05']);
  });

  it('refuses a manual price that a policy would let through without an approver', async () => {
    const allow: PolicyRule = {
      id: 'manual-price-allow',
      description: 'A careless policy: manual prices allowed outright.',
      match: { actions: [MANUAL_PRICE_KIND] },
      outcome: { kind: 'allow' },
    };
    await installPolicy(k, { ...DEFAULT_POLICY, rules: [allow, ...DEFAULT_POLICY.rules] });
    const before = await manualRows();
    const req = await requestPrice('2024-01-05', '44100');
    expect(req.body.status).toBe('approved');
    const run = await post(executor, `/governance/approvals/${req.body.id}/execute`, {});
    expect(run.json<{ code: string }>().code).toBe('manual_price_needs_an_approver');
    expect(await manualRows()).toBe(before);
    expect(await missing()).toEqual(['2024-01-04', '2024-01-05']);
  });
});
