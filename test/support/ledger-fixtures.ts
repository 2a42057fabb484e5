import { clearEveryMovement } from './ledger-gate.ts';
import type { ReplayEntry } from '../../src/audit/replay.ts';
import type { AssetCode } from '../../src/core/assets.ts';
import type { Json } from '../../src/core/canonical.ts';
import { manualClock, type ManualClock } from '../../src/core/clock.ts';
import { asId, idSource, type IdSource } from '../../src/core/ids.ts';
import { seededRandom } from '../../src/core/random.ts';
import type { Queryable } from '../../src/db/pool.ts';
import type { Account, AccountId, TransferId, TransferInput } from '../../src/ledger/model.ts';
import { ledgerProjector } from '../../src/ledger/projector.ts';
import { createLedger, type LedgerService } from '../../src/ledger/service.ts';
import { freshDatabase, type TestDatabase, type TestTarget } from './targets.ts';

/**
 * A ledger service on a fresh database with a manual clock and no expiry timer, so a test decides
 * exactly when time passes and when pending transfers expire.
 */
export interface LedgerFixture {
  readonly database: TestDatabase;
  readonly ledger: LedgerService;
  readonly clock: ManualClock;
  readonly ids: IdSource;
  close(): Promise<void>;
}

export const ACTOR = { id: 'test' };

export async function ledgerFixture(target: TestTarget, seed = 7): Promise<LedgerFixture> {
  const database = await freshDatabase(target);
  const clock = manualClock('2025-03-01T00:00:00.000Z');
  const ids = idSource(clock, seededRandom(seed));
  const ledger = createLedger({ db: database.db, clock, ids, gate: clearEveryMovement });
  return { database, ledger, clock, ids, close: () => database.drop() };
}

export async function openAccount(
  ledger: LedgerService,
  asset: AssetCode,
  options: { limited?: 'debits' | 'credits'; ref?: string } = {},
): Promise<Account> {
  const opened = await ledger.openAccount(ACTOR, {
    asset,
    owner: { kind: 'custodian', ref: options.ref ?? 'custodian-1' },
    type: options.limited === 'credits' ? 'asset' : 'liability',
    flags: {
      debitsMustNotExceedCredits: options.limited === 'debits',
      creditsMustNotExceedDebits: options.limited === 'credits',
    },
  });
  if (!opened.ok) throw new Error(`${opened.code}: ${opened.message}`);
  return opened.value;
}

export function single(
  ids: IdSource,
  debit: AccountId,
  credit: AccountId,
  amount: bigint,
  asset: AssetCode = 'BTC',
): Extract<TransferInput, { kind: 'single' }> {
  return {
    kind: 'single',
    id: ids.next<'LedgerTransfer'>(),
    debitAccountId: debit,
    creditAccountId: credit,
    asset,
    amount,
    code: 'test.move',
    reason: 'test',
  };
}

export function tid(text: string): TransferId {
  return asId(text);
}

/** Reads the audit log in order and runs the ledger projector over it. */
export async function replayLedger(db: Queryable): Promise<string[]> {
  const replay = ledgerProjector.start();
  let after = -1n;
  for (;;) {
    const rows = await db.query<{ seq: bigint; entry: string }>(
      'SELECT seq, entry FROM audit_entries WHERE seq > $1 ORDER BY seq LIMIT 1000',
      [after],
    );
    for (const row of rows) {
      const e = JSON.parse(row.entry) as Record<string, Json>;
      const entry: ReplayEntry = {
        seq: row.seq,
        recordedAt: e['at'] as string,
        actor: e['actor'] as string,
        action: e['action'] as string,
        subjects: e['subjects'] as string[],
        payload: e['payload'] ?? null,
      };
      replay.apply(entry);
      after = row.seq;
    }
    if (rows.length < 1000) break;
  }
  return replay.compare(db);
}

/** Double entry: per asset, every debit has its credit, posted and pending alike. */
export async function unbalancedAssets(ledger: LedgerService): Promise<string[]> {
  const totals = await ledger.read.totalsByAsset();
  return totals
    .filter(
      (t) =>
        t.balances.debitsPosted !== t.balances.creditsPosted ||
        t.balances.debitsPending !== t.balances.creditsPending,
    )
    .map((t) => t.asset);
}
