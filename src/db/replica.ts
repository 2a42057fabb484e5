import { systemClock } from '../core/clock.ts';
import type { Queryable } from './queryable.ts';

/**
 * Whether the public reads may go to the read replica now. A replica alone cannot tell how far
 * behind it is (an idle primary and a cut-off replica look the same from there), so the refresher
 * samples the primary's WAL position every tick and measures the replica's lag as the age of the
 * oldest sample the replica has not replayed yet: seconds, comparable with the bound.
 */
export interface ReplicaStatus {
  /** Seconds behind the primary; null when the replica did not answer or reports no position. */
  readonly lagSeconds: number | null;
  /** Where public reads go until the next tick. */
  readonly serving: 'replica' | 'primary';
  readonly maxLagSeconds: number;
}

export interface ReadRouter {
  readonly useReplica: () => boolean;
  readonly status: () => ReplicaStatus;
  /** One measurement now (the timer calls it; tests and the start call it directly). */
  readonly refresh: () => Promise<ReplicaStatus>;
  readonly stop: () => void;
}

interface Sample {
  readonly lsn: bigint;
  readonly at: number;
}

const SAMPLES_MAX = 600;

export function replicaRouter(
  primary: Queryable,
  replica: Queryable,
  maxLagSeconds: number,
  intervalMs = 1000,
): ReadRouter {
  const samples: Sample[] = [];
  let current: ReplicaStatus = { lagSeconds: null, serving: 'primary', maxLagSeconds };
  let running: Promise<ReplicaStatus> | null = null;

  const measure = async (): Promise<ReplicaStatus> => {
    const lag = await lagSeconds(primary, replica, samples).catch(() => null);
    const serving = lag !== null && lag <= maxLagSeconds ? 'replica' : 'primary';
    current = { lagSeconds: lag, serving, maxLagSeconds };
    return current;
  };
  const refresh = (): Promise<ReplicaStatus> => {
    running ??= measure().finally(() => {
      running = null;
    });
    return running;
  };
  const timer = setInterval(() => void refresh(), intervalMs);
  timer.unref();
  return {
    useReplica: () => current.serving === 'replica',
    status: () => current,
    refresh,
    stop: () => {
      clearInterval(timer);
    },
  };
}

async function lagSeconds(
  primary: Queryable,
  replica: Queryable,
  samples: Sample[],
): Promise<number | null> {
  const [p] = await primary.query<{ lsn: bigint }>(
    `SELECT pg_current_wal_lsn() - '0/0'::pg_lsn AS lsn`,
  );
  if (p === undefined) return null;
  const now = systemClock.now().getTime();
  samples.push({ lsn: p.lsn, at: now });
  if (samples.length > SAMPLES_MAX) samples.shift();
  const [r] = await replica.query<{ recovery: boolean; lsn: bigint | null }>(
    `SELECT pg_is_in_recovery() AS recovery, pg_last_wal_replay_lsn() - '0/0'::pg_lsn AS lsn`,
  );
  if (r === undefined) return null;
  // The read URL names a primary (a promoted replica, or a deployment without one): not behind.
  if (!r.recovery) return 0;
  if (r.lsn === null) return null;
  const replayed = r.lsn;
  const behind = samples.find((s) => s.lsn > replayed);
  return behind === undefined ? 0 : (now - behind.at) / 1000;
}

/** The role of the database `db` is connected to, for `/readyz`. */
export async function databaseRole(db: Queryable): Promise<'primary' | 'replica'> {
  const [row] = await db.query<{ r: boolean }>('SELECT pg_is_in_recovery() AS r');
  return row?.r === true ? 'replica' : 'primary';
}

/**
 * `primary`'s methods, each call answered by `replica` instead while `useReplica()` says so: the
 * public portal and report downloads read through this, officials' routes never do.
 */
export function routedReads<T extends object>(
  primary: T,
  replica: T,
  useReplica: () => boolean,
): T {
  return new Proxy(primary, {
    get(target, prop) {
      const source = useReplica() ? replica : target;
      const value: unknown = Reflect.get(source, prop);
      return typeof value === 'function'
        ? (...args: unknown[]) => (value as (...a: unknown[]) => unknown).apply(source, args)
        : value;
    },
  });
}
