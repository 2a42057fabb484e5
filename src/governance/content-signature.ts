import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import { cose, decodeCredentialPublicKey } from '@simplewebauthn/server/helpers';
import { z } from 'zod';
import { systemClock, type Clock } from '../core/clock.ts';
import { verifyEd25519 } from '../core/ed25519.ts';
import { sha256 } from '../core/hash.ts';
import { err, ok, type Result } from '../core/result.ts';
import type { Queryable } from '../db/pool.ts';
import { insertPasskeyUse, keysOf, lockPasskey, passkeyByCredential } from './credential-store.ts';
import type { PasskeyRow } from './credential-store.ts';
import { counterRegression, verifyAssertion, type RelyingParty } from './passkeys.ts';
import * as store from './store.ts';

/**
 * A person's signature over an exact content (an approval vote's message, a hand-off's canonical
 * text), made elsewhere and only checked here: Kazna holds no private key.
 *
 * Two ways to sign:
 * - `key`: Ed25519 by a signing key the person registered (the browser's non-extractable key, the
 *   fallback for devices without passkeys, or a key on their own device);
 * - `passkey`: a WebAuthn assertion whose challenge is base64url(SHA-256(content)), with user
 *   verification, by a passkey the person registered.
 *
 * What was verified comes back as `SignatureEvidence`, which the caller puts in its audit entry, so
 * the standalone verifier can check it offline from an exported bundle.
 */
export const ContentSignatureBody = z.discriminatedUnion('method', [
  z.strictObject({ method: z.literal('key'), signatureHex: z.string().regex(/^[0-9a-f]{128}$/) }),
  z.strictObject({
    method: z.literal('passkey'),
    // The browser's PublicKeyCredential as JSON (base64url fields), as @simplewebauthn expects it.
    assertion: z.looseObject({
      id: z.string().max(1024),
      rawId: z.string().max(1024),
      type: z.literal('public-key'),
      response: z.looseObject({
        authenticatorData: z.string().max(8192),
        clientDataJSON: z.string().max(8192),
        signature: z.string().max(1024),
        userHandle: z.string().max(1024).optional(),
      }),
      clientExtensionResults: z.record(z.string(), z.unknown()).default({}),
    }),
  }),
]);
export type ContentSignature = z.output<typeof ContentSignatureBody>;
export type PasskeyAssertion = Extract<ContentSignature, { method: 'passkey' }>['assertion'];

/** What the audit entry carries for one signature; every byte string is base64url or hex as named. */
export type SignatureEvidence =
  | {
      readonly algorithm: 'ed25519';
      readonly keyId: string;
      readonly publicKeyHex: string;
      readonly signatureHex: string;
    }
  | {
      readonly algorithm: 'webauthn';
      readonly passkeyId: string;
      readonly credentialId: string;
      /** The COSE public key registered with the passkey, base64url. */
      readonly publicKeyCose: string;
      /** COSE algorithm: -7 (ES256, P-256) or -8 (EdDSA, Ed25519). */
      readonly coseAlgorithm: number;
      readonly rpId: string;
      readonly origin: string;
      /** base64url(SHA-256(content)): what the authenticator signed over. */
      readonly challenge: string;
      readonly authenticatorData: string;
      readonly clientDataJSON: string;
      readonly signature: string;
    };

export type ContentSignatureError =
  | 'signing_key_not_registered'
  | 'signing_key_revoked'
  | 'signature_invalid'
  | 'passkey_not_registered'
  | 'passkey_revoked'
  | 'passkey_counter_regressed'
  | 'passkey_response_invalid';

/** The WebAuthn challenge for a content: base64url of its SHA-256, so the assertion signs it. */
export function contentChallenge(content: Uint8Array): string {
  return Buffer.from(sha256(content)).toString('base64url');
}

export interface ContentSigner {
  verify(
    q: Queryable,
    userId: string,
    content: Uint8Array,
    signature: ContentSignature,
  ): Promise<Result<SignatureEvidence, ContentSignatureError>>;
}

/** The clock stamps each passkey use (the counter it reported); it defaults to the wall clock. */
export function contentSigner(rp: RelyingParty, clock: Clock = systemClock): ContentSigner {
  return {
    verify: (q, userId, content, signature) =>
      signature.method === 'key'
        ? verifyWithKey(q, userId, content, signature.signatureHex)
        : verifyWithPasskey({ rp, clock, q }, userId, content, signature.assertion),
  };
}

/** An Ed25519 signature by one of the person's active keys; a revoked key's has its own code. */
async function verifyWithKey(
  q: Queryable,
  userId: string,
  content: Uint8Array,
  signatureHex: string,
): Promise<Result<SignatureEvidence, ContentSignatureError>> {
  const keys = await store.activeKeys(q, userId);
  const key = keys.find((k) => verifyEd25519(k.publicKeyHex, content, signatureHex));
  if (key !== undefined) {
    return ok({
      algorithm: 'ed25519',
      keyId: key.id,
      publicKeyHex: key.publicKeyHex,
      signatureHex,
    });
  }
  const revoked = (await keysOf(q, userId)).filter((k) => k.revokedAt !== null);
  if (revoked.some((k) => verifyEd25519(k.publicKeyHex, content, signatureHex))) {
    return err('signing_key_revoked', 'the key that made this signature has been revoked');
  }
  if (keys.length === 0) return err('signing_key_not_registered', 'register a signing key first');
  return err('signature_invalid', 'the signature does not verify with your keys');
}

/**
 * A WebAuthn assertion over the content's challenge, with user verification, by one of the
 * person's active passkeys. It is a use of the passkey like a login: the same signature check and
 * counter rule, under the same lock, and the counter it reported is appended.
 */
async function verifyWithPasskey(
  { rp, clock, q }: { rp: RelyingParty; clock: Clock; q: Queryable },
  userId: string,
  content: Uint8Array,
  assertion: PasskeyAssertion,
): Promise<Result<SignatureEvidence, ContentSignatureError>> {
  const found = await passkeyByCredential(q, assertion.id);
  // Someone else's passkey is not registered for this person: the same answer, nothing revealed.
  if (found?.userId !== userId) {
    return err('passkey_not_registered', 'this passkey is not one of yours registered here');
  }
  await lockPasskey(q, found.id);
  const p = (await passkeyByCredential(q, assertion.id)) ?? found;
  if (p.revokedAt !== null) return err('passkey_revoked', 'this passkey is revoked');
  const challenge = contentChallenge(content);
  const response = assertion as AuthenticationResponseJSON;
  const verified = await verifyAssertion(rp, response, challenge, p);
  if (!verified.ok) return verified;
  const regressed = counterRegression(p, verified.value);
  if (regressed !== null) return regressed;
  await insertPasskeyUse(q, p.id, verified.value, clock.now());
  return ok(webauthnEvidence(rp, p, challenge, response));
}

function webauthnEvidence(
  rp: RelyingParty,
  p: PasskeyRow,
  challenge: string,
  response: AuthenticationResponseJSON,
): SignatureEvidence {
  const alg = decodeCredentialPublicKey(new Uint8Array(p.publicKey)).get(cose.COSEKEYS.alg);
  return {
    algorithm: 'webauthn',
    passkeyId: p.id,
    credentialId: p.credentialId,
    publicKeyCose: Buffer.from(p.publicKey).toString('base64url'),
    coseAlgorithm: typeof alg === 'number' ? alg : 0,
    rpId: rp.id,
    origin: rp.origin,
    challenge,
    authenticatorData: response.response.authenticatorData,
    clientDataJSON: response.response.clientDataJSON,
    signature: response.response.signature,
  };
}
