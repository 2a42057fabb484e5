import { describe, expect, it } from 'vitest';
import { DEMO_ALLOCATION_POLICY } from '../../src/demo/managers.ts';
import {
  bucketRows,
  capUsage,
  pct,
  pctIn,
  shareBps,
  usd,
  usdIn,
  usdShort,
} from '../../web/src/reserve/format.ts';
import type { AllocationLine, PolicyVersion } from '../../web/src/reserve/types.ts';

/**
 * The reserve pages' pure helpers: money from cent strings without floats, shares rounded down as
 * the server rounds them, each bucket against its band, and the crypto cap and liquidity minimum.
 */
const LINES: AllocationLine[] = [
  { bucket: 'gold', value: '15633192453', targetBps: 5500, bandBps: 1000 },
  { bucket: 'fx', value: '9485576900', targetBps: 3000, bandBps: 1000 },
  { bucket: 'hedge_funds', value: '4403454021', targetBps: 1000, bandBps: 500 },
  { bucket: 'venture_funds', value: '1298600000', targetBps: 500, bandBps: 300 },
];
const TOTAL = '30820823374';

const POLICY: PolicyVersion['policy'] = DEMO_ALLOCATION_POLICY;

describe('reserve page helpers', () => {
  it('formats cents exactly, with and without the cents', () => {
    expect(usd('123456789')).toBe('$1,234,568');
    expect(usd('123456789', true)).toBe('$1,234,567.89');
    expect(usd('-5', true)).toBe('−$0.05');
    expect(usd('0')).toBe('$0');
    // Past 2^53 cents a float would lose the last digits; the string path does not.
    expect(usd('900719925474099312', true)).toBe('$9,007,199,254,740,993.12');
    expect(usdShort(TOTAL)).toBe('$308.2M');
  });

  it('rounds shares down like the server and survives an empty reserve', () => {
    expect(shareBps('1', '3')).toBe(3333);
    expect(shareBps('2', '3')).toBe(6666);
    expect(shareBps('5', '0')).toBe(0);
    expect(pct(1234)).toBe('12.3%');
  });

  it('places each bucket within, above or below its band', () => {
    const rows = bucketRows(LINES, TOTAL);
    expect(rows.map((r) => [r.bucket, r.shareBps, r.state])).toEqual([
      ['gold', 5072, 'within'],
      ['fx', 3077, 'within'],
      ['hedge_funds', 1428, 'within'],
      ['venture_funds', 421, 'within'],
    ]);
    const heavy = bucketRows(
      [
        { bucket: 'gold', value: '20', targetBps: 5500, bandBps: 1000 },
        { bucket: 'hedge_funds', value: '80', targetBps: 1000, bandBps: 500 },
      ],
      '100',
    );
    expect(heavy.map((r) => r.state)).toEqual(['below', 'above']);
  });

  it('measures the crypto cap and the liquidity minimum against the policy', () => {
    expect(capUsage(LINES, TOTAL, POLICY)).toEqual([
      expect.objectContaining({ measuredBps: 1850, limitBps: 2000, breached: false }),
      expect.objectContaining({ measuredBps: 8149, limitBps: 7000, breached: false }),
    ]);
    const lines: AllocationLine[] = [
      { bucket: 'fx', value: '60', targetBps: 3000, bandBps: 1000 },
      { bucket: 'venture_funds', value: '40', targetBps: 500, bandBps: 300 },
    ];
    expect(capUsage(lines, '100', POLICY).map((c) => [c.measuredBps, c.breached])).toEqual([
      [4000, true],
      [6000, true],
    ]);
  });

  it("writes the same figures in the reader's language, rounded the same way", () => {
    expect(usdIn('en-GB', '123456789')).toBe(usd('123456789'));
    expect(usdIn('en-GB', '123456789', true)).toBe('$1,234,567.89');
    expect(usdIn('ru-RU', '123456789').replace(/\s/g, ' ')).toBe('1 234 568 $');
    expect(pctIn('en-GB', 1234)).toBe(pct(1234));
    expect(pctIn('en-GB', 420, 2)).toBe('4.20%');
    expect(pctIn('ru-RU', 1234).replace(/\s/g, ' ')).toBe('12,3 %');
  });
});
