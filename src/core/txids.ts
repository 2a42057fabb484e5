import { err, ok, type Result } from './result.ts';
import { CHAINS, parseChain, type Chain } from './addresses.ts';

/**
 * Transaction ids, checked for shape per chain: 64 hex digits for BTC, LTC and TRON, and `0x` plus
 * 64 hex digits for EVM chains. Stored lower case, so the same id typed twice is one id.
 */
export type TxidReason =
  'empty' | 'unsupported_chain' | 'unknown_format' | 'bad_character' | 'bad_length';

export interface ValidTxid {
  readonly chain: Chain;
  readonly normalized: string;
}

export function validateTxid(chainText: string, txid: string): Result<ValidTxid, TxidReason> {
  const chain = parseChain(chainText);
  if (chain === null) {
    return err('unsupported_chain', `"${chainText}" is not a supported chain`, {
      supported: [...CHAINS],
    });
  }
  if (txid.length === 0) return err('empty', 'the transaction id is empty');
  const prefixed = /^0x/i.test(txid);
  const wantsPrefix = chain === 'EVM';
  if (prefixed !== wantsPrefix) {
    return err(
      'unknown_format',
      wantsPrefix
        ? 'an EVM transaction hash starts with 0x'
        : `a ${chain} transaction id is bare hex, without 0x`,
    );
  }
  const hex = prefixed ? txid.slice(2) : txid;
  if (!/^[0-9a-fA-F]*$/.test(hex)) return err('bad_character', 'a transaction id is hexadecimal');
  if (hex.length !== 64) {
    return err('bad_length', `a transaction id has 64 hex digits, not ${hex.length}`);
  }
  return ok({ chain, normalized: `${prefixed ? '0x' : ''}${hex.toLowerCase()}` });
}
