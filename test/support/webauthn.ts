import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';

/**
 * A software authenticator with real WebAuthn cryptography, for tests: a P-256 key made by
 * node:crypto, authenticator data with the rpIdHash, flags and signature counter, an attestation
 * object in CBOR with the "none" format, and ES256 (DER) assertion signatures over
 * authenticatorData ‖ SHA-256(clientDataJSON). It can instead hold an Ed25519 key (a COSE OKP key,
 * EdDSA, alg -8), as some platform authenticators do. Nothing in the server's verifier is mocked.
 */
const FLAG_UP = 0x01;
const FLAG_UV = 0x04;
const FLAG_AT = 0x40;

function sha256(data: Uint8Array | string): Buffer {
  return createHash('sha256').update(data).digest();
}

const b64url = (b: Uint8Array): string => Buffer.from(b).toString('base64url');

/** Minimal CBOR (RFC 8949) for what an attestation object holds: ints, bytes, text and maps. */
export type CborValue = number | Uint8Array | string | Map<CborValue, CborValue>;

function cborHead(major: number, n: number): Buffer {
  if (n < 24) return Buffer.from([(major << 5) | n]);
  if (n < 0x100) return Buffer.from([(major << 5) | 24, n]);
  if (n < 0x10000) {
    const b = Buffer.alloc(3);
    b[0] = (major << 5) | 25;
    b.writeUInt16BE(n, 1);
    return b;
  }
  const b = Buffer.alloc(5);
  b[0] = (major << 5) | 26;
  b.writeUInt32BE(n, 1);
  return b;
}

export function cbor(v: CborValue): Buffer {
  if (typeof v === 'number') return v >= 0 ? cborHead(0, v) : cborHead(1, -1 - v);
  if (typeof v === 'string') {
    const bytes = Buffer.from(v, 'utf8');
    return Buffer.concat([cborHead(3, bytes.length), bytes]);
  }
  if (v instanceof Uint8Array) return Buffer.concat([cborHead(2, v.length), v]);
  const parts = [cborHead(5, v.size)];
  for (const [k, val] of v) parts.push(cbor(k), cbor(val));
  return Buffer.concat(parts);
}

export interface Ceremony {
  readonly origin: string;
  readonly rpId: string;
}

export interface SoftAuthenticator {
  readonly credentialId: string;
  /** The COSE public key it registers, base64url (as the audit evidence carries it). */
  readonly publicKeyCose: string;
  /** The counter the next assertion will report (it rises by one per assertion). */
  counter: number;
  /** Answers navigator.credentials.create options (the JSON the server sent). */
  register(options: { challenge: string; user: { id: string } }, at?: Partial<Ceremony>): unknown;
  /**
   * Answers navigator.credentials.get options; `counter` overrides the next counter, and
   * `uv: false` leaves the user-verified flag out (a touch without a PIN or biometric).
   */
  assert(
    options: { challenge: string },
    at?: Partial<Ceremony> & { counter?: number; uv?: boolean },
  ): unknown;
}

function clientData(type: string, challenge: string, origin: string): Buffer {
  return Buffer.from(JSON.stringify({ type, challenge, origin, crossOrigin: false }), 'utf8');
}

/** The key's algorithm: ES256 (P-256, COSE -7) or EdDSA (Ed25519, COSE -8). */
export type SoftAlgorithm = 'ES256' | 'EdDSA';

function coseKey(publicKey: KeyObject): Map<CborValue, CborValue> {
  const jwk = publicKey.export({ format: 'jwk' });
  if (jwk.kty === 'OKP') {
    return new Map<CborValue, CborValue>([
      [1, 1], // kty: OKP
      [3, -8], // alg: EdDSA
      [-1, 6], // crv: Ed25519
      [-2, Buffer.from(jwk.x ?? '', 'base64url')],
    ]);
  }
  return new Map<CborValue, CborValue>([
    [1, 2], // kty: EC2
    [3, -7], // alg: ES256
    [-1, 1], // crv: P-256
    [-2, Buffer.from(jwk.x ?? '', 'base64url')],
    [-3, Buffer.from(jwk.y ?? '', 'base64url')],
  ]);
}

function counterBytes(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n, 0);
  return b;
}

export function softAuthenticator(
  defaults: Ceremony,
  algorithm: SoftAlgorithm = 'ES256',
): SoftAuthenticator {
  const { privateKey, publicKey } =
    algorithm === 'EdDSA'
      ? generateKeyPairSync('ed25519')
      : generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const rawId = randomBytes(32);
  let userHandle = '';
  const auth: SoftAuthenticator = {
    credentialId: b64url(rawId),
    publicKeyCose: b64url(cbor(coseKey(publicKey))),
    counter: 1,
    register(options, at = {}) {
      const c = { ...defaults, ...at };
      userHandle = options.user.id;
      const credential = Buffer.concat([
        Buffer.alloc(16), // AAGUID: all zero, as a "none" attestation may report
        Buffer.from([rawId.length >> 8, rawId.length & 0xff]),
        rawId,
        cbor(coseKey(publicKey)),
      ]);
      const authData = Buffer.concat([
        sha256(c.rpId),
        Buffer.from([FLAG_UP | FLAG_UV | FLAG_AT]),
        counterBytes(0),
        credential,
      ]);
      const attestation = cbor(
        new Map<CborValue, CborValue>([
          ['fmt', 'none'],
          ['attStmt', new Map()],
          ['authData', authData],
        ]),
      );
      return {
        id: auth.credentialId,
        rawId: auth.credentialId,
        type: 'public-key',
        clientExtensionResults: {},
        authenticatorAttachment: 'platform',
        response: {
          clientDataJSON: b64url(clientData('webauthn.create', options.challenge, c.origin)),
          attestationObject: b64url(attestation),
          transports: ['internal'],
        },
      };
    },
    assert(options, at = {}) {
      const c = { ...defaults, ...at };
      const counter = at.counter ?? auth.counter;
      auth.counter = counter + 1;
      const authData = Buffer.concat([
        sha256(c.rpId),
        Buffer.from([at.uv === false ? FLAG_UP : FLAG_UP | FLAG_UV]),
        counterBytes(counter),
      ]);
      const data = clientData('webauthn.get', options.challenge, c.origin);
      const signed = Buffer.concat([authData, sha256(data)]);
      // EdDSA hashes inside the algorithm; ES256 signs SHA-256 of the data, DER-encoded.
      const signature =
        algorithm === 'EdDSA' ? sign(null, signed, privateKey) : sign('sha256', signed, privateKey);
      return {
        id: auth.credentialId,
        rawId: auth.credentialId,
        type: 'public-key',
        clientExtensionResults: {},
        authenticatorAttachment: 'platform',
        response: {
          clientDataJSON: b64url(data),
          authenticatorData: b64url(authData),
          signature: b64url(signature),
          userHandle,
        },
      };
    },
  };
  return auth;
}
