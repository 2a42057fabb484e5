import { describe, expect, it } from 'vitest';
import { classifyAddress, nameConfidence, normaliseName, parseScreeningCsv } from './screening.ts';

describe('nameConfidence', () => {
  it.each([
    ['Garantex', 'Garantex', 1],
    ['  GARANTEX  ', 'garantex', 1],
    ['Garantex Europe', 'garantex-europe', 1],
    ['Bitzlato Ltd.', 'bitzlato ltd', 1],
    ['Garantex', 'Garantex Europe', 0.5],
    ['Garantex Europe OU', 'Garantex Europe', 0.667],
    ['Suex', 'Chatex', 0],
    ['', 'Chatex', 0],
    ['Éxchange Ünion', 'exchange union', 1],
  ])('%s vs %s = %s', (a, b, want) => {
    expect(nameConfidence(a, b)).toBe(want);
  });

  it('normalises case, accents and punctuation', () => {
    expect(normaliseName('  Kripto—Birzha, LLC ')).toBe('kripto birzha llc');
  });
});

describe('parseScreeningCsv', () => {
  it('reads a header with address and asset, keeping line numbers and skipping blanks', () => {
    const rows = parseScreeningCsv('asset,address\nBTC,1abc\n\n,0xdef\n');
    expect(rows).toEqual([
      { row: 2, address: '1abc', asset: 'BTC' },
      { row: 4, address: '0xdef', asset: null },
    ]);
  });

  it('reads a headerless file as address first, asset second', () => {
    expect(parseScreeningCsv('"1abc";XBT\n0xdef')).toEqual([
      { row: 1, address: '1abc', asset: 'XBT' },
      { row: 2, address: '0xdef', asset: null },
    ]);
  });
});

describe('classifyAddress', () => {
  it('finds the chain of a valid address and a code for an invalid one', () => {
    expect(classifyAddress('1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2')).toMatchObject({
      ok: true,
      chain: 'BTC',
    });
    expect(classifyAddress('0x1234')).toEqual({ ok: false, code: 'bad_length' });
    expect(classifyAddress('1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN3')).toEqual({
      ok: false,
      code: 'bad_checksum',
    });
  });
});
