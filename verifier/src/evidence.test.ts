import { ed25519 } from '@noble/curves/ed25519.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { describe, expect, it } from 'vitest';
import { softAuthenticator, type SoftAlgorithm } from '../../test/support/webauthn.ts';
import { fromBase64url, signatureFindings, toBase64url, webauthnProblem } from './evidence.ts';
import { toHex, utf8 } from './hex.ts';

/**
 * Signature evidence checked offline, with real assertions made by the software authenticator
 * (P-256 and Ed25519) and a real Ed25519 signature: what holds passes, and each kind of tampering
 * is a finding naming the entry, the path in it and the signer.
 */
const RP = { origin: 'https://kazna.example', rpId: 'kazna.example' };
const MESSAGE = '{"decision":"approve","domain":"kazna.approval.v1","requestHash":"ab"}';

function evidenceOf(algorithm: SoftAlgorithm, message = MESSAGE, at: { uv?: boolean } = {}) {
  const auth = softAuthenticator(RP, algorithm);
  auth.register({ challenge: 'AA', user: { id: 'dXNlcg' } });
  const challenge = toBase64url(sha256(utf8(message)));
  const a = auth.assert({ challenge }, at) as {
    response: { authenticatorData: string; clientDataJSON: string; signature: string };
  };
  return {
    algorithm: 'webauthn',
    passkeyId: 'pk1',
    credentialId: auth.credentialId,
    publicKeyCose: auth.publicKeyCose,
    coseAlgorithm: algorithm === 'ES256' ? -7 : -8,
    rpId: RP.rpId,
    origin: RP.origin,
    challenge,
    ...a.response,
  };
}

/** One byte of a base64url field flipped. */
function flipped(b64: string, at: number): string {
  const bytes = fromBase64url(b64)!;
  bytes[at] = (bytes[at] ?? 0) ^ 0x01;
  return toBase64url(bytes);
}

describe('base64url', () => {
  it('round-trips every length', () => {
    for (let n = 0; n < 40; n++) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 37 + n) & 0xff);
      const text = toBase64url(bytes);
      expect(text).toBe(Buffer.from(bytes).toString('base64url'));
      expect(fromBase64url(text)).toEqual(bytes);
    }
    expect(fromBase64url('a+b')).toBeNull();
  });
});

describe.each(['ES256', 'EdDSA'] as const)('a %s passkey’s assertion', (alg) => {
  it('holds over its signed message', () => {
    expect(webauthnProblem(evidenceOf(alg), MESSAGE)).toBeNull();
  });

  it('is refused over another message, or altered, or without user verification', () => {
    const e = evidenceOf(alg);
    expect(webauthnProblem(e, `${MESSAGE} `)).toMatch(/challenge is not the SHA-256/);
    const sig = { ...e, signature: flipped(e.signature, 10) };
    expect(webauthnProblem(sig, MESSAGE)).toMatch(/does not verify/);
    // The counter's last byte: only the signature notices.
    const data = { ...e, authenticatorData: flipped(e.authenticatorData, 36) };
    expect(webauthnProblem(data, MESSAGE)).toMatch(/does not verify/);
    expect(webauthnProblem({ ...e, rpId: 'other.example' }, MESSAGE)).toMatch(/relying party/);
    expect(webauthnProblem({ ...e, origin: 'https://evil.example' }, MESSAGE)).toMatch(/origin/);
    expect(webauthnProblem(evidenceOf(alg, MESSAGE, { uv: false }), MESSAGE)).toMatch(
      /not verified/,
    );
    const other = evidenceOf(alg);
    expect(webauthnProblem({ ...e, publicKeyCose: other.publicKeyCose }, MESSAGE)).toMatch(
      /does not verify/,
    );
  });
});

describe('signature findings of an entry', () => {
  const secret = sha256(utf8('a test key'));
  const publicKeyHex = toHex(ed25519.getPublicKey(secret));
  const signatureHex = toHex(ed25519.sign(utf8(MESSAGE), secret));

  it('finds nothing in a payload whose signatures hold, at any depth', () => {
    const payload = {
      decision: 'approve',
      algorithm: 'ed25519',
      publicKeyHex,
      signatureHex,
      signedMessage: MESSAGE,
      signature: evidenceOf('ES256'),
      parts: [{ signedMessage: MESSAGE, signature: evidenceOf('EdDSA') }],
    };
    expect(signatureFindings(4, 'u-actor', payload)).toEqual([]);
    expect(signatureFindings(4, 'u-actor', { note: 'no signatures here' })).toEqual([]);
  });

  it('names the entry, the path and the signer of each signature that does not hold', () => {
    const good = evidenceOf('ES256');
    const payload = {
      signedMessage: MESSAGE,
      releasing: { userId: 'u-rel', signature: { ...good, signature: flipped(good.signature, 8) } },
      receiving: { userId: 'u-rec', signature: evidenceOf('EdDSA') },
      algorithm: 'ed25519',
      publicKeyHex,
      signatureHex: signatureHex.replace(/^./, (c) => (c === '0' ? '1' : '0')),
    };
    const found = signatureFindings(9, 'u-actor', payload);
    expect(found.map((f) => [f.code, f.seq, f.path, f.userId])).toEqual([
      ['signature_evidence_invalid', 9, 'payload', 'u-actor'],
      ['signature_evidence_invalid', 9, 'payload.releasing.signature', 'u-rel'],
    ]);
    const orphan = signatureFindings(2, 'u-actor', { signature: evidenceOf('ES256') });
    expect(orphan[0]?.message).toMatch(/no signedMessage/);
  });
});
