import { appendAudit } from '../audit/append.ts';
import { parseAmount, type AmountError } from '../core/money.ts';
import { err, ok, type Result } from '../core/result.ts';
import type { Actor } from '../http/access.ts';
import { move, purposeAccount, type SeizuresDeps } from './deps.ts';
import { decideClaimApproval, decidePayout, type RestitutionError } from './model.ts';
import * as store from './store.ts';

/**
 * Victims' claims: registered against a lot (and so its case), approved by a court registrar for
 * at most what the lot can still cover, and paid out by ledger transfers that never exceed what the
 * lot holds (the model checks first; the custody account's balance flag backs it up).
 */
export type ClaimError =
  | RestitutionError
  | AmountError
  | 'lot_not_found'
  | 'claim_not_found'
  | 'claim_not_approved'
  | 'claim_already_decided'
  | 'role_not_allowed';

function registrar(actor: Actor): boolean {
  return actor.kind === 'system' || actor.roles.includes('court_registrar');
}

export function restitutionCommands(d: SeizuresDeps) {
  return {
    registerClaim: (actor: Actor, c: { lotId: string; claimantRef: string; amount: string }) =>
      registerClaim(d, actor, c),
    approveClaim: (actor: Actor, claimId: string, amount: string) =>
      approveClaim(d, actor, claimId, amount),
    payClaim: (actor: Actor, claimId: string, amount: string) =>
      payClaim(d, actor, claimId, amount),
    claims: (lotId: string) => store.claimsForLot(d.db, lotId),
  };
}

function registerClaim(
  d: SeizuresDeps,
  actor: Actor,
  c: { lotId: string; claimantRef: string; amount: string },
): Promise<Result<{ claimId: string }, ClaimError>> {
  return d.db.command(async (tx) => {
    const lot = await store.getLot(tx, c.lotId);
    if (lot === null) return err('lot_not_found', `no lot ${c.lotId}`);
    const units = parseAmount(c.amount, lot.asset);
    if (!units.ok) return units;
    if (units.value <= 0n) return err('amount_must_be_positive', 'a claim is greater than zero');
    const claimId = d.ids.next<'SeizureClaim'>();
    const { seq } = await appendAudit(tx, d.clock, {
      actor: actor.id,
      action: 'seizures.claim.registered',
      subjects: [claimId, lot.id, lot.caseId],
      payload: {
        claimId,
        lotId: lot.id,
        caseId: lot.caseId,
        claimantRef: c.claimantRef,
        claimedUnits: units.value.toString(),
      },
    });
    await tx.query(
      `INSERT INTO seizure_claims (id, case_id, lot_id, claimant_ref, claimed_units, status,
         created_at, audit_seq) VALUES ($1,$2,$3,$4,$5,'registered',$6,$7)`,
      [claimId, lot.caseId, lot.id, c.claimantRef, units.value, d.clock.now(), seq],
    );
    return ok({ claimId });
  });
}

function approveClaim(
  d: SeizuresDeps,
  actor: Actor,
  claimId: string,
  amount: string,
): Promise<Result<{ approvedUnits: string }, ClaimError>> {
  return d.db.command(async (tx) => {
    if (!registrar(actor)) return err('role_not_allowed', 'a court registrar approves claims');
    const claim = await store.claimById(tx, claimId, true);
    if (claim === null) return err('claim_not_found', `no claim ${claimId}`);
    if (claim.status !== 'registered') return err('claim_already_decided', 'already approved');
    const lot = await store.getLot(tx, claim.lotId, true);
    if (lot === null) return err('lot_not_found', 'the claim names no lot');
    const units = parseAmount(amount, lot.asset);
    if (!units.ok) return units;
    const others = (await store.claimsForLot(tx, lot.id))
      .filter((c) => c.status === 'approved' && c.id !== claim.id)
      .reduce((sum, c) => sum + (c.approvedUnits ?? 0n) - c.paidUnits, 0n);
    const decided = decideClaimApproval(lot.remainingUnits, others, units.value);
    if (!decided.ok) return decided;
    await appendAudit(tx, d.clock, {
      actor: actor.id,
      action: 'seizures.claim.approved',
      subjects: [claim.id, lot.id],
      payload: { claimId: claim.id, lotId: lot.id, approvedUnits: units.value.toString() },
    });
    await tx.query(
      `UPDATE seizure_claims SET status = 'approved', approved_units = $2 WHERE id = $1`,
      [claim.id, units.value],
    );
    return ok({ approvedUnits: units.value.toString() });
  });
}

function payClaim(
  d: SeizuresDeps,
  actor: Actor,
  claimId: string,
  amount: string,
): Promise<Result<{ transferId: string; remainingUnits: string }, ClaimError>> {
  return d.db.command(async (tx) => {
    if (!registrar(actor)) return err('role_not_allowed', 'a court registrar orders payouts');
    const claim = await store.claimById(tx, claimId, true);
    if (claim === null) return err('claim_not_found', `no claim ${claimId}`);
    if (claim.approvedUnits === null) return err('claim_not_approved', 'approve the claim first');
    const lot = await store.getLot(tx, claim.lotId, true);
    if (lot === null) return err('lot_not_found', 'the claim names no lot');
    const units = parseAmount(amount, lot.asset);
    if (!units.ok) return units;
    const decided = decidePayout(
      lot,
      { approvedUnits: claim.approvedUnits, paidUnits: claim.paidUnits },
      units.value,
    );
    if (!decided.ok) return decided;
    const transferId = await move(d, tx, actor.id, {
      asset: lot.asset,
      debitAccountId: await purposeAccount(d, tx, 'restitution_paid', lot.asset),
      creditAccountId: lot.accountId as never,
      amount: units.value,
      code: 'seizures.restitution',
      reason: `restitution on claim ${claim.id}`,
      refs: { caseId: lot.caseId, lotId: lot.id },
    });
    const paid = claim.paidUnits + units.value;
    const { seq } = await appendAudit(tx, d.clock, {
      actor: actor.id,
      action: 'seizures.lot.paid_out',
      subjects: [lot.id, claim.id, transferId],
      payload: {
        lotId: lot.id,
        claimId: claim.id,
        transferId,
        amountUnits: units.value.toString(),
        remainingUnits: decided.value.toString(),
        claimPaidUnits: paid.toString(),
      },
    });
    await tx.query(
      `INSERT INTO seizure_payouts (id, claim_id, lot_id, amount_units, transfer_id, at, audit_seq)
       VALUES ($1,$2,$3,$4,$5,$6,$7)`,
      [
        d.ids.next<'SeizurePayout'>(),
        claim.id,
        lot.id,
        units.value,
        transferId,
        d.clock.now(),
        seq,
      ],
    );
    await tx.query(`UPDATE seizure_claims SET paid_units = $2, status = $3 WHERE id = $1`, [
      claim.id,
      paid,
      paid === claim.approvedUnits ? 'paid' : 'approved',
    ]);
    await store.setLotState(tx, lot.id, { remainingUnits: decided.value });
    return ok({ transferId, remainingUnits: decided.value.toString() });
  });
}
