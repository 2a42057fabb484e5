import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testKazna, testTargets, type TestKazna } from '../../test/support/targets.ts';
import { SYSTEM } from '../core/identity.ts';
import { parseCsv } from '../core/csv.ts';
import { CSV_HEADER, errorReport, validateCsv } from './import.ts';
import { ADDRESSES, world } from '../../test/support/seizures.ts';

const HEADER = CSV_HEADER.join(',');
const GOOD = [
  `Police,KZ-9,Court,2025-04-01,BTC,BTC,0.5,${ADDRESSES.btc},${'ab'.repeat(32)},,seizure_wallet,wallet 1`,
  `Police,KZ-9,Court,2025-04-01,USDT,TRON,100,"${ADDRESSES.tron};${ADDRESSES.tron2}",,,exchange_freeze,"Exchange, frozen"`,
];
const BAD = [
  `Police,KZ-9,Court,2025-04-01,BTC,BTC,0.5,${ADDRESSES.tron},,,seizure_wallet,w`,
  `Police,KZ-9,Court,2025-04-01,BTC,BTC,0.123456789,${ADDRESSES.btc},,,seizure_wallet,w`,
  `Police,KZ-9,Court,2025-04-01,BTC,BTC,1`,
];

describe('CSV intake validation', () => {
  it('parses quoted fields with commas and doubled quotes', () => {
    expect(parseCsv('a,"b, c","d ""e"""\r\n1,2,3\n')).toEqual([
      ['a', 'b, c', 'd "e"'],
      ['1', '2', '3'],
    ]);
  });

  it('checks every row and reports one line per bad row', () => {
    const r = validateCsv([HEADER, ...GOOD, ...BAD].join('\n'));
    if (!r.ok) throw new Error(r.message);
    expect(r.value.rows.map((x) => x.line)).toEqual([2, 3]);
    expect(r.value.errors.map((e) => [e.line, e.code])).toEqual([
      [4, 'address_on_wrong_network'],
      [5, 'amount_exceeds_asset_scale'],
      [6, 'row_has_wrong_field_count'],
    ]);
    expect(errorReport(r.value.errors).trim().split('\n')).toHaveLength(4);
    expect(validateCsv('nope\n').ok).toBe(false);
  });
});

describe.each(testTargets())('CSV intake on $label PostgreSQL', (target) => {
  let k: TestKazna;
  beforeAll(async () => {
    k = await testKazna(target);
    await world(k);
  });
  afterAll(() => k.close());

  it('imports the valid rows in one transaction, opening the case once', async () => {
    const r = validateCsv([HEADER, ...GOOD].join('\n'));
    if (!r.ok) throw new Error(r.message);
    const seen: number[] = [];
    const done = await k.services.seizures.importRows(SYSTEM, r.value.rows, (n) => seen.push(n));
    expect(done).toMatchObject({
      ok: true,
      value: { lots: 2, created: [{ line: 2 }, { line: 3 }] },
    });
    expect(seen).toEqual([1, 2]);
    expect(await k.db.query('SELECT case_number FROM seizure_cases')).toEqual([
      { case_number: 'KZ-9' },
    ]);
    const lots = await k.services.seizures.lots(SYSTEM, { limit: 10 });
    expect(lots.map((l) => l.custodyRef).sort()).toEqual(['Exchange, frozen', 'wallet 1']);
  });
});
