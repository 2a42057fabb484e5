import { randomInt } from 'node:crypto';
import pg from 'pg';
import { assert } from '../core/assert.ts';
import type { Err, Result } from '../core/result.ts';
import { copyIn, type CopyWriter } from './copy.ts';

/**
 * One dialect: PostgreSQL. int8 and numeric come back as BigInt (money columns are numeric(78,0));
 * every transaction is SERIALIZABLE and retried a bounded number of times on serialization failures,
 * which keeps Kazna portable to distributed engines that only offer optimistic concurrency.
 */
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => BigInt(v));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v) => (/^-?\d+$/.test(v) ? BigInt(v) : v));

export type Row = Record<string, unknown>;

export interface Queryable {
  query<R extends Row = Row>(sql: string, params?: readonly unknown[]): Promise<R[]>;
}

/**
 * Where a command writes. Inside `transaction` it can also bulk-load rows with COPY (see `copy.ts`);
 * a plain pool passed where only reads happen cannot, so callers fall back to INSERT without it.
 */
export interface Tx extends Queryable {
  /**
   * `COPY <table> (<columns>) FROM STDIN`, its rows written as they are encoded (`copyRow`), and
   * optionally a statement without parameters run right after it in the same round trip.
   */
  readonly copyFrom?: (sql: string, then?: string) => CopyWriter;
}

export interface Db extends Queryable {
  /** Runs `fn` in one SERIALIZABLE transaction, retrying on 40001/40P01. */
  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  /**
   * A write: a `transaction` that also queues behind this process's other writes. Every write locks
   * the audit head, so concurrent writers would only collide and retry; queueing them here turns
   * that contention into a short wait. Other processes still get correctness from SERIALIZABLE.
   */
  write<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  /**
   * A `write` in which a `Result` error rolls the transaction back: a rejected command changes
   * no state, whatever it wrote before it decided to refuse.
   */
  command<T, E extends string>(fn: (tx: Tx) => Promise<Result<T, E>>): Promise<Result<T, E>>;
  readonly pool: pg.Pool;
  close(): Promise<void>;
}

export interface DbOptions {
  readonly connectionString: string;
  readonly max?: number;
  /** The role every session runs as; it has no UPDATE/DELETE on append-only tables. */
  readonly appRole?: string | null;
  readonly retriesMax?: number;
}

const RETRYABLE = new Set(['40001', '40P01']);

class RollbackWith extends Error {
  readonly result: Err<string>;
  constructor(result: Err<string>) {
    super('rollback');
    this.result = result;
  }
}

export function openDb(options: DbOptions): Db {
  const role = options.appRole === undefined ? 'kazna_app' : options.appRole;
  // The role is set at connection start-up, so no query can ever run with the owner's privileges.
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.max ?? 10,
    ...(role === null ? {} : { options: `-c role=${role}` }),
  });
  pool.on('error', () => undefined);
  const retriesMax = options.retriesMax ?? 30;

  const query = async <R extends Row>(sql: string, params?: readonly unknown[]): Promise<R[]> => {
    const res = await pool.query<R>(sql, params as unknown[] | undefined);
    return res.rows;
  };

  async function transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN ISOLATION LEVEL SERIALIZABLE');
        const on = oneAtATime(client);
        try {
          const value = await fn(on.tx);
          await client.query('COMMIT');
          return value;
        } finally {
          // A command that failed while one of its statements was still running waits for it,
          // so the ROLLBACK is never queued behind a running query.
          await on.settled();
        }
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        if (isRetryable(error) && attempt < retriesMax) {
          await sleep(backoffMs(attempt));
          continue;
        }
        throw error;
      } finally {
        client.release();
      }
    }
  }

  let queue: Promise<unknown> = Promise.resolve();
  function write<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    const run = queue.then(() => transaction(fn));
    queue = run.catch(() => undefined);
    return run;
  }

  async function command<T, E extends string>(
    fn: (tx: Tx) => Promise<Result<T, E>>,
  ): Promise<Result<T, E>> {
    try {
      return await write(async (tx) => {
        const result = await fn(tx);
        if (!result.ok) throw new RollbackWith(result);
        return result;
      });
    } catch (error) {
      if (error instanceof RollbackWith) return error.result as Err<E>;
      throw error;
    }
  }

  return { query, transaction, write, command, pool, close: () => pool.end() };
}

/**
 * A transaction's connection runs one statement at a time: the driver deprecates queueing a query
 * behind a running one (pg 9 removes it), so issuing a second is a bug, caught here.
 */
function oneAtATime(client: pg.PoolClient): { tx: Tx; settled: () => Promise<void> } {
  let running: Promise<unknown> | null = null;
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
      return (await track(client.query<R>(sql, params as unknown[] | undefined))).rows;
    },
    copyFrom: (sql: string, then?: string) => {
      assert(running === null, 'a transaction runs one statement at a time');
      const { write, end, done } = copyIn(client, sql, then);
      void track(done);
      return { write, end };
    },
  };
  const settled = async (): Promise<void> => {
    if (running !== null) await running.catch(() => undefined);
  };
  return { tx, settled };
}

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
