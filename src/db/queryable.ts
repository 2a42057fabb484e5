/**
 * What a query runs on, apart from the pool that provides it, so that the pool's helpers (evidence
 * capture) can take these types without importing the pool that installs them.
 */
import type { CopyWriter } from './copy.ts';

export type Row = Record<string, unknown>;

export interface Queryable {
  query<R extends Row = Row>(sql: string, params?: readonly unknown[]): Promise<R[]>;
}

/**
 * An identity shared by a `Db` and every transaction it runs, for a domain that keeps a setting per
 * database (the audit append finds the log key to sign the head with), without a global.
 */
export type DbIdentity = object;

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
  /**
   * Work to run after the transaction's function returned and before COMMIT, in registration order
   * (the audit append writes its entries there, once it knows every row the command wrote).
   * Absent on a plain pool, where there is no commit to wait for.
   */
  readonly beforeCommit?: (work: () => Promise<void>) => void;
  /** The `Db` this transaction belongs to (see `DbIdentity`); absent on a plain pool. */
  readonly identity?: DbIdentity;
}
