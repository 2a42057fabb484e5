import { AssertionError } from './assert.ts';

/**
 * Canonical JSON (RFC 8785, JCS) for everything that is hashed or signed. Keys are sorted by UTF-16
 * code units and numbers use the ECMAScript serialisation, which is exactly what JCS specifies.
 * Amounts never reach this function as numbers: they are decimal strings.
 */
export type Json =
  null | boolean | number | string | readonly Json[] | { readonly [k: string]: Json };

export function canonicalize(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value))
        throw new AssertionError('canonical JSON cannot hold a non-finite number');
      return JSON.stringify(value);
    case 'string':
      return JSON.stringify(value);
    case 'object':
      return canonicalizeObject(value);
    default:
      throw new AssertionError(`canonical JSON cannot hold a ${typeof value}`);
  }
}

function canonicalizeObject(value: object): string {
  if (Array.isArray(value)) {
    // A loop rather than map/join: the ledger hashes thousands of these per batch.
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out += ',';
      out += canonicalize(value[i]);
    }
    return `${out}]`;
  }
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  const record = value as Record<string, unknown>;
  // Default sort compares UTF-16 code units, which is the order JCS requires.
  const keys = Object.keys(record).sort();
  let out = '{';
  let first = true;
  for (const k of keys) {
    const v = record[k];
    if (v === undefined) continue;
    if (!first) out += ',';
    first = false;
    out += `${JSON.stringify(k)}:${canonicalize(v)}`;
  }
  return `${out}}`;
}

export function canonicalBytes(value: unknown): Uint8Array {
  return new TextEncoder().encode(canonicalize(value));
}
