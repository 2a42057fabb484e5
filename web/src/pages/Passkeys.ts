import {
  AuthMeJson,
  AuthPasskeyLoginPostJson,
  AuthPasskeyOptionsPostJson,
  GovernancePasskeysOptionsPostJson,
} from '../../../src/governance/answers.ts';
import { api, fetchAnswer, setCsrfToken, type ApiResult } from '../api.ts';
import { storeCsrf, type Me } from './LoginSession.ts';

/**
 * The browser side of passkeys: the server's JSON options become the ArrayBuffers that
 * navigator.credentials wants, and the credential it returns becomes base64url JSON again. The
 * server keeps the challenge, so a response is good once and for five minutes.
 */
export function fromB64url(text: string): ArrayBuffer {
  const b64 = text.replaceAll('-', '+').replaceAll('_', '/');
  const bin = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out.buffer;
}

export function toB64url(buf: ArrayBuffer): string {
  let bin = '';
  for (const b of new Uint8Array(buf)) bin += String.fromCharCode(b);
  return btoa(bin).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

/** A credential the server names, as its JSON carries it (the id in base64url). */
interface Descriptor {
  readonly id: string;
  readonly type: string;
  readonly transports?: readonly string[] | undefined;
}

// Only public-key credentials exist in WebAuthn; transports the browser does not know it ignores.
const descriptors = (list: readonly Descriptor[] | undefined): PublicKeyCredentialDescriptor[] =>
  (list ?? []).map((d) => ({
    type: 'public-key',
    id: fromB64url(d.id),
    ...(d.transports === undefined ? {} : { transports: d.transports as AuthenticatorTransport[] }),
  }));

function failed(code: string, detail: string): ApiResult<never> {
  return { ok: false, problem: { status: 0, code, detail } };
}

/** Runs the browser's passkey prompt; a refusal or a dismissed prompt is `passkey_cancelled`. */
async function ceremony(
  run: () => Promise<Credential | null>,
  nothing: string,
): Promise<ApiResult<PublicKeyCredential>> {
  try {
    const credential = await run();
    return credential instanceof PublicKeyCredential
      ? { ok: true, value: credential }
      : failed('passkey_cancelled', 'none');
  } catch (e) {
    return failed('passkey_cancelled', e instanceof Error ? e.message : nothing);
  }
}

/** A credential as the server's JSON: base64url buffers, with the ceremony's own response fields. */
function credentialJson(c: PublicKeyCredential, response: Record<string, unknown>) {
  return {
    id: c.id,
    rawId: toB64url(c.rawId),
    type: 'public-key',
    clientExtensionResults: c.getClientExtensionResults(),
    response: { clientDataJSON: toB64url(c.response.clientDataJSON), ...response },
  };
}

/** Logs in with a passkey this browser or a security key holds; the session is a normal one. */
export async function passkeyLogIn(): Promise<ApiResult<Me>> {
  const options = await fetchAnswer('/auth/passkey/options', AuthPasskeyOptionsPostJson, {
    method: 'POST',
  });
  if (!options.ok) return options;
  const o = options.value;
  const made = await ceremony(
    () =>
      navigator.credentials.get({
        publicKey: {
          ...(o as unknown as PublicKeyCredentialRequestOptions),
          challenge: fromB64url(o.challenge),
          allowCredentials: descriptors(o.allowCredentials),
        },
      }),
    'no passkey was used',
  );
  if (!made.ok) return made;
  const r = made.value.response as AuthenticatorAssertionResponse;
  const response = credentialJson(made.value, {
    authenticatorData: toB64url(r.authenticatorData),
    signature: toB64url(r.signature),
    ...(r.userHandle === null ? {} : { userHandle: toB64url(r.userHandle) }),
  });
  const login = await fetchAnswer('/auth/passkey/login', AuthPasskeyLoginPostJson, {
    method: 'POST',
    body: JSON.stringify({ response }),
  });
  if (!login.ok) return login;
  storeCsrf(login.value.csrfToken);
  setCsrfToken(login.value.csrfToken);
  return fetchAnswer('/auth/me', AuthMeJson);
}

/** Creates a passkey on this device and registers it, confirmed with the password. */
export async function registerPasskey(
  label: string,
  password: string,
): Promise<ApiResult<unknown>> {
  const options = await fetchAnswer(
    '/governance/passkeys/options',
    GovernancePasskeysOptionsPostJson,
    {
      method: 'POST',
    },
  );
  if (!options.ok) return options;
  const o = options.value;
  const made = await ceremony(
    () =>
      navigator.credentials.create({
        publicKey: {
          ...(o as unknown as PublicKeyCredentialCreationOptions),
          challenge: fromB64url(o.challenge),
          user: { ...o.user, id: fromB64url(o.user.id) },
          excludeCredentials: descriptors(o.excludeCredentials),
        },
      }),
    'no passkey was made',
  );
  if (!made.ok) return made;
  const r = made.value.response as AuthenticatorAttestationResponse;
  const response = credentialJson(made.value, {
    attestationObject: toB64url(r.attestationObject),
    transports: r.getTransports(),
  });
  return api('/governance/passkeys', {
    method: 'POST',
    body: JSON.stringify({ response, label, password }),
  });
}
