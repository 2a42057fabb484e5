import { assert } from '../core/assert.ts';
import { canonicalize, CanonicalText } from '../core/canonical.ts';
import type { Clock } from '../core/clock.ts';
import type { InFlight } from '../db/copy.ts';
import { takeCapturedRows, type CapturedRow, type RowEvidence } from '../db/evidence.ts';
import type { DbIdentity, Tx } from '../db/pool.ts';
import { headMessage } from '../../verifier/src/formats.ts';
import { actorId, encodeEntry, leafHash, nodeHash, type AuditInput } from './entry.ts';

export interface Appended {
  readonly seq: bigint;
}

/**
 * A write of the caller's that needs the entry's seq. `prepare` runs while the head lock is on its
 * way (work that does not need the seq); `send` runs once the seq is known, and the payload is
 * encoded while the database stores the write. The append waits for it (and fails with its error)
 * before it returns: one query at a time on the connection, as the driver requires.
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
  readonly head: Promise<unknown>;
}

/** The tree as this transaction sees it: its size, last hash, and the roots of its perfect subtrees. */
interface HeadState {
  size: bigint;
  hash: Uint8Array;
  /** Root of the perfect subtree at each level whose bit is set in `size`. */
  readonly frontier: Map<number, Uint8Array>;
}

interface PendingEntry {
  readonly seq: bigint;
  readonly recordedAt: string;
  readonly input: AuditInput;
  readonly payload: CanonicalText;
}

/** A transaction's appends: the head it locked and the entries it will write before COMMIT. */
interface TxAudit {
  readonly head: Promise<HeadState>;
  readonly pending: PendingEntry[];
  /** The seq the capture triggers attribute new rows to (`kazna.entry`). */
  marked: bigint;
}

const STATES = new WeakMap<Tx, TxAudit>();

/** Signs the chain head with the log key: its id and the Ed25519 signature of `headMessage`. */
export type HeadSigner = (message: Uint8Array) => { keyId: string; signature: Uint8Array };
const SIGNERS = new WeakMap<DbIdentity, HeadSigner>();

/**
 * The audit service registers the log key here: from then on every transaction that appends signs
 * the head it leaves, so the entries after the last checkpoint cannot be rewritten or cut off by
 * someone who has the database but not the key.
 */
export function registerHeadSigner(
  db: { readonly identity: DbIdentity },
  signer: HeadSigner,
): void {
  SIGNERS.set(db.identity, signer);
}

function auditOf(tx: Tx): TxAudit {
  const existing = STATES.get(tx);
  if (existing !== undefined) return existing;
  const beforeCommit = tx.beforeCommit;
  assert(beforeCommit !== undefined, 'appendAudit runs inside db.transaction');
  const head = lockHead(tx);
  // Awaited by the append; this only keeps a failure that arrives meanwhile from going unhandled.
  head.catch(() => undefined);
  const state: TxAudit = { head, pending: [], marked: -1n };
  void head.then(
    (h) => {
      state.marked = h.size;
    },
    () => undefined,
  );
  STATES.set(tx, state);
  beforeCommit(() => flushAudit(tx));
  return state;
}

export function lockAuditHead(tx: Tx): AuditHeadLock {
  return { head: auditOf(tx).head };
}

/**
 * Appends one entry inside the caller's transaction, so the evidence commits or rolls back with the
 * change it describes. The head row is locked FOR UPDATE at the transaction's first append, which
 * serialises appends on any PostgreSQL-compatible engine without advisory locks. The entry itself is
 * written just before COMMIT (`flushAudit`), when every row the command wrote is known: those rows
 * are part of the entry, so replay rebuilds every table from the log.
 */
export async function appendAudit<P = never>(
  tx: Tx,
  clock: Clock,
  input: AuditInput,
  options: AppendOptions<P> = {},
): Promise<Appended> {
  const state = auditOf(tx);
  const prepared = options.alongside?.prepare();
  const head = await state.head;
  const seq = head.size + BigInt(state.pending.length);
  if (state.marked !== seq) {
    // Rows written from here on belong to this entry (the first one's mark rode on the head lock).
    await tx.query("SELECT set_config('kazna.entry', $1, true)", [seq.toString()]);
    state.marked = seq;
  }
  const alongside =
    options.alongside === undefined ? undefined : options.alongside.send(seq, prepared as P);
  // Awaited below; this only keeps a failure that arrives during encoding from going unhandled.
  alongside?.done.catch(() => undefined);
  await alongside?.sent;
  const recordedAt = clock.now().toISOString();
  const payload = new CanonicalText(canonicalize(input.payload));
  state.pending.push({ seq, recordedAt, input, payload });
  await alongside?.done;
  return { seq };
}

/**
 * Appends many entries in one go (a batch of commands, an import): no round trip per entry, and
 * all of them are written with the rest of the transaction's entries in one statement before
 * COMMIT. Rows the transaction writes after this call belong to the last of them.
 */
export async function appendAuditMany(
  tx: Tx,
  clock: Clock,
  inputs: readonly AuditInput[],
): Promise<Appended[]> {
  if (inputs.length === 0) return [];
  const state = auditOf(tx);
  const head = await state.head;
  const firstSeq = head.size + BigInt(state.pending.length);
  const out: Appended[] = [];
  for (const [i, input] of inputs.entries()) {
    const seq = firstSeq + BigInt(i);
    const recordedAt = clock.now().toISOString();
    const payload = new CanonicalText(canonicalize(input.payload));
    state.pending.push({ seq, recordedAt, input, payload });
    out.push({ seq });
  }
  const last = firstSeq + BigInt(inputs.length - 1);
  if (state.marked !== last) {
    await tx.query("SELECT set_config('kazna.entry', $1, true)", [last.toString()]);
    state.marked = last;
  }
  return out;
}

/**
 * Writes the transaction's pending entries, each with the rows written since it was appended (rows
 * written before the first go to the first), with the subtrees they complete and the new head, in
 * one statement. Runs before COMMIT; a command that must read its own entries back calls it early.
 */
export async function flushAudit(tx: Tx): Promise<void> {
  const state = STATES.get(tx);
  if (state === undefined || state.pending.length === 0) return;
  const head = await state.head;
  const rows = await takeCapturedRows(tx);
  const pending = state.pending.splice(0);
  const byEntry = attribute(rows, pending);
  const texts: string[] = [];
  const hashes: Buffer[] = [];
  const prevs: Buffer[] = [];
  const nodes: { levels: string[]; idxs: string[]; hashes: Buffer[] } = {
    levels: [],
    idxs: [],
    hashes: [],
  };
  for (const [i, p] of pending.entries()) {
    assert(p.seq === head.size, 'pending entries follow the head');
    prevs.push(Buffer.from(head.hash));
    const entry = encodeEntry({
      ...p.input,
      payload: p.payload,
      seq: p.seq,
      recordedAt: p.recordedAt,
      prevHash: head.hash,
      rows: byEntry[i] ?? [],
    });
    const hash = leafHash(new TextEncoder().encode(entry));
    addLeaf(head, hash, nodes);
    texts.push(entry);
    hashes.push(Buffer.from(hash));
  }
  const signer = tx.identity === undefined ? undefined : SIGNERS.get(tx.identity);
  const signed = signer?.(headMessage(head.size, head.hash)) ?? null;
  await writeEntries(tx, pending, { texts, hashes, prevs }, nodes, head, signed);
}

/** Each row goes to the last pending entry appended before it was written, or to the first. */
function attribute(
  rows: readonly CapturedRow[],
  pending: readonly PendingEntry[],
): RowEvidence[][] {
  const out: RowEvidence[][] = pending.map(() => []);
  const first = pending[0]?.seq ?? 0n;
  for (const { entry, ...row } of rows) {
    const at = entry === null || entry < first ? 0 : Number(entry - first);
    const list = out[Math.min(at, pending.length - 1)];
    assert(list !== undefined, 'a captured row has an entry to go to');
    list.push(row);
  }
  return out;
}

/** Adds one leaf to the head, collecting the leaf and every perfect subtree it completes. */
function addLeaf(
  head: HeadState,
  leaf: Uint8Array,
  out: { levels: string[]; idxs: string[]; hashes: Buffer[] },
): void {
  out.levels.push('0');
  out.idxs.push(head.size.toString());
  out.hashes.push(Buffer.from(leaf));
  const seq = head.size;
  let right = leaf;
  let level = 0;
  while (((seq >> BigInt(level)) & 1n) === 1n) {
    const left = head.frontier.get(level);
    assert(left !== undefined, `missing merkle node at level ${level}`);
    head.frontier.delete(level);
    right = nodeHash(left, right);
    level++;
    out.levels.push(String(level));
    out.idxs.push((seq >> BigInt(level)).toString());
    out.hashes.push(Buffer.from(right));
  }
  head.frontier.set(level, right);
  head.size += 1n;
  head.hash = leaf;
}

async function writeEntries(
  tx: Tx,
  pending: readonly PendingEntry[],
  e: { texts: readonly string[]; hashes: readonly Buffer[]; prevs: readonly Buffer[] },
  nodes: { levels: string[]; idxs: string[]; hashes: Buffer[] },
  head: HeadState,
  signed: { keyId: string; signature: Uint8Array } | null,
): Promise<void> {
  await tx.query(
    `WITH entries AS (
       INSERT INTO audit_entries (seq, recorded_at, actor, action, subjects, entry, prev_hash, hash)
       SELECT e.seq, e.at, e.actor, e.action,
              ARRAY(SELECT jsonb_array_elements_text(e.subjects)), e.entry, e.prev, e.hash
         FROM unnest($1::bigint[], $2::timestamptz[], $3::text[], $4::text[], $5::jsonb[],
                     $6::text[], $7::bytea[], $8::bytea[])
              AS e(seq, at, actor, action, subjects, entry, prev, hash)),
     nodes AS (
       INSERT INTO audit_merkle_nodes (level, idx, hash)
       SELECT * FROM unnest($9::smallint[], $10::bigint[], $11::bytea[]))
     UPDATE audit_head SET size = $12, head_hash = $13, signature = $14, key_id = $15
      WHERE id = 1`,
    [
      pending.map((p) => p.seq.toString()),
      pending.map((p) => p.recordedAt),
      pending.map((p) => actorId(p.input.actor)),
      pending.map((p) => p.input.action),
      pending.map((p) => JSON.stringify(p.input.subjects)),
      e.texts,
      e.prevs,
      e.hashes,
      nodes.levels,
      nodes.idxs,
      nodes.hashes,
      head.size,
      Buffer.from(head.hash),
      signed === null ? null : Buffer.from(signed.signature),
      signed?.keyId ?? null,
    ],
  );
}

/**
 * Locks the chain head and reads, in the same round trip, the root of every perfect subtree that
 * makes up the tree (one per set bit of the size: at level l, node (l, (size >> l) - 1)), and marks
 * the rows the transaction writes from now on as the first entry's.
 */
async function lockHead(tx: Tx): Promise<HeadState> {
  const [row] = await tx.query<{
    size: bigint;
    head_hash: Buffer;
    levels: number[];
    roots: Buffer[];
  }>(
    `SELECT h.size, h.head_hash,
            ARRAY(SELECT n.level FROM generate_series(0, 62) AS l
                    JOIN audit_merkle_nodes n ON n.level = l AND n.idx = (h.size >> l) - 1
                   WHERE (h.size >> l) & 1 = 1 ORDER BY l) AS levels,
            ARRAY(SELECT n.hash FROM generate_series(0, 62) AS l
                    JOIN audit_merkle_nodes n ON n.level = l AND n.idx = (h.size >> l) - 1
                   WHERE (h.size >> l) & 1 = 1 ORDER BY l) AS roots,
            set_config('kazna.entry', h.size::text, true) AS marked
       FROM audit_head h WHERE h.id = 1 FOR UPDATE OF h`,
  );
  assert(row !== undefined, 'audit_head row is missing');
  const frontier = new Map<number, Uint8Array>();
  row.levels.forEach((level, i) => {
    const root = row.roots[i];
    assert(root !== undefined, 'a subtree root for each level');
    frontier.set(level, new Uint8Array(root));
  });
  let bits = 0;
  for (let s = row.size; s > 0n; s >>= 1n) bits += Number(s & 1n);
  assert(frontier.size === bits, `the tree of ${row.size} entries is missing a stored subtree`);
  return { size: row.size, hash: new Uint8Array(row.head_hash), frontier };
}
