import { hash } from 'node:crypto';
import type { Json } from '../core/canonical.ts';
import { IMAGE_SETTINGS_SQL, primaryKeys } from '../db/evidence.ts';
import type pg from 'pg';
import type { Db, Queryable, Row } from '../db/pool.ts';
import {
  createLogChecker,
  type ConsistencyProofRecord,
  type ParsedEntry,
} from '../../verifier/src/checker.ts';
import type { SignedCheckpoint } from '../../verifier/src/formats.ts';
import { headMessage, isLogKeyPayload } from '../../verifier/src/formats.ts';
import { toHex } from '../../verifier/src/hex.ts';
import { verifyEd25519 } from '../../verifier/src/signature.ts';
import { findingOf, withFindings, type Finding, type Report } from '../../verifier/src/report.ts';
import type { Projector, Replay } from './replay.ts';
import { RowReplay } from './rows.ts';
import * as store from './store.ts';
import { storedConsistencyProof } from './tree.ts';
import { copyOutRuns } from './copy-out.ts';
import { ENTRY_COPY_COLUMNS, type RunJob, type StoredLevel } from './verify-run.ts';
import { defaultExaminers, runExaminers, type RunExaminers } from './verify-workers.ts';

/**
 * `kazna audit verify`: streams the whole log once through the same checker the standalone verifier
 * uses (with node:crypto's SHA-256), and adds what only the database has: the stored tree nodes, the
 * copied columns, the chain head, and the replay of every projector against the live tables.
 */
export interface VerifyOptions {
  /** Checkpoints seen before (e.g. saved by the last run): the log must still extend them. */
  readonly trusted?: readonly SignedCheckpoint[];
  readonly requireWitnesses?: number;
  readonly pinnedKeys?: readonly string[];
  /** Projectors to replay; empty or absent skips replay. */
  readonly projectors?: readonly Projector[];
  readonly replay?: boolean;
  readonly onProgress?: (done: number, total: number) => void;
  readonly batchSize?: number;
  /** Stream the entries over a second connection (the default with a pool); false reads pages. */
  readonly streamed?: boolean;
  /** Worker threads that hash and parse entries while the stream is read; 0 does it in line. */
  readonly workers?: number;
  /** Streamed runs hold 2^runLevel entries (13 unless a test wants many runs in a small log). */
  readonly runLevel?: number;
}

const fastSha256 = (data: Uint8Array): Uint8Array => new Uint8Array(hash('sha256', data, 'buffer'));

/**
 * Verifies inside one snapshot when it can, so the log and the tables are read at one moment. With
 * a pool, the entries are streamed (`verify-stream.ts`); a bare connection reads them in pages.
 */
export async function verifyLog(db: Db | Queryable, options: VerifyOptions = {}): Promise<Report> {
  if ('pool' in db && options.streamed !== false) return verifyStreamed(db, options);
  return 'snapshot' in db ? db.snapshot((q) => verifyAt(q, options)) : verifyAt(db, options);
}

/** What verification needs before it reads the entries, and the checker it feeds them to. */
export interface Prologue {
  readonly head: store.Head;
  readonly end: number;
  readonly stored: readonly store.StoredCheckpoint[];
  readonly extra: Finding[];
  readonly checker: ReturnType<typeof createLogChecker>;
  readonly replays: readonly { p: Projector; r: Replay }[];
  readonly rowReplay: RowReplay | null;
}

export async function prologue(db: Queryable, options: VerifyOptions): Promise<Prologue> {
  const head = await store.readHead(db);
  const [bounds] = await db.query<{ max: bigint | null }>(
    'SELECT max(seq) AS max FROM audit_entries',
  );
  const end = Math.max(
    head.size,
    bounds?.max === null || bounds === undefined ? 0 : Number(bounds.max) + 1,
  );
  const stored = await store.listCheckpoints(db);
  const extra: Finding[] = stored.flatMap(checkpointColumns);
  const checker = createLogChecker({
    hash: fastSha256,
    checkpoints: stored,
    trusted: options.trusted ?? [],
    pinnedKeys: options.pinnedKeys ?? [],
    consistency: await consistencyProofs(db, stored, head.size),
    requireWitnesses: options.requireWitnesses ?? 0,
    trackNodes: true,
  });
  const replaying = options.replay === true;
  const replays = replaying ? (options.projectors ?? []).map((p) => ({ p, r: p.start() })) : [];
  const rowReplay = replaying ? new RowReplay(await primaryKeys(db)) : null;
  return { head, end, stored, extra, checker, replays, rowReplay };
}

/** Feeds one parsed entry to the replays. */
export function replayEntry(p: Prologue, parsed: ParsedEntry): void {
  applyReplays(p.replays, parsed, p.extra);
  p.rowReplay?.apply(parsed.seq, parsed.rows);
}

async function verifyAt(db: Queryable, options: VerifyOptions): Promise<Report> {
  const pro = await prologue(db, options);
  const { end, checker, extra, replays, rowReplay } = pro;
  const batch = options.batchSize ?? 10_000;
  for (let from = 0; from < end; from += batch) {
    const rows = await store.entriesInRange(db, from, from + batch);
    for (const row of rows) {
      const parsed = checker.push(Number(row.seq), row.entry, {
        hash: row.hash,
        prevHash: row.prev_hash,
        actor: row.actor,
        action: row.action,
        subjects: row.subjects,
        recordedAt: row.recorded_at.toISOString(),
      });
      if (parsed !== null) applyReplays(replays, parsed, extra);
      if (parsed !== null) rowReplay?.apply(parsed.seq, parsed.rows);
    }
    await compareNodes(db, checker);
    options.onProgress?.(Math.min(from + batch, end), end);
  }
  return epilogue(db, pro);
}

/** Everything after the entries: the head, its signature, the node count and the replays. */
export async function epilogue(db: Queryable, pro: Prologue): Promise<Report> {
  const { end, checker, extra, head, stored, replays, rowReplay } = pro;
  if (rowsBeyond(end, checker.size))
    extra.push(findingOf('entry_missing', 'the log ends early', { seq: checker.size }));
  const report = checker.finish();
  extra.push(...(await headAndNodeCount(db, head, checker.size)));
  extra.push(...(await headSignature(db, stored.at(-1)?.size ?? 0)));
  for (const { p, r } of replays)
    for (const diff of await r.compare(db))
      extra.push(findingOf('replay_mismatch', `${p.name}: ${diff}`));
  if (rowReplay !== null) extra.push(...(await rowReplay.compare(db)));
  return withFindings(report, extra);
}

/** Rows per streamed run: a power of two, so a run at a multiple of it holds whole subtrees. */
const RUN_LEVEL = 13;

/**
 * Streams the log once with COPY on one connection of a snapshot, reads the stored tree nodes of
 * each run on a second connection of the same snapshot meanwhile, and has worker threads hash,
 * parse and compare each run (`examineRun`) while the next one arrives. The checker takes the
 * runs in order; only what needs the whole log's order runs on this thread.
 */
async function verifyStreamed(db: Db, options: VerifyOptions): Promise<Report> {
  const reader = await db.pool.connect();
  const side = await db.pool.connect();
  let examiners: RunExaminers | null = null;
  try {
    await reader.query(`BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; ${IMAGE_SETTINGS_SQL}`);
    const snap = await reader.query<{ id: string }>('SELECT pg_export_snapshot() AS id');
    await side.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    await side.query(`SET TRANSACTION SNAPSHOT '${snap.rows[0]?.id ?? ''}'`);
    const q = clientQueryable(reader);
    const pro = await prologue(q, options);
    const replaying = pro.replays.length > 0 || pro.rowReplay !== null;
    const runLevel = options.runLevel ?? RUN_LEVEL;
    // A log of one run gains nothing from threads that take longer to start than to hash it.
    const workers = pro.end > 2 ** runLevel ? (options.workers ?? defaultExaminers()) : 0;
    examiners = runExaminers(workers);
    // A caller that names the count (a test) gets those workers running before the first run.
    if (options.workers !== undefined) await examiners.ready;
    const stream = { runLevel, replaying, examiners };
    await streamRuns(reader, clientQueryable(side), stream, pro, options);
    await compareNodes(q, pro.checker);
    const report = await epilogue(q, pro);
    await side.query('COMMIT');
    await reader.query('COMMIT');
    return report;
  } catch (error) {
    await side.query('ROLLBACK').catch(() => undefined);
    await reader.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    side.release();
    reader.release();
    await examiners?.close();
  }
}

function clientQueryable(c: pg.PoolClient): Queryable {
  return {
    query: async <R extends Row>(sql: string, params?: readonly unknown[]) =>
      (await c.query<R>(sql, params as unknown[] | undefined)).rows,
  };
}

async function streamRuns(
  reader: pg.PoolClient,
  side: Queryable,
  s: { readonly runLevel: number; readonly replaying: boolean; readonly examiners: RunExaminers },
  pro: Prologue,
  options: VerifyOptions,
): Promise<void> {
  const { runLevel, replaying, examiners } = s;
  const perRun = 2 ** runLevel;
  const applied: Promise<void>[] = [];
  let sideFree: Promise<unknown> = Promise.resolve();
  let done = 0;
  // Runs read ahead of the checker: enough to keep every worker busy, few enough to bound memory.
  const ahead = 4;
  await copyOutRuns(
    reader,
    `SELECT ${ENTRY_COPY_COLUMNS} FROM audit_entries ORDER BY seq`,
    perRun,
    (bytes, rows, first, last) => {
      const aligned = last - first === rows - 1 && first % perRun === 0;
      // The side connection runs one statement at a time: each run's read waits for the last.
      const stored = aligned
        ? sideFree.then(() => storedLevels(side, first, rows, runLevel))
        : null;
      sideFree = stored?.catch(() => undefined) ?? sideFree;
      const job = (stored ?? Promise.resolve(null)).then((s) =>
        examiners.examine({ bytes, rows, all: replaying, stored: s } satisfies RunJob),
      );
      job.catch(() => undefined);
      const previous = applied.at(-1) ?? Promise.resolve();
      const mine = previous.then(async () => {
        const run = await job;
        pro.checker.pushRun(run);
        if (replaying) for (const parsed of run.parsed.values()) replayEntry(pro, parsed);
        done += rows;
        options.onProgress?.(Math.min(done, pro.end), pro.end);
      });
      mine.catch(() => undefined);
      applied.push(mine);
      return applied.length > ahead ? applied[applied.length - 1 - ahead] : undefined;
    },
  );
  await applied.at(-1);
}

/**
 * The stored nodes of levels 0..runLevel inside the run [first, first + rows): one row per level,
 * its hashes concatenated in index order. A level with a node missing is read again node by node.
 */
async function storedLevels(
  side: Queryable,
  first: number,
  rows: number,
  runLevel: number,
): Promise<RunJob['stored']> {
  const got = await side.query<{
    level: number;
    lo: bigint | null;
    n: bigint;
    ok: boolean | null;
    hashes: Buffer | null;
  }>(
    `SELECT l.level, r.lo, r.n, r.ok, r.hashes
       FROM generate_series(0, $3::int) AS l(level)
       CROSS JOIN LATERAL (
         SELECT min(m.idx) AS lo, count(*) AS n, bool_and(length(m.hash) = 32) AS ok,
                string_agg(m.hash, ''::bytea ORDER BY m.idx) AS hashes
           FROM audit_merkle_nodes m
          WHERE m.level = l.level AND m.idx >= ($1::bigint >> l.level)
            AND m.idx < (($1::bigint + $2::bigint) >> l.level)) r`,
    [first, rows, runLevel],
  );
  const levels: StoredLevel[] = [];
  for (const r of got) {
    const lo = Math.floor(first / 2 ** r.level);
    const count = Math.floor(rows / 2 ** r.level);
    if (count === 0) continue;
    if (r.ok === true && Number(r.n) === count && Number(r.lo) === lo && r.hashes !== null) {
      levels.push({ level: r.level, lo, count, flat: r.hashes, byIdx: null });
      continue;
    }
    const each = await side.query<{ idx: bigint; hash: Buffer }>(
      'SELECT idx, hash FROM audit_merkle_nodes WHERE level = $1 AND idx >= $2 AND idx < $3',
      [r.level, lo, lo + count],
    );
    const byIdx = new Map(each.map((e) => [Number(e.idx), new Uint8Array(e.hash)]));
    levels.push({ level: r.level, lo, count, flat: null, byIdx });
  }
  return { below: runLevel, levels };
}

function rowsBeyond(end: number, size: number): boolean {
  return size < end;
}

function applyReplays(
  replays: readonly { p: Projector; r: Replay }[],
  e: {
    seq: number;
    recordedAt: string;
    actor: string;
    action: string;
    subjects: readonly string[];
    payload: unknown;
  },
  extra: Finding[],
): void {
  for (const { p, r } of replays) {
    try {
      r.apply({ ...e, seq: BigInt(e.seq), payload: e.payload as Json });
    } catch (error) {
      extra.push(
        findingOf('replay_mismatch', `${p.name} could not apply entry ${e.seq}: ${String(error)}`, {
          seq: e.seq,
        }),
      );
    }
  }
}

/**
 * Compares the nodes the checker completed in this batch with the stored ones. A batch completes one
 * contiguous run of nodes per level, so the read is one index range scan per level.
 */
export async function compareNodes(
  db: Queryable,
  checker: ReturnType<typeof createLogChecker>,
): Promise<void> {
  const refs = checker.takeCompleted();
  if (refs.length === 0) return;
  const ranges = new Map<number, [number, number]>();
  for (const [level, idx] of refs) {
    const r = ranges.get(level);
    ranges.set(level, r === undefined ? [idx, idx] : [Math.min(r[0], idx), Math.max(r[1], idx)]);
  }
  const levels = [...ranges.keys()];
  const bounds = [...ranges.values()];
  const rows = await db.query<{ level: number; idx: bigint; hash: Buffer }>(
    `SELECT n.level, n.idx, n.hash
       FROM unnest($1::smallint[], $2::bigint[], $3::bigint[]) AS r(level, lo, hi)
       JOIN LATERAL (SELECT level, idx, hash FROM audit_merkle_nodes m
                      WHERE m.level = r.level AND m.idx BETWEEN r.lo AND r.hi) n ON true`,
    [levels, bounds.map((b) => b[0]), bounds.map((b) => b[1])],
  );
  const found = new Map(rows.map((r) => [`${r.level}/${r.idx}`, new Uint8Array(r.hash)]));
  for (const [level, idx] of refs) checker.storedNode(level, idx, found.get(`${level}/${idx}`));
}

/** The columns copied beside a checkpoint's signed body must agree with it. */
function checkpointColumns(c: store.StoredCheckpoint): Finding[] {
  const pairs: [string, string, string][] = [
    ['size', c.body.size, String(c.size)],
    ['root', c.body.root, c.columns.root],
    ['key_id', c.body.keyId, c.columns.keyId],
  ];
  return pairs
    .filter(([, a, b]) => a !== b)
    .map(([name, a, b]) =>
      findingOf(
        'checkpoint_stored_mismatch',
        `checkpoint ${c.size}: column ${name} disagrees with the signed body`,
        {
          checkpointSize: c.size,
          expected: a,
          found: b,
        },
      ),
    );
}

async function consistencyProofs(
  db: Queryable,
  cps: readonly store.StoredCheckpoint[],
  logSize: number,
): Promise<ConsistencyProofRecord[]> {
  const out: ConsistencyProofRecord[] = [];
  for (const [i, cp] of cps.entries()) {
    const m = Number(cps[i - 1]?.body.size ?? 0);
    const n = Number(cp.body.size);
    if (m < 1 || m >= n || n > logSize) continue;
    try {
      const p = await storedConsistencyProof(db, m, n);
      out.push({ from: m, to: n, proof: p.proof.map(toHex) });
    } catch {
      // A missing node is reported by the node comparison; here it only means no proof.
    }
  }
  return out;
}

/**
 * The head must carry a signature by a log key the log introduced, over its own size and hash. The
 * entries after the last checkpoint are signed by nothing else, so a head that does not verify
 * means they were rewritten or cut off by someone without the key.
 */
async function headSignature(db: Queryable, signedSize: number): Promise<Finding[]> {
  const [h] = await db.query<{
    size: bigint;
    head_hash: Buffer;
    signature: Buffer | null;
    key_id: string | null;
  }>('SELECT size, head_hash, signature, key_id FROM audit_head WHERE id = 1');
  if (h === undefined || h.size === 0n) return [];
  const keys = (await store.entriesWithActions(db, store.KEY_ACTIONS)).flatMap((e) =>
    isLogKeyPayload(e.payload) ? [e.payload] : [],
  );
  if (keys.length === 0) return [];
  const where = `the entries after checkpoint ${signedSize} (to ${h.size})`;
  if (h.signature === null || h.key_id === null)
    return [findingOf('head_unsigned', `the chain head is not signed: ${where} are unproven`)];
  const key = keys.find((k) => k.keyId === h.key_id);
  const message = headMessage(h.size, new Uint8Array(h.head_hash));
  if (key === undefined || !verifyEd25519(key.publicKey, message, toHex(h.signature)))
    return [
      findingOf(
        'head_signature_invalid',
        `the chain head's signature does not verify with log key ${h.key_id}: ${where} were rewritten or cut off`,
        { expected: `a signature over entry ${h.size - 1n}`, found: toHex(h.signature) },
      ),
    ];
  return [];
}

async function headAndNodeCount(db: Queryable, head: store.Head, size: number): Promise<Finding[]> {
  const out: Finding[] = [];
  if (head.size !== size)
    out.push(
      findingOf(
        'head_mismatch',
        `the chain head says ${head.size} entries, the log holds ${size}`,
        { expected: String(size), found: String(head.size) },
      ),
    );
  let expected = 0;
  for (let level = 0; 2 ** level <= size; level++) expected += Math.floor(size / 2 ** level);
  const nodes = await store.countNodes(db);
  if (nodes > expected)
    out.push(
      findingOf(
        'merkle_nodes_extra',
        `the tree table holds ${nodes} nodes, a log of ${size} has ${expected}`,
        { expected: String(expected), found: String(nodes) },
      ),
    );
  return out;
}
