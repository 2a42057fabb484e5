import { describe, expect, it } from 'vitest';
import {
  LADDER_DAYS,
  liquidityLadder,
  nextDealingDay,
  dayNumber,
  dayString,
  type LiquidityTerms,
} from './liquidity.ts';

/** asOf is Wednesday 2025-01-15; each row redeems a 1000-unit position in full today. */
const AS_OF = '2025-01-15';

const ROWS: readonly (readonly [
  string,
  LiquidityTerms,
  readonly [number, number, number, number, number],
  number,
])[] = [
  ['cash', { kind: 'cash' }, [1000, 1000, 1000, 1000, 1000], 0],
  ['market, T+2', { kind: 'market', settlementDays: 2 }, [0, 1000, 1000, 1000, 1000], 0],
  [
    'market, 10%/day tranches, T+1',
    { kind: 'market', settlementDays: 1, dailySaleBpsMax: 1000 },
    [100, 700, 1000, 1000, 1000],
    0,
  ],
  [
    'daily fund, T+1',
    { kind: 'fund', frequency: 'daily', noticeDays: 0, settlementDays: 1 },
    [1000, 1000, 1000, 1000, 1000],
    0,
  ],
  [
    'weekly (Fridays), 3 days notice, T+2: Fri 24 Jan + 2',
    { kind: 'fund', frequency: 'weekly', noticeDays: 3, settlementDays: 2 },
    [0, 0, 1000, 1000, 1000],
    0,
  ],
  [
    'monthly, no notice: 31 Jan',
    { kind: 'fund', frequency: 'monthly', noticeDays: 0, settlementDays: 0 },
    [0, 0, 1000, 1000, 1000],
    0,
  ],
  [
    'monthly, 30 days notice: 28 Feb',
    { kind: 'fund', frequency: 'monthly', noticeDays: 30, settlementDays: 0 },
    [0, 0, 0, 1000, 1000],
    0,
  ],
  [
    'quarterly, 45 days notice, T+10: 31 Mar + 10',
    { kind: 'fund', frequency: 'quarterly', noticeDays: 45, settlementDays: 10 },
    [0, 0, 0, 1000, 1000],
    0,
  ],
  [
    'quarterly, 65 days notice, T+10: 31 Mar + 10 = day 85',
    { kind: 'fund', frequency: 'quarterly', noticeDays: 65, settlementDays: 10 },
    [0, 0, 0, 1000, 1000],
    0,
  ],
  [
    'quarterly, 76 days notice: misses March, 30 Jun',
    { kind: 'fund', frequency: 'quarterly', noticeDays: 76, settlementDays: 0 },
    [0, 0, 0, 0, 1000],
    0,
  ],
  [
    'semiannual: 30 Jun',
    { kind: 'fund', frequency: 'semiannual', noticeDays: 0, settlementDays: 0 },
    [0, 0, 0, 0, 1000],
    0,
  ],
  [
    'annual, 90 days notice: 31 Dec',
    { kind: 'fund', frequency: 'annual', noticeDays: 90, settlementDays: 0 },
    [0, 0, 0, 0, 1000],
    0,
  ],
  [
    'lock-up to 30 Jun beats 30 days notice',
    {
      kind: 'fund',
      frequency: 'monthly',
      noticeDays: 30,
      settlementDays: 0,
      lockupEnds: '2025-06-30',
    },
    [0, 0, 0, 0, 1000],
    0,
  ],
  [
    'lock-up already over: notice governs',
    {
      kind: 'fund',
      frequency: 'monthly',
      noticeDays: 0,
      settlementDays: 0,
      lockupEnds: '2024-06-30',
    },
    [0, 0, 1000, 1000, 1000],
    0,
  ],
  [
    'quarterly gate 25%: one quarter by day 90, all by 31 Dec',
    { kind: 'fund', frequency: 'quarterly', noticeDays: 0, settlementDays: 0, gateBps: 2500 },
    [0, 0, 0, 250, 1000],
    0,
  ],
  [
    'monthly gate 10% after a lock-up to 30 Sep: four dealings in the year',
    {
      kind: 'fund',
      frequency: 'monthly',
      noticeDays: 0,
      settlementDays: 0,
      gateBps: 1000,
      lockupEnds: '2025-09-30',
    },
    [0, 0, 0, 0, 400],
    600,
  ],
  [
    'side pocket 20%: never in the ladder',
    { kind: 'fund', frequency: 'monthly', noticeDays: 0, settlementDays: 0, sidePocketBps: 2000 },
    [0, 0, 800, 800, 800],
    200,
  ],
  ['venture fund: illiquid', { kind: 'venture' }, [0, 0, 0, 0, 0], 1000],
  [
    'restricted (seized, not yet forfeited): illiquid',
    { kind: 'illiquid', reason: 'forfeiture_pending' },
    [0, 0, 0, 0, 0],
    1000,
  ],
];

describe('liquidity ladder', () => {
  it.each(ROWS)('%s', (_name, terms, expected, illiquid) => {
    const ladder = liquidityLadder(AS_OF, [{ id: 'p', value: 1000n, terms }]);
    expect(ladder.rungs.map((r) => r.days)).toEqual([...LADDER_DAYS]);
    expect(ladder.rungs.map((r) => Number(r.cumulative))).toEqual(expected);
    expect(Number(ladder.illiquid)).toBe(illiquid);
  });

  it('adds positions, and the rungs never decrease', () => {
    const ladder = liquidityLadder(
      AS_OF,
      ROWS.map(([id, terms]) => ({ id, value: 1000n, terms })),
    );
    expect(ladder.total).toBe(BigInt(1000 * ROWS.length));
    const rungs = ladder.rungs.map((r) => r.cumulative);
    for (let i = 1; i < rungs.length; i++) expect(rungs[i]! >= rungs[i - 1]!).toBe(true);
    expect(rungs.at(-1)! + ladder.illiquid).toBe(ladder.total);
  });

  it.each([
    ['2025-01-15', 'weekly', '2025-01-17'],
    ['2025-01-17', 'weekly', '2025-01-17'],
    ['2025-02-01', 'monthly', '2025-02-28'],
    ['2024-02-01', 'monthly', '2024-02-29'],
    ['2025-04-01', 'quarterly', '2025-06-30'],
    ['2025-07-01', 'semiannual', '2025-12-31'],
    ['2025-12-31', 'annual', '2025-12-31'],
  ] as const)('the dealing date on or after %s (%s) is %s', (day, frequency, expected) => {
    expect(dayString(nextDealingDay(dayNumber(day), frequency))).toBe(expected);
  });
});
