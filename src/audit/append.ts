import { assert } from '../core/assert.ts';
import type { Clock } from '../core/clock.ts';
import type { InFlight } from '../db/copy.ts';
import type { Tx } from '../db/pool.ts';
import { encodeEntry, leafHash, nodeHash, type AuditInput } from './entry.ts';

export interface Appended {
  readonly seq: bigint;
  readonly hash: Uint8Array;
}

/**
 * A write of the caller's that needs the entry's seq. `prepare` runs while the head lock is on its
 * way (work that does not need the seq); `send` runs once the seq is known, before the entry is
 * encoded, so the database stores the write while JavaScript encodes and hashes a large entry. The
 * append waits for it (and fails with its error) before writing the entry: one query at a time on
 * the connection, as the driver requires.
 */
export interface Alongside<P> {
  prepare(): P;
  send(seq: bigint, prepared: P): InFlight;
}

export interface AppendOptions<P> {
  readonly alongside?: Alongside<P>;
  /** The head lock, if the caller sent it ahead with `lockAuditHead` (one round trip hidden). */
  readonly head?: AuditHeadLock;
}

/**
 * The audit head's lock, on its way. A command that knows it will append can send it as soon as
 * its own locks are held and decide while the lock travels. Once sent, it must be passed to
 * `appendAudit`, or `head` awaited, before the transaction's next statement.
 */
export interface AuditHeadLock {
  readonly head: Promise<AuditHead>;
}

export function lockAuditHead(tx: Tx): AuditHeadLock {
  const head = lockHead(tx);
  // Awaited by appendAudit or by the caller; this only keeps a failure that arrives while the
  // caller decides from going unhandled.
  head.catch(() => undefined);
  return { head };
}

/**
 * Appends one entry inside the caller's transaction, so the evidence commits or rolls back with the
 * change it describes. The head row is locked FOR UPDATE, which serialises appends on any
 * PostgreSQL-compatible engine without advisory locks. Two round trips: the head lock (which also
 * reads the Merkle siblings the leaf needs), then one statement for the entry, nodes and head.
 */
export async function appendAudit<P = never>(
  tx: Tx,
  clock: Clock,
  input: AuditInput,
  options: AppendOptions<P> = {},
): Promise<Appended> {
  const locking = options.head?.head ?? lockHead(tx);
  // Awaited below; this only keeps a failure during `prepare` from leaving it unhandled.
  locking.catch(() => undefined);
  const prepared = options.alongside?.prepare();
  const head = await locking;
  const seq = head.size;
  const alongside =
    options.alongside === undefined ? undefined : options.alongside.send(seq, prepared as P);
  // Awaited below; this only keeps a failure that arrives during encoding from going unhandled.
  alongside?.done.catch(() => undefined);
  await alongside?.sent;
  const recordedAt = clock.now().toISOString();
  const entry = encodeEntry({ ...input, seq, recordedAt, prevHash: head.hash });
  const hash = leafHash(new TextEncoder().encode(entry));
  const nodes = merkleNodes(seq, hash, head.lefts);
  await alongside?.done;
  // The entry, the subtrees it completes and the new head, in one statement.
  await tx.query(
    `WITH entry AS (
       INSERT INTO audit_entries (seq, recorded_at, actor, action, subjects, entry, prev_hash, hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)),
     nodes AS (
       INSERT INTO audit_merkle_nodes (level, idx, hash)
       SELECT * FROM unnest($9::smallint[], $10::bigint[], $11::bytea[]))
     UPDATE audit_head SET size = $12, head_hash = $8 WHERE id = 1`,
    [
      seq,
      recordedAt,
      input.actor,
      input.action,
      input.subjects,
      entry,
      Buffer.from(head.hash),
      hash,
      nodes.levels,
      nodes.idxs,
      nodes.hashes,
      seq + 1n,
    ],
  );
  return { seq, hash };
}

export interface AuditHead {
  readonly size: bigint;
  readonly hash: Uint8Array;
  /** The left siblings the next leaf completes subtrees with, lowest level first. */
  readonly lefts: readonly Uint8Array[];
}

/**
 * Locks the chain head and reads, in the same round trip, the left sibling of every perfect subtree
 * the next leaf completes: at level l there is one exactly when the low l + 1 bits of the size are
 * all ones (size + 1 is divisible by 2^(l+1)), and it is node (l, (size >> l) - 1).
 */
async function lockHead(tx: Tx): Promise<AuditHead> {
  const [row] = await tx.query<{ size: bigint; head_hash: Buffer; lefts: Buffer[] }>(
    `SELECT h.size, h.head_hash,
            ARRAY(SELECT n.hash FROM generate_series(0, 61) AS l
                    JOIN audit_merkle_nodes n ON n.level = l AND n.idx = (h.size >> l) - 1
                   WHERE (h.size + 1) % (1::bigint << (l + 1)) = 0
                   ORDER BY l) AS lefts
       FROM audit_head h WHERE h.id = 1 FOR UPDATE OF h`,
  );
  assert(row !== undefined, 'audit_head row is missing');
  return {
    size: row.size,
    hash: new Uint8Array(row.head_hash),
    lefts: row.lefts.map((b) => new Uint8Array(b)),
  };
}

/** The leaf and every perfect subtree it completes (amortised two rows per leaf). */
function merkleNodes(
  seq: bigint,
  leaf: Uint8Array,
  lefts: readonly Uint8Array[],
): { levels: string[]; idxs: string[]; hashes: Buffer[] } {
  const levels = ['0'];
  const idxs = [seq.toString()];
  const hashes = [Buffer.from(leaf)];
  let right = leaf;
  let idx = seq;
  for (let level = 1; idx % 2n === 1n; level++) {
    const left = lefts[level - 1];
    assert(left !== undefined, `missing merkle node ${level - 1}/${idx - 1n}`);
    right = nodeHash(left, right);
    idx = idx / 2n;
    levels.push(String(level));
    idxs.push(idx.toString());
    hashes.push(Buffer.from(right));
  }
  assert(levels.length === lefts.length + 1, 'the head read a left sibling the leaf does not use');
  return { levels, idxs, hashes };
}
