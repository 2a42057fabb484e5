import type { AuditService } from '../audit/service.ts';
import type { Clock } from '../core/clock.ts';
import type { IdSource } from '../core/ids.ts';
import type { Db } from '../db/pool.ts';
import type { LedgerService } from '../ledger/service.ts';
import type { Market } from '../market/service.ts';
import type { ReserveReads } from '../reserve/public.ts';
import type { Seizures } from '../seizures/service.ts';
import type { IntroducedKey } from './keys.ts';

/** What the transparency domain reads from: every other domain through its service, never its tables. */
export interface TransparencyDeps {
  readonly db: Db;
  readonly clock: Clock;
  readonly ids: IdSource;
  readonly audit: AuditService;
  readonly ledger: LedgerService;
  readonly seizures: Pick<Seizures, 'lots' | 'lot' | 'claims'>;
  readonly market: Pick<Market, 'priceOn' | 'valueAt'>;
  readonly reserve: ReserveReads;
  /** The report key, introduced into the log on first use. */
  readonly reportKey: () => Promise<IntroducedKey>;
}
