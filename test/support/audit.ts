import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { manualClock, type ManualClock } from '../../src/core/clock.ts';
import { primaryKeys } from '../../src/db/evidence.ts';
import type { Db, Queryable } from '../../src/db/pool.ts';
import { parseEntry } from '../../verifier/src/checker.ts';
import { appendAudit } from '../../src/audit/append.ts';
import { leafHash, nodeHash } from '../../src/audit/entry.ts';
import type { Projector } from '../../src/audit/replay.ts';
import { RowReplay } from '../../src/audit/rows.ts';
import { entriesInRange } from '../../src/audit/store.ts';
import { createAuditService, type AuditService } from '../../src/audit/service.ts';

/** Test helpers for the audit domain: a service on a test database, and a superuser to tamper with. */
export interface AuditFixture {
  readonly audit: AuditService;
  readonly clock: ManualClock;
  readonly dataDir: string;
  /** Appends `n` entries, one transaction each, as another domain would. */
  append(n: number, action?: string): Promise<void>;
}

export async function auditFixture(
  db: Db,
  projectors: readonly Projector[] = [],
): Promise<AuditFixture> {
  const clock = manualClock();
  const dataDir = await mkdtemp(join(tmpdir(), 'kazna-audit-'));
  const audit = await createAuditService({ db, clock, dataDir, logKeyFile: null, projectors });
  let counter = 0;
  return {
    audit,
    clock,
    dataDir,
    append: async (n, action = 'test.entry.added') => {
      for (let i = 0; i < n; i++) {
        const k = counter++;
        clock.advance(1000);
        await db.write((tx) =>
          appendAudit(tx, clock, {
            actor: k % 2 === 0 ? 'user-a' : 'user-b',
            action,
            subjects: [`case:${k % 3}`],
            payload: { k, note: `entry number ${k}` },
          }),
        );
      }
    },
  };
}

/**
 * A connection without the application role: it can UPDATE and DELETE the append-only tables, as an
 * attacker with database superuser rights could. Tamper tests use it; nothing else should.
 */
export async function superuser<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/**
 * The rows the whole log records, replayed (as `audit verify --replay` does), for tests that
 * tamper with one table at a time and compare only it.
 */
export async function replayedRows(q: Queryable): Promise<RowReplay> {
  const replay = new RowReplay(await primaryKeys(q));
  const [head] = await q.query<{ size: bigint }>('SELECT size FROM audit_head');
  const size = Number(head?.size ?? 0n);
  for (let from = 0; from < size; from += 5000) {
    for (const row of await entriesInRange(q, from, from + 5000)) {
      const parsed = parseEntry(row.entry);
      if (typeof parsed === 'string') throw new Error(`entry ${row.seq}: ${parsed}`);
      replay.apply(parsed.seq, parsed.rows);
    }
  }
  return replay;
}

/**
 * Rewrites the last entry as an attacker with the database but not the log key could: its text
 * changes, and its hash, the tree nodes it completes and the head are recomputed, so the chain and
 * the tree are consistent again. Only a signed checkpoint after it, or the rows it proves, can tell.
 */
export async function rewriteEntry(c: pg.Client, edit: (entry: string) => string): Promise<void> {
  const { rows } = await c.query<{ seq: string; entry: string }>(
    'SELECT e.seq::text AS seq, e.entry FROM audit_entries e ORDER BY e.seq DESC LIMIT 1',
  );
  const last = rows[0];
  if (last === undefined) throw new Error('the log is empty');
  const seq = BigInt(last.seq);
  const leaf = leafHash(new TextEncoder().encode(edit(last.entry)));
  await c.query('UPDATE audit_entries SET entry = $1, hash = $2 WHERE seq = $3', [
    edit(last.entry),
    Buffer.from(leaf),
    last.seq,
  ]);
  let right = leaf;
  let idx = seq;
  await c.query('UPDATE audit_merkle_nodes SET hash = $1 WHERE level = 0 AND idx = $2', [
    Buffer.from(right),
    idx.toString(),
  ]);
  for (let level = 1; idx % 2n === 1n; level++) {
    const { rows: left } = await c.query<{ hash: Buffer }>(
      'SELECT hash FROM audit_merkle_nodes WHERE level = $1 AND idx = $2',
      [level - 1, (idx - 1n).toString()],
    );
    right = nodeHash(new Uint8Array(left[0]?.hash ?? Buffer.alloc(32)), right);
    idx /= 2n;
    await c.query('UPDATE audit_merkle_nodes SET hash = $1 WHERE level = $2 AND idx = $3', [
      Buffer.from(right),
      level,
      idx.toString(),
    ]);
  }
  await c.query('UPDATE audit_head SET head_hash = $1', [Buffer.from(leaf)]);
}
