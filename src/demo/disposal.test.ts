import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testKazna, testTargets, type TestKazna } from '../../test/support/targets.ts';
import { GOVERNANCE_DEMO_STEP } from './governance.ts';
import { SEIZURES_DEMO_STEP } from './seizures.ts';
import { DISPOSAL_DEMO_STEP } from './disposal.ts';
import { reportJson } from '../disposal/service.ts';

/**
 * The disposal demo on top of the governance and seizures steps: one awarded sealed-bid auction of
 * forfeited ETH and one OTC plan of forfeited LTC with all three tranches filled, proceeds in the
 * reserve's FX account, and a second run that adds nothing. The step moves the manual clock to the
 * auction's closing time itself.
 */
describe.each(testTargets())('the disposal demo on $label PostgreSQL', (target) => {
  let k: TestKazna;
  beforeAll(async () => {
    k = await testKazna(target);
    k.clock.set(new Date('2026-06-15T09:00:00Z'));
    await GOVERNANCE_DEMO_STEP.run(k);
    await SEIZURES_DEMO_STEP.run(k);
    await DISPOSAL_DEMO_STEP.run(k);
  });
  afterAll(() => k.close());

  it('awards the ETH auction to its highest bid, above the reserve price and the market', async () => {
    const [a] = await k.services.disposal.auctions({ limit: 10 });
    const view = await k.services.disposal.auction(a?.id ?? '');
    expect(view?.auction.status).toBe('awarded');
    expect(view?.bidders).toHaveLength(3);
    const [award] = view?.awards ?? [];
    const best = (view?.bids ?? []).reduce(
      (m, b) => ((b.price ?? 0n) > m ? (b.price ?? 0n) : m),
      0n,
    );
    expect(award?.clearingPrice).toBe(best);
    // The winning bid was 101.5% of the reference: a premium of about 150 bps.
    expect(Number(award?.premiumBps)).toBeGreaterThanOrEqual(149);
    expect(Number(award?.premiumBps)).toBeLessThanOrEqual(151);
  });

  it('sells the LTC lot in three tranches within 10% of the day’s volume, one breach', async () => {
    const [plan] = await k.services.disposal.plans({ limit: 10 });
    const r = await k.services.disposal.report(plan?.id ?? '');
    if (!r.ok) throw new Error(r.code);
    const j = reportJson(r.value);
    expect([j.unitsFilled, j.tranchesFilled]).toEqual(['4000', 3]);
    expect(j.fills.every((f) => f.volumeSource === 'market' && f.volumeShareBps <= 1000)).toBe(
      true,
    );
    expect(j.fills.map((f) => f.slippageBps)).toEqual([20, 35, 90]);
    expect(j.breaches).toEqual([{ trancheNo: 3, slippageBps: 90 }]);
    expect((await k.services.seizures.lot(plan?.lotId ?? ''))?.remainingUnits).toBe(0n);
  });

  it('puts the proceeds in the reserve’s FX account, and loads once', async () => {
    const [fx] = await k.services.ledger.read.accounts({
      ownerKind: 'reserve',
      ownerRef: 'fx',
      asset: 'USD',
      limit: 1,
    });
    const held = (fx?.balances.debitsPosted ?? 0n) - (fx?.balances.creditsPosted ?? 0n);
    expect(held > 0n).toBe(true);
    const before = await k.services.audit.size();
    await DISPOSAL_DEMO_STEP.run(k);
    expect(await k.services.audit.size()).toBe(before);
  });
});
