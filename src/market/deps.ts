/**
 * What the market's commands are given, apart from the service that builds them, so that the manual
 * price queries can take it without importing the service, which imports them.
 */
import type { Clock } from '../core/clock.ts';
import type { IdSource } from '../core/ids.ts';
import type { Db } from '../db/pool.ts';

export interface MarketDeps {
  readonly db: Db;
  readonly clock: Clock;
  readonly ids: IdSource;
}
