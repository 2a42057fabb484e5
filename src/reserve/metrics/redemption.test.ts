import { describe, expect, it } from 'vitest';
import type { LockUp } from '../terms.ts';
import {
  decideRedemption,
  lockUpEnds,
  nextDealingDate,
  type RedemptionInput,
} from './redemption.ts';

const U = 1_000_000n; // one unit at scale 6
const NAV_1000 = 1_000n * 10n ** 12n; // 1,000.00 USD per unit

const base: RedemptionInput = {
  terms: {
    lockUp: { kind: 'none' },
    noticeDays: 0,
    redemptionFrequency: 'monthly',
    gate: null,
    unitScale: 6,
  },
  lots: [{ subscribedOn: '2023-01-01', units: 100n * U }],
  requestedOn: '2025-03-10',
  units: 100n * U,
  dealingNavPerUnit: NAV_1000,
  fund: null,
};

const hard: LockUp = { kind: 'hard', months: 12 };
const soft: LockUp = { kind: 'soft', months: 12, penaltyBps: 300 };
const terms = (t: Partial<RedemptionInput['terms']>): RedemptionInput['terms'] => ({
  ...base.terms,
  ...t,
});

describe('nextDealingDate', () => {
  it.each([
    // frequency, notice, requested -> dealing
    ['monthly', 0, '2025-03-10', '2025-03-31'],
    ['monthly', 0, '2025-03-31', '2025-03-31'],
    ['monthly', 30, '2025-03-01', '2025-03-31'], // 1 Mar + 30 days = 31 Mar: just in time
    ['monthly', 45, '2025-03-20', '2025-05-31'], // 20 Mar + 45 = 4 May
    ['quarterly', 45, '2025-02-10', '2025-03-31'], // 10 Feb + 45 = 27 Mar
    ['quarterly', 45, '2025-02-20', '2025-06-30'], // 20 Feb + 45 = 6 Apr
    ['quarterly', 90, '2025-11-15', '2026-03-31'], // 15 Nov + 90 = 13 Feb
  ] as const)('%s, %i days notice, asked %s: deals %s', (f, notice, asked, dealing) => {
    expect(nextDealingDate(f, notice, asked)).toBe(dealing);
  });

  it('ends a lock-up on the same day of the month, clamped to the month end', () => {
    expect(lockUpEnds(hard, '2024-06-15')).toBe('2025-06-15');
    expect(lockUpEnds({ kind: 'hard', months: 1 }, '2024-01-31')).toBe('2024-02-29');
    expect(lockUpEnds({ kind: 'none' }, '2024-01-31')).toBeNull();
  });
});

describe('decideRedemption', () => {
  type Row = [
    string,
    Partial<RedemptionInput>,
    // code, or [dealing date, units redeemed, units queued, gross cents, penalty cents]
    string | [string, bigint, bigint, bigint, bigint],
  ];
  it.each<Row>([
    ['no terms to meet', {}, ['2025-03-31', 100n * U, 0n, 10_000_000n, 0n]],
    ['zero units', { units: 0n }, 'redemption_units_not_positive'],
    ['more than held', { units: 100n * U + 1n }, 'redemption_exceeds_holding'],
    [
      'notice moves the dealing date',
      { terms: terms({ noticeDays: 45 }), requestedOn: '2025-03-20' },
      ['2025-05-31', 100n * U, 0n, 10_000_000n, 0n],
    ],
    // Hard lock-up, subscribed 15 Jun 2024: locked until 15 Jun 2025.
    [
      'hard lock-up: dealing 31 May 2025 is inside it',
      {
        terms: terms({ lockUp: hard }),
        lots: [{ subscribedOn: '2024-06-15', units: 100n * U }],
        requestedOn: '2025-05-01',
      },
      'redemption_in_lockup',
    ],
    [
      'hard lock-up: dealing 30 Jun 2025 is after it',
      {
        terms: terms({ lockUp: hard }),
        lots: [{ subscribedOn: '2024-06-15', units: 100n * U }],
        requestedOn: '2025-06-01',
      },
      ['2025-06-30', 100n * U, 0n, 10_000_000n, 0n],
    ],
    [
      'hard lock-up: notice pushes the dealing date out of it',
      {
        terms: terms({ lockUp: hard, noticeDays: 30 }),
        lots: [{ subscribedOn: '2024-06-15', units: 100n * U }],
        requestedOn: '2025-05-20',
      },
      ['2025-06-30', 100n * U, 0n, 10_000_000n, 0n],
    ],
    // Old lot 60 units (free), new lot 40 units (locked until 2026-01-10). FIFO takes the old first.
    [
      'hard lock-up: the free lot covers the request',
      {
        terms: terms({ lockUp: hard }),
        lots: [
          { subscribedOn: '2025-01-10', units: 40n * U },
          { subscribedOn: '2023-01-01', units: 60n * U },
        ],
        units: 60n * U,
        requestedOn: '2025-06-01',
      },
      ['2025-06-30', 60n * U, 0n, 6_000_000n, 0n],
    ],
    [
      'hard lock-up: one unit more reaches the locked lot',
      {
        terms: terms({ lockUp: hard }),
        lots: [
          { subscribedOn: '2025-01-10', units: 40n * U },
          { subscribedOn: '2023-01-01', units: 60n * U },
        ],
        units: 61n * U,
        requestedOn: '2025-06-01',
      },
      'redemption_in_lockup',
    ],
    // Soft 3%: 100 units x 1,000 USD = 100,000.00 USD; penalty 3,000.00 USD = 300,000 cents.
    [
      'soft lock-up charges its penalty',
      {
        terms: terms({ lockUp: soft }),
        lots: [{ subscribedOn: '2025-01-15', units: 100n * U }],
        requestedOn: '2025-06-01',
      },
      ['2025-06-30', 100n * U, 0n, 10_000_000n, 300_000n],
    ],
    // Soft, mixed: 60 free + 40 locked; penalty 3% of 40,000.00 USD = 1,200.00 USD.
    [
      'soft lock-up charges only the locked units',
      {
        terms: terms({ lockUp: soft }),
        lots: [
          { subscribedOn: '2023-01-01', units: 60n * U },
          { subscribedOn: '2025-01-15', units: 40n * U },
        ],
        requestedOn: '2025-06-01',
      },
      ['2025-06-30', 100n * U, 0n, 10_000_000n, 120_000n],
    ],
    [
      'soft lock-up after it ends charges nothing',
      {
        terms: terms({ lockUp: soft }),
        lots: [{ subscribedOn: '2024-01-15', units: 100n * U }],
        requestedOn: '2025-06-01',
      },
      ['2025-06-30', 100n * U, 0n, 10_000_000n, 0n],
    ],
    // Soft penalty rounds up: 1 unit fraction (0.000001 x 1,000 USD = 0.1 cent -> 0 cents gross);
    // 0.333333 units x 1,000 = 333.333 USD -> 33,333 cents; 3% = 999.99 -> 1,000 cents.
    [
      'a soft penalty rounds up, in favour of the fund',
      {
        terms: terms({ lockUp: soft }),
        lots: [{ subscribedOn: '2025-01-15', units: 333_333n }],
        units: 333_333n,
        requestedOn: '2025-06-01',
      },
      ['2025-06-30', 333_333n, 0n, 33_333n, 1_000n],
    ],
    // Fund gate 25%: 1,000 units outstanding, cap 250; 400 asked in total, ours 100:
    // 100 x 250 / 400 = 62.5 units now, 37.5 queued to the next month end.
    [
      'a fund-level gate deals pro rata and queues the rest',
      {
        terms: terms({ gate: { basis: 'fund', bps: 2_500 } }),
        fund: { unitsOutstanding: 1_000n * U, unitsRequested: 400n * U },
      },
      ['2025-03-31', 62_500_000n, 37_500_000n, 6_250_000n, 0n],
    ],
    [
      'a fund-level gate not reached deals everything',
      {
        terms: terms({ gate: { basis: 'fund', bps: 2_500 } }),
        fund: { unitsOutstanding: 1_000n * U, unitsRequested: 250n * U },
      },
      ['2025-03-31', 100n * U, 0n, 10_000_000n, 0n],
    ],
    // Investor gate 25% of a 100-unit holding: 25 now, 35 of 60 queued.
    [
      'an investor-level gate caps at a share of the holding',
      { terms: terms({ gate: { basis: 'investor', bps: 2_500 } }), units: 60n * U },
      ['2025-03-31', 25n * U, 35n * U, 2_500_000n, 0n],
    ],
  ])('%s', (_, patch, expected) => {
    const r = decideRedemption({ ...base, ...patch });
    if (typeof expected === 'string') {
      expect(r.ok ? 'ok' : r.code).toBe(expected);
      return;
    }
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const d = r.value;
    expect([d.dealingDate, d.unitsRedeemed, d.unitsQueued, d.gross, d.penalty]).toEqual(expected);
    expect(d.net).toBe(d.gross - d.penalty);
    expect(d.lotsTaken.reduce((s, l) => s + l.units, 0n)).toBe(d.unitsRedeemed);
  });

  it('says until when a hard lock-up holds, and queues to the next dealing date', () => {
    const locked = decideRedemption({
      ...base,
      terms: terms({ lockUp: hard }),
      lots: [{ subscribedOn: '2024-06-15', units: 100n * U }],
      requestedOn: '2025-05-01',
    });
    expect(locked.ok ? null : locked.detail).toEqual({
      dealingDate: '2025-05-31',
      lockedUntil: '2025-06-15',
    });
    const gated = decideRedemption({
      ...base,
      terms: terms({ redemptionFrequency: 'quarterly', gate: { basis: 'investor', bps: 1_000 } }),
    });
    expect(gated.ok ? [gated.value.dealingDate, gated.value.queuedTo] : null).toEqual([
      '2025-03-31',
      '2025-06-30',
    ]);
  });
});
