import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server';
import { appendAudit } from '../audit/append.ts';
import { toHex } from '../core/hash.ts';
import type { Actor } from '../core/identity.ts';
import { err, ok, type Err, type Result } from '../core/result.ts';
import type { Tx } from '../db/pool.ts';
import { verifyPassword } from './auth.ts';
import * as creds from './credential-store.ts';
import { openSession, type IdentityDeps, type LoginSuccess } from './identity.ts';
import { addressClaim, giveBack, retryAfterSeconds } from './login-limits.ts';
import { ceremonyOf, type CeremonyError } from './passkey-checks.ts';
import { mayManageCredentialsOf } from './revocation.ts';
import * as store from './store.ts';

/**
 * Passkeys (WebAuthn, user verification required) as a login for officials. A logged-in person
 * registers a passkey; later a login with it opens the same kind of session as a password does.
 * Challenges are single-use (deleted by the first response naming them) and live five minutes.
 * The relying party id and origin come from configuration (KAZNA_RP_ID, KAZNA_ORIGIN). Passkeys are
 * append-only: each login appends the counter the authenticator reported, and a counter that does
 * not rise (a cloned authenticator) is refused; revocation is a row of its own.
 */
export interface RelyingParty {
  readonly id: string;
  readonly origin: string;
  readonly name: string;
}

export const CHALLENGE_TTL_SECONDS = 300;
/** ES256 (P-256) and EdDSA (Ed25519), the two algorithms platform authenticators use. */
const ALGORITHMS = [-7, -8];

export type PasskeyError =
  | CeremonyError
  | 'passkey_response_invalid'
  | 'passkey_already_registered'
  | 'passkey_not_registered'
  | 'passkey_revoked'
  | 'passkey_counter_regressed'
  | 'account_disabled'
  | 'user_not_found'
  | 'rate_limited'
  | 'too_many_challenges';

export interface PasskeyView {
  readonly id: string;
  readonly label: string;
  readonly credentialId: string;
  readonly aaguid: string;
  readonly counter: number;
  readonly createdAt: Date;
  readonly revokedAt: Date | null;
}

function view(p: creds.PasskeyRow): PasskeyView {
  const { id, label, credentialId, aaguid, counter, createdAt, revokedAt } = p;
  return { id, label, credentialId, aaguid, counter, createdAt, revokedAt };
}

/**
 * A fresh 32-byte challenge, stored for one ceremony of one purpose for five minutes. Anyone may
 * ask for a login challenge, so outstanding ones are bounded per client address and in all
 * (`too_many_challenges`, 429 with `Retry-After`); expired ones are swept first. The count and
 * the insert share one SERIALIZABLE transaction, so concurrent requests cannot overshoot.
 */
async function newChallenge(
  { db, clock, random, options }: IdentityDeps,
  purpose: creds.ChallengePurpose,
  userId: string | null,
  client: string,
): Promise<Result<Uint8Array<ArrayBuffer>, 'too_many_challenges'>> {
  const bytes = new Uint8Array(random.bytes(32));
  const at = clock.now();
  const expiresAt = new Date(at.getTime() + CHALLENGE_TTL_SECONDS * 1000);
  const challenge = Buffer.from(bytes).toString('base64url');
  return db.command(async (tx) => {
    const live = await creds.outstandingChallenges(tx, client, at);
    const full =
      live.ofClient >= options.challengesPerClient
        ? live.nextOfClient
        : live.total >= options.challengesTotal
          ? live.next
          : null;
    if (full !== null) {
      return err('too_many_challenges', 'too many passkey ceremonies are open; wait a little', {
        retryAfterSeconds: retryAfterSeconds(full, at),
      });
    }
    await creds.insertChallenge(tx, { challenge, purpose, userId, expiresAt, at, client });
    return ok(bytes);
  });
}

export function passkeys(deps: IdentityDeps, rp: RelyingParty) {
  const { db, clock } = deps;

  /** Options for navigator.credentials.create; existing passkeys are excluded. */
  async function registrationOptions(
    actor: Actor,
    client: string,
  ): Promise<
    Result<PublicKeyCredentialCreationOptionsJSON, 'user_not_found' | 'too_many_challenges'>
  > {
    const user = await store.userById(db, actor.id);
    if (user === null) return err('user_not_found', 'passkeys are for people with an account');
    const existing = await creds.passkeysOf(db, user.id);
    const challenge = await newChallenge(deps, 'registration', user.id, client);
    if (!challenge.ok) return challenge;
    return ok(
      await generateRegistrationOptions({
        rpName: rp.name,
        rpID: rp.id,
        userName: user.username,
        userDisplayName: user.displayName,
        userID: new Uint8Array(Buffer.from(user.id, 'utf8')),
        challenge: challenge.value,
        timeout: CHALLENGE_TTL_SECONDS * 1000,
        attestationType: 'none',
        excludeCredentials: existing
          .filter((p) => p.revokedAt === null)
          .map((p) => ({ id: p.credentialId, transports: [...p.transports] })),
        authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
        supportedAlgorithmIDs: ALGORITHMS,
      }),
    );
  }

  /** Registers the passkey just created; as for a signing key, the password is re-entered. */
  async function register(
    actor: Actor,
    r: { response: RegistrationResponseJSON; label: string; password: string },
  ): Promise<Result<PasskeyView, PasskeyError | 'password_wrong'>> {
    const { response, label } = r;
    const user = await store.userById(db, actor.id);
    const hash = user?.passwordHash ?? null;
    const confirmed = hash !== null && (await verifyPassword(r.password, hash));
    if (!confirmed) return err('password_wrong', 'confirm the passkey with your password');
    // A write, not a command: a refused response still burns its challenge; nothing else is kept.
    return db.write(async (tx) => {
      const ceremony = await ceremonyOf(tx, clock, rp, response, 'registration');
      if (!ceremony.ok) return ceremony;
      if (ceremony.value.userId !== actor.id) {
        return err('passkey_challenge_unknown', 'the challenge was issued to someone else');
      }
      const verified = await verifyRegistrationResponse({
        response,
        expectedChallenge: ceremony.value.challenge,
        expectedOrigin: rp.origin,
        expectedRPID: rp.id,
        requireUserVerification: true,
        supportedAlgorithmIDs: ALGORITHMS,
      }).catch(asError);
      if (verified instanceof Error || !verified.verified) {
        return invalid(verified instanceof Error ? verified.message : 'not verified');
      }
      const info = verified.registrationInfo;
      if ((await creds.passkeyByCredential(tx, info.credential.id)) !== null) {
        return err('passkey_already_registered', 'this passkey is already registered');
      }
      return ok(await savePasskey(deps, tx, actor, info, label, response));
    });
  }

  return {
    passkeyRegistrationOptions: registrationOptions,
    registerPasskey: register,
    ...passkeyLogin(deps, rp),
    ...passkeyAdmin(deps),
  };
}

/** The library throws on a malformed or unverifiable response; that is a refusal, not a crash. */
function asError(e: unknown): Error {
  return e instanceof Error ? e : new Error(String(e));
}

async function savePasskey(
  { clock, ids }: IdentityDeps,
  tx: Tx,
  actor: Actor,
  info: NonNullable<Awaited<ReturnType<typeof verifyRegistrationResponse>>['registrationInfo']>,
  label: string,
  response: RegistrationResponseJSON,
): Promise<PasskeyView> {
  const row = {
    id: ids.next<'passkey'>(),
    credentialId: info.credential.id,
    userId: actor.id,
    publicKey: info.credential.publicKey,
    counter: info.credential.counter,
    transports: response.response.transports ?? [],
    attestationFormat: info.fmt,
    aaguid: info.aaguid,
    label,
  };
  const at = clock.now();
  await creds.insertPasskey(tx, row, at);
  await appendAudit(tx, clock, {
    actor,
    action: 'governance.passkey.registered',
    subjects: [row.id, actor.id],
    // The COSE public key is public; with it, every later login's assertion verifies offline.
    payload: {
      id: row.id,
      userId: actor.id,
      credentialId: row.credentialId,
      publicKeyCoseHex: toHex(row.publicKey),
      counter: row.counter,
      attestationFormat: row.attestationFormat,
      aaguid: row.aaguid,
      label,
    },
  });
  return view({ ...row, createdAt: at, revokedAt: null });
}

function invalid(reason: string): Err<'passkey_response_invalid'> {
  return err('passkey_response_invalid', 'the passkey response does not verify', { reason });
}

function passkeyLogin(deps: IdentityDeps, rp: RelyingParty) {
  const { db, clock } = deps;

  /**
   * Options for navigator.credentials.get; empty allowCredentials lets the browser offer any.
   * Bounded by the outstanding challenges, not by failed logins: whose passkey will answer is not
   * known yet, and a noisy address must not keep everyone behind it from logging in.
   */
  async function loginOptions(
    client: string,
  ): Promise<Result<PublicKeyCredentialRequestOptionsJSON, 'too_many_challenges'>> {
    const challenge = await newChallenge(deps, 'login', null, client);
    if (!challenge.ok) return challenge;
    return ok(
      await generateAuthenticationOptions({
        rpID: rp.id,
        challenge: challenge.value,
        timeout: CHALLENGE_TTL_SECONDS * 1000,
        userVerification: 'required',
      }),
    );
  }

  /**
   * A login with a passkey. It claims a place in the address's failure counter first and gives it
   * back if it succeeds. No one is exempt here, as for a password from an address they know:
   * whoever names a known passkey gets each refusal audited, so the limit also bounds how fast an
   * address can write to the log. A refusal still commits: the challenge stays consumed (and it is
   * audited when the passkey is known).
   */
  async function loginWithPasskey(
    response: AuthenticationResponseJSON,
    client: string,
  ): Promise<Result<LoginSuccess, PasskeyError>> {
    const now = clock.now();
    const address = await addressClaim(deps, client, null, now);
    if ('ok' in address) return address;
    const r = await db.write(async (tx) => {
      const settled = await settle(deps, rp, tx, response);
      if (!settled.ok && settled.passkey !== null) {
        await appendAudit(tx, clock, {
          actor: 'anonymous',
          action: 'governance.passkey.login_refused',
          subjects: [settled.passkey.id, settled.passkey.userId],
          payload: {
            passkeyId: settled.passkey.id,
            userId: settled.passkey.userId,
            code: settled.error.code,
          },
        });
      }
      if (settled.ok) await creds.rememberClient(tx, settled.value.userId, client, now);
      return settled;
    });
    if (!r.ok) return r.error;
    await giveBack(deps, { account: null, address: address.claim });
    return ok(r.value);
  }

  return { passkeyLoginOptions: loginOptions, loginWithPasskey };
}

type Settled =
  | { ok: true; value: LoginSuccess }
  | { ok: false; error: Err<PasskeyError>; passkey: creds.PasskeyRow | null };

async function settle(
  deps: IdentityDeps,
  rp: RelyingParty,
  tx: Tx,
  response: AuthenticationResponseJSON,
): Promise<Settled> {
  const { clock } = deps;
  const refuse = (e: Err<PasskeyError>, passkey: creds.PasskeyRow | null = null): Settled => ({
    ok: false,
    error: e,
    passkey,
  });
  const ceremony = await ceremonyOf(tx, clock, rp, response, 'login');
  if (!ceremony.ok) return refuse(ceremony);
  const found = await creds.passkeyByCredential(tx, response.id);
  if (found === null) {
    return refuse(err('passkey_not_registered', 'this passkey is not registered here'));
  }
  await creds.lockPasskey(tx, found.id);
  const p = (await creds.passkeyById(tx, found.id)) ?? found;
  if (p.revokedAt !== null) return refuse(err('passkey_revoked', 'this passkey is revoked'), p);
  const verified = await verifyAssertion(rp, response, ceremony.value.challenge, p);
  if (!verified.ok) return refuse(verified, p);
  const counter = verified.value;
  const regressed = counterRegression(p, counter);
  if (regressed !== null) return refuse(regressed, p);
  const user = await store.userById(tx, p.userId);
  if (user === null || user.disabled) {
    return refuse(err('account_disabled', 'the account of this passkey is disabled'), p);
  }
  await creds.insertPasskeyUse(tx, p.id, counter, clock.now());
  return {
    ok: true,
    value: await openSession(deps, tx, user, { method: 'passkey', passkeyId: p.id }),
  };
}

/**
 * The counter rule of every passkey use (a login or a signature): authenticators that keep no
 * counter report 0 forever; any other value must rise each time, or the passkey may be cloned.
 */
export function counterRegression(
  p: creds.PasskeyRow,
  counter: number,
): Err<'passkey_counter_regressed'> | null {
  if ((counter > 0 || p.counter > 0) && counter <= p.counter) {
    return err(
      'passkey_counter_regressed',
      'the signature counter did not rise: a cloned passkey?',
      {
        storedCounter: p.counter,
        reportedCounter: counter,
      },
    );
  }
  return null;
}

/** The signature over authenticatorData ‖ SHA-256(clientDataJSON); returns the new counter. */
export async function verifyAssertion(
  rp: RelyingParty,
  response: AuthenticationResponseJSON,
  challenge: string,
  p: creds.PasskeyRow,
): Promise<Result<number, 'passkey_response_invalid'>> {
  const handle = response.response.userHandle;
  if (handle !== undefined && Buffer.from(handle, 'base64url').toString('utf8') !== p.userId) {
    return invalid('the user handle is not the passkey owner');
  }
  const verified = await verifyAuthenticationResponse({
    response,
    expectedChallenge: challenge,
    expectedOrigin: rp.origin,
    expectedRPID: rp.id,
    requireUserVerification: true,
    // The counter rule is applied after the signature verifies, with its own code.
    credential: {
      id: p.credentialId,
      publicKey: new Uint8Array(p.publicKey),
      counter: 0,
      transports: [],
    },
  }).catch(asError);
  if (verified instanceof Error || !verified.verified) {
    return invalid(verified instanceof Error ? verified.message : 'not verified');
  }
  return ok(verified.authenticationInfo.newCounter);
}

function passkeyAdmin({ db, clock }: IdentityDeps) {
  async function passkeysOf(
    actor: Actor,
    userId: string,
  ): Promise<Result<PasskeyView[], 'permission_denied'>> {
    if (!mayManageCredentialsOf(actor, userId)) {
      return err('permission_denied', 'only the owner or an administrator sees these passkeys');
    }
    return ok((await creds.passkeysOf(db, userId)).map(view));
  }

  async function revokePasskey(
    actor: Actor,
    passkeyId: string,
  ): Promise<
    Result<PasskeyView, 'passkey_not_found' | 'permission_denied' | 'passkey_already_revoked'>
  > {
    return db.command(async (tx) => {
      const p = await creds.passkeyById(tx, passkeyId);
      if (p === null) return err('passkey_not_found', 'no such passkey');
      if (!mayManageCredentialsOf(actor, p.userId)) {
        return err('permission_denied', 'only the owner or an administrator revokes a passkey');
      }
      if (p.revokedAt !== null) {
        return err('passkey_already_revoked', 'the passkey is already revoked', {
          revokedAt: p.revokedAt.toISOString(),
        });
      }
      const at = clock.now();
      await creds.insertPasskeyRevocation(tx, p.id, actor.id, at);
      await appendAudit(tx, clock, {
        actor,
        action: 'governance.passkey.revoked',
        subjects: [p.id, p.userId],
        payload: { id: p.id, userId: p.userId, credentialId: p.credentialId },
      });
      return ok(view({ ...p, revokedAt: at }));
    });
  }

  return { passkeysOf, revokePasskey };
}
