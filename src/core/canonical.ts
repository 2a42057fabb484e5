import { AssertionError } from './assert.ts';

/**
 * Canonical JSON (RFC 8785, JCS) for everything that is hashed or signed. Keys are sorted by UTF-16
 * code units and numbers use the ECMAScript serialisation, which is exactly what JCS specifies.
 * Amounts never reach this function as numbers: they are decimal strings.
 */
export type Json =
  null | boolean | number | string | readonly Json[] | { readonly [k: string]: Json };

/**
 * A value already in canonical form, spliced in as it is: the audit append encodes a large payload
 * while the database stores the command's rows, and finishes the entry around it later.
 */
export class CanonicalText {
  readonly text: string;
  constructor(text: string) {
    this.text = text;
  }
}

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
    case 'bigint':
    case 'function':
    case 'symbol':
    case 'undefined':
    default:
      throw new AssertionError(`canonical JSON cannot hold a ${typeof value}`);
  }
}

/**
 * The sorted order of an object's keys and each key's encoded prefix, cached by the set of keys.
 * The ledger canonicalises a thousand objects of the same few shapes per batch; sorting and
 * re-encoding the same keys for each was most of the cost. Objects with keys made from data (a map
 * by id) would only fill the cache, so it stops growing at SHAPES_MAX and they are encoded directly.
 */
interface Shape {
  /** The keys in the order Object.keys gave them, to confirm a cache hit. */
  readonly keys: readonly string[];
  /** The keys in canonical order, each with its encoding as first (`"k":`) and later (`,"k":`). */
  readonly fields: readonly {
    readonly key: string;
    readonly first: string;
    readonly later: string;
  }[];
}

const SHAPES_MAX = 1024;
const shapes = new Map<string, Shape>();

function shapeOf(keys: readonly string[]): Shape {
  // The signature is not injective (keys may hold the separator), so a hit is confirmed key by key.
  const signature = keys.join('\u0000');
  const cached = shapes.get(signature);
  if (cached !== undefined && sameKeys(cached.keys, keys)) return cached;
  // Default sort compares UTF-16 code units, which is the order JCS requires.
  const fields = [...keys].sort().map((key) => {
    const first = `${JSON.stringify(key)}:`;
    return { key, first, later: `,${first}` };
  });
  const shape = { keys, fields };
  if (cached === undefined && shapes.size < SHAPES_MAX) shapes.set(signature, shape);
  return shape;
}

function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
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
  if (value instanceof CanonicalText) return value.text;
  const record = value as Record<string, unknown>;
  let out = '{';
  let first = true;
  for (const field of shapeOf(Object.keys(record)).fields) {
    const v = record[field.key];
    if (v === undefined) continue;
    out += first ? field.first : field.later;
    first = false;
    out += canonicalize(v);
  }
  return `${out}}`;
}

export function canonicalBytes(value: unknown): Uint8Array {
  return new TextEncoder().encode(canonicalize(value));
}
