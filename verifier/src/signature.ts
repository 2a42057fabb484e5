import { ed25519 } from '@noble/curves/ed25519.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { canonicalBytes } from './canonical.ts';
import { fromHex, isHex, toHex } from './hex.ts';

/**
 * Ed25519 (RFC 8032, strict: no ZIP-215 leniency, so it agrees with node:crypto). Used for log
 * checkpoints, witness cosignatures, and any other object Kazna signs over canonical JSON
 * (governance approvals, transparency reports). A malformed key or signature is `false`, never a throw.
 */
export function verifyEd25519(
  publicKeyHex: string,
  messageBytes: Uint8Array,
  signatureHex: string,
): boolean {
  if (!isHex(publicKeyHex, 32) || !isHex(signatureHex, 64)) return false;
  try {
    return ed25519.verify(fromHex(signatureHex), messageBytes, fromHex(publicKeyHex), {
      zip215: false,
    });
  } catch {
    return false;
  }
}

/** Verifies a signature over the canonical JSON of `value`. */
export function verifySignedJson(
  publicKeyHex: string,
  value: unknown,
  signatureHex: string,
): boolean {
  return verifyEd25519(publicKeyHex, canonicalBytes(value), signatureHex);
}

/** A key's short, stable name: the first 8 bytes of SHA-256 over the raw 32-byte public key. */
export function keyIdOf(publicKeyHex: string): string {
  return toHex(sha256(fromHex(publicKeyHex))).slice(0, 16);
}
