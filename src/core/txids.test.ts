import { describe, expect, it } from 'vitest';
import { validateTxid } from './txids.ts';

const HEX64 = '4a5e1e4baab89f3a32518a88c31bc87f618f76673e2cc77ab2127b7afdeda33b';

describe('validateTxid', () => {
  it.each([
    ['BTC', HEX64, HEX64],
    ['LTC', HEX64.toUpperCase(), HEX64],
    ['TRON', HEX64, HEX64],
    ['EVM', `0x${HEX64}`, `0x${HEX64}`],
    ['ETH', `0x${HEX64.toUpperCase()}`, `0x${HEX64}`],
  ])('%s %s is valid as %s', (chain, txid, normalized) => {
    expect(validateTxid(chain, txid)).toMatchObject({ ok: true, value: { normalized } });
  });

  it.each([
    ['BTC', `0x${HEX64}`, 'unknown_format'],
    ['EVM', HEX64, 'unknown_format'],
    ['BTC', HEX64.slice(1), 'bad_length'],
    ['EVM', `0x${HEX64}00`, 'bad_length'],
    ['TRON', `${HEX64.slice(1)}g`, 'bad_character'],
    ['BTC', '', 'empty'],
    ['XMR', HEX64, 'unsupported_chain'],
  ])('%s %j is %s', (chain, txid, code) => {
    const r = validateTxid(chain, txid);
    expect(r.ok ? 'valid' : r.code).toBe(code);
  });
});
