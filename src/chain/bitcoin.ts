import type { AssetCode } from '../core/assets.ts';
import { parseAmount } from '../core/money.ts';
import { err, ok, type Result } from '../core/result.ts';
import type { BroadcastError, ChainAdapter, ChainOutput, ChainTransaction } from './adapter.ts';
import type { UtxoNetwork } from './networks.ts';
import { jsonRpc, RpcError, type RpcEndpoint } from './rpc.ts';

/**
 * Bitcoin Core JSON-RPC (Bitcoin, Litecoin and other forks with the same RPC). Needs no wallet: a
 * transaction is read with `getrawtransaction` (the node runs with `txindex=1`), unspent outputs come
 * from `scantxoutset`, and a balance at a height is the sum of outputs paid to the address in blocks
 * up to that height that were not spent in those blocks, counted from the address's birth height.
 */
export interface Utxo {
  readonly txid: string;
  readonly vout: number;
  readonly amount: bigint;
  readonly scriptHex: string;
  readonly height: number;
}

export interface BitcoinAdapter extends ChainAdapter {
  readonly network: UtxoNetwork;
  unspent(address: string): Promise<Utxo[]>;
  /** The hash of the best chain's block at `height`; null above the tip. */
  blockHash(height: number): Promise<string | null>;
  /** Walks blocks [fromHeight, height] on top of a cached state (see `scanBlocks`). */
  scan(
    addresses: readonly string[],
    fromHeight: number,
    height: number,
    start: ReadonlyMap<string, OpenOutput>,
    skipUntil?: ReadonlyMap<string, number>,
  ): Promise<ScanResult>;
}

/** JSON keys whose numbers are amounts and must stay exact. */
const AMOUNT_KEYS: ReadonlySet<string> = new Set(['value', 'amount', 'total_amount']);

interface RawVout {
  readonly value: string;
  readonly n: number;
  readonly scriptPubKey: { readonly address?: string; readonly addresses?: readonly string[] };
}
interface RawVin {
  readonly txid?: string;
  readonly vout?: number;
}
interface RawTx {
  readonly txid: string;
  readonly vin: readonly RawVin[];
  readonly vout: readonly RawVout[];
  readonly blockhash?: string;
  readonly confirmations?: number;
}

function units(asset: AssetCode, value: string): bigint {
  const r = parseAmount(value, asset);
  if (!r.ok) throw new Error(`node returned an amount Kazna cannot read: ${value}`);
  return r.value;
}

function addressOf(v: RawVout): string | null {
  return v.scriptPubKey.address ?? v.scriptPubKey.addresses?.[0] ?? null;
}

type Call = (method: string, params: readonly unknown[]) => Promise<unknown>;

/** An output paid to a watched address and not spent as of the scan's last block. */
export interface OpenOutput {
  readonly txid: string;
  readonly vout: number;
  readonly address: string;
  readonly amount: bigint;
  readonly height: number;
}

/** Where a scan ended: the open outputs by `txid:vout`, and the hash of its last block. */
export interface ScanResult {
  readonly open: Map<string, OpenOutput>;
  readonly height: number;
  readonly hash: string | null;
  /** Blocks read from the node (`getblock`), for the cache's evidence and tests. */
  readonly blocksRead: number;
}

/**
 * Walks blocks [fromHeight, height] from `open` (the state after block fromHeight - 1), keeping the
 * outputs paid to the addresses that stay unspent. `skipUntil` says, per address, the last block the
 * starting state already covers, so an address cached further than another is never counted twice.
 */
async function scanBlocks(
  call: Call,
  asset: AssetCode,
  addresses: readonly string[],
  fromHeight: number,
  height: number,
  start: ReadonlyMap<string, OpenOutput>,
  skipUntil: ReadonlyMap<string, number> = new Map(),
): Promise<ScanResult> {
  const wanted = new Set(addresses);
  const open = new Map(start);
  let hash: string | null = null;
  let blocksRead = 0;
  for (let h = Math.max(0, fromHeight); h <= height; h++) {
    hash = (await call('getblockhash', [h])) as string;
    const block = (await call('getblock', [hash, 2])) as { tx: readonly RawTx[] };
    blocksRead++;
    for (const t of block.tx) {
      for (const i of t.vin) {
        const key = `${i.txid ?? ''}:${String(i.vout)}`;
        const o = open.get(key);
        if (i.txid !== undefined && o !== undefined && h > (skipUntil.get(o.address) ?? -1))
          open.delete(key);
      }
      for (const v of t.vout) {
        const a = addressOf(v);
        if (a !== null && wanted.has(a) && h > (skipUntil.get(a) ?? -1))
          open.set(`${t.txid}:${v.n}`, {
            txid: t.txid,
            vout: v.n,
            address: a,
            amount: units(asset, v.value),
            height: h,
          });
      }
    }
  }
  return { open, height, hash, blocksRead };
}

export function balancesOf(
  addresses: readonly string[],
  open: ReadonlyMap<string, OpenOutput>,
): Map<string, bigint> {
  const out = new Map<string, bigint>(addresses.map((a) => [a, 0n]));
  for (const o of open.values()) out.set(o.address, (out.get(o.address) ?? 0n) + o.amount);
  return out;
}

export function bitcoinAdapter(endpoint: RpcEndpoint, network: UtxoNetwork): BitcoinAdapter {
  const asset = network.asset;
  const call = (method: string, params: readonly unknown[]) =>
    jsonRpc(endpoint, method, params, AMOUNT_KEYS);
  const tipHeight = async (): Promise<number> => Number(await call('getblockcount', []));

  async function transaction(_asset: AssetCode, txid: string): Promise<ChainTransaction | null> {
    let raw: RawTx;
    try {
      raw = (await call('getrawtransaction', [txid, true])) as RawTx;
    } catch (error) {
      // -5: no such transaction; -8: a malformed txid.
      if (error instanceof RpcError && (error.code === -5 || error.code === -8)) return null;
      throw error;
    }
    const confirmations = raw.confirmations ?? 0;
    let blockHeight: number | null = null;
    if (raw.blockhash !== undefined && confirmations > 0) {
      const header = (await call('getblockheader', [raw.blockhash])) as { height: number };
      blockHeight = header.height;
    }
    const outputs: ChainOutput[] = raw.vout.map((v) => ({
      index: v.n,
      address: addressOf(v),
      amount: units(asset, v.value),
    }));
    return { txid: raw.txid, blockHeight, confirmations, succeeded: true, outputs };
  }

  async function unspent(address: string): Promise<Utxo[]> {
    const r = (await call('scantxoutset', ['start', [`addr(${address})`]])) as {
      unspents: readonly {
        txid: string;
        vout: number;
        amount: string;
        scriptPubKey: string;
        height: number;
      }[];
    };
    return r.unspents.map((u) => ({
      txid: u.txid,
      vout: u.vout,
      amount: units(asset, u.amount),
      scriptHex: u.scriptPubKey,
      height: u.height,
    }));
  }

  async function blockHash(height: number): Promise<string | null> {
    try {
      return (await call('getblockhash', [height])) as string;
    } catch (error) {
      // -8: the height is out of range (the chain is shorter now).
      if (error instanceof RpcError && error.code === -8) return null;
      throw error;
    }
  }

  async function broadcast(raw: string): Promise<Result<string, BroadcastError>> {
    try {
      return ok((await call('sendrawtransaction', [raw])) as string);
    } catch (error) {
      if (error instanceof RpcError)
        return err('broadcast_rejected', error.message, { rpcCode: error.code });
      throw error;
    }
  }

  return {
    kind: 'utxo',
    assets: [asset],
    network,
    tipHeight,
    transaction,
    balancesAt: async (_asset, addresses, height, fromHeight) =>
      balancesOf(
        addresses,
        (await scanBlocks(call, asset, addresses, fromHeight, height, new Map())).open,
      ),
    scan: (addresses, fromHeight, height, start, skipUntil) =>
      scanBlocks(call, asset, addresses, fromHeight, height, start, skipUntil),
    blockHash,
    unspent,
    broadcast,
  };
}
