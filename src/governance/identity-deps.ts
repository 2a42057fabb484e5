/**
 * What identity's commands are given, apart from identity.ts, so that the login limits can take it
 * without importing identity.ts, which calls them.
 */
import type { Clock } from '../core/clock.ts';
import type { IdSource } from '../core/ids.ts';
import type { RandomSource } from '../core/random.ts';
import type { Db } from '../db/pool.ts';
import type { ScryptCost } from './auth.ts';

export interface IdentityOptions {
  readonly idleTimeoutSeconds: number;
  readonly absoluteTimeoutSeconds: number;
  /** Failed logins for one account within `lockoutSeconds` that lock it for `lockoutSeconds`. */
  readonly lockoutThreshold: number;
  readonly lockoutSeconds: number;
  /** Failed logins per client address per minute. */
  readonly loginRatePerMinute: number;
  /** How long a successful login from an address exempts that person from the address's limit. */
  readonly knownClientSeconds: number;
  /** Outstanding (unused, unexpired) WebAuthn challenges per client address, and in all. */
  readonly challengesPerClient: number;
  readonly challengesTotal: number;
  readonly passwordCost: ScryptCost;
}

export interface IdentityDeps {
  readonly db: Db;
  readonly clock: Clock;
  readonly ids: IdSource;
  readonly random: RandomSource;
  readonly options: IdentityOptions;
}
