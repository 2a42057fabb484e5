import { appendAudit } from '../audit/append.ts';
import { assert } from '../core/assert.ts';
import type { AssetCode } from '../core/assets.ts';
import type { Json } from '../core/canonical.ts';
import type { Clock } from '../core/clock.ts';
import type { Actor } from '../core/identity.ts';
import type { IdSource } from '../core/ids.ts';
import type { Result } from '../core/result.ts';
import type { Db, Queryable, Tx } from '../db/pool.ts';
import type {
  ExecutionContext,
  ExecutorKind,
  GovernedError,
  GovernedOutcome,
} from '../governance/approvals.ts';
import type { Governance } from '../governance/service.ts';
import type { AccountId } from '../ledger/model.ts';
import type { LedgerService } from '../ledger/service.ts';
import type { Market } from '../market/service.ts';
import * as store from './store.ts';

/** What the reserve service is built from; `main.ts` passes the other domains' services. */
export interface ReserveDeps {
  readonly db: Db;
  readonly clock: Clock;
  readonly ids: IdSource;
  readonly ledger: LedgerService;
  readonly governance: Governance;
  readonly market: Market;
}

/**
 * Who applies a governed change and under which request. An approved request carries its id; a
 * change recorded as history (the demo's flows that predate Kazna) carries none.
 */
export interface Applied {
  readonly actorId: string;
  readonly requestId: string | null;
  readonly at: Date;
}

export function appliedBy(ctx: ExecutionContext): Applied {
  return { actorId: ctx.actor.id, requestId: ctx.request.id, at: ctx.at };
}

export async function audit(
  d: Pick<ReserveDeps, 'clock'>,
  tx: Tx,
  a: Applied,
  action: string,
  subjects: readonly string[],
  payload: Json,
): Promise<bigint> {
  const { seq } = await appendAudit(tx, d.clock, {
    actor: a.actorId,
    action,
    subjects: [...subjects],
    payload,
  });
  return seq;
}

export type { GovernedOutcome } from '../governance/approvals.ts';

/**
 * Creates an approval request of a reserve kind and, when the policy allows it at once (no quorum,
 * no time lock), executes it in the same call; otherwise it waits for votes and
 * `POST /governance/approvals/:id/execute`. Refusals: governance's and the kind's own.
 */
export function governed<C extends string>(
  d: Pick<ReserveDeps, 'governance'>,
  actor: Actor,
  kind: ExecutorKind<C>,
  content: Json,
): Promise<Result<GovernedOutcome, GovernedError<C>>> {
  return d.governance.governed(actor, kind, content);
}

/**
 * The reserve's own account of a bucket in an asset (opened by the allocation, owner `reserve`),
 * looked up in the command's transaction.
 */
export async function reserveAccount(
  d: Pick<ReserveDeps, 'ledger'>,
  tx: Queryable,
  bucket: 'gold' | 'fx',
  asset: AssetCode,
): Promise<AccountId | null> {
  const found = await d.ledger.readIn(tx).accounts({
    ownerKind: 'reserve',
    ownerRef: bucket,
    asset,
    limit: 1,
  });
  return found[0]?.id ?? null;
}

/** The income account where realised gains on redemptions and distributions land, opened on use. */
export async function gainsAccount(
  d: Pick<ReserveDeps, 'ledger'>,
  tx: Tx,
  asset: AssetCode,
): Promise<AccountId> {
  const account = await d.ledger.ownedAccountInTx(
    tx,
    { id: 'system' },
    {
      asset,
      owner: { kind: 'reserve', ref: 'realised_gains' },
      type: 'income',
      metadata: { name: `Reserve realised gains (${asset})` },
    },
  );
  return account.id;
}

/** A manager's ledger account in an asset (owner kind `manager`), opened on first use. */
export async function managerAccount(
  d: Pick<ReserveDeps, 'ledger'>,
  tx: Tx,
  m: store.ManagerRow,
  asset: AssetCode,
): Promise<AccountId> {
  const found = await store.managerAccount(tx, m.id, asset);
  if (found !== null) return found as AccountId;
  const opened = await d.ledger.openAccountInTx(
    tx,
    { id: 'system' },
    {
      asset,
      owner: { kind: 'manager', ref: m.id },
      type: 'asset',
      metadata: { name: `${m.name} (${asset})`, managerId: m.id, kind: m.kind },
    },
  );
  assert(opened.ok, `could not open the ${asset} account of manager ${m.id}`);
  await store.insertManagerAccount(tx, m.id, asset, opened.value.id);
  return opened.value.id;
}
