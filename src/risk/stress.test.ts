import { describe, expect, it } from 'vitest';
import { haveSharedData } from '../../test/support/shared-data.ts';
import { loadSharedSeries } from '../../test/support/shared-prices.ts';
import {
  applyScenario,
  HISTORICAL_SCENARIOS,
  historicalScenario,
  hypothetical,
  type StressPosition,
} from './stress.ts';

const USD = { currency: 'USD', usdInReporting: 1 };
const POSITIONS: readonly StressPosition[] = [
  { id: 'btc-lot', position: { kind: 'direct', factor: 'BTC', value: 100 }, custodian: 'vault-a' },
  { id: 'gold', position: { kind: 'direct', factor: 'XAU', value: 300 } },
  { id: 'tenge', position: { kind: 'direct', factor: 'KZT', value: 50 } },
  { id: 'usdc', position: { kind: 'direct', factor: 'USDC', value: 50 }, custodian: 'vault-b' },
  {
    id: 'fund-a',
    position: {
      kind: 'fund',
      manager: 'alpha',
      value: 200,
      loadings: { BTC: 0.5, ETH: 0.3 },
      idiosyncraticVolDaily: 0.01,
    },
  },
];

describe('stress scenarios', () => {
  it.each([
    ['manager default, 30% recovery', hypothetical.managerDefault('alpha', 0.3), -140],
    ['manager default, nothing back', hypothetical.managerDefault('alpha'), -200],
    ['custodian hack, all lost', hypothetical.custodianHack('vault-a'), -100],
    ['USDC depeg to 0.88', hypothetical.stablecoinDepeg('USDC', -0.12), -6],
    ['gold down 20%', hypothetical.goldDown(), -60],
    ['KZT devalues 25% (reporting in USD)', hypothetical.kztDevaluation(0.25), -10],
  ])('%s', (_name, scenario, pnl) => {
    expect(applyScenario(POSITIONS, scenario, USD).pnl).toBeCloseTo(pnl, 9);
  });

  it('a KZT devaluation raises the tenge value of dollar assets and leaves tenge cash alone', () => {
    const kzt = { currency: 'KZT', usdInReporting: 500 };
    const r = applyScenario(POSITIONS, hypothetical.kztDevaluation(0.2), kzt);
    const byId = new Map(r.byPosition.map((p) => [p.id, p.pnl]));
    expect(byId.get('tenge')).toBeCloseTo(0, 6);
    expect(byId.get('gold')).toBeCloseTo(300 * 500 * 0.2, 6);
  });

  it('look-through applies factor shocks to fund loadings; a hack compounds with the market move', () => {
    const s = {
      id: 'x',
      name: 'x',
      kind: 'hypothetical' as const,
      factorShocks: { BTC: -0.5, ETH: -0.5 },
      custodianShocks: { 'vault-a': -0.5 },
    };
    const r = applyScenario(POSITIONS, s, USD);
    const byId = new Map(r.byPosition.map((p) => [p.id, p.pnl]));
    expect(byId.get('fund-a')).toBeCloseTo(-80, 9);
    expect(byId.get('btc-lot')).toBeCloseTo(-75, 9);
  });

  it('without series, historical scenarios use their documented fallback shocks', () => {
    const covid = historicalScenario(
      HISTORICAL_SCENARIOS.find((h) => h.id === 'covid_2020')!,
      [],
    );
    expect(covid.factorShocks['BTC']).toBe(-0.388);
    expect(covid.provenance?.['BTC']).toBe('fallback');
  });
});

describe.runIf(haveSharedData('prices'))('historical scenarios from the shared series', () => {
  it('computes shocks from the series where they cover the window, else falls back', async () => {
    const series = await Promise.all([
      loadSharedSeries('BTC'),
      loadSharedSeries('ETH'),
      loadSharedSeries('XAU'),
    ]);
    const byId = new Map(HISTORICAL_SCENARIOS.map((h) => [h.id, historicalScenario(h, series)]));
    const covid = byId.get('covid_2020')!;
    expect(Math.abs(covid.factorShocks['BTC']! + 0.388)).toBeLessThan(0.0005);
    expect(covid.provenance?.['BTC']).toBe('series');
    expect(byId.get('mtgox_2014')!.provenance?.['ETH']).toBe('fallback');
    expect(byId.get('yen_carry_2024')!.provenance?.['ETH']).toBe('fallback');
    expect(byId.get('ftx_2022')!.factorShocks['BTC']).toBeLessThan(-0.2);
    for (const h of HISTORICAL_SCENARIOS) {
      // The documented fallbacks agree with the series to 1 pp where the series exist.
      const s = byId.get(h.id)!;
      for (const [factor, shock] of Object.entries(h.fallback)) {
        if (s.provenance?.[factor] === 'series')
          expect(Math.abs(s.factorShocks[factor]! - shock)).toBeLessThan(0.01);
      }
    }
  });
});
