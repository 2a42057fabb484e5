import { describe, expect, it } from 'vitest';
import {
  bestExecution,
  bidCommitment,
  bidValidity,
  decideAward,
  decideCommit,
  decidePlan,
  decideReveal,
  decideTrancheVolume,
  marketVolumeUnits,
  premiumBps,
  proceedsCents,
  slippageBps,
  type BidForAward,
} from './model.ts';

/**
 * The pure decisions of a disposal, table by table. Expected values are worked out by hand in the
 * comments (decimal arithmetic, then the stated rounding), not by calling the code under test.
 */
const P = (text: string): bigint => {
  // Price text -> 10^-12 USD, written independently of parsePrice.
  const [whole = '0', frac = ''] = text.split('.');
  return BigInt(whole) * 10n ** 12n + BigInt((frac + '0'.repeat(12)).slice(0, 12));
};
const ETH = (n: number): bigint => BigInt(n) * 10n ** 18n;

const at = (iso: string) => new Date(iso);
const OPEN = {
  status: 'open' as const,
  closesAt: at('2026-01-10T12:00:00Z'),
  now: at('2026-01-10T11:59:59Z'),
  lotInAuction: true,
  bidderRegistered: true,
  alreadyBid: false,
};

describe('sealed bids', () => {
  it('commit to the price whatever its spelling, and to every other field', () => {
    const b = {
      auctionId: 'a',
      lotId: 'l',
      bidderId: 'b',
      price: P('3000.5'),
      salt: 's'.repeat(16),
    };
    expect(bidCommitment(b)).toBe(bidCommitment({ ...b, price: P('3000.50') }));
    expect(bidCommitment(b)).toMatch(/^[0-9a-f]{64}$/);
    for (const other of [
      { ...b, price: P('3000.51') },
      { ...b, salt: 't'.repeat(16) },
      { ...b, lotId: 'm' },
      { ...b, bidderId: 'c' },
    ]) {
      expect(bidCommitment(other)).not.toBe(bidCommitment(b));
    }
  });

  it.each([
    ['open, before the close', OPEN, 'ok'],
    ['at the closing second', { ...OPEN, now: OPEN.closesAt }, 'auction_closed'],
    ['closed', { ...OPEN, status: 'closed' as const }, 'auction_closed'],
    ['awarded', { ...OPEN, status: 'awarded' as const }, 'auction_closed'],
    ['a lot not offered', { ...OPEN, lotInAuction: false }, 'lot_not_in_auction'],
    ['an unregistered bidder', { ...OPEN, bidderRegistered: false }, 'bidder_not_registered'],
    ['a second bid on the lot', { ...OPEN, alreadyBid: true }, 'bid_already_committed'],
  ])('a commitment %s: %s', (_name, input, code) => {
    const r = decideCommit(input);
    expect(r.ok ? 'ok' : r.code).toBe(code);
  });

  const opening = {
    auctionId: 'a',
    lotId: 'l',
    bidderId: 'b',
    price: P('10'),
    salt: 'x'.repeat(16),
  };
  const commitment = bidCommitment(opening);
  it.each([
    ['after the close', 'closed', opening, false, 'ok'],
    ['while open', 'open', opening, false, 'auction_still_open'],
    ['after the award', 'awarded', opening, false, 'auction_already_awarded'],
    ['twice', 'closed', opening, true, 'bid_already_revealed'],
    ['with another price', 'closed', { ...opening, price: P('11') }, false, 'bid_reveal_mismatch'],
    [
      'with another salt',
      'closed',
      { ...opening, salt: 'y'.repeat(16) },
      false,
      'bid_reveal_mismatch',
    ],
  ] as const)('a reveal %s: %s', (_n, status, o, alreadyRevealed, code) => {
    const r = decideReveal({ status, commitment, opening: o, alreadyRevealed });
    expect(r.ok ? 'ok' : r.code).toBe(code);
  });
});

const bid = (over: Partial<BidForAward>): BidForAward => ({
  bidId: 'b1',
  lotId: 'L1',
  bidderId: 'x',
  committedSeq: 10n,
  price: P('100'),
  bidderListed: false,
  ...over,
});

describe('bid validity and the award', () => {
  it.each([
    ['at the reserve price', bid({ price: P('90') }), null],
    ['above it', bid({ price: P('90.000000000001') }), null],
    [
      'below it by the smallest step',
      bid({ price: P('89.999999999999') }),
      'bid_below_reserve_price',
    ],
    ['unrevealed', bid({ price: null }), 'bid_not_revealed'],
    ['from a listed bidder', bid({ bidderListed: true }), 'bidder_sanctioned'],
  ])('a bid %s: %s', (_n, b, reason) => {
    expect(bidValidity(b, P('90'))).toBe(reason);
  });

  it('gives each lot to its highest valid bid; a tie to the earlier commitment', () => {
    const lots = [
      { lotId: 'L1', units: 5n },
      { lotId: 'L2', units: 7n },
      { lotId: 'L3', units: 9n },
    ];
    const bids = [
      bid({ bidId: 'a', price: P('120'), committedSeq: 5n }),
      bid({ bidId: 'b', price: P('150'), bidderListed: true }),
      bid({ bidId: 'c', price: P('120'), committedSeq: 3n }),
      bid({ bidId: 'd', price: null }),
      bid({ bidId: 'e', lotId: 'L2', price: P('80') }),
      bid({ bidId: 'f', lotId: 'L2', price: P('95'), committedSeq: 20n }),
      bid({ bidId: 'g', lotId: 'L3', price: P('10') }),
    ];
    const award = decideAward(lots, bids, P('90'));
    expect(award.map((a) => [a.lotId, a.winner?.bidId ?? null, a.units])).toEqual([
      ['L1', 'c', 5n],
      ['L2', 'f', 7n],
      ['L3', null, 9n],
    ]);
    expect(award[0]?.invalid).toEqual([
      { bidId: 'b', reason: 'bidder_sanctioned' },
      { bidId: 'd', reason: 'bid_not_revealed' },
    ]);
    expect(award[1]?.winner?.price).toBe(P('95'));
    expect(award[2]?.invalid).toEqual([{ bidId: 'g', reason: 'bid_below_reserve_price' }]);
  });
});

describe('clearing and execution against the market', () => {
  it.each([
    // 1.5 BTC at 60000.005 = 90000.0075 USD = 9000000.75 cents -> 9000001
    [150_000_000n, 'BTC', '60000.005', 9_000_001n],
    // 1 BTC at 0.125 = 12.5 cents -> half-even 12; at 0.135 = 13.5 -> 14
    [100_000_000n, 'BTC', '0.125', 12n],
    [100_000_000n, 'BTC', '0.135', 14n],
    // 250 ETH at 3012.34 = 753085 USD exactly
    [ETH(250), 'ETH', '3012.34', 75_308_500n],
  ] as const)('proceeds of %s base units of %s at %s: %s cents', (units, asset, price, cents) => {
    expect(proceedsCents(units, asset, P(price))).toBe(cents);
  });

  it.each([
    ['101', '100', 100n],
    ['99', '100', -100n],
    ['100', '100', 0n],
    // -0.5 bps rounds half-even to 0; -1.5 to -2; +2.5 to +2
    ['99.995', '100', 0n],
    ['99.985', '100', -2n],
    ['100.025', '100', 2n],
  ])('clearing %s against reference %s: premium %s bps', (clearing, reference, bps) => {
    expect(premiumBps(P(clearing), P(reference))).toBe(bps);
    // Slippage is the same distance seen from the seller: a premium is a negative cost.
    expect(slippageBps(P(clearing), P(reference))).toBe(-bps);
  });
});

describe('tranche volume cap', () => {
  it.each([
    // 10% of 1000 units: cap 100; the share reported rounds up.
    [100n, 1000n, 1000n, 'ok', 100n, 1000n],
    [101n, 1000n, 1000n, 'tranche_exceeds_volume_share', 100n, null],
    // 10% of 999 is 99.9: the cap rounds down to 99; 99/999 = 990.99 bps -> 991
    [99n, 999n, 1000n, 'ok', 99n, 991n],
    [100n, 999n, 1000n, 'tranche_exceeds_volume_share', 99n, null],
    [1n, 0n, 1000n, 'daily_volume_not_positive', null, null],
    [5000n, 10_000n, 5000n, 'ok', 5000n, 5000n],
  ])('%s units of a %s-unit day at %s bps: %s', (units, volume, share, code, cap, shareBps) => {
    const r = decideTrancheVolume({ units, dailyVolumeUnits: volume, maxShareBps: share });
    expect(r.ok ? 'ok' : r.code).toBe(code);
    if (r.ok) expect([r.value.capUnits, r.value.shareBps]).toEqual([cap, shareBps]);
    if (!r.ok && cap !== null) expect(r.detail?.['capUnits']).toBe(cap.toString());
  });

  it('reads market volume (10^-8 whole units) in base units, rounding down', () => {
    expect(marketVolumeUnits(1_234_567_891n, 'ETH')).toBe(12_345_678_910_000_000_000n);
    expect(marketVolumeUnits(1_234_567_891n, 'BTC')).toBe(1_234_567_891n);
    expect(marketVolumeUnits(1_234_567_891n, 'USDT')).toBe(12_345_678n);
  });
});

describe('best execution', () => {
  // Worked example: 10 ETH at 3000 (reference 3010), 20 at 2990 (3000), 10 at 3050 (3040).
  // VWAP = (30000 + 59800 + 30500) / 40 = 3007.5; reference VWAP = 120500 / 40 = 3012.5.
  // Slippage vs reference VWAP = 5 / 3012.5 = 16.597 bps -> 17. Daily closes 3010, 3000, 3020,
  // 3040: TWAP 3017.5; vs TWAP = 10 / 3017.5 = 33.14 bps -> 33. Per fill: 10/3010 = 33.22 -> 33,
  // 10/3000 = 33.33 -> 33, -10/3040 = -32.89 -> -33: above a 30 bps tolerance, fills 1 and 2.
  // Proceeds 120300 USD; reference value 120500 USD; cost 200 USD.
  const fills = [
    {
      trancheNo: 1,
      day: '2026-02-02',
      units: ETH(10),
      executionPrice: P('3000'),
      referencePrice: P('3010'),
    },
    {
      trancheNo: 2,
      day: '2026-02-03',
      units: ETH(20),
      executionPrice: P('2990'),
      referencePrice: P('3000'),
    },
    {
      trancheNo: 3,
      day: '2026-02-05',
      units: ETH(10),
      executionPrice: P('3050'),
      referencePrice: P('3040'),
    },
  ].map((f) => ({ ...f, proceedsCents: proceedsCents(f.units, 'ETH', f.executionPrice) }));

  it('computes VWAP, reference VWAP and TWAP, slippage, cost and breaches exactly', () => {
    const r = bestExecution(fills, 'ETH', [P('3010'), P('3000'), P('3020'), P('3040')], 30n);
    expect(r).toEqual({
      tranchesFilled: 3,
      unitsFilled: ETH(40),
      proceedsCents: 12_030_000n,
      vwap: P('3007.5'),
      referenceVwap: P('3012.5'),
      referenceTwap: P('3017.5'),
      slippageVsVwapBps: 17n,
      slippageVsTwapBps: 33n,
      costCents: 20_000n,
      breaches: [
        { trancheNo: 1, slippageBps: 33n },
        { trancheNo: 2, slippageBps: 33n },
      ],
    });
  });

  it('reports nothing to average before the first fill', () => {
    const r = bestExecution([], 'ETH', [P('3000')], 30n);
    expect([r.vwap, r.referenceVwap, r.referenceTwap, r.slippageVsVwapBps, r.costCents]).toEqual([
      null,
      null,
      null,
      null,
      0n,
    ]);
  });
});

describe('OTC plan', () => {
  it.each([
    [[1n, 2n], 3n, 'ok'],
    [[1n, 2n], 4n, 'ok'],
    [[1n, 3n], 3n, 'plan_exceeds_lot'],
    [[], 3n, 'plan_needs_tranches'],
    [[1n, 0n], 3n, 'tranche_not_positive'],
  ])('tranches %s of a lot holding %s: %s', (tranches, remaining, code) => {
    const r = decidePlan(tranches, remaining);
    expect(r.ok ? 'ok' : r.code).toBe(code);
  });
});
