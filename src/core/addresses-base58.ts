import { sha256 } from '@noble/hashes/sha2.js';
import { base58 } from '@scure/base';
import { err, ok, type Result } from './result.ts';

/**
 * Base58Check (Bitcoin's encoding, also used by Litecoin and TRON): version byte(s), payload, and
 * the first four bytes of double SHA-256 as the checksum. Pure, so the browser can reuse it.
 */
export type Base58Reason = 'bad_character' | 'bad_length' | 'bad_checksum';

const ALPHABET = /^[1-9A-HJ-NP-Za-km-z]+$/;

export function isBase58Text(text: string): boolean {
  return ALPHABET.test(text);
}

/** Returns version byte plus payload (checksum stripped), for a fixed decoded size. */
export function decodeBase58Check(
  text: string,
  decodedBytes: number,
): Result<Uint8Array, Base58Reason> {
  if (!isBase58Text(text)) {
    return err('bad_character', 'base58 has no 0, O, I or l and no punctuation');
  }
  const bytes = base58.decode(text);
  if (bytes.length !== decodedBytes) {
    return err('bad_length', `decodes to ${bytes.length} bytes, expected ${decodedBytes}`);
  }
  const body = bytes.slice(0, -4);
  const check = sha256(sha256(body)).slice(0, 4);
  const given = bytes.slice(-4);
  if (check.some((b, i) => b !== given[i])) {
    return err('bad_checksum', 'the base58check checksum does not match');
  }
  return ok(body);
}

export function encodeBase58Check(body: Uint8Array): string {
  const check = sha256(sha256(body)).slice(0, 4);
  const out = new Uint8Array(body.length + 4);
  out.set(body);
  out.set(check, body.length);
  return base58.encode(out);
}
