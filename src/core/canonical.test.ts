import { describe, expect, it } from 'vitest';
import { canonicalize } from './canonical.ts';

describe('canonicalize (RFC 8785)', () => {
  it('sorts keys by UTF-16 code units and drops whitespace', () => {
    expect(canonicalize({ b: 1, a: [true, null, 'x'], '€': 0, '\u0080': 1 })).toBe(
      '{"a":[true,null,"x"],"b":1,"\u0080":1,"€":0}',
    );
  });

  it('serialises numbers as ECMAScript does (RFC 8785 §3.2.2.3 examples)', () => {
    expect(canonicalize([1e21, 1e-7, -0, 0.000001, 333333333.3333333])).toBe(
      '[1e+21,1e-7,0,0.000001,333333333.3333333]',
    );
  });

  it('refuses values that have no canonical form', () => {
    expect(() => canonicalize(Number.NaN)).toThrow();
    expect(() => canonicalize(10n)).toThrow();
    expect(() => canonicalize({ f: () => 1 })).toThrow();
  });
});
