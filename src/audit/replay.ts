import type { Json } from '../core/canonical.ts';
import type { Queryable } from '../db/pool.ts';

/**
 * Replaying the log rebuilds the state. Each domain that projects state from its audit entries
 * (the ledger's balances, a lot's legal status) provides a `Projector`; `kazna audit verify --replay`
 * feeds it every entry in order and then compares what it rebuilt with the live tables.
 */
export interface ReplayEntry {
  readonly seq: bigint;
  readonly recordedAt: string;
  readonly actor: string;
  readonly action: string;
  readonly subjects: readonly string[];
  readonly payload: Json;
}

export interface Replay {
  apply(entry: ReplayEntry): void;
  /** Differences between the rebuilt state and the live tables; empty means they agree. */
  compare(db: Queryable): Promise<string[]>;
}

export interface Projector {
  readonly name: string;
  /** A fresh, empty projection for one replay run. */
  start(): Replay;
}
