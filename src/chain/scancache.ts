import type { AssetCode } from '../core/assets.ts';
import type { Queryable } from '../db/pool.ts';
import type { BitcoinAdapter, OpenOutput } from './bitcoin.ts';
import { balancesOf } from './bitcoin.ts';

/**
 * The block-scan cache for Bitcoin-like chains. A balance at a height is the sum of a wallet's
 * unspent outputs, found by walking blocks from the wallet's birth height; walking all of them on
 * every reconciliation grows with the chain. Each completed scan leaves, per address, the block it
 * reached (height and hash) and the outputs still unspent there (table `chain_scan_states`,
 * append-only). The next scan starts from the newest state whose block is still on the node's best
 * chain: normally the last one (only new blocks are read); after a reorg, an older state below the
 * fork, or the birth height when none survives. The node stays the authority: a cached state is
 * used only once its block hash has been checked against the node.
 */
export interface ScanState {
  readonly asset: AssetCode;
  readonly address: string;
  readonly height: number;
  readonly hash: string;
  readonly outputs: readonly OpenOutput[];
}

export interface CachedScan {
  readonly balances: Map<string, bigint>;
  /** What was read and why, for the reconciliation's evidence. */
  readonly scan: {
    readonly from: number;
    readonly to: number;
    readonly blocksRead: number;
    /** A cached state's block was no longer on the best chain. */
    readonly reorg: boolean;
    /** Heights the cached states started from, per address (absent: from the birth height). */
    readonly cachedHeights: Record<string, number>;
  };
  /** The states to store once the run is recorded (empty when nothing new was read). */
  readonly states: readonly ScanState[];
}

/** How many older states per address are tried after a mismatch before rescanning from birth. */
const MAX_CANDIDATES = 12;

async function candidates(
  q: Queryable,
  asset: AssetCode,
  addresses: readonly string[],
  atMost: number,
): Promise<Map<string, ScanState[]>> {
  const rows = await q.query(
    `SELECT address, height, block_hash, outputs FROM (
       SELECT s.*, row_number() OVER (PARTITION BY address ORDER BY height DESC, scanned_at DESC)
         AS n FROM chain_scan_states s WHERE asset = $1 AND address = ANY($2) AND height <= $3) t
     WHERE n <= $4 ORDER BY address, height DESC, scanned_at DESC`,
    [asset, addresses, atMost, MAX_CANDIDATES],
  );
  const out = new Map<string, ScanState[]>();
  for (const r of rows) {
    const address = String(r['address']);
    const outputs = (
      r['outputs'] as { txid: string; vout: number; amount: string; height: number }[]
    ).map((o) => ({ ...o, address, amount: BigInt(o.amount) }));
    const list = out.get(address) ?? [];
    list.push({
      asset,
      address,
      height: Number(r['height']),
      hash: String(r['block_hash']),
      outputs,
    });
    out.set(address, list);
  }
  return out;
}

/** Per address, the newest cached state whose block hash the node still has at that height. */
async function survivingStates(
  q: Queryable,
  adapter: BitcoinAdapter,
  addresses: readonly string[],
  height: number,
): Promise<{ chosen: Map<string, ScanState>; reorg: boolean }> {
  const hashes = new Map<number, string | null>();
  const hashAt = async (h: number) => {
    if (!hashes.has(h)) hashes.set(h, await adapter.blockHash(h));
    return hashes.get(h) ?? null;
  };
  const chosen = new Map<string, ScanState>();
  let reorg = false;
  for (const [address, list] of await candidates(q, adapter.network.asset, addresses, height)) {
    for (const s of list) {
      if ((await hashAt(s.height)) === s.hash) {
        chosen.set(address, s);
        break;
      }
      reorg = true;
    }
  }
  return { chosen, reorg };
}

/**
 * Balances of `addresses` at the end of block `height`, reading only the blocks the cache does not
 * cover. Network calls only: the caller stores `states` in its own transaction.
 */
export async function cachedBalances(
  q: Queryable,
  adapter: BitcoinAdapter,
  addresses: readonly string[],
  height: number,
  birthHeight: number,
): Promise<CachedScan> {
  const { chosen, reorg } = await survivingStates(q, adapter, addresses, height);
  const start = new Map<string, OpenOutput>();
  const skipUntil = new Map<string, number>();
  let from = height + 1;
  for (const a of addresses) {
    const s = chosen.get(a);
    if (s === undefined) {
      from = Math.min(from, birthHeight);
      continue;
    }
    for (const o of s.outputs) start.set(`${o.txid}:${String(o.vout)}`, o);
    skipUntil.set(a, s.height);
    from = Math.min(from, s.height + 1);
  }
  const scanned = await adapter.scan(addresses, from, height, start, skipUntil);
  const hash = scanned.hash;
  const states: ScanState[] =
    scanned.blocksRead === 0 || hash === null
      ? []
      : addresses.map((address) => ({
          asset: adapter.network.asset,
          address,
          height,
          hash,
          outputs: [...scanned.open.values()].filter((o) => o.address === address),
        }));
  return {
    balances: balancesOf(addresses, scanned.open),
    scan: {
      from,
      to: height,
      blocksRead: scanned.blocksRead,
      reorg,
      cachedHeights: Object.fromEntries([...skipUntil]),
    },
    states,
  };
}

export async function insertStates(
  q: Queryable,
  runId: string,
  at: Date,
  states: readonly ScanState[],
): Promise<void> {
  for (const s of states) {
    const outputs = s.outputs.map((o) => ({
      txid: o.txid,
      vout: o.vout,
      amount: o.amount.toString(),
      height: o.height,
    }));
    await q.query(
      `INSERT INTO chain_scan_states (asset, address, height, block_hash, outputs, scanned_at, run_id)
       VALUES ($1,$2,$3,$4,$5,$6,$7)`,
      [s.asset, s.address, s.height, s.hash, JSON.stringify(outputs), at, runId],
    );
  }
}
