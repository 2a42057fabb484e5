import { appendAudit } from '../audit/append.ts';
import { canonicalize } from '../core/canonical.ts';
import { err, ok, type Result } from '../core/result.ts';
import { verifyEd25519 } from '../governance/auth.ts';
import type { Actor } from '../http/access.ts';
import type { SeizuresDeps } from './deps.ts';
import { handoffJson, handoffMessage, type HandoffContent } from './model.ts';
import * as store from './store.ts';

/**
 * A hand-off moves responsibility for lots from one organisation to another. The releasing officer
 * and the receiving officer each sign the canonical hand-off content with an Ed25519 key registered
 * in governance (the same keys and verification as approval votes); both signatures, the keys and
 * the signed text go into the audit entry, so anyone can check the chain of custody offline.
 */
export type HandoffError =
  | 'lot_not_found'
  | 'lot_not_held_by_releasing_organisation'
  | 'officer_not_found'
  | 'officer_not_in_organisation'
  | 'officers_must_differ'
  | 'organisations_must_differ'
  | 'signing_key_not_registered'
  | 'signature_invalid'
  | 'handoff_exists';

export interface HandoffInput extends HandoffContent {
  readonly releasingSignatureHex: string;
  readonly receivingSignatureHex: string;
}

export function handoffCommands(d: SeizuresDeps) {
  return { handoff: (actor: Actor, h: HandoffInput) => handoff(d, actor, h) };
}

async function verifyOfficer(
  d: SeizuresDeps,
  userId: string,
  organisationId: string,
  message: Uint8Array,
  signatureHex: string,
): Promise<Result<{ publicKeyHex: string }, HandoffError>> {
  const user = await d.governance.userById(userId);
  if (user === null) return err('officer_not_found', `no user ${userId}`);
  if (user.organisationId !== organisationId) {
    return err('officer_not_in_organisation', `${userId} is not in organisation ${organisationId}`);
  }
  const keys = await d.governance.signingKeys(userId);
  if (keys.length === 0) return err('signing_key_not_registered', `${userId} has no signing key`);
  const key = keys.find((k) => verifyEd25519(k.publicKeyHex, message, signatureHex));
  if (key === undefined) {
    return err('signature_invalid', `the signature of ${userId} does not verify`, { userId });
  }
  return ok({ publicKeyHex: key.publicKeyHex });
}

async function handoff(
  d: SeizuresDeps,
  actor: Actor,
  h: HandoffInput,
): Promise<Result<{ handoffId: string }, HandoffError>> {
  if (h.releasingOfficerId === h.receivingOfficerId) {
    return err('officers_must_differ', 'two different officers sign a hand-off');
  }
  if (h.fromOrganisationId === h.toOrganisationId) {
    return err('organisations_must_differ', 'a hand-off goes to another organisation');
  }
  const message = handoffMessage(h);
  const releasing = await verifyOfficer(
    d,
    h.releasingOfficerId,
    h.fromOrganisationId,
    message,
    h.releasingSignatureHex,
  );
  if (!releasing.ok) return releasing;
  const receiving = await verifyOfficer(
    d,
    h.receivingOfficerId,
    h.toOrganisationId,
    message,
    h.receivingSignatureHex,
  );
  if (!receiving.ok) return receiving;
  return d.db.command(async (tx) => {
    const exists = await tx.query('SELECT 1 FROM seizure_handoffs WHERE id = $1', [h.handoffId]);
    if (exists.length > 0) return err('handoff_exists', 'this hand-off is already recorded');
    for (const id of h.lotIds) {
      const lot = await store.getLot(tx, id, true);
      if (lot === null) return err('lot_not_found', `no lot ${id}`);
      if (lot.custodianOrganisationId !== h.fromOrganisationId) {
        return err('lot_not_held_by_releasing_organisation', `lot ${id} is held elsewhere`, {
          lotId: id,
          custodianOrganisationId: lot.custodianOrganisationId,
        });
      }
    }
    const signedText = canonicalize(handoffJson(h));
    const { seq } = await appendAudit(tx, d.clock, {
      actor: actor.id,
      action: 'seizures.lot.handed_off',
      subjects: [h.handoffId, ...h.lotIds],
      payload: handoffPayload(h, signedText, releasing.value, receiving.value),
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
        h.releasingSignatureHex,
        h.receivingSignatureHex,
        d.clock.now(),
        seq,
      ],
    );
    for (const id of h.lotIds) {
      await store.setLotState(tx, id, { custodianOrganisationId: h.toOrganisationId });
    }
    return ok({ handoffId: h.handoffId });
  });
}

function handoffPayload(
  h: HandoffInput,
  signedText: string,
  releasing: { publicKeyHex: string },
  receiving: { publicKeyHex: string },
) {
  return {
    handoffId: h.handoffId,
    lotIds: [...h.lotIds],
    fromOrganisationId: h.fromOrganisationId,
    toOrganisationId: h.toOrganisationId,
    signedMessage: signedText,
    algorithm: 'ed25519',
    releasing: {
      userId: h.releasingOfficerId,
      publicKeyHex: releasing.publicKeyHex,
      signatureHex: h.releasingSignatureHex,
    },
    receiving: {
      userId: h.receivingOfficerId,
      publicKeyHex: receiving.publicKeyHex,
      signatureHex: h.receivingSignatureHex,
    },
  };
}
