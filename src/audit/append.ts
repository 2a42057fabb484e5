import { assert } from '../core/assert.ts';
import type { Clock } from '../core/clock.ts';
import type { InFlight } from '../db/copy.ts';
import type { Tx } from '../db/pool.ts';
import { encodeEntry, leafHash, nodeHash, type AuditInput } from './entry.ts';

/**
 * Appends one entry inside the caller's transaction, so the evidence commits or rolls back with the
 * change it describes. The head row is locked FOR UPDATE, which serialises appends on any
 * PostgreSQL-compatible engine without advisory locks.
 */
export interface Appended {
  readonly seq: bigint;
  readonly hash: Uint8Array;
}

export interface AppendOptions {
  /**
   * A write of the caller's that needs the entry's seq. It is sent before the entry is encoded, so
   * the database works on it while JavaScript encodes and hashes a large entry; the append waits
   * for it (and fails with its error) before writing the entry.
   */
  readonly alongside?: (seq: bigint) => InFlight;
}

export async function appendAudit(
  tx: Tx,
  clock: Clock,
  input: AuditInput,
  options: AppendOptions = {},
): Promise<Appended> {
  const [head] = await tx.query<{ size: bigint; head_hash: Buffer }>(
    'SELECT size, head_hash FROM audit_head WHERE id = 1 FOR UPDATE',
  );
  assert(head !== undefined, 'audit_head row is missing');
  const seq = head.size;
  const alongside = options.alongside?.(seq);
  // Awaited below; this only keeps a failure that arrives during encoding from going unhandled.
  alongside?.done.catch(() => undefined);
  await alongside?.sent;
  const recordedAt = clock.now().toISOString();
  const entry = encodeEntry({
    ...input,
    seq,
    recordedAt,
    prevHash: new Uint8Array(head.head_hash),
  });
  const hash = leafHash(new TextEncoder().encode(entry));
  await alongside?.done;
  await tx.query(
    `INSERT INTO audit_entries (seq, recorded_at, actor, action, subjects, entry, prev_hash, hash)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [seq, recordedAt, input.actor, input.action, input.subjects, entry, head.head_hash, hash],
  );
  await addMerkleNodes(tx, seq, hash);
  await tx.query('UPDATE audit_head SET size = $1, head_hash = $2 WHERE id = 1', [seq + 1n, hash]);
  return { seq, hash };
}

/** Stores the leaf and every perfect subtree that leaf completes (amortised two rows per leaf). */
async function addMerkleNodes(tx: Tx, seq: bigint, leaf: Uint8Array): Promise<void> {
  const levels: bigint[] = [0n];
  const idxs: bigint[] = [seq];
  const hashes: Uint8Array[] = [leaf];
  let right = leaf;
  let idx = seq;
  for (let level = 1n; idx % 2n === 1n; level++) {
    const [left] = await tx.query<{ hash: Buffer }>(
      'SELECT hash FROM audit_merkle_nodes WHERE level = $1 AND idx = $2',
      [level - 1n, idx - 1n],
    );
    assert(left !== undefined, `missing merkle node ${level - 1n}/${idx - 1n}`);
    right = nodeHash(new Uint8Array(left.hash), right);
    idx = idx / 2n;
    levels.push(level);
    idxs.push(idx);
    hashes.push(right);
  }
  await tx.query(
    `INSERT INTO audit_merkle_nodes (level, idx, hash)
     SELECT * FROM unnest($1::smallint[], $2::bigint[], $3::bytea[])`,
    [levels.map(String), idxs.map(String), hashes.map((h) => Buffer.from(h))],
  );
}
