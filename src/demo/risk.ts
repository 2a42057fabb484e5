import type { Kazna } from '../kazna.ts';
import type { DemoStep } from './step.ts';
import { DEMO_SOURCE, importDemoPrices } from './prices.ts';
import { addDays } from '../market/model.ts';
import { assert } from '../core/assert.ts';

/**
 * The demo's market data and risk history, in two steps. The prices come first (`demo/prices.ts`:
 * the last 450 days of every pair, and a long history of BTC, ETH and gold for the simulator and
 * the stress library), because the reserve's managers and the disposals value with them. The risk
 * history comes after everything the reserve holds is booked: the limits a reserve committee sets
 * (the caps are the reserve policy's own, so the Risk and Reserve pages judge the same shares
 * against the same thresholds), and a report each week for twelve weeks and today, valued on
 * the reserve's holdings through its reads (the wired holdings source), with the defaults a risk
 * officer's run uses, so re-running any of those days with the same seed gives the same figures.
 */

async function prices(kazna: Kazna): Promise<void> {
  const yesterday = addDays(kazna.clock.now().toISOString().slice(0, 10), -1);
  // A data folder from before the prices were a step of their own already has them.
  const had = await kazna.services.market.series('BTC', 'USD', yesterday, yesterday);
  if (had.some((p) => p.source === DEMO_SOURCE)) return;
  await importDemoPrices(kazna.services.market, { id: 'demo' }, yesterday);
}

/** The seed and paths of every demo report: those of a run from the Risk page (routes.ts). */
export const DEMO_RISK_RUN = { paths: 20_000, seed: 1 } as const;

async function limits(kazna: Kazna, today: string): Promise<void> {
  const { risk, reserve } = kazna.services;
  const actor = { id: 'demo' };
  const policy = await reserve.policyOn(today);
  assert(policy !== null, 'the reserve demo sets an allocation policy before the risk history');
  await risk.setLimit(actor, {
    kind: 'var',
    method: 'historical',
    confidence: 0.99,
    horizonDays: 1,
    maxBps: 300,
  });
  await risk.setLimit(actor, { kind: 'crypto_cap', maxBps: policy.policy.cryptoCapBps });
  await risk.setLimit(actor, {
    kind: 'manager_concentration',
    maxBps: policy.policy.managerCapBps,
  });
  await risk.setLimit(actor, { kind: 'liquidity_min', days: 30, minBps: 5000 });
}

async function history(kazna: Kazna): Promise<void> {
  const { risk } = kazna.services;
  const actor = { id: 'demo' };
  const today = kazna.clock.now().toISOString().slice(0, 10);
  await limits(kazna, today);
  for (let week = 12; week >= 0; week--) {
    const day = addDays(today, -7 * week);
    await risk.reportAndAlert(actor, {
      day,
      currency: 'USD',
      run: { ...DEMO_RISK_RUN, workers: 0 },
    });
  }
  // The committee has seen the earlier weeks' alerts; today's, if any, are still open.
  for (const a of await risk.alerts(addDays(today, -7 * 13), addDays(today, -1))) {
    await risk.acknowledgeAlert(
      actor,
      a.id,
      'Seen at the weekly risk committee; reduce on next dealing date.',
    );
  }
}

export const MARKET_DEMO_STEP: DemoStep = {
  name: 'market-prices',
  describe: 'market prices (generated)',
  run: prices,
};

export const RISK_DEMO_STEP: DemoStep = {
  name: 'risk-history',
  describe: 'risk limits from the reserve policy and thirteen weeks of risk reports',
  run: history,
};
