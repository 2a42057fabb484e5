import { appendAudit } from '../audit/append.ts';
import type { Actor } from '../core/identity.ts';
import { err, ok, type Result } from '../core/result.ts';
import type { Tx } from '../db/pool.ts';
import type { ContentSignature, SignatureEvidence } from '../governance/content-signature.ts';
import type { SeizuresDeps } from './deps.ts';
import {
  checkLots,
  checkOpen,
  checkParties,
  recordHandoffInTx,
  type HandoffError,
  type SideSignature,
} from './handoff.ts';
import type { HandoffContent } from './model.ts';

/**
 * Each officer signs a proposed hand-off in their own session, with their own key or passkey, over
 * the proposal's exact canonical text. The first signature is kept (one row per side, with its
 * evidence and an audit entry); the second records the hand-off in the same transaction, so the
 * lots change hands exactly when both have signed.
 */
export type HandoffSide = 'releasing' | 'receiving';

export interface HandoffSigned {
  readonly handoffId: string;
  readonly side: HandoffSide;
  /** Both sides have signed: the hand-off is recorded and the lots are with the receiver. */
  readonly completed: boolean;
}

export function signHandoffCommand(d: SeizuresDeps) {
  return (actor: Actor, s: { handoffId: string; signature: ContentSignature }) =>
    signHandoff(d, actor, s);
}

interface Proposal extends HandoffContent {
  readonly content: string;
}

async function signHandoff(
  d: SeizuresDeps,
  actor: Actor,
  s: { handoffId: string; signature: ContentSignature },
): Promise<Result<HandoffSigned, HandoffError>> {
  return d.db.command(async (tx): Promise<Result<HandoffSigned, HandoffError>> => {
    const p = await readProposal(tx, s.handoffId);
    const side = p === null ? null : sideOf(actor, p);
    if (p === null || side === null) {
      return err('not_handoff_officer', 'only the two officers the hand-off names sign it', {
        handoffId: s.handoffId,
      });
    }
    const checked = await checkBeforeSigning(d, tx, p, side);
    if (!checked.ok) return checked;
    const bytes = new TextEncoder().encode(p.content);
    const v = await d.signer.verify(tx, actor.id, bytes, s.signature);
    if (!v.ok) return v;
    await keepSignature(d, tx, actor, p, side, v.value);
    const other = await signatureOf(
      tx,
      p.handoffId,
      side === 'releasing' ? 'receiving' : 'releasing',
    );
    if (other === null) return ok({ handoffId: p.handoffId, side, completed: false });
    const mine: SideSignature = { userId: actor.id, evidence: v.value };
    const both =
      side === 'releasing'
        ? { releasing: mine, receiving: other }
        : { releasing: other, receiving: mine };
    const recorded = await recordHandoffInTx(tx, d, actor, p, both);
    if (!recorded.ok) return recorded;
    return ok({ handoffId: p.handoffId, side, completed: true });
  });
}

/** The side the actor signs for, or null when the hand-off does not name them. */
function sideOf(actor: Actor, p: Proposal): HandoffSide | null {
  if (actor.id === p.releasingOfficerId) return 'releasing';
  if (actor.id === p.receivingOfficerId) return 'receiving';
  return null;
}

/**
 * What must hold before a signature is kept: the proposal is open, this side has not signed, the
 * officers are still in their organisations, and the lots still have something to hand over.
 */
async function checkBeforeSigning(
  d: SeizuresDeps,
  tx: Tx,
  p: Proposal,
  side: HandoffSide,
): Promise<Result<null, HandoffError>> {
  const open = await checkOpen(tx, p.handoffId);
  if (!open.ok) return open;
  if ((await signatureOf(tx, p.handoffId, side)) !== null) {
    return err('handoff_already_signed', `the ${side} officer has already signed this hand-off`, {
      side,
    });
  }
  const parties = await checkParties(d, p);
  if (!parties.ok) return parties;
  return checkLots(tx, p);
}

async function keepSignature(
  d: SeizuresDeps,
  tx: Tx,
  actor: Actor,
  p: Proposal,
  side: HandoffSide,
  evidence: SignatureEvidence,
): Promise<void> {
  const { seq } = await appendAudit(tx, d.clock, {
    actor,
    action: 'seizures.handoff.signed',
    subjects: [p.handoffId, ...p.lotIds],
    payload: {
      handoffId: p.handoffId,
      side,
      userId: actor.id,
      signedMessage: p.content,
      signature: { ...evidence },
    },
  });
  await tx.query(
    `INSERT INTO seizure_handoff_signatures (handoff_id, side, officer_id, evidence, signed_at,
       audit_seq) VALUES ($1, $2, $3, $4, $5, $6)`,
    [p.handoffId, side, actor.id, JSON.stringify(evidence), d.clock.now(), seq],
  );
}

/**
 * The proposal as it was fixed. Proposals are append-only (no row lock on them); two officers
 * signing at once are serialised by `checkLots`, which locks the lots before the other side's
 * signature is read, so the later of the two sees the earlier and records the hand-off.
 */
async function readProposal(tx: Tx, handoffId: string): Promise<Proposal | null> {
  const [r] = await tx.query<{
    lot_ids: string[];
    from_id: string;
    to_id: string;
    releasing: string;
    receiving: string;
    note: string;
    content: string;
  }>(
    `SELECT lot_ids, from_organisation_id AS from_id, to_organisation_id AS to_id,
            releasing_officer_id AS releasing, receiving_officer_id AS receiving, note, content
       FROM seizure_handoff_proposals WHERE id = $1`,
    [handoffId],
  );
  if (r === undefined) return null;
  return {
    handoffId,
    lotIds: r.lot_ids,
    fromOrganisationId: r.from_id,
    toOrganisationId: r.to_id,
    releasingOfficerId: r.releasing,
    receivingOfficerId: r.receiving,
    note: r.note,
    content: r.content,
  };
}

async function signatureOf(
  tx: Tx,
  handoffId: string,
  side: HandoffSide,
): Promise<SideSignature | null> {
  const [r] = await tx.query<{ officer_id: string; evidence: SignatureEvidence }>(
    `SELECT officer_id, evidence FROM seizure_handoff_signatures
      WHERE handoff_id = $1 AND side = $2`,
    [handoffId, side],
  );
  return r === undefined ? null : { userId: r.officer_id, evidence: r.evidence };
}
