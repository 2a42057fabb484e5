import type { AuditService } from './audit/service.ts';
import type { ChainService } from './chain/service.ts';
import type { Compliance } from './compliance/service.ts';
import type { Clock } from './core/clock.ts';
import type { IdSource } from './core/ids.ts';
import type { Db } from './db/pool.ts';
import type { Disposal } from './disposal/service.ts';
import type { Governance } from './governance/service.ts';
import type { KaznaApp } from './http/app.ts';
import type { LedgerService } from './ledger/service.ts';
import type { Market } from './market/service.ts';
import type { Reserve } from './reserve/service.ts';
import type { Risk } from './risk/service.ts';
import type { Seizures } from './seizures/service.ts';
import type { SimulatorService } from './simulator/service.ts';
import type { PublicPortal } from './transparency/public/service.ts';
import type { Transparency } from './transparency/service.ts';

/** The version `kazna --version` prints and the server reports. */
export const VERSION = '0.1.0';

/** Each domain's service, built by src/main.ts in dependency order. */
export interface Services {
  readonly audit: AuditService;
  readonly ledger: LedgerService;
  readonly governance: Governance;
  readonly simulator: SimulatorService;
  readonly compliance: Compliance;
  readonly chain: ChainService;
  readonly market: Market;
  readonly risk: Risk;
  readonly seizures: Seizures;
  readonly disposal: Disposal;
  readonly reserve: Reserve;
  readonly portal: PublicPortal;
  readonly transparency: Transparency;
}

/**
 * The assembled app, apart from how it is built. src/main.ts builds one; the demo, each domain's
 * commands and the tests drive one. They take this type rather than importing main.ts, so nothing
 * but the entry points depends on the composition root.
 */
export interface Kazna {
  readonly app: KaznaApp;
  readonly db: Db;
  readonly clock: Clock;
  readonly ids: IdSource;
  readonly services: Services;
  readonly close: () => Promise<void>;
}
