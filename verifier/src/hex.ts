/** Hex and byte helpers that work the same in Node and in a browser (no Buffer). */
const HEX = /^(?:[0-9a-f]{2})*$/;

const PAIRS = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

export function toHex(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += PAIRS[b] ?? '';
  return out;
}

/** Lower-case, even-length hex only; anything else is refused rather than half-parsed. */
export function fromHex(hex: string): Uint8Array {
  if (!HEX.test(hex)) throw new TypeError('not lower-case hex');
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

export function isHex(value: unknown, bytes?: number): value is string {
  return (
    typeof value === 'string' &&
    HEX.test(value) &&
    (bytes === undefined || value.length === 2 * bytes)
  );
}

/** Array.isArray without narrowing to any[]: the callers keep their declared element types. */
export function isList(value: unknown): boolean {
  return Array.isArray(value);
}

export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return diff === 0;
}

export function utf8(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}
