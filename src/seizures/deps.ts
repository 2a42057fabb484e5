import type { AuditService } from '../audit/service.ts';
import type { AssetCode } from '../core/assets.ts';
import type { Clock } from '../core/clock.ts';
import type { IdSource } from '../core/ids.ts';
import { assert } from '../core/assert.ts';
import type { Db, Tx } from '../db/pool.ts';
import type { Compliance } from '../compliance/service.ts';
import type { Governance } from '../governance/service.ts';
import type { AccountId, TransferInput } from '../ledger/model.ts';
import type { LedgerService, TransferCommandError } from '../ledger/service.ts';
import { ok, type Result } from '../core/result.ts';
import * as store from './store.ts';

/** What the seizures service is built from; `main.ts` passes the other domains' services. */
export interface SeizuresDeps {
  readonly db: Db;
  readonly clock: Clock;
  readonly ids: IdSource;
  readonly ledger: LedgerService;
  readonly governance: Governance;
  readonly compliance: Compliance;
  readonly audit: Pick<AuditService, 'entries'>;
}

/**
 * The per-asset accounts seizures post against, opened on first use: `seized_source` (where every
 * seized amount comes from), `proceeds_source` (fiat proceeds of emergency sales), and the sinks
 * for what leaves a lot (`sold`, `returned`, `released`, `restitution_paid`).
 */
export type Purpose =
  'seized_source' | 'proceeds_source' | 'sold' | 'returned' | 'released' | 'restitution_paid';

export async function purposeAccount(
  d: Pick<SeizuresDeps, 'ledger'>,
  tx: Tx,
  purpose: Purpose,
  asset: AssetCode,
): Promise<AccountId> {
  const found = await store.purposeAccount(tx, purpose, asset);
  if (found !== null) return found as AccountId;
  const opened = await d.ledger.openAccountInTx(
    tx,
    { id: 'system' },
    {
      asset,
      owner: { kind: 'agency', ref: `seizures.${purpose}` },
      type: purpose.endsWith('_source') ? 'equity' : 'expense',
      metadata: { purpose: `seizures.${purpose}` },
    },
  );
  assert(opened.ok, `could not open the ${purpose} account for ${asset}`);
  await store.insertPurposeAccount(tx, purpose, asset, opened.value.id);
  return opened.value.id;
}

/**
 * One ledger transfer inside the caller's transaction. The amounts were checked before, but the
 * transaction policy may still refuse the movement (`policy_denied`, `approval_required`): that
 * refusal becomes the command's, and rolls it back.
 */
export async function move(
  d: Pick<SeizuresDeps, 'ids' | 'ledger'>,
  tx: Tx,
  actorId: string,
  t: Omit<Extract<TransferInput, { kind: 'single' }>, 'id' | 'kind'>,
): Promise<Result<string, TransferCommandError>> {
  const id = d.ids.next<'LedgerTransfer'>();
  // The transfer's code is the movement's kind the transaction policy decides on.
  const transfer = { ...t, id, kind: 'single' as const };
  const r = await d.ledger.transferInTx(tx, { id: actorId }, transfer, { kind: t.code });
  return r.ok ? ok(id) : r;
}
