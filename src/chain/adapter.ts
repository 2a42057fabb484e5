import type { AssetCode } from '../core/assets.ts';
import type { Result } from '../core/result.ts';

/**
 * What Kazna asks of a chain, behind one small interface: a Bitcoin Core node (Bitcoin, Litecoin, with
 * network parameters injected) or an EVM node (native ETH and ERC-20 tokens). Amounts are base units.
 * A node that cannot be reached throws; expected outcomes (unknown transaction, rejected broadcast)
 * are values.
 */
export type ChainKind = 'utxo' | 'evm';

export interface ChainOutput {
  /** Position in the transaction (vout) or in the receipt's logs for a token transfer. */
  readonly index: number;
  /** Null when the script pays no standard address. */
  readonly address: string | null;
  readonly amount: bigint;
  /** The sender, where the chain says who it is (EVM). */
  readonly from?: string;
}

export interface ChainTransaction {
  readonly txid: string;
  /** Null while unconfirmed. */
  readonly blockHeight: number | null;
  readonly confirmations: number;
  /** False for an EVM transaction that reverted. */
  readonly succeeded: boolean;
  readonly outputs: readonly ChainOutput[];
  /** The fee the sender paid, where the node reports it (EVM: gas used times its price). */
  readonly fee?: bigint;
}

export type BroadcastError = 'broadcast_rejected';

export interface ChainAdapter {
  readonly kind: ChainKind;
  /** The assets this node can answer for. */
  readonly assets: readonly AssetCode[];
  tipHeight(): Promise<number>;
  /** Null when the node does not know the transaction. */
  transaction(asset: AssetCode, txid: string): Promise<ChainTransaction | null>;
  /** Balance of each address at the end of block `height`, in base units of `asset`. */
  balancesAt(
    asset: AssetCode,
    addresses: readonly string[],
    height: number,
    fromHeight: number,
  ): Promise<Map<string, bigint>>;
  broadcast(raw: string): Promise<Result<string, BroadcastError>>;
}
