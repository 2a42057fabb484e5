import type { AssetCode } from '../core/assets.ts';
import { SYSTEM } from '../core/identity.ts';
import { parseAmount } from '../core/money.ts';
import type { Kazna } from '../kazna.ts';
import type { DemoStep } from './step.ts';
import { importDemoPrices } from './prices.ts';
import { addDays } from '../market/model.ts';
import type { RiskHolding } from '../risk/report.ts';

/**
 * The demo's market data and risk history, so the risk dashboard is not empty at first start:
 * generated prices (`demo/prices.ts`: the last 450 days of every pair, and a long history of
 * BTC, ETH and gold for the simulator and the stress library), the limits a reserve committee
 * would set, and a report each week for twelve weeks plus yesterday. The reports value the
 * reference holdings written here (the National Bank's gold and currency allocation, the
 * forfeited lots, one hedge fund) rather than the wired holdings source, so the demo shows the
 * same picture whatever else the reserve holds.
 */
const DAYS = 450;

function units(amount: string, asset: AssetCode): bigint {
  const u = parseAmount(amount, asset);
  if (!u.ok) throw new Error(`demo: bad amount ${amount}`);
  return u.value;
}

async function holdings(kazna: Kazna, day: string): Promise<RiskHolding[]> {
  const lots = await kazna.services.seizures.lots(SYSTEM, { status: 'forfeited', limit: 1000 });
  const priced = new Set<string>(['BTC', 'ETH', 'XAU', 'USDT', 'EUR', 'USD']);
  return [
    { kind: 'asset', id: 'reserve:gold', asset: 'XAU', units: units('79245.283018', 'XAU') },
    { kind: 'asset', id: 'reserve:usd', asset: 'USD', units: units('100000000.00', 'USD') },
    { kind: 'asset', id: 'reserve:eur', asset: 'EUR', units: units('37000000.00', 'EUR') },
    ...lots
      .filter((l) => priced.has(l.asset) && l.remainingUnits > 0n)
      .map((l): RiskHolding => ({
        kind: 'asset',
        id: `lot:${l.id}`,
        asset: l.asset,
        units: l.remainingUnits,
        custodian: 'state cold storage',
      })),
    {
      kind: 'fund',
      id: 'fund:directional',
      fund: 'Steppe Digital Directional',
      manager: 'steppe-digital',
      units: 20_000_000n,
      unitScale: 0,
      nav: { perUnit: 10n ** 12n, currency: 'USD', day },
      loadings: { BTC: 0.7, ETH: 0.2 },
      liquidity: {
        kind: 'fund',
        frequency: 'quarterly',
        noticeDays: 45,
        settlementDays: 10,
        gateBps: 2500,
      },
    },
  ];
}

async function run(kazna: Kazna): Promise<void> {
  const { market, risk } = kazna.services;
  const actor = { id: 'demo' };
  const yesterday = addDays(kazna.clock.now().toISOString().slice(0, 10), -1);
  const first = addDays(yesterday, -(DAYS - 1));
  await importDemoPrices(market, actor, yesterday);
  await risk.setLimit(actor, {
    kind: 'var',
    method: 'historical',
    confidence: 0.99,
    horizonDays: 1,
    maxBps: 300,
  });
  await risk.setLimit(actor, { kind: 'crypto_cap', maxBps: 1500 });
  await risk.setLimit(actor, { kind: 'manager_concentration', maxBps: 500 });
  await risk.setLimit(actor, { kind: 'liquidity_min', days: 30, minBps: 5000 });
  for (let week = 12; week >= 0; week--) {
    const day = addDays(yesterday, -7 * week);
    await risk.reportAndAlert(actor, {
      day,
      currency: 'USD',
      holdings: await holdings(kazna, day),
      lookbackDays: 365,
      run: { paths: week === 0 ? 20_000 : 5_000, seed: 1, workers: 0 },
    });
  }
  // The committee has seen the earlier weeks' alerts; yesterday's is still open.
  for (const a of await risk.alerts(first, addDays(yesterday, -1))) {
    await risk.acknowledgeAlert(
      actor,
      a.id,
      'Seen at the weekly risk committee; reduce on next dealing date.',
    );
  }
}

export const RISK_DEMO_STEP: DemoStep = {
  name: 'risk-history',
  describe: 'market prices (generated) and twelve weeks of risk reports',
  run,
};
