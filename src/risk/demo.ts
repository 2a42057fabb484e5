import type { AssetCode } from '../core/assets.ts';
import { parseAmount } from '../core/money.ts';
import { SYSTEM } from '../http/access.ts';
import type { Kazna } from '../main.ts';
import type { DemoStep } from '../demo/demo.ts';
import { addDays } from '../market/model.ts';
import type { RiskHolding } from './report.ts';

/**
 * The demo's market data and risk history, so the risk dashboard is not empty at first start:
 * 450 days of generated prices (seeded geometric Brownian motion, never read from outside the
 * repository), the limits a reserve committee would set, and a report each week for twelve weeks
 * plus yesterday. The reports value the reference holdings written here (the National Bank's gold
 * and currency allocation, the forfeited lots, one hedge fund) rather than the wired holdings
 * source, so the demo shows the same picture whatever else the reserve holds.
 */
const DAYS = 450;

const SERIES: readonly { asset: AssetCode; quote: AssetCode; start: number; volDaily: number }[] = [
  { asset: 'BTC', quote: 'USD', start: 62_000, volDaily: 0.032 },
  { asset: 'ETH', quote: 'USD', start: 3_100, volDaily: 0.042 },
  { asset: 'XAU', quote: 'USD', start: 2_350, volDaily: 0.009 },
  { asset: 'USDT', quote: 'USD', start: 1, volDaily: 0.0004 },
  { asset: 'EUR', quote: 'USD', start: 1.08, volDaily: 0.004 },
  { asset: 'USD', quote: 'KZT', start: 470, volDaily: 0.005 },
];

/** A small seeded generator (mulberry32) and Box-Muller normals: the same file on every start. */
function normals(seed: number): () => number {
  let a = seed >>> 0;
  const uniform = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) + 0.5) / 4294967296;
  };
  return () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
}

function priceFile(first: string, s: (typeof SERIES)[number], seed: number): string {
  const z = normals(seed);
  const lines = ['date,close'];
  let p = s.start;
  for (let i = 0; i < DAYS; i++) {
    p *= Math.exp(s.volDaily * z() - (s.volDaily * s.volDaily) / 2);
    lines.push(`${addDays(first, i)},${p.toFixed(s.start < 10 ? 6 : 2)}`);
  }
  return lines.join('\n');
}

function units(amount: string, asset: AssetCode): bigint {
  const u = parseAmount(amount, asset);
  if (!u.ok) throw new Error(`demo: bad amount ${amount}`);
  return u.value;
}

async function holdings(kazna: Kazna, day: string): Promise<RiskHolding[]> {
  const lots = await kazna.services.seizures.lots(SYSTEM, { status: 'forfeited', limit: 1000 });
  const priced = new Set<string>(SERIES.map((s) => s.asset));
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
  for (const [i, s] of SERIES.entries()) {
    const r = await market.importCsv(actor, {
      text: priceFile(first, s, 2025 + i),
      asset: s.asset,
      quote: s.quote,
      source: 'demo-generated',
      format: 'simple',
      fileName: `demo-${s.asset.toLowerCase()}-${s.quote.toLowerCase()}.csv`,
    });
    if (!r.ok) throw new Error(`demo: prices for ${s.asset} refused: ${r.code}`);
  }
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
