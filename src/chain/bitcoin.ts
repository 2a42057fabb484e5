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

/** Walks blocks [fromHeight, height], keeping the outputs paid to the addresses that stay unspent. */
async function scanBalances(
  call: Call,
  asset: AssetCode,
  addresses: readonly string[],
  height: number,
  fromHeight: number,
): Promise<Map<string, bigint>> {
  const wanted = new Set(addresses);
  // Outpoints paid to a wanted address and not yet spent, as the scan walks forward.
  const open = new Map<string, { address: string; amount: bigint }>();
  for (let h = Math.max(0, fromHeight); h <= height; h++) {
    const hash = (await call('getblockhash', [h])) as string;
    const block = (await call('getblock', [hash, 2])) as { tx: readonly RawTx[] };
    for (const t of block.tx) {
      for (const i of t.vin) if (i.txid !== undefined) open.delete(`${i.txid}:${String(i.vout)}`);
      for (const v of t.vout) {
        const a = addressOf(v);
        if (a !== null && wanted.has(a))
          open.set(`${t.txid}:${v.n}`, { address: a, amount: units(asset, v.value) });
      }
    }
  }
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
    balancesAt: (_asset, addresses, height, fromHeight) =>
      scanBalances(call, asset, addresses, height, fromHeight),
    unspent,
    broadcast,
  };
}
