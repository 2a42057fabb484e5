import type { AuditService } from '../audit/service.ts';
import type { AssetCode } from '../core/assets.ts';
import type { Clock } from '../core/clock.ts';
import type { IdSource } from '../core/ids.ts';
import { assert } from '../core/assert.ts';
import type { Db, Tx } from '../db/pool.ts';
import type { Compliance } from '../compliance/service.ts';
import type { ContentSigner } from '../governance/content-signature.ts';
import type { Governance } from '../governance/service.ts';
import type { AccountId } from '../ledger/model.ts';
import type { LedgerService } from '../ledger/service.ts';
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
  /** Checks an officer's signature over a hand-off (a key or a passkey of the relying party). */
  readonly signer: ContentSigner;
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
