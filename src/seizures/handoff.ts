import { appendAudit } from '../audit/append.ts';
import { canonicalize } from '../core/canonical.ts';
import { canSeeOrganisation, visibleOrganisations, type Actor } from '../core/identity.ts';
import { err, ok, type Result } from '../core/result.ts';
import type { Tx } from '../db/pool.ts';
import type { ContentSignatureError, SignatureEvidence } from '../governance/content-signature.ts';
import type { SeizuresDeps } from './deps.ts';
import {
  decideHandOver,
  handoffJson,
  handoffMessage,
  type CustodyPresenceError,
  type HandoffContent,
} from './model.ts';
import * as store from './store.ts';

/**
 * A hand-off moves responsibility for lots from one organisation to another. The releasing officer
 * and the receiving officer each sign the canonical hand-off content, each in their own session
 * (handoff-sign.ts) with a registered key or a passkey, or both at once through `handoff` with
 * Ed25519 signatures made elsewhere (the command line). What was verified for each side and the
 * signed text go into the audit entry, so anyone can check the chain of custody offline.
 */
export type HandoffError =
  | 'lot_not_found'
  | 'lot_not_held_by_releasing_organisation'
  | 'officer_not_found'
  | 'officer_not_in_organisation'
  | 'officers_must_differ'
  | 'organisations_must_differ'
  | ContentSignatureError
  | CustodyPresenceError
  | 'not_handoff_officer'
  | 'handoff_already_signed'
  | 'handoff_exists'
  | 'handoff_differs_from_proposal'
  | 'handoff_proposal_not_found'
  | 'handoff_cancelled'
  | 'reason_required';

export interface HandoffInput extends HandoffContent {
  readonly releasingSignatureHex: string;
  readonly receivingSignatureHex: string;
}

export function handoffCommands(d: SeizuresDeps) {
  return {
    handoff: (actor: Actor, h: HandoffInput) => handoff(d, actor, h),
    proposeHandoff: (actor: Actor, h: Omit<HandoffContent, 'handoffId'>) =>
      proposeHandoff(d, actor, h),
    cancelHandoff: (actor: Actor, c: { handoffId: string; reason: string }) =>
      cancelHandoff(d, actor, c),
    handoffs: (actor: Actor, f: Omit<store.HandoffFilter, 'organisations'>) =>
      store.listHandoffs(d.db, { ...f, organisations: visibleOrganisations(actor) }),
  };
}

export interface HandoffProposal {
  readonly handoffId: string;
  /** The exact text each officer signs (RFC 8785 canonical JSON, UTF-8), on their own device. */
  readonly message: string;
}

/**
 * Proposes a hand-off: the server fixes its id and the canonical text, checks what it can check
 * before anyone signs (officers in their organisations, lots held by the releasing one), and keeps
 * it as pending. Kazna holds no keys: the officers sign the text elsewhere and the hand-off is
 * recorded, with both signatures, by `handoff` under the same id.
 */
async function proposeHandoff(
  d: SeizuresDeps,
  actor: Actor,
  input: Omit<HandoffContent, 'handoffId'>,
): Promise<Result<HandoffProposal, HandoffError>> {
  const h: HandoffContent = { ...input, handoffId: d.ids.next<'SeizureHandoff'>() };
  const parties = await checkParties(d, h);
  if (!parties.ok) return parties;
  return d.db.command(async (tx) => {
    const held = await checkLots(tx, h);
    if (!held.ok) return held;
    const message = canonicalize(handoffJson(h));
    const { seq } = await appendAudit(tx, d.clock, {
      actor,
      action: 'seizures.handoff.proposed',
      subjects: [h.handoffId, ...h.lotIds],
      payload: { handoffId: h.handoffId, message },
    });
    await tx.query(
      `INSERT INTO seizure_handoff_proposals (id, lot_ids, from_organisation_id, to_organisation_id,
         releasing_officer_id, receiving_officer_id, note, content, proposed_by, proposed_at,
         audit_seq) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11)`,
      [
        h.handoffId,
        h.lotIds,
        h.fromOrganisationId,
        h.toOrganisationId,
        h.releasingOfficerId,
        h.receivingOfficerId,
        h.note,
        message,
        actor.id,
        d.clock.now(),
        seq,
      ],
    );
    return ok({ handoffId: h.handoffId, message });
  });
}

export async function checkParties(
  d: SeizuresDeps,
  h: HandoffContent,
): Promise<Result<null, HandoffError>> {
  if (h.releasingOfficerId === h.receivingOfficerId) {
    return err('officers_must_differ', 'two different officers sign a hand-off');
  }
  if (h.fromOrganisationId === h.toOrganisationId) {
    return err('organisations_must_differ', 'a hand-off goes to another organisation');
  }
  for (const [userId, organisationId] of [
    [h.releasingOfficerId, h.fromOrganisationId],
    [h.receivingOfficerId, h.toOrganisationId],
  ] as const) {
    const user = await d.governance.userById(userId);
    if (user === null) return err('officer_not_found', `no user ${userId}`);
    if (user.organisationId !== organisationId) {
      return err(
        'officer_not_in_organisation',
        `${userId} is not in organisation ${organisationId}`,
      );
    }
  }
  return ok(null);
}

/**
 * Every lot exists, is held by the releasing organisation and still has something to hand over
 * (locked for the transaction): checked when proposing and again when the hand-off is recorded.
 */
export async function checkLots(tx: Tx, h: HandoffContent): Promise<Result<null, HandoffError>> {
  for (const id of h.lotIds) {
    const lot = await store.getLot(tx, id, true);
    if (lot === null) return err('lot_not_found', `no lot ${id}`);
    if (lot.custodianOrganisationId !== h.fromOrganisationId) {
      return err('lot_not_held_by_releasing_organisation', `lot ${id} is held elsewhere`, {
        lotId: id,
        custodianOrganisationId: lot.custodianOrganisationId,
      });
    }
    const present = decideHandOver(await custodyFacts(tx, lot));
    if (!present.ok) return err(present.code, present.message, { ...present.detail, lotId: id });
  }
  return ok(null);
}

/** The lot's escrow, the reserve's hold on it and any payout to victims, as `decideHandOver` reads. */
async function custodyFacts(tx: Tx, lot: store.LotRow) {
  const [row] = await tx.query<{ taken: boolean; last: string | null; paid: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM seizure_disposal_events WHERE lot_id = $1 AND kind = 'taken')
              AS taken,
            (SELECT kind FROM seizure_disposal_events
              WHERE lot_id = $1 AND kind IN ('committed', 'released')
              ORDER BY audit_seq DESC, id LIMIT 1) AS last,
            EXISTS (SELECT 1 FROM seizure_payouts WHERE lot_id = $1) AS paid`,
    [lot.id],
  );
  const escrowPaid = lot.escrowUnits === null ? 0n : await store.escrowPaidUnits(tx, lot.id);
  return {
    status: lot.status,
    remainingUnits: lot.remainingUnits,
    escrowBalance: lot.escrowUnits === null ? null : lot.escrowUnits - escrowPaid,
    disposal:
      row?.taken === true
        ? ('taken' as const)
        : row?.last === 'committed'
          ? ('committed' as const)
          : ('none' as const),
    paidOut: row?.paid === true,
  };
}

/**
 * Cancels a proposal that has not been signed into a hand-off, with a reason, by a new row: the
 * proposal stays on record. Only someone who sees one of its two organisations can cancel it; to
 * anyone else it does not exist.
 */
async function cancelHandoff(
  d: SeizuresDeps,
  actor: Actor,
  c: { handoffId: string; reason: string },
): Promise<Result<{ handoffId: string }, HandoffError>> {
  const reason = c.reason.trim();
  if (reason.length === 0) return err('reason_required', 'say why the hand-off is cancelled');
  return d.db.command(async (tx) => {
    const [p] = await tx.query<{ lot_ids: string[]; from_id: string; to_id: string }>(
      `SELECT lot_ids, from_organisation_id AS from_id, to_organisation_id AS to_id
         FROM seizure_handoff_proposals WHERE id = $1`,
      [c.handoffId],
    );
    const seen =
      p !== undefined &&
      (canSeeOrganisation(actor, p.from_id) || canSeeOrganisation(actor, p.to_id));
    if (!seen) return err('handoff_proposal_not_found', `no proposed hand-off ${c.handoffId}`);
    const open = await checkOpen(tx, c.handoffId);
    if (!open.ok) return open;
    const { seq } = await appendAudit(tx, d.clock, {
      actor,
      action: 'seizures.handoff.cancelled',
      subjects: [c.handoffId, ...p.lot_ids],
      payload: { handoffId: c.handoffId, reason },
    });
    await tx.query(
      `INSERT INTO seizure_handoff_cancellations (handoff_id, reason, cancelled_by, cancelled_at,
         audit_seq) VALUES ($1, $2, $3, $4, $5)`,
      [c.handoffId, reason, actor.id, d.clock.now(), seq],
    );
    return ok({ handoffId: c.handoffId });
  });
}

/** A proposal can still be signed or cancelled: it is neither recorded nor cancelled. */
export async function checkOpen(tx: Tx, handoffId: string): Promise<Result<null, HandoffError>> {
  const recorded = await tx.query('SELECT 1 FROM seizure_handoffs WHERE id = $1', [handoffId]);
  if (recorded.length > 0) return err('handoff_exists', 'this hand-off is already recorded');
  const [row] = await tx.query<{ reason: string }>(
    'SELECT reason FROM seizure_handoff_cancellations WHERE handoff_id = $1',
    [handoffId],
  );
  if (row !== undefined) {
    return err('handoff_cancelled', 'this proposed hand-off was cancelled', { reason: row.reason });
  }
  return ok(null);
}

/** A hand-off completing a proposal must be the proposal, word for word. */
async function checkProposal(tx: Tx, h: HandoffContent): Promise<Result<null, HandoffError>> {
  const [p] = await tx.query<{ content: string }>(
    'SELECT content FROM seizure_handoff_proposals WHERE id = $1',
    [h.handoffId],
  );
  if (p !== undefined && p.content !== canonicalize(handoffJson(h))) {
    return err('handoff_differs_from_proposal', 'the signed text is not the proposed hand-off', {
      proposed: p.content,
    });
  }
  return ok(null);
}

/** One side's verified signature, as the record and the audit entry keep it. */
export interface SideSignature {
  readonly userId: string;
  readonly evidence: SignatureEvidence;
}

/** Checks two Ed25519 signatures made elsewhere, each with its officer's registered keys. */
async function handoff(
  d: SeizuresDeps,
  actor: Actor,
  h: HandoffInput,
): Promise<Result<{ handoffId: string }, HandoffError>> {
  const parties = await checkParties(d, h);
  if (!parties.ok) return parties;
  const message = handoffMessage(h);
  const sides: SideSignature[] = [];
  for (const [userId, signatureHex] of [
    [h.releasingOfficerId, h.releasingSignatureHex],
    [h.receivingOfficerId, h.receivingSignatureHex],
  ] as const) {
    const v = await d.signer.verify(d.db, userId, message, { method: 'key', signatureHex });
    if (!v.ok) return err(v.code, `the signature of ${userId}: ${v.message}`, { userId });
    sides.push({ userId, evidence: v.value });
  }
  const [releasing, receiving] = sides as [SideSignature, SideSignature];
  return d.db.command(async (tx) => {
    const open = await checkOpen(tx, h.handoffId);
    if (!open.ok) return open;
    const proposal = await checkProposal(tx, h);
    if (!proposal.ok) return proposal;
    return recordHandoffInTx(tx, d, actor, h, { releasing, receiving });
  });
}

/**
 * Records a hand-off both officers signed, inside the caller's transaction: the lots are checked
 * again (still held, still there), then the audit entry with each side's evidence, the hand-off row
 * and the new custodian of every lot.
 */
export async function recordHandoffInTx(
  tx: Tx,
  d: SeizuresDeps,
  actor: Actor,
  h: HandoffContent,
  s: { releasing: SideSignature; receiving: SideSignature },
): Promise<Result<{ handoffId: string }, HandoffError>> {
  const held = await checkLots(tx, h);
  if (!held.ok) return held;
  const signedText = canonicalize(handoffJson(h));
  const { seq } = await appendAudit(tx, d.clock, {
    actor,
    action: 'seizures.lot.handed_off',
    subjects: [h.handoffId, ...h.lotIds],
    payload: {
      handoffId: h.handoffId,
      lotIds: [...h.lotIds],
      fromOrganisationId: h.fromOrganisationId,
      toOrganisationId: h.toOrganisationId,
      signedMessage: signedText,
      releasing: { userId: s.releasing.userId, signature: { ...s.releasing.evidence } },
      receiving: { userId: s.receiving.userId, signature: { ...s.receiving.evidence } },
    },
  });
  await tx.query(
    `INSERT INTO seizure_handoffs (id, lot_ids, from_organisation_id, to_organisation_id,
       releasing_officer_id, receiving_officer_id, content, releasing_signature,
       receiving_signature, at, audit_seq) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11)`,
    [
      h.handoffId,
      h.lotIds,
      h.fromOrganisationId,
      h.toOrganisationId,
      h.releasingOfficerId,
      h.receivingOfficerId,
      signedText,
      signatureText(s.releasing.evidence),
      signatureText(s.receiving.evidence),
      d.clock.now(),
      seq,
    ],
  );
  for (const id of h.lotIds) {
    await store.setLotState(tx, id, { custodianOrganisationId: h.toOrganisationId });
  }
  return ok({ handoffId: h.handoffId });
}

/** The signature bytes as text: Ed25519 hex, or the passkey assertion's base64url signature. */
function signatureText(e: SignatureEvidence): string {
  return e.algorithm === 'ed25519' ? e.signatureHex : e.signature;
}
