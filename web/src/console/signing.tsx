import { useEffect, useState } from 'react';
import type { ContentSignature } from '../../../src/governance/content-signature.ts';
import { GovernanceCredentialsJson } from '../../../src/governance/answers.ts';
import { fetchAnswer, type Problem } from '../api.ts';
import { storedKey } from '../pages/LoginSession.ts';
import { fromB64url, toB64url } from '../pages/Passkeys.ts';
import { DICTIONARIES, useI18n, type Key } from '../portal/i18n.ts';
import { navigate } from '../router.ts';
import { ProblemNote } from '../ui/common.tsx';
import { useSession } from './session.tsx';

/**
 * Signing an exact content in this browser: a passkey (the authenticator signs a WebAuthn
 * assertion whose challenge is the content's SHA-256) or the browser's own Ed25519 key (WebCrypto,
 * non-extractable, in IndexedDB). The private half never leaves the authenticator or WebCrypto and
 * nothing is written to localStorage; the server only checks what comes back.
 */
export type SigningMethod = 'passkey' | 'key';
/** The body the server's `ContentSignatureBody` parses. */
export type SignedContent = ContentSignature;

/** Why nothing was signed, as a stable code the controls show in words. */
export type SigningFailure =
  'passkey_unsupported' | 'passkey_cancelled' | 'browser_key_missing' | 'browser_key_failed';

export class SigningError extends Error {
  readonly code: SigningFailure;
  constructor(code: SigningFailure, detail: string) {
    super(detail);
    this.code = code;
  }
}

// The passkey prompt waits this long for the person before giving up.
const PASSKEY_TIMEOUT_MS = 120_000;

/** The person's active passkeys' credential ids (base64url); empty when the list cannot be read. */
async function activePasskeyIds(): Promise<readonly string[]> {
  const r = await fetchAnswer('/governance/credentials', GovernanceCredentialsJson);
  return r.ok
    ? r.value.passkeys.filter((p) => p.revokedAt === null).map((p) => p.credentialId)
    : [];
}

async function signWithPasskey(content: string): Promise<SignedContent> {
  if (typeof PublicKeyCredential === 'undefined' || !('credentials' in navigator)) {
    throw new SigningError('passkey_unsupported', 'this browser has no passkeys');
  }
  const challenge = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(content));
  const ids = await activePasskeyIds();
  let credential: Credential | null;
  try {
    credential = await navigator.credentials.get({
      publicKey: {
        challenge,
        rpId: location.hostname,
        userVerification: 'required',
        // None known: the authenticator offers its discoverable passkeys for this site.
        allowCredentials: ids.map((id) => ({ type: 'public-key', id: fromB64url(id) })),
        timeout: PASSKEY_TIMEOUT_MS,
      },
    });
  } catch (e) {
    throw new SigningError('passkey_cancelled', e instanceof Error ? e.message : 'no passkey');
  }
  if (!(credential instanceof PublicKeyCredential)) {
    throw new SigningError('passkey_cancelled', 'no passkey was used');
  }
  return { method: 'passkey', assertion: assertionJson(credential) };
}

/** The assertion as @simplewebauthn's AuthenticationResponseJSON: every buffer in base64url. */
function assertionJson(c: PublicKeyCredential) {
  const r = c.response as AuthenticatorAssertionResponse;
  return {
    id: c.id,
    rawId: toB64url(c.rawId),
    type: 'public-key' as const,
    response: {
      authenticatorData: toB64url(r.authenticatorData),
      clientDataJSON: toB64url(r.clientDataJSON),
      signature: toB64url(r.signature),
      ...(r.userHandle === null ? {} : { userHandle: toB64url(r.userHandle) }),
    },
    clientExtensionResults: c.getClientExtensionResults() as Record<string, unknown>,
  };
}

async function signWithKey(userId: string, content: string): Promise<SignedContent> {
  const pair = await storedKey(userId);
  if (pair === undefined) throw new SigningError('browser_key_missing', 'no key in this browser');
  try {
    const sig = await crypto.subtle.sign(
      { name: 'Ed25519' },
      pair.privateKey,
      new TextEncoder().encode(content),
    );
    const signatureHex = [...new Uint8Array(sig)]
      .map((b) => b.toString(16).padStart(2, '0'))
      .join('');
    return { method: 'key', signatureHex };
  } catch (e) {
    throw new SigningError('browser_key_failed', e instanceof Error ? e.message : 'not signed');
  }
}

/**
 * Signs the UTF-8 bytes of `content` exactly; the result is the JSON body the server verifies.
 * Throws a `SigningError` when nothing was signed (no passkey used, no key in this browser).
 */
export function signContent(
  method: SigningMethod,
  me: { id: string },
  content: string,
): Promise<SignedContent> {
  return method === 'passkey' ? signWithPasskey(content) : signWithKey(me.id, content);
}

/** What this browser and this person can sign with; undefined while it is being found out. */
interface Means {
  readonly passkey: boolean;
  readonly key: boolean;
}

function useMeans(userId: string | undefined): Means | undefined {
  const [means, setMeans] = useState<Means | undefined>(undefined);
  useEffect(() => {
    if (userId === undefined) return;
    let live = true;
    const webauthn = typeof PublicKeyCredential !== 'undefined';
    void Promise.all([webauthn ? activePasskeyIds() : [], storedKey(userId)]).then(
      ([ids, pair]) => {
        if (live) setMeans({ passkey: webauthn && ids.length > 0, key: pair !== undefined });
      },
    );
    return () => {
      live = false;
    };
  }, [userId]);
  return means;
}

/** A problem in words when it is one of signing's own codes; otherwise as the server sent it. */
export function SigningProblem({ problem }: { problem: Problem | null }) {
  const { t } = useI18n();
  if (problem === null) return null;
  const key = `signing.error.${problem.code}`;
  if (!Object.hasOwn(DICTIONARIES.en, key)) return <ProblemNote problem={problem} />;
  return (
    <p className="error" role="alert" data-code={problem.code}>
      {t(key as Key)}
    </p>
  );
}

function NoMeans() {
  const { t } = useI18n();
  return (
    <p className="muted" data-signing="none">
      {t('signing.none')}{' '}
      <a
        href="/security"
        onClick={(e) => {
          e.preventDefault();
          navigate('/security');
        }}
      >
        {t('signing.toSecurity')}
      </a>
    </p>
  );
}

/**
 * Buttons that sign `content` with a passkey or this browser's key and hand the signature to
 * `onSigned` (which submits it). Only the means this person has here are offered.
 */
export function SignControls(props: {
  content: string;
  onSigned: (signature: SignedContent) => void;
  busy?: boolean;
}) {
  const { t } = useI18n();
  const me = useSession().me ?? undefined;
  const means = useMeans(me?.id);
  const [signing, setSigning] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  if (me === undefined || means === undefined) return null;
  if (!means.passkey && !means.key) return <NoMeans />;
  const sign = (method: SigningMethod): void => {
    setSigning(true);
    setProblem(null);
    signContent(method, me, props.content)
      .then(props.onSigned, (e: unknown) => {
        const code = e instanceof SigningError ? e.code : 'browser_key_failed';
        setProblem({ status: 0, code, detail: e instanceof Error ? e.message : '' });
      })
      .finally(() => {
        setSigning(false);
      });
  };
  const disabled = signing || props.busy === true;
  return (
    <div className="actions" data-signing="controls">
      {means.passkey ? (
        <button
          type="button"
          disabled={disabled}
          onClick={() => {
            sign('passkey');
          }}
        >
          {t('signing.withPasskey')}
        </button>
      ) : null}
      {means.key ? (
        <button
          type="button"
          disabled={disabled}
          onClick={() => {
            sign('key');
          }}
        >
          {t('signing.withKey')}
        </button>
      ) : null}
      <SigningProblem problem={problem} />
    </div>
  );
}
