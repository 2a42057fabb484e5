import { appendAudit } from '../audit/append.ts';
import type { Actor } from '../core/identity.ts';
import { err, ok, type Result } from '../core/result.ts';
import type { Tx } from '../db/pool.ts';
import type { CaseError, IntakeError } from './codes.ts';
import { purposeAccount, type SeizuresDeps } from './deps.ts';
import { validateLot, type LotText, type ValidLot } from './intake.ts';
import { lotJson, openCustody } from './lots.ts';
import * as store from './store.ts';

/**
 * Opening a case and recording a seizure's lots, inside a caller's transaction: the service runs
 * each in a transaction of its own, and the bulk importer (import.ts) runs many in one.
 */
export interface CaseInput {
  readonly operationId: string | null;
  readonly agency: string;
  readonly caseNumber: string;
  readonly court: string;
  /** The court's organisation (of kind `court`), whose registrars decide the case; null if unnamed. */
  readonly courtOrganisationId?: string | null;
  /** Opaque references to parties (e.g. `party:7f3a…`); never names. */
  readonly partyRefs: readonly string[];
}

export interface IntakeInput {
  readonly caseId: string;
  readonly seizedOn: string;
  readonly exchangeId: string | null;
  readonly note: string;
  readonly lots: readonly LotText[];
}

export interface IntakeResult {
  readonly seizureId: string;
  readonly lots: readonly {
    id: string;
    accountId: string;
    flagged: boolean;
    screeningId: string;
    listVersion: string;
  }[];
}

export async function openCaseInTx(
  d: SeizuresDeps,
  tx: Tx,
  actor: Actor,
  c: CaseInput,
): Promise<Result<{ id: string }, CaseError>> {
  const taken = await tx.query(
    'SELECT 1 FROM seizure_cases WHERE agency = $1 AND case_number = $2',
    [c.agency, c.caseNumber],
  );
  if (taken.length > 0) {
    return err('case_number_taken', `${c.agency} already has case ${c.caseNumber}`);
  }
  if (c.operationId !== null) {
    const op = await tx.query('SELECT 1 FROM seizure_operations WHERE id = $1', [c.operationId]);
    if (op.length === 0) return err('operation_not_found', 'no such operation');
  }
  const courtOrganisationId = c.courtOrganisationId ?? null;
  if (courtOrganisationId !== null) {
    const court = (await d.governance.organisations()).find((o) => o.id === courtOrganisationId);
    if (court?.kind !== 'court') {
      return err('court_not_found', 'no court organisation has this id', { courtOrganisationId });
    }
  }
  const id = d.ids.next<'SeizureCase'>();
  const { seq } = await appendAudit(tx, d.clock, {
    actor,
    action: 'seizures.case.opened',
    subjects: courtOrganisationId === null ? [id] : [id, courtOrganisationId],
    payload: {
      id,
      ...c,
      courtOrganisationId,
      partyRefs: [...c.partyRefs],
      organisationId: actor.organisationId,
    },
  });
  await tx.query(
    `INSERT INTO seizure_cases (id, operation_id, agency, case_number, court, party_refs,
       organisation_id, opened_at, audit_seq, court_organisation_id)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10)`,
    [
      id,
      c.operationId,
      c.agency,
      c.caseNumber,
      c.court,
      c.partyRefs,
      actor.organisationId,
      d.clock.now(),
      seq,
      courtOrganisationId,
    ],
  );
  return ok({ id });
}

/** Every lot is checked before the transaction starts; the first bad one names its index. */
export function validateLots(lots: readonly LotText[]): Result<ValidLot[], IntakeError> {
  if (lots.length === 0) return err('intake_needs_lots', 'a seizure has at least one lot');
  const out: ValidLot[] = [];
  for (const [index, t] of lots.entries()) {
    const v = validateLot(t);
    if (!v.ok) return err(v.code, `lot ${index}: ${v.message}`, { lot: index, ...v.detail });
    out.push(v.value);
  }
  return ok(out);
}

/** Intake inside a caller's transaction (the bulk importer runs many in one). */
export async function intakeInTx(
  d: SeizuresDeps,
  tx: Tx,
  actor: Actor,
  input: IntakeInput,
  lots: readonly ValidLot[],
): Promise<Result<IntakeResult, IntakeError>> {
  const found = await store.caseById(tx, input.caseId);
  if (found === null) return err('case_not_found', `no case ${input.caseId}`);
  const seizureId = d.ids.next<'Seizure'>();
  const { seq } = await appendAudit(tx, d.clock, {
    actor,
    action: 'seizures.seizure.recorded',
    subjects: [seizureId, found.id],
    payload: {
      seizureId,
      caseId: found.id,
      seizedOn: input.seizedOn,
      exchangeId: input.exchangeId,
      note: input.note,
    },
  });
  await tx.query(
    `INSERT INTO seizure_seizures (id, case_id, seized_on, exchange_id, note, organisation_id,
       created_at, audit_seq) VALUES ($1,$2,$3,$4,$5,$6,$7,$8)`,
    [
      seizureId,
      found.id,
      input.seizedOn,
      input.exchangeId,
      input.note,
      actor.organisationId,
      d.clock.now(),
      seq,
    ],
  );
  const out: IntakeResult['lots'][number][] = [];
  for (const lot of lots) {
    const r = await recordLot(d, tx, actor, { seizureId, caseId: found.id }, lot);
    if (!r.ok) return r;
    out.push(r.value);
  }
  return ok({ seizureId, lots: out });
}

async function recordLot(
  d: SeizuresDeps,
  tx: Tx,
  actor: Actor,
  at: { seizureId: string; caseId: string },
  lot: ValidLot,
): Promise<Result<IntakeResult['lots'][number], IntakeError>> {
  const id = d.ids.next<'SeizureLot'>();
  const screening = await d.compliance.screenAddresses(tx, {
    actor,
    chain: lot.chain,
    asset: lot.asset,
    addresses: lot.addresses,
    subjectIds: [id, at.seizureId, at.caseId],
  });
  if (!screening.ok) return screening;
  const account = await openCustody(d, tx, actor, id, lot);
  const flagged = screening.value.matches.length > 0;
  const row: store.NewLot = {
    id,
    ...at,
    parentLotId: null,
    asset: lot.asset,
    chain: lot.chain,
    amountUnits: lot.amountUnits,
    status: 'seized',
    custodyKind: lot.custodyKind,
    custodyRef: lot.custodyRef,
    custodianOrganisationId: actor.organisationId,
    accountId: account,
    flagged,
    screeningId: screening.value.screeningId,
    listVersion: screening.value.listVersion,
    organisationId: actor.organisationId,
    addresses: lot.addresses,
    txids: lot.txids,
    evidence: lot.evidence,
  };
  const { seq } = await appendAudit(tx, d.clock, {
    actor,
    action: 'seizures.lot.recorded',
    subjects: [id, at.seizureId, at.caseId, account],
    payload: { lot: lotJson(row) },
  });
  await store.insertLot(tx, row, d.clock.now(), seq);
  const moved = await d.ledger.postInTx(tx, actor.id, {
    asset: lot.asset,
    debitAccountId: account,
    creditAccountId: await purposeAccount(d, tx, 'seized_source', lot.asset),
    amount: lot.amountUnits,
    code: 'seizures.intake',
    reason: `seizure ${at.seizureId}, lot ${id}`,
    refs: { caseId: at.caseId, lotId: id },
  });
  if (!moved.ok) return moved;
  return ok({
    id,
    accountId: account,
    flagged,
    screeningId: screening.value.screeningId,
    listVersion: screening.value.listVersion.toString(),
  });
}
