import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCsv } from './csv.ts';
import { csvField, toCsv } from './csv.ts';

/** Every export writes through this one writer; a reader must get back exactly what was written. */
describe('CSV writer', () => {
  const cell = fc.oneof(
    fc.string({ unit: fc.constantFrom('a', 'b', ',', '"', '\n', '\r', ' ', "'", '=') }),
    fc.string(),
  );
  const table = fc.integer({ min: 1, max: 4 }).chain((width) =>
    fc.tuple(
      fc.array(fc.string({ unit: 'grapheme-ascii', minLength: 1 }), {
        minLength: width,
        maxLength: width,
      }),
      fc.array(fc.array(cell, { minLength: width, maxLength: width }), { maxLength: 5 }),
    ),
  );

  it('reads back as written, with either line ending', () => {
    fc.assert(
      fc.property(table, fc.constantFrom('\n' as const, '\r\n' as const), ([header, rows], eol) => {
        const text = toCsv(header, rows, { eol });
        expect(text.endsWith(eol)).toBe(true);
        expect(parseCsv(text)).toEqual([header, ...rows]);
      }),
      { numRuns: 500 },
    );
  });

  it.each([
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['cr\r', '"cr\r"'],
    [null, ''],
    [undefined, ''],
    [12n, '12'],
    [-3, '-3'],
    [true, 'true'],
  ])('writes %s as %j', (value, written) => {
    expect(csvField(value)).toBe(written);
  });

  it.each([
    ['=SUM(A1:A9)', `"'=SUM(A1:A9)"`],
    ['+1 555', `"'+1 555"`],
    ['@cmd', `"'@cmd"`],
    ['-x', `"'-x"`],
    ['-12.5', '-12.5'],
    ["it's", `"it's"`],
    ['safe', 'safe'],
  ])('guards %j against spreadsheet formulas as %j', (value, written) => {
    expect(csvField(value, true)).toBe(written);
    expect(csvField(value)).toBe(value);
  });
});
