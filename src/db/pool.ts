import { systemClock } from '../core/clock.ts';
import { randomInt } from 'node:crypto';
import pg from 'pg';
import { assert } from '../core/assert.ts';
import type { Err, Result } from '../core/result.ts';
import { copyIn } from './copy.ts';
import { CAPTURE_TABLE_SQL, IMAGE_SETTINGS_SQL } from './evidence.ts';
import { hostList, isConnectionLoss, locate, NoPrimaryError } from './hosts.ts';
import type { DbIdentity, Queryable, Row, Tx } from './queryable.ts';

export type { DbIdentity, Queryable, Row, Tx } from './queryable.ts';

/**
 * One dialect: PostgreSQL. int8 and numeric come back as BigInt (money columns are numeric(78,0));
 * every transaction is SERIALIZABLE and retried a bounded number of times on serialization failures,
 * which keeps Kazna portable to distributed engines that only offer optimistic concurrency.
 */
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => BigInt(v));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v) => (/^-?\d+$/.test(v) ? BigInt(v) : v));

export interface Db extends Queryable {
  /**
   * Runs `fn` in one SERIALIZABLE transaction, retrying on 40001/40P01, and on a lost connection
   * (a failover) while the outcome is known: before COMMIT was sent, or for a transaction that wrote
   * nothing, or one marked `idempotent`. A lost COMMIT of any other write throws
   * `CommitOutcomeUnknownError`: running it again could apply it twice.
   */
  transaction<T>(fn: (tx: Tx) => Promise<T>, options?: WriteOptions): Promise<T>;
  /**
   * A write: a `transaction` that also queues behind this process's other writes. Every write locks
   * the audit head, so concurrent writers would only collide and retry; queueing them here turns
   * that contention into a short wait. Other processes still get correctness from SERIALIZABLE.
   */
  write<T>(fn: (tx: Tx) => Promise<T>, options?: WriteOptions): Promise<T>;
  /**
   * A `write` in which a `Result` error rolls the transaction back: a rejected command changes
   * no state, whatever it wrote before it decided to refuse.
   */
  command<T, E extends string>(
    fn: (tx: Tx) => Promise<Result<T, E>>,
    options?: WriteOptions,
  ): Promise<Result<T, E>>;
  /**
   * Runs `fn` on one REPEATABLE READ, READ ONLY transaction: every read sees the same committed
   * state, while writers carry on (verification reads the log and every table at one moment).
   */
  snapshot<T>(fn: (q: Queryable) => Promise<T>): Promise<T>;
  readonly identity: DbIdentity;
  readonly pool: pg.Pool;
  close(): Promise<void>;
}

export interface DbOptions {
  readonly connectionString: string;
  readonly max?: number;
  /** The role every session runs as; it has no UPDATE/DELETE on append-only tables. */
  readonly appRole?: string | null;
  readonly retriesMax?: number;
  /**
   * Whether this pool's transactions collect row evidence (migration 0102) and refuse to commit a
   * change no audit entry took. On by default for the application role; an owner's pool (tests that
   * tamper, benchmarks' raw baselines) writes without it, as any other outside session would.
   */
  readonly captureRows?: boolean;
  /**
   * How long a command waits for a primary when the connection is lost (a failover takes seconds):
   * 30 s for a multi-host URL, 0 for one host, where no other host can take over.
   */
  readonly failoverWaitMs?: number;
}

export interface WriteOptions {
  /**
   * Running the command twice has the effect of running it once (it carries a client-supplied id
   * or an idempotency key and finds its own earlier commit): safe to retry when COMMIT was lost.
   */
  readonly idempotent?: boolean;
}

/**
 * The connection broke after COMMIT was sent: the write may or may not be on the new primary.
 * Only a read tells; the command is not retried because it is not idempotent.
 */
export class CommitOutcomeUnknownError extends Error {
  readonly code = 'commit_outcome_unknown';
  constructor(cause: unknown) {
    super('the database connection was lost while committing; the outcome is unknown', { cause });
  }
}

const RETRYABLE = new Set(['40001', '40P01']);
// `kazna.tx` tells the capture triggers that a transaction (and so an audit entry) is open.
const BEGIN = `BEGIN ISOLATION LEVEL SERIALIZABLE; SELECT set_config('kazna.tx', 'on', true)`;
const CHECKED_COMMIT = 'SELECT kazna_rows_evidenced(); COMMIT';

class RollbackWith extends Error {
  readonly result: Err<string>;
  constructor(result: Err<string>) {
    super('rollback');
    this.result = result;
  }
}

export function openDb(options: DbOptions): Db {
  const role = options.appRole === undefined ? 'kazna_app' : options.appRole;
  const capture = options.captureRows ?? role !== null;
  // The role is set at connection start-up, so no query can ever run with the owner's privileges.
  const startup = [
    ...(role === null ? [] : [`-c role=${role}`]),
    ...(capture ? ['-c kazna.capture=on'] : []),
  ];
  const poolFor = (connectionString: string): pg.Pool => {
    const made = new pg.Pool({
      connectionString,
      max: options.max ?? 10,
      ...(startup.length === 0 ? {} : { options: startup.join(' ') }),
      ...(capture ? { onConnect: createCaptureTable } : {}),
    });
    made.on('error', () => undefined);
    // A server that goes away mid-transaction errors the checked-out client too (pg-pool only
    // listens on idle ones); the statement in flight rejects with the same error, handled there.
    made.on('connect', (client) => client.on('error', () => undefined));
    return made;
  };
  const hosts = connector(options.connectionString, poolFor);
  const session: Session = {
    hosts,
    capture,
    identity: {},
    retriesMax: options.retriesMax ?? 30,
    failoverWaitMs: options.failoverWaitMs ?? (hosts.single ? 0 : 30_000),
  };
  const identity = session.identity;
  const query = <R extends Row>(sql: string, params?: readonly unknown[]): Promise<R[]> =>
    queryWithFailover<R>(session, sql, params);
  const transaction = <T>(fn: (tx: Tx) => Promise<T>, writeOptions: WriteOptions = {}) =>
    runTransaction(session, fn, writeOptions);

  let queue: Promise<unknown> = Promise.resolve();
  function write<T>(fn: (tx: Tx) => Promise<T>, writeOptions?: WriteOptions): Promise<T> {
    const run = queue.then(() => transaction(fn, writeOptions));
    queue = run.catch(() => undefined);
    return run;
  }

  async function command<T, E extends string>(
    fn: (tx: Tx) => Promise<Result<T, E>>,
    writeOptions?: WriteOptions,
  ): Promise<Result<T, E>> {
    try {
      return await write(async (tx) => {
        const result = await fn(tx);
        if (!result.ok) throw new RollbackWith(result);
        return result;
      }, writeOptions);
    } catch (error) {
      if (error instanceof RollbackWith) return error.result as Err<E>;
      throw error;
    }
  }

  return {
    ...{ query, transaction, write, command, identity },
    get pool() {
      return hosts.current();
    },
    snapshot: async (fn) => snapshot(await hosts.pool(), fn),
    close: () => hosts.close(),
  };
}

const FAILOVER_POLL_MS = 250;

/** What one `Db`'s transactions share. */
interface Session {
  readonly hosts: Connector;
  readonly capture: boolean;
  readonly identity: DbIdentity;
  readonly retriesMax: number;
  /** 0: a lost connection fails the call at once. */
  readonly failoverWaitMs: number;
}

async function queryWithFailover<R extends Row>(
  s: Session,
  sql: string,
  params?: readonly unknown[],
): Promise<R[]> {
  const until = systemClock.now().getTime() + s.failoverWaitMs;
  for (;;) {
    try {
      const res = await (await s.hosts.pool()).query<R>(sql, params as unknown[] | undefined);
      return res.rows;
    } catch (error) {
      if (!isConnectionLoss(error)) throw error;
      s.hosts.lost();
      if (s.failoverWaitMs === 0 || systemClock.now().getTime() > until) throw error;
      await sleep(FAILOVER_POLL_MS);
    }
  }
}

/** How far an attempt got: a lost COMMIT of a transaction that wrote leaves its outcome unknown. */
interface Stage {
  committing: boolean;
  wrote: boolean;
}

async function runTransaction<T>(
  s: Session,
  fn: (tx: Tx) => Promise<T>,
  writeOptions: WriteOptions,
): Promise<T> {
  const until = systemClock.now().getTime() + s.failoverWaitMs;
  // Serialization retries are counted apart from waits for a primary: a failover's seconds of
  // polling must not use up the retries the contention right after it needs.
  let conflicts = 0;
  for (;;) {
    const stage: Stage = { committing: false, wrote: false };
    try {
      return await attemptTransaction(s, fn, stage);
    } catch (error) {
      if (isConnectionLoss(error)) {
        s.hosts.lost();
        if (stage.committing && stage.wrote && writeOptions.idempotent !== true) {
          throw new CommitOutcomeUnknownError(error);
        }
        // Before COMMIT, the server rolled the transaction back when the session died: running
        // it again on the new primary is the same as the serialization retry below.
        if (s.failoverWaitMs > 0 && systemClock.now().getTime() <= until) {
          await sleep(FAILOVER_POLL_MS);
          continue;
        }
        throw error;
      }
      if (isRetryable(error) && conflicts < s.retriesMax) {
        await sleep(backoffMs(conflicts++));
        continue;
      }
      throw error;
    }
  }
}

async function attemptTransaction<T>(
  s: Session,
  fn: (tx: Tx) => Promise<T>,
  stage: Stage,
): Promise<T> {
  const client = await (await s.hosts.pool()).connect();
  let broken: Error | undefined;
  try {
    await client.query(BEGIN);
    const on = oneAtATime(client, s.identity);
    try {
      const value = await fn(on.tx);
      await on.runBeforeCommit();
      stage.wrote = on.wrote();
      stage.committing = true;
      // The evidence check travels with the COMMIT: if it raises, the COMMIT is not run.
      await client.query(s.capture && stage.wrote ? CHECKED_COMMIT : 'COMMIT');
      return value;
    } finally {
      // A command that failed while one of its statements was still running waits for it,
      // so the ROLLBACK is never queued behind a running query.
      await on.settled();
    }
  } catch (error) {
    // A session that is gone must not go back to the pool; any other gets its ROLLBACK.
    if (isConnectionLoss(error)) broken = error instanceof Error ? error : new Error(String(error));
    else await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release(broken);
  }
}

interface Connector {
  /** True for a one-host URL: the pool is fixed and never relocated. */
  readonly single: boolean;
  /** The pool on the current primary, found first if the last one was lost. */
  pool(): Promise<pg.Pool>;
  /** The pool as it stands, without looking for a primary. */
  current(): pg.Pool;
  /** A connection was lost: look for the primary again before the next connection. */
  lost(): void;
  close(): Promise<void>;
}

/**
 * One pool per primary. A lost connection marks the pool stale; the next caller asks the hosts
 * which one is primary now (one look-up at a time, shared by every waiting caller) and opens a
 * pool there. The old pool is ended once its clients come back.
 */
function connector(url: string, poolFor: (url: string) => pg.Pool): Connector {
  const list = hostList(url);
  const single = list.urls.length === 1 && list.target === 'any';
  let pool = poolFor(list.urls[0] ?? url);
  let stale = !single;
  let looking: Promise<pg.Pool> | null = null;
  const find = async (): Promise<pg.Pool> => {
    const found = await locate(list);
    if (found === null) throw new NoPrimaryError(list.urls.length);
    const old = pool;
    pool = poolFor(found);
    stale = false;
    void old.end().catch(() => undefined);
    return pool;
  };
  return {
    single,
    pool: () => {
      if (!stale) return Promise.resolve(pool);
      looking ??= find().finally(() => {
        looking = null;
      });
      return looking;
    },
    current: () => pool,
    lost: () => {
      if (!single) stale = true;
    },
    close: () => pool.end(),
  };
}

async function snapshot<T>(pool: pg.Pool, fn: (q: Queryable) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query(`BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; ${IMAGE_SETTINGS_SQL}`);
    const on = oneAtATime(client);
    try {
      const value = await fn(on.tx);
      await client.query('COMMIT');
      return value;
    } finally {
      await on.settled();
    }
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/**
 * A transaction's connection runs one statement at a time: the driver deprecates queueing a query
 * behind a running one (pg 9 removes it), so issuing a second is a bug, caught here.
 */
function oneAtATime(
  client: pg.PoolClient,
  identity?: DbIdentity,
): {
  tx: Tx;
  settled: () => Promise<void>;
  runBeforeCommit: () => Promise<void>;
  wrote: () => boolean;
} {
  let running: Promise<unknown> | null = null;
  let wrote = false;
  const hooks: (() => Promise<void>)[] = [];
  const track = <T>(p: Promise<T>): Promise<T> => {
    running = p;
    // Registered before the caller's own await, so the connection is free when the caller resumes.
    p.finally(() => {
      if (running === p) running = null;
    }).catch(() => undefined);
    return p;
  };
  const tx: Tx = {
    query: async <R extends Row>(sql: string, params?: readonly unknown[]) => {
      assert(running === null, 'a transaction runs one statement at a time');
      if (!wrote && !READ_ONLY.test(sql)) wrote = true;
      return (await track(client.query<R>(sql, params as unknown[] | undefined))).rows;
    },
    copyFrom: (sql: string, then?: string) => {
      assert(running === null, 'a transaction runs one statement at a time');
      wrote = true;
      const { write, end, done } = copyIn(client, sql, then);
      void track(done);
      return { write, end };
    },
    beforeCommit: (work) => {
      hooks.push(work);
    },
    ...(identity === undefined ? {} : { identity }),
  };
  const settled = async (): Promise<void> => {
    if (running !== null) await running.catch(() => undefined);
  };
  const runBeforeCommit = async (): Promise<void> => {
    // A hook may register another (an entry appended while flushing); run until none is left.
    for (let work = hooks.shift(); work !== undefined; work = hooks.shift()) await work();
  };
  return { tx, settled, runBeforeCommit, wrote: () => wrote };
}

/**
 * Where the capture triggers put the rows of this connection's transactions. pg-pool awaits the
 * promise before handing the client to its first user (its types declare a void hook).
 */
function createCaptureTable(client: pg.ClientBase): void {
  const created: Promise<unknown> = client.query(CAPTURE_TABLE_SQL);
  return created as unknown as undefined;
}

/** A statement that starts with SELECT writes nothing here (no function Kazna calls writes). */
const READ_ONLY = /^\s*SELECT\b/i;

export function isRetryable(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && RETRYABLE.has(code);
}

export function pgErrorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

function backoffMs(attempt: number): number {
  const cap = Math.min(200, 2 ** attempt);
  return randomInt(0, cap + 1);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
