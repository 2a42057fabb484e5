import { hash } from 'node:crypto';
import type { Json } from '../core/canonical.ts';
import type { Queryable } from '../db/pool.ts';
import { createLogChecker, type ConsistencyProofRecord } from '../../verifier/src/checker.ts';
import type { SignedCheckpoint } from '../../verifier/src/formats.ts';
import { toHex } from '../../verifier/src/hex.ts';
import { findingOf, withFindings, type Finding, type Report } from '../../verifier/src/report.ts';
import type { Projector, Replay } from './replay.ts';
import * as store from './store.ts';
import { storedConsistencyProof } from './tree.ts';

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
}

const fastSha256 = (data: Uint8Array): Uint8Array => new Uint8Array(hash('sha256', data, 'buffer'));

export async function verifyLog(db: Queryable, options: VerifyOptions = {}): Promise<Report> {
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
  const replays =
    options.replay === true ? (options.projectors ?? []).map((p) => ({ p, r: p.start() })) : [];
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
    }
    await compareNodes(db, checker);
    options.onProgress?.(Math.min(from + batch, end), end);
  }
  if (rowsBeyond(end, checker.size))
    extra.push(findingOf('entry_missing', 'the log ends early', { seq: checker.size }));
  const report = checker.finish();
  extra.push(...(await headAndNodeCount(db, head, checker.size)));
  for (const { p, r } of replays)
    for (const diff of await r.compare(db))
      extra.push(findingOf('replay_mismatch', `${p.name}: ${diff}`));
  return withFindings(report, extra);
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
async function compareNodes(
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
