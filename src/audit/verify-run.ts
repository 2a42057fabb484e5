import { hash } from 'node:crypto';
import {
  examineEntry,
  linkFinding,
  nodeFinding,
  type ParsedEntry,
  type PreparedRun,
} from '../../verifier/src/checker.ts';
import { AUDIT_ACTIONS } from '../../verifier/src/formats.ts';
import type { Finding } from '../../verifier/src/report.ts';

/**
 * The per-entry half of `kazna audit verify`, for a run of rows as `COPY … (FORMAT binary)` sends
 * them: hash each entry, parse it, compare its stored columns and its link to the row before it,
 * and (for a contiguous, aligned run) fold the tree nodes inside the run and compare them with the
 * stored ones. Pure and self-contained, so it runs on worker threads; the checker then adds what
 * needs the whole log's order (`LogChecker.pushRun`).
 *
 * Rows hold, in this order: seq int8, recorded_at timestamptz, actor text, action text,
 * subjects text[], entry text, prev_hash bytea, hash bytea (`ENTRY_COPY_COLUMNS`).
 */
export const ENTRY_COPY_COLUMNS =
  'seq, recorded_at, actor, action, subjects, entry, prev_hash, hash';

/** The stored nodes of one level inside a run: all in one piece when complete, else by index. */
export interface StoredLevel {
  readonly level: number;
  readonly lo: number;
  readonly count: number;
  /** The hashes of nodes lo..lo+count-1, 32 bytes each, when none is missing or malformed. */
  readonly flat: Uint8Array | null;
  /** Otherwise the nodes that are there, by index. */
  readonly byIdx: ReadonlyMap<number, Uint8Array> | null;
}

export interface RunJob {
  readonly bytes: Uint8Array;
  readonly rows: number;
  /** Parse every entry back for replay, not only those the checker follows. */
  readonly all: boolean;
  /** Levels 0..below of the stored tree inside the run, when the run is contiguous and aligned. */
  readonly stored: { readonly below: number; readonly levels: readonly StoredLevel[] } | null;
}

const FOLLOWED: ReadonlySet<string> = new Set([
  AUDIT_ACTIONS.keyGenerated,
  AUDIT_ACTIONS.keyRotated,
  AUDIT_ACTIONS.witnessRegistered,
  AUDIT_ACTIONS.cosigned,
]);

/** 2000-01-01T00:00:00Z in Unix milliseconds: PostgreSQL's binary timestamps count from there. */
const PG_EPOCH_MS = 946_684_800_000;

interface Cursor {
  readonly view: DataView;
  readonly bytes: Uint8Array;
  pos: number;
}

export function examineRun(job: RunJob): PreparedRun {
  const { bytes, rows } = job;
  const c: Cursor = {
    view: new DataView(bytes.buffer, bytes.byteOffset, bytes.length),
    bytes,
    pos: 0,
  };
  const seqs = new Float64Array(rows);
  const leaves = new Uint8Array(rows * 32);
  const findings = new Map<number, Finding[]>();
  const parsed = new Map<number, ParsedEntry>();
  let first: PreparedRun['first'] = { before: [], after: [], prev: null };
  // One buffer for 0x00 || entry, grown as needed: the leaf hash of RFC 9162 without a copy per row.
  let scratch = Buffer.allocUnsafe(64 * 1024);
  let prevHex = '';
  for (let i = 0; i < rows; i++) {
    c.pos += 2; // field count
    const seq = readInt8(c);
    const recordedAt = new Date(Math.floor(readInt8(c) / 1000) + PG_EPOCH_MS).toISOString();
    const actor = readText(c);
    const action = readText(c);
    const subjects = readTextArray(c);
    const entryLen = c.view.getInt32(c.pos);
    c.pos += 4;
    if (scratch.length < entryLen + 1) scratch = Buffer.allocUnsafe(2 * (entryLen + 1));
    scratch[0] = 0;
    scratch.set(bytes.subarray(c.pos, c.pos + entryLen), 1);
    const text = scratch.toString('utf8', 1, entryLen + 1);
    c.pos += entryLen;
    const prevHash = readBytes(c);
    const storedHash = readBytes(c);
    const leaf = hash('sha256', scratch.subarray(0, entryLen + 1), 'buffer');
    leaves.set(leaf, i * 32);
    seqs[i] = seq;
    const stored = { hash: storedHash, prevHash, actor, action, subjects, recordedAt };
    const exam = examineEntry(seq, leaf, text, stored);
    const entry = typeof exam.parsed === 'string' ? null : exam.parsed;
    if (i === 0) first = { before: exam.before, after: exam.after, prev: entry?.prev ?? null };
    else {
      const link = entry === null ? null : linkFinding(seq, entry.prev, prevHex);
      const all =
        link === null ? [...exam.before, ...exam.after] : [...exam.before, link, ...exam.after];
      if (all.length > 0) findings.set(i, all);
    }
    if (entry !== null && (job.all || FOLLOWED.has(entry.action))) parsed.set(i, entry);
    prevHex = leaf.toString('hex');
  }
  const tree = job.stored === null ? null : foldRun(leaves, seqs, job.stored);
  return {
    seqs,
    leaves,
    first,
    findings,
    parsed,
    nodes: tree === null ? null : { below: job.stored?.below ?? 0, hashes: tree.hashes },
    nodeFindings: tree?.findings ?? [],
  };
}

/**
 * Folds the run's leaves into the perfect subtrees of levels 1..below, in the order the checker
 * completes them, and compares every level (leaves included) with the stored nodes.
 */
function foldRun(
  leaves: Uint8Array,
  seqs: Float64Array,
  stored: NonNullable<RunJob['stored']>,
): { hashes: Uint8Array; findings: Finding[] } {
  const n = seqs.length;
  const start = seqs[0] ?? 0;
  const { below } = stored;
  const byLevel: Uint8Array[] = [leaves];
  for (let l = 1; l <= below; l++) byLevel.push(new Uint8Array(Math.floor(n / 2 ** l) * 32));
  const hashes = new Uint8Array(n * 32);
  let at = 0;
  const node = Buffer.allocUnsafe(65);
  node[0] = 1;
  for (let i = 0; i < n; i++) {
    let idx = i;
    for (let l = 0; l < below && (idx & 1) === 1; l++) {
      const lower = byLevel[l] ?? leaves;
      node.set(lower.subarray((idx - 1) * 32, (idx + 1) * 32), 1);
      idx >>= 1;
      const h = hash('sha256', node, 'buffer');
      byLevel[l + 1]?.set(h, idx * 32);
      hashes.set(h, at * 32);
      at++;
    }
  }
  const findings: Finding[] = [];
  for (const s of stored.levels) {
    const mine = byLevel[s.level];
    if (mine === undefined) continue;
    const lo = Math.floor(start / 2 ** s.level);
    const count = mine.length / 32;
    const whole = s.flat !== null && s.lo === lo && s.count === count ? s.flat : null;
    for (let j = 0; j < count; j++) {
      const m = mine.subarray(j * 32, j * 32 + 32);
      const theirs = whole === null ? s.byIdx?.get(lo + j) : whole.subarray(j * 32, j * 32 + 32);
      const f = nodeFinding(s.level, lo + j, m, theirs);
      if (f !== null) findings.push(f);
    }
  }
  return { hashes: hashes.subarray(0, at * 32), findings };
}

function readInt8(c: Cursor): number {
  c.pos += 4; // length (8)
  const hi = c.view.getInt32(c.pos);
  const lo = c.view.getUint32(c.pos + 4);
  c.pos += 8;
  return hi * 4_294_967_296 + lo;
}

function readText(c: Cursor): string {
  const len = c.view.getInt32(c.pos);
  c.pos += 4;
  const s = Buffer.from(c.bytes.buffer, c.bytes.byteOffset + c.pos, len).toString('utf8');
  c.pos += len;
  return s;
}

function readBytes(c: Cursor): Uint8Array {
  const len = c.view.getInt32(c.pos);
  c.pos += 4;
  const b = c.bytes.slice(c.pos, c.pos + len);
  c.pos += len;
  return b;
}

/** A one-dimensional text[] in PostgreSQL's binary array format (NULL elements as null). */
function readTextArray(c: Cursor): string[] {
  const len = c.view.getInt32(c.pos);
  const end = c.pos + 4 + len;
  const ndim = c.view.getInt32(c.pos + 4);
  let p = c.pos + 16 + 8 * ndim;
  const out: string[] = [];
  while (p < end) {
    const l = c.view.getInt32(p);
    p += 4;
    if (l < 0) out.push(null as unknown as string);
    else {
      out.push(Buffer.from(c.bytes.buffer, c.bytes.byteOffset + p, l).toString('utf8'));
      p += l;
    }
  }
  c.pos = end;
  return out;
}
