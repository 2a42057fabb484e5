import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decimalKey } from '../../web/src/portal/format.ts';

/** Tables sort amounts by an exact key: the order of the decimals themselves, never of floats. */
describe('decimalKey', () => {
  it('orders decimals as numbers, signs and fractions included', () => {
    const sorted = ['3', '-12.5', '0.000000000000000001', '10', '-0.1', '9.99'].sort((a, b) => {
      const d = decimalKey(a) - decimalKey(b);
      return d < 0n ? -1 : d > 0n ? 1 : 0;
    });
    expect(sorted).toEqual(['-12.5', '-0.1', '0.000000000000000001', '3', '9.99', '10']);
  });

  it('tells apart amounts a float cannot', () => {
    expect(decimalKey('9007199254740993') > decimalKey('9007199254740992')).toBe(true);
  });

  it('agrees with bigint order on integers', () => {
    fc.assert(
      fc.property(fc.bigInt(), fc.bigInt(), (a, b) => {
        expect(decimalKey(a.toString()) < decimalKey(b.toString())).toBe(a < b);
      }),
    );
  });
});
