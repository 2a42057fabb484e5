import type { Tx } from '../db/pool.ts';
import type { Actor } from '../core/identity.ts';
import { formatAmount } from '../core/money.ts';
import type { AccountId } from '../ledger/model.ts';
import type { SeizuresDeps } from './deps.ts';
import type { ValidLot } from './intake.ts';
import type * as store from './store.ts';

/** One custody account per lot: it can never pay out more than was booked into it. */
export async function openCustody(
  d: SeizuresDeps,
  tx: Tx,
  actor: Actor,
  lotId: string,
  lot: Pick<ValidLot, 'asset' | 'custodyKind' | 'custodyRef'>,
): Promise<AccountId> {
  const opened = await d.ledger.openAccountInTx(
    tx,
    { id: actor.id },
    {
      asset: lot.asset,
      owner: {
        kind: lot.custodyKind === 'custodian_account' ? 'custodian' : 'agency',
        ref: lot.custodyRef.slice(0, 200),
      },
      type: 'asset',
      flags: { creditsMustNotExceedDebits: true },
      metadata: { lotId, custodyKind: lot.custodyKind },
    },
  );
  if (!opened.ok) throw new Error(`custody account refused: ${opened.code}`);
  return opened.value.id;
}

export function lotJson(l: store.NewLot) {
  return {
    id: l.id,
    seizureId: l.seizureId,
    caseId: l.caseId,
    parentLotId: l.parentLotId,
    asset: l.asset,
    chain: l.chain,
    amount: formatAmount(l.amountUnits, l.asset),
    amountUnits: l.amountUnits.toString(),
    status: l.status,
    custodyKind: l.custodyKind,
    custodyRef: l.custodyRef,
    custodianOrganisationId: l.custodianOrganisationId,
    accountId: l.accountId,
    flagged: l.flagged,
    screeningId: l.screeningId,
    listVersion: l.listVersion?.toString() ?? null,
    organisationId: l.organisationId,
    addresses: [...l.addresses],
    txids: [...l.txids],
    evidenceSha256: l.evidence.map((e) => e.sha256),
  };
}
