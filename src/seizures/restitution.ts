import { appendAudit } from '../audit/append.ts';
import type { AssetCode } from '../core/assets.ts';
import type { Actor } from '../core/identity.ts';
import { parseAmount, type AmountError } from '../core/money.ts';
import { err, ok, type Result } from '../core/result.ts';
import type { Queryable, Tx } from '../db/pool.ts';
import type { TransferCommandError } from '../ledger/service.ts';
import { purposeAccount, type SeizuresDeps } from './deps.ts';
import {
  decideClaimApproval,
  decideEscrowPayout,
  decidePayout,
  restitutionSource,
  type EscrowPayoutError,
  type RestitutionError,
} from './model.ts';
import { mayDecide } from './deciders.ts';
import * as store from './store.ts';

/**
 * Victims' claims: registered against a lot (and so its case), approved by a court registrar for
 * at most what the lot can still cover, and paid out by ledger transfers that never exceed what the
 * lot holds (the model checks first; the custody account's balance flag backs it up).
 *
 * A lot sold in an emergency holds fiat in escrow instead of crypto: its claims are in the escrow's
 * currency and are paid from the escrow account, never from crypto custody (`restitutionSource`).
 */
export type ClaimError =
  | RestitutionError
  | EscrowPayoutError
  | AmountError
  | 'lot_not_found'
  | 'claim_not_found'
  | 'claim_not_approved'
  | 'claim_already_decided'
  | 'role_not_allowed'
  | TransferCommandError;

function registrar(actor: Actor): boolean {
  return actor.kind === 'system' || actor.roles.includes('court_registrar');
}

/** A claim as registered: its evidence is named by the SHA-256 of the file, hashed where it was. */
export interface ClaimInput {
  readonly lotId: string;
  readonly claimantRef: string;
  readonly amount: string;
  readonly evidence?: { readonly sha256: string; readonly name: string } | null | undefined;
}

export function restitutionCommands(d: SeizuresDeps) {
  return {
    registerClaim: (actor: Actor, c: ClaimInput) => registerClaim(d, actor, c),
    approveClaim: (actor: Actor, claimId: string, amount: string) =>
      approveClaim(d, actor, claimId, amount),
    payClaim: (actor: Actor, claimId: string, amount: string) =>
      payClaim(d, actor, claimId, amount),
    claims: (lotId: string) => store.claimsForLot(d.db, lotId),
  };
}

/** What a lot can still cover: its escrow balance once sold, else what its custody holds. */
export async function available(tx: Queryable, lot: store.LotRow): Promise<bigint> {
  if (restitutionSource(lot).kind === 'custody') return lot.remainingUnits;
  return (lot.escrowUnits ?? 0n) - (await store.escrowPaidUnits(tx, lot.id));
}

function registerClaim(
  d: SeizuresDeps,
  actor: Actor,
  c: ClaimInput,
): Promise<Result<{ claimId: string }, ClaimError>> {
  return d.db.command(async (tx) => {
    const lot = await store.getLot(tx, c.lotId);
    if (lot === null || !(await mayDecide(tx, actor, lot))) {
      return err('lot_not_found', `no lot ${c.lotId}`);
    }
    const asset = restitutionSource(lot).asset;
    const units = parseAmount(c.amount, asset);
    if (!units.ok) return units;
    if (units.value <= 0n) return err('amount_must_be_positive', 'a claim is greater than zero');
    const claimId = d.ids.next<'SeizureClaim'>();
    const { seq } = await appendAudit(tx, d.clock, {
      actor,
      action: 'seizures.claim.registered',
      subjects: [claimId, lot.id, lot.caseId],
      payload: {
        claimId,
        lotId: lot.id,
        caseId: lot.caseId,
        claimantRef: c.claimantRef,
        asset,
        claimedUnits: units.value.toString(),
        evidence: c.evidence ?? null,
      },
    });
    await tx.query(
      `INSERT INTO seizure_claims (id, case_id, lot_id, claimant_ref, claimed_units, status,
         created_at, audit_seq, evidence_sha256, evidence_name)
       VALUES ($1,$2,$3,$4,$5,'registered',$6,$7,$8,$9)`,
      [
        claimId,
        lot.caseId,
        lot.id,
        c.claimantRef,
        units.value,
        d.clock.now(),
        seq,
        c.evidence?.sha256 ?? null,
        c.evidence?.name ?? null,
      ],
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
    // A registrar of another court does not see the claim's lot, nor so the claim.
    if (lot === null || !(await mayDecide(tx, actor, lot))) {
      return err('claim_not_found', `no claim ${claimId}`);
    }
    const units = parseAmount(amount, restitutionSource(lot).asset);
    if (!units.ok) return units;
    const others = (await store.claimsForLot(tx, lot.id))
      .filter((c) => c.status === 'approved' && c.id !== claim.id)
      .reduce((sum, c) => sum + (c.approvedUnits ?? 0n) - c.paidUnits, 0n);
    const decided = decideClaimApproval(await available(tx, lot), others, units.value);
    if (!decided.ok) return decided;
    await appendAudit(tx, d.clock, {
      actor,
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

interface Payout {
  readonly transferId: string;
  readonly asset: AssetCode;
  readonly source: 'custody' | 'escrow';
  /** What the lot still holds in crypto custody (unchanged by an escrow payout). */
  readonly remainingUnits: bigint;
  /** What stays in escrow after an escrow payout; null for a custody payout. */
  readonly escrowRemainingUnits: bigint | null;
}

function payClaim(
  d: SeizuresDeps,
  actor: Actor,
  claimId: string,
  amount: string,
): Promise<Result<PayoutView, ClaimError>> {
  return d.db.command(async (tx) => {
    if (!registrar(actor)) return err('role_not_allowed', 'a court registrar orders payouts');
    const claim = await store.claimById(tx, claimId, true);
    if (claim === null) return err('claim_not_found', `no claim ${claimId}`);
    if (claim.approvedUnits === null) return err('claim_not_approved', 'approve the claim first');
    const lot = await store.getLot(tx, claim.lotId, true);
    // A registrar of another court does not see the claim's lot, nor so the claim.
    if (lot === null || !(await mayDecide(tx, actor, lot))) {
      return err('claim_not_found', `no claim ${claimId}`);
    }
    const source = restitutionSource(lot);
    const units = parseAmount(amount, source.asset);
    if (!units.ok) return units;
    const approved = { approvedUnits: claim.approvedUnits, paidUnits: claim.paidUnits };
    const paid =
      source.kind === 'escrow'
        ? await payFromEscrow(d, tx, actor, lot, claim, approved, units.value)
        : await payFromCustody(d, tx, actor, lot, claim, approved, units.value);
    if (!paid.ok) return paid;
    return ok(await recordPayout(d, tx, actor, lot, claim, units.value, paid.value));
  });
}

type Approved = { readonly approvedUnits: bigint; readonly paidUnits: bigint };

async function payFromCustody(
  d: SeizuresDeps,
  tx: Tx,
  actor: Actor,
  lot: store.LotRow,
  claim: store.ClaimRow,
  approved: Approved,
  units: bigint,
): Promise<Result<Payout, ClaimError>> {
  const decided = decidePayout(lot, approved, units);
  if (!decided.ok) return decided;
  const moved = await d.ledger.postInTx(tx, actor.id, {
    asset: lot.asset,
    debitAccountId: await purposeAccount(d, tx, 'restitution_paid', lot.asset),
    creditAccountId: lot.accountId as never,
    amount: units,
    code: 'seizures.restitution',
    reason: `restitution on claim ${claim.id}`,
    refs: { caseId: lot.caseId, lotId: lot.id },
  });
  if (!moved.ok) return moved;
  return ok({
    transferId: moved.value,
    asset: lot.asset,
    source: 'custody',
    remainingUnits: decided.value,
    escrowRemainingUnits: null,
  });
}

/** Restitution in fiat from the escrowed sale proceeds; the crypto custody is not touched. */
async function payFromEscrow(
  d: SeizuresDeps,
  tx: Tx,
  actor: Actor,
  lot: store.LotRow,
  claim: store.ClaimRow,
  approved: Approved,
  units: bigint,
): Promise<Result<Payout, ClaimError>> {
  const escrowPaid = await store.escrowPaidUnits(tx, lot.id);
  const decided = decideEscrowPayout(lot, escrowPaid, approved, units);
  if (!decided.ok) return decided;
  const asset = restitutionSource(lot).asset;
  const moved = await d.ledger.postInTx(tx, actor.id, {
    asset,
    debitAccountId: await purposeAccount(d, tx, 'restitution_paid', asset),
    creditAccountId: lot.escrowAccountId as never,
    amount: units,
    code: 'seizures.restitution.escrow',
    reason: `restitution on claim ${claim.id} from escrowed sale proceeds`,
    refs: { caseId: lot.caseId, lotId: lot.id },
  });
  if (!moved.ok) return moved;
  return ok({
    transferId: moved.value,
    asset,
    source: 'escrow',
    remainingUnits: lot.remainingUnits,
    escrowRemainingUnits: decided.value,
  });
}

export interface PayoutView {
  readonly transferId: string;
  readonly source: 'custody' | 'escrow';
  readonly asset: AssetCode;
  readonly remainingUnits: string;
  readonly escrowRemainingUnits: string | null;
}

async function recordPayout(
  d: SeizuresDeps,
  tx: Tx,
  actor: Actor,
  lot: store.LotRow,
  claim: store.ClaimRow,
  units: bigint,
  p: Payout,
): Promise<PayoutView> {
  const paid = claim.paidUnits + units;
  const { seq } = await appendAudit(tx, d.clock, {
    actor,
    action: 'seizures.lot.paid_out',
    subjects: [lot.id, claim.id, p.transferId],
    payload: {
      lotId: lot.id,
      claimId: claim.id,
      transferId: p.transferId,
      source: p.source,
      asset: p.asset,
      amountUnits: units.toString(),
      remainingUnits: p.remainingUnits.toString(),
      escrowRemainingUnits: p.escrowRemainingUnits?.toString() ?? null,
      claimPaidUnits: paid.toString(),
    },
  });
  await tx.query(
    `INSERT INTO seizure_payouts (id, claim_id, lot_id, amount_units, transfer_id, at, audit_seq,
       source, asset) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9)`,
    [
      d.ids.next<'SeizurePayout'>(),
      claim.id,
      lot.id,
      units,
      p.transferId,
      d.clock.now(),
      seq,
      p.source,
      p.asset,
    ],
  );
  await tx.query(`UPDATE seizure_claims SET paid_units = $2, status = $3 WHERE id = $1`, [
    claim.id,
    paid,
    paid === claim.approvedUnits ? 'paid' : 'approved',
  ]);
  if (p.source === 'custody') {
    await store.setLotState(tx, lot.id, { remainingUnits: p.remainingUnits });
  }
  return {
    transferId: p.transferId,
    source: p.source,
    asset: p.asset,
    remainingUnits: p.remainingUnits.toString(),
    escrowRemainingUnits: p.escrowRemainingUnits?.toString() ?? null,
  };
}
