import { describe, expect, it } from 'vitest';
import { scanRecordIds, scanResponse } from './forbidden.ts';

/** The scanner must be able to fail: each net catches a planted field, and clean data passes. */
const VALUES = [
  { label: 'user id', value: '01941f29-7c00-7da7-ae9c-00000000abcd' },
  { label: 'user name', value: 'risk' },
  { label: 'reason', value: 'Initial allocation to the reserve' },
];
const json = (v: unknown): string => JSON.stringify(v);

describe('forbidden-fields scanner', () => {
  it('passes a clean public response', () => {
    const body = json({ lines: [{ bucket: 'gold', share: '60.00', custody: 'held_in_custody' }] });
    expect(scanResponse('GET /x', body, 'application/json', VALUES)).toEqual([]);
    expect(scanResponse('GET /x.csv', 'asset,seized\r\nBTC,58.8\r\n', 'text/csv', VALUES)).toEqual(
      [],
    );
  });

  it('flags a forbidden field name, in JSON and as a CSV column', () => {
    const found = scanResponse(
      'GET /x',
      json({ lots: [{ partyRefs: [] }] }),
      'application/json',
      [],
    );
    expect(found.map((f) => f.what)).toEqual(['forbidden field partyRefs']);
    expect(scanResponse('GET /x', json({ email: null }), 'application/json', [])).toHaveLength(1);
    expect(scanResponse('GET /x', 'asset,reason\r\nBTC,x\r\n', 'text/csv', [])).toHaveLength(1);
  });

  it('flags party and victim references and e-mail addresses anywhere', () => {
    const planted = json({ label: 'lot of party:7f3a', other: 'victim:000417', c: 'a.b@gov.kz' });
    const whats = scanResponse('GET /x', planted, 'application/json', []).map((f) => f.what);
    expect(whats).toEqual([
      'party reference: party:',
      'victim reference: victim:',
      'e-mail address: a.b@gov.kz',
    ]);
  });

  it('flags a real private value: long ones anywhere, short ones as a whole field', () => {
    const id = scanResponse(
      'GET /x',
      json({ by: 'x 01941f29-7c00-7da7-ae9c-00000000abcd' }),
      'application/json',
      VALUES,
    );
    expect(id.map((f) => f.what)).toEqual(['user id: 01941f29-7c00-7da7-ae9c-00000000abcd']);
    expect(scanResponse('GET /x', json({ who: 'risk' }), 'application/json', VALUES)).toHaveLength(
      1,
    );
    expect(
      scanResponse('GET /x', json({ page: 'risk report' }), 'application/json', VALUES),
    ).toEqual([]);
    expect(scanResponse('GET /x', 'a,b\r\n1,risk\r\n', 'text/csv', VALUES)).toHaveLength(1);
  });

  it('flags a record id of the database anywhere, in any case, and no other uuid', () => {
    const ids = new Map([['01941f29-7c00-7dba-8f3d-9327689a27f4', 'seizure_lots']]);
    const body = json({
      leaf: 'lot 01941F29-7C00-7DBA-8F3D-9327689A27F4',
      report: VALUES[0]?.value,
    });
    expect(scanRecordIds('GET /x', body, ids)).toEqual([
      {
        where: 'GET /x',
        what: 'record id from seizure_lots: 01941f29-7c00-7dba-8f3d-9327689a27f4',
      },
    ]);
    expect(scanRecordIds('GET /x', json({ report: VALUES[0]?.value }), ids)).toEqual([]);
  });
});
