import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalize as verifierCanonicalize } from '../../verifier/src/canonical.ts';
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

describe('canonicalize against the standalone verifier', () => {
  // The verifier's implementation is written separately and has no shape cache, so agreement on
  // arbitrary values (keys of every kind, keys left undefined, shapes seen again) is a real check.
  const key = fc.oneof(
    fc.constantFrom('a', 'b', 'id', 'amount', '€', '\u0080', '10', '9', '', '"', 'a\\b'),
    fc.string({ maxLength: 4 }),
  );
  const value = fc.letrec((tie) => ({
    json: fc.oneof(
      { maxDepth: 4 },
      fc.constant(null),
      fc.boolean(),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.integer(),
      fc.string(),
      fc.array(tie('json'), { maxLength: 4 }),
      fc.dictionary(key, fc.option(tie('json'), { nil: undefined }), { maxKeys: 6 }),
    ),
  })).json;

  it('gives the same text for any value', () => {
    fc.assert(
      fc.property(fc.array(value, { maxLength: 3 }), (values) => {
        for (const v of values) expect(canonicalize(v)).toBe(verifierCanonicalize(v));
      }),
      { numRuns: 2000 },
    );
  });

  it('leaves out undefined keys wherever they fall in the order', () => {
    expect(canonicalize({ a: undefined, b: 1, c: 2 })).toBe('{"b":1,"c":2}');
    expect(canonicalize({ b: 1, a: undefined, c: undefined })).toBe('{"b":1}');
    expect(canonicalize({ a: undefined })).toBe('{}');
    // The same key set with other values left out reuses the cached shape.
    expect(canonicalize({ c: 3, a: 1, b: undefined })).toBe('{"a":1,"c":3}');
  });

  it('never mistakes one key set for another with the same signature', () => {
    // Found by the property above: [""] and [] joined alike, and so do ["a\0", "b"] and ["a", "\0b"].
    expect(canonicalize({})).toBe('{}');
    expect(canonicalize({ '': {} })).toBe('{"":{}}');
    expect(canonicalize({ 'a\u0000': 1, b: 2 })).toBe('{"a\\u0000":1,"b":2}');
    expect(canonicalize({ a: 1, '\u0000b': 2 })).toBe('{"\\u0000b":2,"a":1}');
  });
});
