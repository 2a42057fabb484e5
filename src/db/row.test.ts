import { describe, expect, it } from 'vitest';
import { AssertionError } from '../core/assert.ts';
import { readRow } from './row.ts';

const AT = new Date('2026-01-02T03:04:05Z');

const ROW = {
  id: 'a1',
  note: null,
  tranche_no: 3,
  price: 1.5,
  amount: 10n ** 30n,
  amount_text: '-42',
  flag: true,
  at: AT,
  blob: Buffer.from('ab'),
  tags: ['x', 'y'],
  status: 'open',
  body: { k: [1, 'two'] },
  lots: [{ lotId: 'l1', units: '7' }],
  none: null,
};

const r = readRow(ROW, 'things');

describe('readRow', () => {
  it('reads each column as the driver hands it over', () => {
    expect(r.str('id')).toBe('a1');
    expect(r.strOrNull('note')).toBeNull();
    expect(r.strOrNull('id')).toBe('a1');
    expect(r.int('tranche_no')).toBe(3);
    expect(r.intOrNull('none')).toBeNull();
    expect(r.num('price')).toBe(1.5);
    expect(r.bigint('amount')).toBe(10n ** 30n);
    expect(r.bigint('amount_text')).toBe(-42n);
    expect(r.bigintOrNull('none')).toBeNull();
    expect(r.bool('flag')).toBe(true);
    expect(r.date('at')).toBe(AT);
    expect(r.dateOrNull('none')).toBeNull();
    expect(r.bytes('blob').toString()).toBe('ab');
    expect(r.strings('tags')).toEqual(['x', 'y']);
    expect(r.stringsOrNull('none')).toBeNull();
    expect(r.oneOf('status', ['open', 'closed'])).toBe('open');
    expect(r.oneOfOrNull('none', ['open'])).toBeNull();
    expect(r.jsonValue('body')).toEqual({ k: [1, 'two'] });
    expect(r.json('body', (v, where) => ({ v, where }))).toEqual({
      v: { k: [1, 'two'] },
      where: 'things.body',
    });
  });

  it('reads a JSON array of objects field by field, and NULL as no items', () => {
    const lots = r.objects('lots', (l) => ({ lotId: l.str('lotId'), units: l.bigint('units') }));
    expect(lots).toEqual([{ lotId: 'l1', units: 7n }]);
    expect(r.objects('none', (l) => l.str('lotId'))).toEqual([]);
  });

  it.each([
    ['str', () => r.str('tranche_no'), 'things.tranche_no: expected a string, got number 3'],
    ['str on null', () => r.str('note'), 'things.note: expected a string, got null'],
    ['int', () => r.int('price'), 'things.price: expected an integer, got number 1.5'],
    ['int on bigint', () => r.int('amount'), 'things.amount: expected an integer, got bigint'],
    ['num', () => r.num('id'), 'things.id: expected a number, got string "a1"'],
    ['bigint on a float', () => r.bigint('price'), 'things.price: expected an integer'],
    ['bigint on text', () => r.bigint('id'), 'things.id: expected an integer'],
    ['bigint on null', () => r.bigint('none'), 'things.none: expected an integer'],
    ['bool', () => r.bool('id'), 'things.id: expected a boolean, got string "a1"'],
    ['date', () => r.date('id'), 'things.id: expected a Date, got string "a1"'],
    ['bytes', () => r.bytes('id'), 'things.id: expected bytes'],
    [
      'strings',
      () => r.strings('body'),
      'things.body: expected an array of strings, got an object',
    ],
    ['oneOf', () => r.oneOf('status', ['closed']), 'things.status: expected one of closed'],
    ['objects', () => r.objects('tags', (l) => l), 'things.tags[]: expected a JSON object'],
    ['nested', () => r.objects('lots', (l) => l.int('units')), 'things.lots[].units: expected'],
    ['missing', () => r.str('nope'), 'things.nope: the row has no such column'],
    ['missing nullable', () => r.strOrNull('nope'), 'things.nope: the row has no such column'],
  ])('asserts on a wrong value and names where it came from (%s)', (_, read, message) => {
    expect(read).toThrow(AssertionError);
    expect(read).toThrow(message);
  });

  it('refuses an invalid Date and numbers in a text array', () => {
    const bad = readRow({ at: new Date(Number.NaN), tags: ['a', 1] }, 't');
    expect(() => bad.date('at')).toThrow('t.at: expected a Date, got Date(invalid)');
    expect(() => bad.strings('tags')).toThrow('t.tags: expected an array of strings, got an array');
  });
});
