import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { clearEveryMovement } from '../test/support/ledger-gate.ts';
import { join } from 'node:path';
import pg from 'pg';
import { systemClock } from '../src/core/clock.ts';
import { idSource, type IdSource } from '../src/core/ids.ts';
import { cryptoRandom } from '../src/core/random.ts';
import { integerArray, textArray, uuidArray } from '../src/db/arrays.ts';
import { ensureDatabase, startEmbedded } from '../src/db/embedded.ts';
import { migrate } from '../src/db/migrate.ts';
import { openDb, type Db } from '../src/db/pool.ts';
import type { AccountId, TransferInput } from '../src/ledger/model.ts';
import { createLedger, type LedgerService } from '../src/ledger/service.ts';
import { median, nowMs, percentile, type Bench, type BenchContext } from './harness.ts';

/**
 * Ledger throughput against the raw cost of writing the same number of rows into a plain table. One
 * at a time, the baseline is one autocommitted INSERT per row; in batches of 1,000, one
 * INSERT … unnest per batch. A ledger transfer does more (locks, checks, an audit entry with its
 * Merkle nodes, balance updates, four indexes and a partial one), so the ratio says how much of
 * the database's raw write speed the book keeps.
 *
 * Batches have two baselines. The goal (>= 0.5) is measured against rows of the ledger's own shape
 * (the 23 columns of a transfer, the same values, a primary key and nothing else): that isolates
 * what the ledger adds from how wide its rows are. A 4-column row (id, debit, credit, amount) is
 * reported too, as earlier runs were. The ledger and its baselines take turns, batch by batch, so a
 * burst of load on this shared machine falls on all of them alike.
 */
const SINGLES = 400;
const SINGLE_TURN = 50;
const BATCH = 1000;
const BATCHES = 40;
/**
 * Rounds run before timing starts, for the ledger and both baselines alike: the first batches run
 * before V8 has optimised the code, and the embedded database, measured first, would otherwise pay
 * for all of it.
 */
const WARMUP_ROUNDS = 3;
const WARMUP_SINGLES = 25;
const actor = { id: 'bench' };

export const ledgerBench: Bench = async (ctx) => {
  const dir = await mkdtemp(join(tmpdir(), 'kazna-bench-ledger-'));
  const embedded = await startEmbedded({ dataDir: dir, database: 'kazna_bench_ledger' });
  try {
    await runOn(ctx, 'embedded', embedded.url);
  } finally {
    await embedded.stop();
    await rm(dir, { recursive: true, force: true });
  }
  if (ctx.serverUrl !== null) {
    const name = `kazna_bench_ledger_${process.pid}`;
    await ensureDatabase(ctx.serverUrl, name);
    const u = new URL(ctx.serverUrl);
    u.pathname = `/${name}`;
    try {
      await runOn(ctx, 'server', u.toString());
    } finally {
      await admin(ctx.serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    }
  }
};

async function admin(url: string, sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  await c.query(sql).finally(() => c.end());
}

async function runOn(ctx: BenchContext, label: string, url: string): Promise<void> {
  const migrated = await migrate(url);
  if (!migrated.ok) throw new Error(migrated.message);
  const db = openDb({ connectionString: url, max: 4 });
  // The baseline table is not part of the schema, so the owner role creates and fills it.
  const raw = openDb({ connectionString: url, max: 4, appRole: null });
  try {
    const ids = idSource(systemClock, cryptoRandom);
    // The ledger's write path alone: the policy's cost is the gate's, a few reads per batch.
    const ledger = createLedger({ db, clock: systemClock, ids, gate: clearEveryMovement });
    const accounts = await openAccounts(ledger);
    await raw.query(
      'CREATE TABLE IF NOT EXISTS bench_raw (id uuid PRIMARY KEY, d uuid, c uuid, amount numeric(78,0))',
    );
    await raw.query(`CREATE TABLE IF NOT EXISTS bench_raw_rows (${WIDE_COLUMNS})`);
    ctx.progress(`${label}: ${SINGLES} single transfers, taking turns with raw INSERTs`);
    const single = await singles(ledger, raw, ids, accounts);
    ctx.report({
      name: `ledger ${label}: transfers/s, one at a time`,
      value: single.ledger,
      unit: 'tx/s',
      baseline: { name: 'raw INSERT', value: single.raw },
      note: 'higher is better',
    });
    ctx.report({ name: `ledger ${label}: single transfer p50`, value: single.p50, unit: 'ms' });
    ctx.report({ name: `ledger ${label}: single transfer p99`, value: single.p99, unit: 'ms' });
    ctx.progress(`${label}: ${BATCHES} rounds of a ${BATCH}-transfer batch and its baselines`);
    const batch = await batches(ledger, raw, ids, accounts);
    ctx.report({
      name: `ledger ${label}: transfers/s, batches of ${BATCH}`,
      value: batch.ledger,
      unit: 'tx/s',
      baseline: { name: 'raw INSERT unnest, same columns', value: batch.wide },
      note: 'goal >= 0.5',
    });
    ctx.report({
      name: `ledger ${label}: transfers/s, batches of ${BATCH}`,
      value: batch.ledger,
      unit: 'tx/s',
      baseline: { name: 'raw INSERT unnest, 4 columns', value: batch.narrow },
    });
  } finally {
    await db.close();
    await raw.close();
  }
}

async function openAccounts(ledger: LedgerService): Promise<AccountId[]> {
  const out: AccountId[] = [];
  for (let i = 0; i < 11; i++) {
    const r = await ledger.openAccount(actor, {
      asset: 'BTC',
      owner: { kind: 'reserve', ref: `bench-${i}` },
      type: 'liability',
      flags: { debitsMustNotExceedCredits: i > 0 },
    });
    if (!r.ok) throw new Error(r.code);
    out.push(r.value.id);
  }
  return out;
}

function transfer(ids: IdSource, accounts: readonly AccountId[], n: number): TransferInput {
  // Even steps fund account k from account 0; odd steps pass a little of it on to account k + 1, so
  // every debit of a limited account is covered and the limit checks run on real balances.
  const k = Math.floor(n / 2) % 10;
  const funding = n % 2 === 0;
  return {
    kind: 'single',
    id: ids.next(),
    debitAccountId: funding ? accounts[0]! : accounts[1 + k]!,
    creditAccountId: funding ? accounts[1 + k]! : accounts[1 + ((k + 1) % 10)]!,
    asset: 'BTC',
    amount: funding ? 1000n : 1n,
    code: 'bench.move',
    reason: 'benchmark',
  };
}

interface Singles {
  readonly ledger: number;
  readonly raw: number;
  readonly p50: number;
  readonly p99: number;
}

async function singles(
  ledger: LedgerService,
  raw: Db,
  ids: IdSource,
  accounts: readonly AccountId[],
): Promise<Singles> {
  for (let n = 0; n < WARMUP_SINGLES; n++) {
    await rawSingle(raw, ids);
    const r = await ledger.transfer(actor, transfer(ids, accounts, n));
    if (!r.ok) throw new Error(`${r.code}: ${r.message}`);
  }
  const latencies: number[] = [];
  let ledgerMs = 0;
  let rawMs = 0;
  for (let n = 0; n < SINGLES; n += SINGLE_TURN) {
    let t0 = nowMs();
    for (let k = 0; k < SINGLE_TURN; k++) await rawSingle(raw, ids);
    rawMs += nowMs() - t0;
    t0 = nowMs();
    for (let k = n; k < n + SINGLE_TURN; k++) {
      const start = nowMs();
      const r = await ledger.transfer(actor, transfer(ids, accounts, k));
      latencies.push(nowMs() - start);
      if (!r.ok) throw new Error(`${r.code}: ${r.message}`);
    }
    ledgerMs += nowMs() - t0;
  }
  return {
    ledger: SINGLES / (ledgerMs / 1000),
    raw: SINGLES / (rawMs / 1000),
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
  };
}

async function rawSingle(db: Db, ids: IdSource): Promise<void> {
  await db.query('INSERT INTO bench_raw VALUES ($1, $2, $3, $4)', [
    ids.next(),
    ids.next(),
    ids.next(),
    '1000',
  ]);
}

interface Batches {
  readonly ledger: number;
  readonly wide: number;
  readonly narrow: number;
}

async function batches(
  ledger: LedgerService,
  raw: Db,
  ids: IdSource,
  accounts: readonly AccountId[],
): Promise<Batches> {
  const ms = { ledger: [] as number[], wide: [] as number[], narrow: [] as number[] };
  let warm = false;
  const timed = async (key: keyof typeof ms, run: () => Promise<void>): Promise<void> => {
    const t0 = nowMs();
    await run();
    if (warm) ms[key].push(nowMs() - t0);
  };
  for (let b = -WARMUP_ROUNDS; b < BATCHES; b++) {
    // Each round starts with a different one, so none always runs on a cold or a warm cache.
    const turns: (() => Promise<void>)[] = [
      () => timed('narrow', () => narrowBatch(raw, ids)),
      () => timed('wide', () => wideBatch(raw, ids, accounts, b + WARMUP_ROUNDS)),
      () =>
        timed('ledger', async () => {
          const batch = Array.from({ length: BATCH }, (_, i) => transfer(ids, accounts, i));
          const r = await ledger.transferBatch(actor, batch);
          if (!r.ok) throw new Error(`${r.code}: ${r.message}`);
        }),
    ];
    warm = b >= 0;
    const first = (b + WARMUP_ROUNDS) % turns.length;
    for (let k = 0; k < turns.length; k++) await turns[(first + k) % turns.length]?.();
  }
  // Medians: a burst of load from a neighbour lands on a few batches of one kind and would move a
  // mean (and the ratio) by more than the difference being measured.
  const perSecond = (times: readonly number[]): number => BATCH / (median(times) / 1000);
  return {
    ledger: perSecond(ms.ledger),
    wide: perSecond(ms.wide),
    narrow: perSecond(ms.narrow),
  };
}

async function narrowBatch(db: Db, ids: IdSource): Promise<void> {
  const col = () => uuidArray(Array.from({ length: BATCH }, () => ids.next()));
  await db.query(
    'INSERT INTO bench_raw SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::numeric[])',
    [col(), col(), col(), integerArray(Array.from({ length: BATCH }, () => 1000))],
  );
}

/** The columns of ledger_transfers, with a primary key and no other index or constraint. */
const WIDE_COLUMNS = `id uuid PRIMARY KEY, kind text, debit_account_id uuid, credit_account_id uuid,
  asset text, amount numeric(78,0), pending_id uuid, pending_released numeric(78,0),
  timeout_seconds integer, expires_at timestamptz, code text, reason text, case_ref text,
  lot_ref text, approval_ref text, external_ref text, corrects_id uuid, value_at timestamptz, actor text,
  request_hash text, created_at timestamptz, audit_seq bigint, batch_index integer`;

/** What the ledger stores for a batch of the same transfers, written as plainly as possible. */
async function wideBatch(
  db: Db,
  ids: IdSource,
  accounts: readonly AccountId[],
  round: number,
): Promise<void> {
  const rows = Array.from({ length: BATCH }, (_, i) => transfer(ids, accounts, i));
  const text = (f: (t: TransferInput) => string | null): string => textArray(rows.map(f));
  const nulls = textArray(rows.map(() => null));
  const at = new Date().toISOString();
  await db.query(
    `INSERT INTO bench_raw_rows SELECT * FROM unnest(
       $1::uuid[], $2::text[], $3::uuid[], $4::uuid[], $5::text[], $6::numeric[], $7::uuid[],
       $8::numeric[], $9::int[], $10::timestamptz[], $11::text[], $12::text[], $13::text[],
       $14::text[], $15::text[], $16::text[], $17::uuid[], $18::timestamptz[], $19::text[],
       $20::text[], $21::timestamptz[], $22::bigint[], $23::int[])`,
    [
      uuidArray(rows.map((t) => t.id)),
      text((t) => t.kind),
      uuidArray(rows.map((t) => (t.kind === 'single' ? t.debitAccountId : null))),
      uuidArray(rows.map((t) => (t.kind === 'single' ? t.creditAccountId : null))),
      text((t) => t.asset),
      integerArray(rows.map((t) => (t.kind === 'single' ? t.amount : null))),
      nulls,
      nulls,
      nulls,
      nulls,
      text((t) => t.code),
      text((t) => t.reason),
      nulls,
      nulls,
      nulls,
      nulls,
      nulls,
      nulls,
      text(() => actor.id),
      // A request hash is 64 hex digits; the id's hex stands in for it.
      text((t) => t.id.replaceAll('-', '').repeat(2)),
      text(() => at),
      integerArray(rows.map(() => round)),
      integerArray(rows.map((_, i) => i)),
    ],
  );
}
