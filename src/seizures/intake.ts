import { isAssetCode, type AssetCode } from '../core/assets.ts';
import { parseAmount, type AmountError } from '../core/money.ts';
import { err, ok, type Result } from '../core/result.ts';
import { parseChain, validateAddress, type Chain } from '../core/addresses.ts';
import { assetOnChain, CUSTODY_KINDS, type CustodyKind } from './model.ts';
import { validateTxid } from '../core/txids.ts';

/**
 * Checks one lot of an intake before anything is written: the asset and its chain, the amount at
 * the asset's scale, every address for that chain (a wrong-network address has its own code) and
 * every transaction id. Pure, so the bulk importer validates a whole file with the same rules.
 */
export interface LotText {
  readonly asset: string;
  readonly chain: string;
  readonly amount: string;
  readonly addresses: readonly string[];
  readonly txids: readonly string[];
  readonly evidence: readonly { readonly sha256: string; readonly name: string }[];
  readonly custodyKind: string;
  readonly custodyRef: string;
}

export interface ValidLot {
  readonly asset: AssetCode;
  readonly chain: Chain;
  readonly amountUnits: bigint;
  readonly addresses: readonly string[];
  readonly txids: readonly string[];
  readonly evidence: readonly { readonly sha256: string; readonly name: string }[];
  readonly custodyKind: CustodyKind;
  readonly custodyRef: string;
}

export type LotError =
  | AmountError
  | 'asset_unknown'
  | 'chain_unsupported'
  | 'asset_not_on_chain'
  | 'amount_must_be_positive'
  | 'lot_needs_address'
  | 'address_invalid'
  | 'address_on_wrong_network'
  | 'txid_invalid'
  | 'evidence_hash_invalid'
  | 'custody_invalid';

export function validateLot(t: LotText): Result<ValidLot, LotError> {
  if (!isAssetCode(t.asset)) return err('asset_unknown', `no asset ${t.asset}`, { field: 'asset' });
  const chain = parseChain(t.chain);
  if (chain === null) return err('chain_unsupported', `no chain ${t.chain}`, { field: 'chain' });
  if (!assetOnChain(t.asset, chain)) {
    return err('asset_not_on_chain', `${t.asset} is not held on ${chain}`, { field: 'chain' });
  }
  const amount = parseAmount(t.amount, t.asset);
  if (!amount.ok) return err(amount.code, amount.message, { field: 'amount', ...amount.detail });
  if (amount.value <= 0n) return err('amount_must_be_positive', 'a lot holds something');
  const addresses = checkAddresses(chain, t.addresses);
  if (!addresses.ok) return addresses;
  const txids: string[] = [];
  for (const [index, txid] of t.txids.entries()) {
    const v = validateTxid(chain, txid);
    if (!v.ok) return err('txid_invalid', v.message, { field: 'txids', index, reason: v.code });
    txids.push(v.value.normalized);
  }
  if (t.evidence.some((e) => !/^[0-9a-f]{64}$/.test(e.sha256))) {
    return err('evidence_hash_invalid', 'evidence is kept by its SHA-256 (64 lower-case hex)', {
      field: 'evidence',
    });
  }
  const kind = CUSTODY_KINDS.find((k) => k === t.custodyKind);
  if (kind === undefined || t.custodyRef.trim().length === 0) {
    return err(
      'custody_invalid',
      `custody is one of ${CUSTODY_KINDS.join(', ')} with a reference`,
      {
        field: 'custody',
      },
    );
  }
  return ok({
    asset: t.asset,
    chain,
    amountUnits: amount.value,
    addresses: addresses.value,
    txids: [...new Set(txids)],
    evidence: t.evidence,
    custodyKind: kind,
    custodyRef: t.custodyRef.trim(),
  });
}

function checkAddresses(chain: Chain, list: readonly string[]): Result<string[], LotError> {
  if (list.length === 0) return err('lot_needs_address', 'a lot names at least one address');
  const out: string[] = [];
  for (const [index, address] of list.entries()) {
    const v = validateAddress(chain, address);
    if (!v.ok) {
      const code = v.code === 'wrong_network' ? 'address_on_wrong_network' : 'address_invalid';
      return err(code, v.message, {
        field: 'addresses',
        index,
        reason: v.code,
        ...(v.detail ?? {}),
      });
    }
    out.push(v.value.normalized);
  }
  return ok([...new Set(out)]);
}
