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

export function uuidArray(values: readonly (string | null)[]): string {
  let out = '{';
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (i > 0) out += ',';
    if (v === null || v === undefined) out += 'NULL';
    else {
      assert(UUID.test(v), `not a uuid: ${v}`);
      out += v;
    }
  }
  return `${out}}`;
}

/** Integers as decimal strings (amounts in base units) or numbers; null is SQL NULL. */
export function integerArray(values: readonly (string | number | bigint | null)[]): string {
  let out = '{';
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (i > 0) out += ',';
    if (v === null || v === undefined) out += 'NULL';
    else {
      const text = String(v);
      assert(INTEGER.test(text), `not an integer: ${text}`);
      out += text;
    }
  }
  return `${out}}`;
}

/** Any text; every element is quoted, so `NULL`, commas, braces and spaces stay data. */
export function textArray(values: readonly (string | null)[]): string {
  let out = '{';
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (i > 0) out += ',';
    if (v === null || v === undefined) out += 'NULL';
    else if (NEEDS_ESCAPE.test(v)) out += `"${v.replace(/[\\"]/g, '\\$&')}"`;
    else out += `"${v}"`;
  }
  return `${out}}`;
}
