import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  apportion,
  attribute,
  type AttributionEvent,
  type BySource,
  FUNDING_SOURCES,
  type FundingSource,
} from './attribution.ts';

const U = 1_000_000n;
const usd = (x: bigint): bigint => x * 10n ** 12n; // NAV per unit from whole USD
const by = (g: bigint, f: bigint, m: bigint, r: bigint): BySource => ({
  gold_fx_allocation: g,
  forfeited_crypto: f,
  state_mining: m,
  repatriated: r,
});
const sum = (x: BySource): bigint => FUNDING_SOURCES.reduce((s, k) => s + x[k], 0n);

describe('apportion', () => {
  it.each<[bigint, BySource, BySource]>([
    [100n, by(1n, 1n, 0n, 0n), by(50n, 50n, 0n, 0n)],
    // 10 / 3 = 3.33 each: the spare unit goes to the first source on a tie.
    [10n, by(1n, 1n, 1n, 0n), by(4n, 3n, 3n, 0n)],
    // 10 x (1, 2) / 3 = 3.33, 6.67: the larger remainder (0.67) takes it.
    [10n, by(1n, 2n, 0n, 0n), by(3n, 7n, 0n, 0n)],
    [0n, by(0n, 0n, 0n, 0n), by(0n, 0n, 0n, 0n)],
  ])('splits %s over the weights exactly', (total, weights, parts) => {
    expect(apportion(total, weights)).toEqual(parts);
  });
});

describe('attribute: a worked holding', () => {
  const events: AttributionEvent[] = [
    // 600,000.00 USD of gold/FX money at 100.00: 6,000 units.
    {
      kind: 'subscribe',
      day: '2025-01-01',
      source: 'gold_fx_allocation',
      amount: 60_000_000n,
      navPerUnit: usd(100n),
    },
    // 400,000.00 USD of forfeited BTC in kind at 100.00: 4,000 units.
    {
      kind: 'subscribe',
      day: '2025-01-01',
      source: 'forfeited_crypto',
      amount: 40_000_000n,
      navPerUnit: usd(100n),
    },
    // NAV 125.00: 10,000 units are worth 1,250,000.00 USD, 60/40.
    { kind: 'nav', day: '2025-01-31', navPerUnit: usd(125n) },
    // A fee of 10,000.00 USD: 6,000.00 from gold/FX, 4,000.00 from forfeited; NAV per unit 124.00.
    { kind: 'fee', day: '2025-01-31', amount: 1_000_000n },
    // 1,000 units redeemed for 124,000.00: 600 and 400 units, 74,400.00 and 49,600.00.
    { kind: 'redeem', day: '2025-02-28', units: 1_000n * U, proceeds: 12_400_000n },
  ];

  it('keeps each source through NAV, fee and redemption', () => {
    const r = attribute(events, 6);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const last = r.value.at(-1)!;
    expect(r.value[2]?.values).toEqual(by(75_000_000n, 50_000_000n, 0n, 0n));
    expect(last.units).toEqual(by(5_400n * U, 3_600n * U, 0n, 0n));
    expect(last.fees).toEqual(by(600_000n, 400_000n, 0n, 0n));
    expect(last.proceeds).toEqual(by(7_440_000n, 4_960_000n, 0n, 0n));
    // 9,000 units x 124.00 = 1,116,000.00 USD: 669,600.00 and 446,400.00.
    expect([last.totalValue, last.values]).toEqual([
      111_600_000n,
      by(66_960_000n, 44_640_000n, 0n, 0n),
    ]);
  });

  it.each<[string, AttributionEvent[], string]>([
    [
      'an event before the one before it',
      [events[2]!, { ...events[0]!, day: '2024-12-31' }],
      'events_out_of_order',
    ],
    [
      'redeeming more than held',
      [events[0]!, { kind: 'redeem', day: '2025-02-01', units: 6_001n * U, proceeds: 0n }],
      'redemption_exceeds_holding',
    ],
    [
      'a fee above the value',
      [events[0]!, { kind: 'fee', day: '2025-02-01', amount: 60_000_001n }],
      'fee_exceeds_value',
    ],
    [
      'cash for no units',
      [events[0]!, { kind: 'redeem', day: '2025-02-01', units: 0n, proceeds: 1n }],
      'proceeds_without_units',
    ],
    [
      'a NAV of zero',
      [events[0]!, { kind: 'nav', day: '2025-02-01', navPerUnit: 0n }],
      'nav_per_unit_not_positive',
    ],
  ])('refuses %s', (_, evs, code) => {
    const r = attribute(evs, 6);
    expect(r.ok ? 'ok' : r.code).toBe(code);
  });
});

const source = fc.constantFrom<FundingSource>(...FUNDING_SOURCES);
const nav = fc.bigInt(1n, 10n ** 16n); // up to 10,000 USD per unit
/** Events whose amounts are drawn relative to the holding, so redemptions and fees mostly apply. */
const eventShape = fc.oneof(
  fc.record({
    kind: fc.constant('subscribe' as const),
    source,
    amount: fc.bigInt(0n, 10n ** 12n),
    navPerUnit: nav,
  }),
  fc.record({ kind: fc.constant('nav' as const), navPerUnit: nav }),
  fc.record({ kind: fc.constant('fee' as const), permille: fc.integer({ min: 0, max: 1000 }) }),
  fc.record({
    kind: fc.constant('redeem' as const),
    permille: fc.integer({ min: 0, max: 1000 }),
    proceeds: fc.bigInt(0n, 10n ** 12n),
  }),
);

/** Turns shapes into events against a running total, so no event is refused. */
type Shape = typeof eventShape extends fc.Arbitrary<infer T> ? T : never;
function realise(shapes: Shape[], unitScale: number): AttributionEvent[] {
  const events: AttributionEvent[] = [];
  for (const [i, s] of shapes.entries()) {
    const day = `2025-${String(1 + (Math.floor(i / 28) % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`;
    const soFar = attribute(events, unitScale);
    const last = soFar.ok ? soFar.value.at(-1) : undefined;
    if (s.kind === 'subscribe' || s.kind === 'nav') events.push({ ...s, day });
    else if (s.kind === 'fee') {
      events.push({
        kind: 'fee',
        day,
        amount: ((last?.totalValue ?? 0n) * BigInt(s.permille)) / 1000n,
      });
    } else {
      const units = ((last?.totalUnits ?? 0n) * BigInt(s.permille)) / 1000n;
      events.push({ kind: 'redeem', day, units, proceeds: units === 0n ? 0n : s.proceeds });
    }
  }
  return events;
}

describe('attribute: properties', () => {
  it('the sources always add up to the total, in units and in value', () => {
    fc.assert(
      fc.property(
        fc.array(eventShape, { maxLength: 25 }),
        fc.integer({ min: 0, max: 8 }),
        (shapes, unitScale) => {
          const r = attribute(realise(shapes, unitScale), unitScale);
          expect(r.ok).toBe(true);
          if (!r.ok) return;
          for (const p of r.value) {
            expect(sum(p.units)).toBe(p.totalUnits);
            expect(sum(p.values)).toBe(p.totalValue);
            for (const k of FUNDING_SOURCES) {
              expect(p.units[k] >= 0n && p.values[k] >= 0n).toBe(true);
            }
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('a redemption takes each source within one unit fraction of its pro-rata share', () => {
    fc.assert(
      fc.property(
        fc.tuple(
          fc.bigInt(0n, 10n ** 12n),
          fc.bigInt(0n, 10n ** 12n),
          fc.bigInt(0n, 10n ** 12n),
          fc.bigInt(0n, 10n ** 12n),
        ),
        fc.integer({ min: 0, max: 1000 }),
        ([g, f, m, rr], permille) => {
          const weights = by(g, f, m, rr);
          const total = (sum(weights) * BigInt(permille)) / 1000n;
          const parts = apportion(total, weights);
          expect(sum(parts)).toBe(total);
          for (const k of FUNDING_SOURCES) {
            if (sum(weights) === 0n) continue;
            const exact = (total * weights[k]) / sum(weights);
            expect(parts[k] - exact >= 0n && parts[k] - exact <= 1n).toBe(true);
            expect(parts[k] <= weights[k]).toBe(true);
          }
        },
      ),
    );
  });
});
