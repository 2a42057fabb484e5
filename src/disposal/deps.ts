import type { AssetCode } from '../core/assets.ts';
import type { Json } from '../core/canonical.ts';
import type { Clock } from '../core/clock.ts';
import type { Actor } from '../core/identity.ts';
import type { IdSource } from '../core/ids.ts';
import { ok, type Result } from '../core/result.ts';
import type { Db, Tx } from '../db/pool.ts';
import type { Compliance } from '../compliance/service.ts';
import type { ExecutorKind, GovernedError, GovernedOutcome } from '../governance/approvals.ts';
import type { Governance } from '../governance/service.ts';
import type { AccountId } from '../ledger/model.ts';
import type { LedgerService, TransferCommandError } from '../ledger/service.ts';
import type { Market } from '../market/service.ts';

/** What the disposal service is built from; `main.ts` passes the other domains' services. */
export interface DisposalDeps {
  readonly db: Db;
  readonly clock: Clock;
  readonly ids: IdSource;
  readonly ledger: LedgerService;
  readonly governance: Governance;
  readonly compliance: Pick<Compliance, 'screenAddresses' | 'isListed'>;
  readonly market: Pick<Market, 'priceOn' | 'series'>;
}

export type { GovernedOutcome } from '../governance/approvals.ts';

/**
 * Every disposal step is an approval request. When the policy lets it through at once it runs in
 * the same call; otherwise it waits for its quorum and `POST /governance/approvals/:id/execute`.
 * Refusals: governance's and the kind's own.
 */
export function governed<C extends string>(
  d: Pick<DisposalDeps, 'governance'>,
  actor: Actor,
  kind: ExecutorKind<C>,
  content: Json,
): Promise<Result<GovernedOutcome, GovernedError<C>>> {
  return d.governance.governed(actor, kind, content);
}

/**
 * The reserve's FX account in `asset` (owner `reserve`/`fx`, opened by the allocation); opened here
 * with the same shape when a sale lands before any allocation (a fresh installation).
 */
export async function fxAccount(d: DisposalDeps, tx: Tx, asset: AssetCode): Promise<AccountId> {
  const account = await d.ledger.ownedAccountInTx(
    tx,
    { id: 'system' },
    {
      asset,
      owner: { kind: 'reserve', ref: 'fx' },
      type: 'asset',
      flags: { creditsMustNotExceedDebits: true },
      metadata: { name: `Reserve fx (${asset})`, bucket: 'fx' },
    },
  );
  return account.id;
}

/**
 * The equity account sale proceeds are booked from: it records that this capital came from
 * forfeited crypto (`fundingSource` in its metadata), as the National Bank's allocation account
 * records `gold_fx_allocation`, so provenance follows the money into the reserve.
 */
export async function proceedsSource(
  d: DisposalDeps,
  tx: Tx,
  asset: AssetCode,
): Promise<AccountId> {
  const account = await d.ledger.ownedAccountInTx(
    tx,
    { id: 'system' },
    {
      asset,
      owner: { kind: 'reserve', ref: 'forfeited_crypto_proceeds' },
      type: 'equity',
      flags: { debitsMustNotExceedCredits: true },
      metadata: {
        name: `Proceeds of forfeited crypto (${asset})`,
        fundingSource: 'forfeited_crypto',
      },
    },
  );
  return account.id;
}

/**
 * Books sale proceeds (USD cents) into the reserve's FX account; returns the transfer id, or the
 * transaction policy's refusal of the movement.
 */
export async function bookProceeds(
  d: DisposalDeps,
  tx: Tx,
  actorId: string,
  p: { cents: bigint; lotId: string; requestId: string; reason: string; code: string },
): Promise<Result<string | null, TransferCommandError>> {
  if (p.cents === 0n) return ok(null);
  return d.ledger.postInTx(tx, actorId, {
    asset: 'USD',
    debitAccountId: await fxAccount(d, tx, 'USD'),
    creditAccountId: await proceedsSource(d, tx, 'USD'),
    amount: p.cents,
    code: p.code,
    reason: p.reason.slice(0, 500),
    refs: { lotId: p.lotId, approvalId: p.requestId },
  });
}
