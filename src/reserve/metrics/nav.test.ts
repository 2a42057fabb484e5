import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Mandate } from '../terms.ts';
import {
  exposureLoadings,
  mandateBreaches,
  type NavStatement,
  navPerUnitOf,
  navUnitsTolerance,
  unitsForSubscription,
  validateNavImport,
  validateNavStatement,
  valueOfUnits,
} from './nav.ts';

const SCALE = 6;
const U = 1_000_000n; // one whole unit at scale 6
const USD = 10n ** 12n; // 1 USD per unit at NAV scale 12

/** 1,000 units at 1,250.00 USD = 1,250,000.00 USD = 125,000,000 cents. */
const jan: NavStatement = {
  day: '2025-01-31',
  nav: 125_000_000n,
  units: 1_000n * U,
  navPerUnit: 1_250n * USD,
  positions: [
    { asset: 'BTC', value: 80_000_000n },
    { asset: 'USDT', value: 45_000_000n },
  ],
  exposures: [
    { asset: 'BTC', bps: 6_400 },
    { asset: 'USDT', bps: 3_600 },
  ],
  grossExposureBps: 10_000,
};
const feb: NavStatement = { ...jan, day: '2025-02-28' };

describe('validateNavStatement', () => {
  it.each<[string, readonly NavStatement[], NavStatement, string | null]>([
    ['a first statement', [], jan, null],
    ['the next month', [jan], feb, null],
    ['a negative NAV', [], { ...jan, nav: -1n }, 'nav_negative'],
    ['negative units', [], { ...jan, units: -1n }, 'nav_negative'],
    ['a second statement in January', [jan], { ...jan, day: '2025-01-15' }, 'nav_period_duplicate'],
    ['a month before the latest', [feb], jan, 'nav_dates_out_of_order'],
    [
      'a month before an older one',
      [jan, feb],
      { ...jan, day: '2024-12-31' },
      'nav_dates_out_of_order',
    ],
    [
      'nothing at all',
      [],
      { ...jan, nav: 0n, units: 0n, navPerUnit: 0n, positions: [], exposures: [] },
      'statement_empty',
    ],
    // 1,000 units: tolerance ceil(1000) + 1 = 1,001 cents. Off by 1,001 passes, 1,002 does not.
    ['NAV off by exactly the tolerance', [], { ...jan, nav: jan.nav + 1_001n }, null],
    ['NAV off by a cent more', [], { ...jan, nav: jan.nav + 1_002n }, 'nav_units_mismatch'],
    ['units doubled', [], { ...jan, units: 2_000n * U }, 'nav_units_mismatch'],
    [
      'BTC twice in positions',
      [],
      { ...jan, positions: [...jan.positions, { asset: 'BTC', value: 1n }] },
      'position_asset_duplicate',
    ],
    [
      'BTC twice in exposures',
      [],
      {
        ...jan,
        exposures: [
          { asset: 'BTC', bps: 1 },
          { asset: 'BTC', bps: 1 },
        ],
      },
      'exposure_asset_duplicate',
    ],
    [
      'exposures above the whole',
      [],
      {
        ...jan,
        exposures: [
          { asset: 'BTC', bps: 6_401 },
          { asset: 'USDT', bps: 3_600 },
        ],
      },
      'exposures_exceed_nav',
    ],
    [
      'a negative exposure',
      [],
      { ...jan, exposures: [{ asset: 'BTC', bps: -1 }] },
      'exposures_exceed_nav',
    ],
  ])('%s', (_, series, s, code) => {
    const r = validateNavStatement(series, s, SCALE);
    expect(r.ok ? null : r.code).toBe(code);
  });

  it('tolerates one cent per whole unit, rounded up, plus one', () => {
    expect(navUnitsTolerance(0n, SCALE)).toBe(1n);
    expect(navUnitsTolerance(1n, SCALE)).toBe(2n);
    expect(navUnitsTolerance(3n * U, SCALE)).toBe(4n);
    expect(navUnitsTolerance(3n * U + 1n, SCALE)).toBe(5n);
  });

  it('refuses a whole import for one bad statement, and an empty import', () => {
    const bad = validateNavImport([], [jan, { ...feb, nav: -5n }], SCALE);
    expect(bad.ok ? null : [bad.code, bad.detail?.['index']]).toEqual(['nav_negative', 1]);
    const twice = validateNavImport([], [jan, jan], SCALE);
    expect(twice.ok ? null : twice.code).toBe('nav_period_duplicate');
    const none = validateNavImport([jan], [], SCALE);
    expect(none.ok ? null : none.code).toBe('statement_empty');
    expect(validateNavImport([], [jan, feb], SCALE).ok).toBe(true);
  });
});

describe('unit arithmetic', () => {
  it('issues units rounded down', () => {
    // 100.00 USD at 3.00 USD per unit = 33.333333(3) units -> 33.333333 at scale 6.
    expect(unitsForSubscription(10_000n, 3n * USD, SCALE)).toBe(33_333_333n);
    // 1,000,000.00 USD at 1,250.00 = 800 units exactly.
    expect(unitsForSubscription(100_000_000n, 1_250n * USD, SCALE)).toBe(800n * U);
  });

  it('values units rounded down for payouts, half-even for reports', () => {
    // 33.333333 units x 3.00 USD = 99.999999 USD: 9,999 cents paid, 10,000 reported.
    expect(valueOfUnits(33_333_333n, 3n * USD, SCALE)).toBe(9_999n);
    expect(valueOfUnits(33_333_333n, 3n * USD, SCALE, 'half_even')).toBe(10_000n);
    expect(navPerUnitOf(125_000_000n, 1_000n * U, SCALE)).toBe(1_250n * USD);
  });

  it('never gives back more than was paid in', () => {
    fc.assert(
      fc.property(
        fc.bigInt(0n, 10n ** 14n),
        fc.bigInt(1n, 10n ** 18n),
        fc.integer({ min: 0, max: 8 }),
        (amount, nav, scale) => {
          const units = unitsForSubscription(amount, nav, scale);
          const back = valueOfUnits(units, nav, scale);
          expect(back <= amount).toBe(true);
          // And one more unit fraction would have cost more than the amount.
          expect(valueOfUnits(units + 1n, nav, scale, 'half_even') >= amount - 1n).toBe(true);
        },
      ),
    );
  });
});

describe('mandate', () => {
  const mandate: Mandate = {
    permittedAssets: ['BTC', 'USDT'],
    maxLeverageBps: 15_000,
    maxDrawdownBps: 2_000,
    concentrationLimitBps: 6_000,
  };

  it('reports each breach with its measure', () => {
    // Peak 1,250; now 950: (1250 - 950) / 1250 = 24% = 2,400 bps > 2,000.
    const mar: NavStatement = {
      ...jan,
      day: '2025-03-31',
      navPerUnit: 950n * USD,
      nav: 95_000_000n,
      exposures: [
        { asset: 'BTC', bps: 6_400 },
        { asset: 'SOL', bps: 1_000 },
      ],
      grossExposureBps: 18_000,
    };
    expect(mandateBreaches(mandate, [jan, feb], mar)).toEqual([
      { kind: 'concentration', subject: 'BTC', measuredBps: 6_400, limitBps: 6_000 },
      { kind: 'asset_not_permitted', subject: 'SOL', measuredBps: 1_000, limitBps: 0 },
      { kind: 'leverage', subject: 'gross exposure', measuredBps: 18_000, limitBps: 15_000 },
      { kind: 'drawdown', subject: 'NAV per unit', measuredBps: 2_400, limitBps: 2_000 },
    ]);
    expect(mandateBreaches({ ...mandate, concentrationLimitBps: 7_000 }, [], jan)).toEqual([]);
  });

  it('gives valuation its loadings', () => {
    expect(exposureLoadings(jan)).toEqual({ BTC: 0.64, USDT: 0.36 });
  });
});
