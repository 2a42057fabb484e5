import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, testTargets, type TestDatabase } from '../../test/support/targets.ts';
import { integerArray, textArray, uuidArray } from './arrays.ts';

describe('array literals, offline', () => {
  it('joins uuids and integers as they are and writes NULL for null', () => {
    const id = '0192f0a4-7d1c-7e0a-8b1b-2f3c4d5e6f70';
    expect(uuidArray([id, null])).toBe(`{${id},NULL}`);
    expect(integerArray(['12', -3, 10n ** 30n, null])).toBe(
      '{12,-3,1000000000000000000000000000000,NULL}',
    );
    expect(uuidArray([])).toBe('{}');
  });

  it('quotes every text and escapes quotes and backslashes', () => {
    expect(textArray(['a', 'NULL', 'x,y', 'say "hi"', 'C:\\', null])).toBe(
      '{"a","NULL","x,y","say \\"hi\\"","C:\\\\",NULL}',
    );
  });

  it('refuses an element that would change the meaning of the literal', () => {
    expect(() => uuidArray(['x}'])).toThrow(/not a uuid/);
    expect(() => integerArray(['1,2'])).toThrow(/not an integer/);
    expect(() => integerArray(['1.5'])).toThrow(/not an integer/);
  });
});

describe.each(testTargets())('array literals on $label', (target) => {
  let d: TestDatabase;
  beforeAll(async () => {
    d = await freshDatabase(target);
  });
  afterAll(async () => {
    await d.drop();
  });

  it('any text round-trips through $1::text[] unchanged', async () => {
    // PostgreSQL text cannot hold NUL; everything else, including quotes, braces, backslashes,
    // whitespace, the word NULL and astral characters, must come back as it went in.
    const text = fc.string({ unit: 'binary', maxLength: 12 }).map((s) => s.replace(/\0/g, ''));
    const element = fc.oneof(
      text,
      fc.constantFrom('NULL', 'null', '"', '\\', '{}', ' ', ',', '\\"', 'a b'),
      fc.constant(null),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(element, { maxLength: 8 }), async (values) => {
        const [row] = await d.db.query<{ v: (string | null)[] }>('SELECT $1::text[] AS v', [
          textArray(values),
        ]);
        expect(row?.v).toEqual(values);
      }),
      { numRuns: 200 },
    );
  });

  it('uuids and numerics round-trip, nulls included', async () => {
    const [row] = await d.db.query<{ u: (string | null)[]; n: (string | null)[] }>(
      'SELECT $1::uuid[] AS u, $2::numeric[]::text[] AS n',
      [
        uuidArray(['0192f0a4-7d1c-7e0a-8b1b-2f3c4d5e6f70', null]),
        integerArray([10n ** 40n, null, '0']),
      ],
    );
    expect(row?.u).toEqual(['0192f0a4-7d1c-7e0a-8b1b-2f3c4d5e6f70', null]);
    expect(row?.n).toEqual([(10n ** 40n).toString(), null, '0']);
  });
});
