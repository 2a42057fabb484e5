/**
 * What risk's commands are given, apart from the service that builds them, so that the report
 * records can take it without importing the service, which imports them.
 */
import type { Clock } from '../core/clock.ts';
import type { IdSource } from '../core/ids.ts';
import type { Db } from '../db/pool.ts';
import type { Market } from '../market/service.ts';
import type { RiskHolding } from './report.ts';

export type HoldingsSource = (day: string) => Promise<readonly RiskHolding[]>;

export interface RiskDeps {
  readonly db: Db;
  readonly clock: Clock;
  readonly ids: IdSource;
  readonly market: Market;
  readonly holdings: HoldingsSource;
}
