import { ed25519 } from '@noble/curves/ed25519.js';
import { p256 } from '@noble/curves/nist.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { equalBytes, utf8 } from './hex.ts';
import { verifyEd25519 } from './signature.ts';
import { findingOf, type Finding } from './report.ts';

/**
 * People's signatures kept in audit entries, checked offline. Kazna holds no private key: a person
 * signs an exact content elsewhere (a passkey's WebAuthn assertion, or an Ed25519 key of theirs)
 * and the entry keeps the content as `signedMessage` beside the evidence. Any object in a payload
 * with `algorithm: 'webauthn'` (or `'ed25519'` with `publicKeyHex` and `signatureHex`) is checked
 * against the nearest `signedMessage` at its level or above; a failure names the entry, the path
 * in it and the signer.
 */
type Obj = Readonly<Record<string, unknown>>;

const FLAG_UP = 0x01;
const FLAG_UV = 0x04;
const COSE_ES256 = -7;
const COSE_EDDSA = -8;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

const B64URL = /^[A-Za-z0-9_-]*$/;
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** base64url without padding (RFC 4648 §5), the way WebAuthn JSON carries bytes; null if not. */
export function fromBase64url(text: string): Uint8Array | null {
  if (!B64URL.test(text) || text.length % 4 === 1) return null;
  const out = new Uint8Array(Math.floor((text.length * 3) / 4));
  let bits = 0;
  let acc = 0;
  let n = 0;
  for (const ch of text) {
    acc = (acc << 6) | B64.indexOf(ch);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[n++] = (acc >> bits) & 0xff;
    }
  }
  return out;
}

export function toBase64url(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const [a = 0, b = 0, c = 0] = [bytes[i], bytes[i + 1], bytes[i + 2]];
    const n = (a << 16) | (b << 8) | c;
    const chars = [n >> 18, (n >> 12) & 63, (n >> 6) & 63, n & 63].map((x) => B64[x] ?? '');
    out += chars.slice(0, Math.min(4, bytes.length - i + 1)).join('');
  }
  return out;
}

/** Just enough CBOR (RFC 8949) for a COSE key: integers, byte and text strings, maps. */
function cborMap(bytes: Uint8Array): Map<unknown, unknown> | null {
  let at = 0;
  const head = (): [number, number] => {
    const b = bytes[at++] ?? 0xff;
    const info = b & 31;
    if (info < 24) return [b >> 5, info];
    const len = info === 24 ? 1 : info === 25 ? 2 : info === 26 ? 4 : -1;
    if (len < 0) throw new Error('unsupported CBOR length');
    let n = 0;
    for (let i = 0; i < len; i++) n = n * 256 + (bytes[at++] ?? 0);
    return [b >> 5, n];
  };
  const item = (): unknown => {
    const [major, n] = head();
    if (major === 0) return n;
    if (major === 1) return -1 - n;
    if (major === 2 || major === 3) {
      const s = bytes.slice(at, at + n);
      at += n;
      if (s.length !== n) throw new Error('truncated CBOR');
      return major === 2 ? s : new TextDecoder().decode(s);
    }
    if (major === 5) {
      const m = new Map<unknown, unknown>();
      for (let i = 0; i < n; i++) m.set(item(), item());
      return m;
    }
    throw new Error('unsupported CBOR item');
  };
  try {
    const m = item();
    return m instanceof Map ? m : null;
  } catch {
    return null;
  }
}

/** A COSE public key as the algorithm and the key bytes noble takes; null when not one of ours. */
function coseKey(cose: Uint8Array): { alg: number; key: Uint8Array } | null {
  const m = cborMap(cose);
  if (m === null) return null;
  const [kty, alg, crv, x, y] = [m.get(1), m.get(3), m.get(-1), m.get(-2), m.get(-3)];
  if (kty === 2 && alg === COSE_ES256 && crv === 1 && x instanceof Uint8Array) {
    if (!(y instanceof Uint8Array) || x.length !== 32 || y.length !== 32) return null;
    return { alg, key: new Uint8Array([4, ...x, ...y]) };
  }
  if (kty === 1 && alg === COSE_EDDSA && crv === 6 && x instanceof Uint8Array && x.length === 32) {
    return { alg, key: x };
  }
  return null;
}

function signatureHolds(alg: number, key: Uint8Array, signed: Uint8Array, sig: Uint8Array) {
  try {
    // WebAuthn ES256 signatures are DER and may have a high S; EdDSA is strict RFC 8032.
    return alg === COSE_ES256
      ? p256.verify(sig, signed, key, { format: 'der', lowS: false, prehash: true })
      : ed25519.verify(sig, signed, key, { zip215: false });
  } catch {
    return false;
  }
}

const str = (o: Obj, k: string): string | null => {
  const v = o[k];
  return typeof v === 'string' ? v : null;
};

/** What is wrong with a WebAuthn assertion over `signedMessage`; null when it holds. */
export function webauthnProblem(e: Obj, signedMessage: string): string | null {
  const challenge = str(e, 'challenge');
  const origin = str(e, 'origin');
  const rpId = str(e, 'rpId');
  if (challenge === null || origin === null || rpId === null) return 'a field is missing';
  const bytes = (k: string): Uint8Array | null => {
    const v = str(e, k);
    return v === null ? null : fromBase64url(v);
  };
  const auth = bytes('authenticatorData');
  const client = bytes('clientDataJSON');
  const sig = bytes('signature');
  const cose = bytes('publicKeyCose');
  if (auth === null || client === null || sig === null || cose === null) {
    return 'a byte field is missing or not base64url';
  }
  let data: unknown;
  try {
    data = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(client));
  } catch {
    return 'clientDataJSON does not parse';
  }
  if (!isObj(data) || data['type'] !== 'webauthn.get') return 'clientDataJSON is not webauthn.get';
  if (data['challenge'] !== challenge) return 'the client data signed another challenge';
  if (challenge !== toBase64url(sha256(utf8(signedMessage)))) {
    return 'the challenge is not the SHA-256 of the signed message';
  }
  if (data['origin'] !== origin) return 'the client data names another origin';
  if (auth.length < 37 || !equalBytes(auth.subarray(0, 32), sha256(utf8(rpId)))) {
    return 'the authenticator data is for another relying party';
  }
  const flags = auth[32] ?? 0;
  if ((flags & FLAG_UP) === 0 || (flags & FLAG_UV) === 0) return 'the user was not verified';
  const key = coseKey(cose);
  if (key === null || key.alg !== e['coseAlgorithm']) return 'the COSE key is not ES256 or EdDSA';
  const signed = new Uint8Array([...auth, ...sha256(client)]);
  return signatureHolds(key.alg, key.key, signed, sig) ? null : 'the signature does not verify';
}

function ed25519Problem(e: Obj, signedMessage: string): string | null {
  const [publicKeyHex, signatureHex] = [str(e, 'publicKeyHex'), str(e, 'signatureHex')];
  if (publicKeyHex === null || signatureHex === null) return null;
  return verifyEd25519(publicKeyHex, utf8(signedMessage), signatureHex)
    ? null
    : 'the signature does not verify';
}

function problemOf(o: Obj, signedMessage: string | null): string | null | undefined {
  const ed = o['algorithm'] === 'ed25519' && 'publicKeyHex' in o && 'signatureHex' in o;
  if (o['algorithm'] !== 'webauthn' && !ed) return undefined;
  if (signedMessage === null) return 'no signedMessage beside it';
  return ed ? ed25519Problem(o, signedMessage) : webauthnProblem(o, signedMessage);
}

/** Every signature in an entry's payload that does not hold, as findings naming where and whose. */
export function signatureFindings(seq: number, actor: string, payload: unknown): Finding[] {
  const out: Finding[] = [];
  const walk = (v: unknown, path: string, message: string | null, userId: string): void => {
    if (Array.isArray(v)) {
      v.forEach((x: unknown, i) => {
        walk(x, `${path}[${String(i)}]`, message, userId);
      });
      return;
    }
    if (!isObj(v)) return;
    const here = str(v, 'signedMessage') ?? message;
    const who = str(v, 'userId') ?? userId;
    const problem = problemOf(v, here);
    if (typeof problem === 'string') {
      out.push(
        findingOf('signature_evidence_invalid', `the signature at ${path} by ${who}: ${problem}`, {
          seq,
          path,
          userId: who,
        }),
      );
    }
    for (const [k, x] of Object.entries(v)) walk(x, `${path}.${k}`, here, who);
  };
  walk(payload, 'payload', null, actor);
  return out;
}
