import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '@simplewebauthn/server';
import { decodeAttestationObject } from '@simplewebauthn/server/helpers';
import type { Clock } from '../core/clock.ts';
import { sha256 } from '../core/hash.ts';
import { err, ok, type Result } from '../core/result.ts';
import type { Tx } from '../db/pool.ts';
import { sameHash } from './auth.ts';
import * as creds from './credential-store.ts';

/**
 * The checks of a WebAuthn response that come before its signature, each with its own code so a
 * refusal says what was wrong: the challenge (consumed here, so even a refused response burns it),
 * the origin the browser reports, and the relying-party id hash the authenticator signed. The
 * library verifies all of these again, with the signature and the attestation.
 */
export type CeremonyError =
  | 'passkey_response_invalid'
  | 'passkey_challenge_unknown'
  | 'passkey_challenge_expired'
  | 'passkey_origin_mismatch'
  | 'passkey_rp_id_mismatch';

export interface Ceremony {
  readonly challenge: string;
  readonly userId: string | null;
}

interface ClientData {
  readonly type: string;
  readonly challenge: string;
  readonly origin: string;
}

function clientDataOf(encoded: string): ClientData | null {
  try {
    const parsed = JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8')) as unknown;
    if (typeof parsed !== 'object' || parsed === null) return null;
    const { type, challenge, origin } = parsed as Record<string, unknown>;
    if (typeof type !== 'string' || typeof challenge !== 'string' || typeof origin !== 'string') {
      return null;
    }
    return { type, challenge, origin };
  } catch {
    return null;
  }
}

/** The authenticator data: inside the attestation object at registration, given at login. */
function authenticatorDataOf(
  response: RegistrationResponseJSON | AuthenticationResponseJSON,
): Uint8Array | null {
  try {
    if ('attestationObject' in response.response) {
      const bytes = new Uint8Array(Buffer.from(response.response.attestationObject, 'base64url'));
      return decodeAttestationObject(bytes).get('authData');
    }
    return new Uint8Array(Buffer.from(response.response.authenticatorData, 'base64url'));
  } catch {
    return null;
  }
}

export async function ceremonyOf(
  tx: Tx,
  clock: Clock,
  rp: { readonly id: string; readonly origin: string },
  response: RegistrationResponseJSON | AuthenticationResponseJSON,
  purpose: creds.ChallengePurpose,
): Promise<Result<Ceremony, CeremonyError>> {
  const data = clientDataOf(response.response.clientDataJSON);
  const expectedType = purpose === 'login' ? 'webauthn.get' : 'webauthn.create';
  if (data?.type !== expectedType) {
    return err('passkey_response_invalid', `the client data is not a ${expectedType} response`);
  }
  const issued = await creds.consumeChallenge(tx, data.challenge, purpose);
  if (issued === null) {
    return err('passkey_challenge_unknown', 'the challenge is unknown or was already used');
  }
  if (clock.now().getTime() >= issued.expiresAt.getTime()) {
    return err('passkey_challenge_expired', 'the challenge has expired; start again');
  }
  if (data.origin !== rp.origin) {
    return err('passkey_origin_mismatch', 'the response comes from another origin', {
      origin: data.origin,
      expected: rp.origin,
    });
  }
  const authData = authenticatorDataOf(response);
  if (authData === null || authData.length < 37) {
    return err('passkey_response_invalid', 'the authenticator data cannot be read');
  }
  const rpIdHash = sha256(new TextEncoder().encode(rp.id));
  if (!sameHash(authData.subarray(0, 32), rpIdHash)) {
    return err('passkey_rp_id_mismatch', 'the authenticator signed for another relying party');
  }
  return ok({ challenge: issued.challenge, userId: issued.userId });
}
