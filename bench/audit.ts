import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { appendAudit, appendAuditMany } from '../src/audit/append.ts';
import { encodeEntry, leafHash, nodeHash } from '../src/audit/entry.ts';
import { createAuditService } from '../src/audit/service.ts';
import { storedInclusionProof } from '../src/audit/tree.ts';
import { verifyLog } from '../src/audit/verify.ts';
import { manualClock } from '../src/core/clock.ts';
import { SYSTEM } from '../src/core/identity.ts';
import { startEmbedded } from '../src/db/embedded.ts';
import { migrate } from '../src/db/migrate.ts';
import { openDb, type Db, type Tx } from '../src/db/pool.ts';
import { median, nowMs, type Bench, type BenchContext } from './harness.ts';

/**
 * The audit log against the raw cost of its own work: appends against SHA-256 over the same bytes,
 * a full verification of 1,000,000 entries against hashing them, and an inclusion proof at
 * 1,000,000 entries against a bare database round trip. Runs on a throwaway embedded PostgreSQL.
 */
const BIG = Number(process.env['KAZNA_BENCH_AUDIT_ENTRIES'] ?? 1_000_000);
const enc = new TextEncoder();

export const auditBench: Bench = async (ctx) => {
  const dir = await mkdtemp(join(tmpdir(), 'kazna-bench-audit-'));
  const pgdb = await startEmbedded({ dataDir: dir, database: 'audit_bench' });
  try {
    const migrated = await migrate(pgdb.url);
    if (!migrated.ok) throw new Error(migrated.message);
    const db = openDb({ connectionString: pgdb.url });
    try {
      await appendFigures(ctx, db);
      await transferFigures(ctx, pgdb.url);
      await resetLog(pgdb.url);
      await bigLogFigures(ctx, db, pgdb.url, dir);
    } finally {
      await db.close();
    }
  } finally {
    await pgdb.stop();
    await rm(dir, { recursive: true, force: true });
  }
};

function payloadFor(i: number) {
  return { transfer: `t-${i}`, amount: String(1000n + BigInt(i)), asset: 'BTC', note: 'bench' };
}

async function appendFigures(ctx: BenchContext, db: Db): Promise<void> {
  const clock = manualClock();
  const input = (i: number) => ({
    actor: 'bench',
    action: 'bench.entry.added',
    subjects: [`case:${i % 97}`],
    payload: payloadFor(i),
  });
  const single = 2000;
  ctx.progress(`appending ${single} entries one transaction each`);
  let t0 = nowMs();
  for (let i = 0; i < single; i++) await db.write((tx) => appendAudit(tx, clock, input(i)));
  const singleRate = single / ((nowMs() - t0) / 1000);
  const batches = 100;
  const per = 100;
  ctx.progress(`appending ${batches} transactions of ${per} entries`);
  t0 = nowMs();
  for (let b = 0; b < batches; b++)
    await db.write(async (tx) => {
      for (let i = 0; i < per; i++) await appendAudit(tx, clock, input(single + b * per + i));
    });
  const batchRate = (batches * per) / ((nowMs() - t0) / 1000);
  const big = 1000;
  const bigBatches = 20;
  ctx.progress(`appending ${bigBatches} batches of ${big} entries, one call each`);
  let next = single + batches * per;
  t0 = nowMs();
  for (let b = 0; b < bigBatches; b++)
    await db.write(async (tx) => {
      const inputs = Array.from({ length: big }, () => input(next++));
      await appendAuditMany(tx, clock, inputs);
    });
  const manyRate = (bigBatches * big) / ((nowMs() - t0) / 1000);
  const hashRate = rawHashRate(single);
  const baseline = { name: 'SHA-256 of the same entries', value: hashRate };
  ctx.report({
    name: 'audit append, one per transaction',
    value: singleRate,
    unit: 'entries/s',
    baseline,
    note: 'higher is better',
  });
  ctx.report({
    name: `audit append, ${per} per transaction`,
    value: batchRate,
    unit: 'entries/s',
    baseline,
    note: 'higher is better',
  });
  ctx.report({
    name: `audit append, batches of ${big} (appendAuditMany)`,
    value: manyRate,
    unit: 'entries/s',
    baseline,
    note: 'higher is better',
    goal: { min: 0.2 },
  });
}

/**
 * A transaction of a ledger transfer's shape (its row, two balance updates) with its audit entry
 * (row evidence captured, entry, chain link and Merkle nodes) against the same transaction without
 * one, on the same database, taking turns so that load falls on both alike.
 */
async function transferFigures(ctx: BenchContext, url: string): Promise<void> {
  const owner = openDb({ connectionString: url, appRole: null, captureRows: false, max: 2 });
  const audited = openDb({ connectionString: url, appRole: null, captureRows: true, max: 2 });
  const clock = manualClock();
  try {
    await owner.query(`CREATE TABLE bench_transfers (id bigint PRIMARY KEY, debit text NOT NULL,
      credit text NOT NULL, asset text NOT NULL, amount numeric(78,0) NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now());
      CREATE TABLE bench_balances (account text PRIMARY KEY, amount numeric(78,0) NOT NULL);
      INSERT INTO bench_balances VALUES ('a', 0), ('b', 0)`);
    let id = 0;
    const body = async (tx: Tx): Promise<number> => {
      const n = id++;
      await tx.query(
        "INSERT INTO bench_transfers (id, debit, credit, asset, amount) VALUES ($1, 'a', 'b', 'BTC', $2)",
        [n, 1000 + n],
      );
      await tx.query("UPDATE bench_balances SET amount = amount - $1 WHERE account = 'a'", [
        1000 + n,
      ]);
      await tx.query("UPDATE bench_balances SET amount = amount + $1 WHERE account = 'b'", [
        1000 + n,
      ]);
      return n;
    };
    const plain = (): Promise<number> => owner.write(body);
    const withEntry = (): Promise<number> =>
      audited.write(async (tx) => {
        const n = await body(tx);
        await appendAudit(tx, clock, {
          actor: 'bench',
          action: 'bench.transfer.posted',
          subjects: [`transfer:${n}`],
          payload: payloadFor(n),
        });
        return n;
      });
    ctx.progress('transfer-shaped transactions with and without their audit entry');
    for (let i = 0; i < 50; i++) {
      await plain();
      await withEntry();
    }
    const plainMs: number[] = [];
    const entryMs: number[] = [];
    for (let turn = 0; turn < 10; turn++) {
      let t0 = nowMs();
      for (let i = 0; i < 50; i++) await plain();
      plainMs.push((nowMs() - t0) / 50);
      t0 = nowMs();
      for (let i = 0; i < 50; i++) await withEntry();
      entryMs.push((nowMs() - t0) / 50);
    }
    ctx.report({
      name: 'transfer-shaped transaction with its audit entry',
      value: median(entryMs),
      unit: 'ms',
      baseline: { name: 'the same transaction without it', value: median(plainMs) },
      note: 'lower is better; median of 10 turns of 50',
      goal: { max: 1.3 },
    });
  } finally {
    await owner.close();
    await audited.close();
  }
}

/** Entries/s of encoding + leaf-hashing alone: the floor no database can beat. */
function rawHashRate(n: number): number {
  const zero = new Uint8Array(32);
  const t0 = nowMs();
  let prev: Uint8Array = zero;
  for (let i = 0; i < n * 10; i++) {
    const text = encodeEntry({
      seq: BigInt(i),
      recordedAt: '2025-01-01T00:00:00.000Z',
      actor: 'bench',
      action: 'bench.entry.added',
      subjects: [`case:${i % 97}`],
      payload: payloadFor(i),
      prevHash: prev,
    });
    prev = leafHash(enc.encode(text));
  }
  return (n * 10) / ((nowMs() - t0) / 1000);
}

async function resetLog(url: string): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  await c.query(`TRUNCATE audit_entries, audit_merkle_nodes, audit_checkpoints;
    UPDATE audit_head SET size = 0, head_hash = '\\x${'00'.repeat(32)}'`);
  await c.end();
}

async function bigLogFigures(ctx: BenchContext, db: Db, url: string, dir: string): Promise<void> {
  ctx.progress(`building a log of ${BIG.toLocaleString('en-US')} entries with bulk inserts`);
  let t0 = nowMs();
  await bulkLoad(url, BIG, (done) => {
    ctx.progress(`  ${done.toLocaleString('en-US')} entries loaded`);
  });
  ctx.progress(`built in ${((nowMs() - t0) / 1000).toFixed(1)} s`);
  const audit = await createAuditService({
    db,
    clock: manualClock(),
    dataDir: dir,
    logKeyFile: null,
    projectors: [],
  });
  await audit.checkpoint(SYSTEM);
  const size = await audit.size();

  ctx.progress('hashing every entry text (baseline)');
  t0 = nowMs();
  for (let from = 0; from < size; from += 50_000) {
    const rows = await db.query<{ entry: string }>(
      'SELECT entry FROM audit_entries WHERE seq >= $1 AND seq < $2 ORDER BY seq',
      [from, from + 50_000],
    );
    for (const r of rows) leafHash(enc.encode(r.entry));
  }
  const hashS = (nowMs() - t0) / 1000;
  ctx.progress('verifying the whole log');
  t0 = nowMs();
  const report = await verifyLog(db, {});
  const verifyS = (nowMs() - t0) / 1000;
  if (!report.ok) throw new Error(`bench log did not verify: ${report.findings[0]?.message ?? ''}`);
  ctx.report({
    name: `audit verify, ${size.toLocaleString('en-US')} entries`,
    value: verifyS,
    unit: 's',
    baseline: { name: 'read + SHA-256 of every entry', value: hashS },
    note: 'lower is better',
    goal: { max: 1.25 },
  });

  const samples = 2000;
  const idx = (k: number) => (k * 7_919_993) % size;
  for (let k = 0; k < 100; k++) await storedInclusionProof(db, idx(k), size);
  const proofMs: number[] = [];
  const pingMs: number[] = [];
  for (let k = 0; k < samples; k++) {
    let t = nowMs();
    await storedInclusionProof(db, idx(k), size);
    proofMs.push(nowMs() - t);
    t = nowMs();
    await db.query('SELECT 1');
    pingMs.push(nowMs() - t);
  }
  const serviceMs: number[] = [];
  for (let k = 0; k < 500; k++) {
    const t = nowMs();
    await audit.inclusionProof(idx(k));
    serviceMs.push(nowMs() - t);
  }
  const ping = { name: 'SELECT 1 round trip', value: median(pingMs) };
  ctx.report({
    name: `inclusion proof at ${size.toLocaleString('en-US')}, median (one query)`,
    value: median(proofMs),
    unit: 'ms',
    baseline: ping,
    note: 'lower is better; target < 1 ms',
  });
  ctx.report({
    name: `inclusion proof at ${size.toLocaleString('en-US')}, median (service, with size check)`,
    value: median(serviceMs),
    unit: 'ms',
    baseline: ping,
    note: 'lower is better',
  });
}

/**
 * Writes `n` valid entries and their stored subtrees with multi-row inserts, computing everything in
 * memory: hash chain, leaves and every perfect subtree as it completes.
 */
async function bulkLoad(url: string, n: number, progress: (done: number) => void): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const stack: { level: number; hash: Uint8Array }[] = [];
    let prev: Uint8Array = new Uint8Array(32);
    const start = Date.UTC(2025, 0, 1);
    const batch = 25_000;
    for (let from = 0; from < n; from += batch) {
      const seqs: number[] = [];
      const ats: string[] = [];
      const texts: string[] = [];
      const prevs: Buffer[] = [];
      const hashes: Buffer[] = [];
      const nl: number[] = [];
      const ni: number[] = [];
      const nh: Buffer[] = [];
      for (let i = from; i < Math.min(n, from + batch); i++) {
        const at = new Date(start + i * 1000).toISOString();
        const text = encodeEntry({
          seq: BigInt(i),
          recordedAt: at,
          actor: 'bench',
          action: 'bench.entry.added',
          subjects: [],
          payload: payloadFor(i),
          prevHash: prev,
        });
        const h = leafHash(enc.encode(text));
        seqs.push(i);
        ats.push(at);
        texts.push(text);
        prevs.push(Buffer.from(prev));
        hashes.push(Buffer.from(h));
        prev = h;
        let item = { level: 0, hash: h };
        nl.push(0);
        ni.push(i);
        nh.push(Buffer.from(h));
        while (stack.length > 0 && stack.at(-1)!.level === item.level) {
          const left = stack.pop()!;
          item = { level: item.level + 1, hash: nodeHash(left.hash, item.hash) };
          nl.push(item.level);
          ni.push(Math.floor(i / 2 ** item.level));
          nh.push(Buffer.from(item.hash));
        }
        stack.push(item);
      }
      await c.query(
        `INSERT INTO audit_entries (seq, recorded_at, actor, action, subjects, entry, prev_hash, hash)
         SELECT s, a, 'bench', 'bench.entry.added', '{}', e, p, h
           FROM unnest($1::bigint[], $2::timestamptz[], $3::text[], $4::bytea[], $5::bytea[]) AS x(s, a, e, p, h)`,
        [seqs, ats, texts, prevs, hashes],
      );
      await c.query(
        'INSERT INTO audit_merkle_nodes (level, idx, hash) SELECT * FROM unnest($1::smallint[], $2::bigint[], $3::bytea[])',
        [nl, ni, nh],
      );
      if ((from / batch) % 8 === 0) progress(from + seqs.length);
    }
    await c.query('UPDATE audit_head SET size = $1, head_hash = $2', [n, Buffer.from(prev)]);
    await c.query('ANALYZE audit_entries; ANALYZE audit_merkle_nodes');
  } finally {
    await c.end();
  }
}
