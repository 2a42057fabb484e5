/**
 * What chain's commands are given, apart from the service that builds them, so that custody and
 * reconciliation can take it without importing the service, which imports them.
 */
import type { ScreenError } from '../compliance/service.ts';
import type { AssetCode } from '../core/assets.ts';
import type { Clock } from '../core/clock.ts';
import type { Actor } from '../core/identity.ts';
import type { IdSource } from '../core/ids.ts';
import type { Result } from '../core/result.ts';
import type { Db, Tx } from '../db/pool.ts';
import type { LedgerService } from '../ledger/service.ts';
import type { ChainAdapter } from './adapter.ts';
import type { BitcoinAdapter } from './bitcoin.ts';
import type { EvmAdapter } from './evm.ts';

export interface ChainAdapters {
  utxo(asset: AssetCode): BitcoinAdapter | null;
  evm(asset: AssetCode): EvmAdapter | null;
  any(asset: AssetCode): ChainAdapter | null;
  /** Adds or replaces the node for its assets (configuration, tests). */
  use(adapter: BitcoinAdapter | EvmAdapter): void;
}

/** Screens senders of a seized transaction; the compliance domain's `screenAddresses`. */
export type SenderScreen = (
  tx: Tx,
  input: {
    actor: Actor;
    asset: string;
    addresses: readonly string[];
    subjectIds: readonly string[];
  },
) => Promise<Result<{ listVersion: bigint; matches: readonly unknown[] }, ScreenError>>;

export interface ChainDeps {
  readonly db: Db;
  readonly clock: Clock;
  readonly ids: IdSource;
  readonly ledger: LedgerService;
  readonly adapters: ChainAdapters;
  readonly screen: SenderScreen | null;
  /** Confirmations an intake or a custody move needs before it counts, per asset. */
  readonly confirmations?: Partial<Record<AssetCode, number>>;
  /** Fee rate for PSBTs, in base units per virtual byte, per asset. */
  readonly feeRates?: Partial<Record<AssetCode, bigint>>;
}
