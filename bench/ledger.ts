import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { systemClock } from '../src/core/clock.ts';
import { idSource, type IdSource } from '../src/core/ids.ts';
import { cryptoRandom } from '../src/core/random.ts';
import { ensureDatabase, startEmbedded } from '../src/db/embedded.ts';
import { migrate } from '../src/db/migrate.ts';
import { openDb, type Db } from '../src/db/pool.ts';
import type { AccountId, TransferInput } from '../src/ledger/model.ts';
import { createLedger, type LedgerService } from '../src/ledger/service.ts';
import { nowMs, percentile, type Bench, type BenchContext } from './harness.ts';

/**
 * Ledger throughput against the raw cost of writing the same number of rows. One at a time, the
 * baseline is one autocommitted INSERT per row; in batches of 1,000, one INSERT … unnest per batch.
 * A ledger transfer does more (locks, checks, an audit entry with its Merkle nodes, balance updates),
 * so the ratio says how much of the database's raw write speed the book keeps.
 */
const SINGLES = 400;
const BATCH = 1000;
const BATCHES = 6;
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
    const ledger = createLedger({ db, clock: systemClock, ids });
    const accounts = await openAccounts(ledger);
    await raw.query(
      'CREATE TABLE IF NOT EXISTS bench_raw (id uuid PRIMARY KEY, d uuid, c uuid, amount numeric(78,0))',
    );
    ctx.progress(`${label}: ${SINGLES} single transfers`);
    const rawSingle = await rawSingles(raw, ids);
    const single = await ledgerSingles(ledger, ids, accounts);
    ctx.report({
      name: `ledger ${label}: transfers/s, one at a time`,
      value: single.perSecond,
      unit: 'tx/s',
      baseline: { name: 'raw INSERT', value: rawSingle },
      note: 'higher is better',
    });
    ctx.report({ name: `ledger ${label}: single transfer p50`, value: single.p50, unit: 'ms' });
    ctx.report({ name: `ledger ${label}: single transfer p99`, value: single.p99, unit: 'ms' });
    ctx.progress(`${label}: ${BATCHES} batches of ${BATCH}`);
    const rawBatch = await rawBatches(raw, ids);
    const batch = await ledgerBatches(ledger, ids, accounts);
    ctx.report({
      name: `ledger ${label}: transfers/s, batches of ${BATCH}`,
      value: batch,
      unit: 'tx/s',
      baseline: { name: 'raw INSERT unnest', value: rawBatch },
      note: 'goal >= 0.5',
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

async function ledgerSingles(ledger: LedgerService, ids: IdSource, accounts: readonly AccountId[]) {
  const latencies: number[] = [];
  const start = nowMs();
  for (let n = 0; n < SINGLES; n++) {
    const t0 = nowMs();
    const r = await ledger.transfer(actor, transfer(ids, accounts, n));
    latencies.push(nowMs() - t0);
    if (!r.ok) throw new Error(`${r.code}: ${r.message}`);
  }
  const seconds = (nowMs() - start) / 1000;
  return {
    perSecond: SINGLES / seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
  };
}

async function ledgerBatches(ledger: LedgerService, ids: IdSource, accounts: readonly AccountId[]) {
  const start = nowMs();
  for (let b = 0; b < BATCHES; b++) {
    const batch = Array.from({ length: BATCH }, (_, i) => transfer(ids, accounts, i));
    const r = await ledger.transferBatch(actor, batch);
    if (!r.ok) throw new Error(`${r.code}: ${r.message}`);
  }
  return (BATCHES * BATCH) / ((nowMs() - start) / 1000);
}

async function rawSingles(db: Db, ids: IdSource): Promise<number> {
  const start = nowMs();
  for (let n = 0; n < SINGLES; n++) {
    await db.query('INSERT INTO bench_raw VALUES ($1, $2, $3, $4)', [
      ids.next(),
      ids.next(),
      ids.next(),
      '1000',
    ]);
  }
  return SINGLES / ((nowMs() - start) / 1000);
}

async function rawBatches(db: Db, ids: IdSource): Promise<number> {
  const start = nowMs();
  for (let b = 0; b < BATCHES; b++) {
    const col = () => Array.from({ length: BATCH }, () => ids.next());
    await db.query(
      'INSERT INTO bench_raw SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::numeric[])',
      [col(), col(), col(), Array.from({ length: BATCH }, () => '1000')],
    );
  }
  return (BATCHES * BATCH) / ((nowMs() - start) / 1000);
}
