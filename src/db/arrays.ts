import { assert } from '../core/assert.ts';

/**
 * PostgreSQL array literals for `$n::uuid[]`, `$n::text[]` and `$n::numeric[]` parameters. The
 * driver would quote and escape every element with two regular-expression replacements; a ledger
 * batch sends two dozen arrays of a thousand elements each, and that escaping was a tenth of the
 * batch's JavaScript time. Here elements that cannot need escaping (UUIDs, integers) are joined as
 * they are, and text is escaped only when it holds a quote or a backslash.
 */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const INTEGER = /^-?\d+$/;
const NEEDS_ESCAPE = /["\\]/;

function literal<T>(values: readonly (T | null)[], element: (v: T) => string): string {
  let out = '{';
  for (let i = 0; i < values.length; i++) {
    if (i > 0) out += ',';
    const v = values[i];
    out += v === null || v === undefined ? 'NULL' : element(v);
  }
  return `${out}}`;
}

function uuidElement(v: string): string {
  assert(UUID.test(v), `not a uuid: ${v}`);
  return v;
}

function integerElement(v: string | number | bigint): string {
  const text = String(v);
  assert(INTEGER.test(text), `not an integer: ${text}`);
  return text;
}

function textElement(v: string): string {
  return NEEDS_ESCAPE.test(v) ? `"${v.replace(/[\\"]/g, '\\$&')}"` : `"${v}"`;
}

export function uuidArray(values: readonly (string | null)[]): string {
  return literal(values, uuidElement);
}

/** Integers as decimal strings (amounts in base units) or numbers; null is SQL NULL. */
export function integerArray(values: readonly (string | number | bigint | null)[]): string {
  return literal(values, integerElement);
}

/** Any text; every element is quoted, so `NULL`, commas, braces and spaces stay data. */
export function textArray(values: readonly (string | null)[]): string {
  return literal(values, textElement);
}
