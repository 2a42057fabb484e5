import { AssertionError } from '../core/assert.ts';
import type { Json } from '../core/canonical.ts';
import type { Row } from './queryable.ts';

/**
 * Typed reads of one result row, so that a store decodes its columns instead of casting them. The
 * driver's types are fixed (`pool.ts`): int4 is a number, int8 and integral numeric are bigints,
 * timestamptz is a Date, jsonb is parsed, text[] is an array. A column that arrives as anything else
 * is a bug (a SELECT list or a migration out of step with its store), never an expected outcome, so
 * each read asserts and names the source and the column instead of letting a wrong value travel on.
 *
 * `source` is the table the row comes from, or a name for the query when it joins several.
 */
export class RowReader {
  readonly #row: Row;
  readonly #source: string;

  constructor(row: Row, source: string) {
    this.#row = row;
    this.#source = source;
  }

  /** text, uuid, or a date formatted by `to_char`. */
  str(column: string): string {
    const v = this.#get(column);
    return typeof v === 'string' ? v : this.#wrong(column, 'a string', v);
  }

  strOrNull(column: string): string | null {
    return this.#get(column) === null ? null : this.str(column);
  }

  /** int2 or int4: a safe integer. */
  int(column: string): number {
    const v = this.#get(column);
    return typeof v === 'number' && Number.isSafeInteger(v)
      ? v
      : this.#wrong(column, 'an integer', v);
  }

  intOrNull(column: string): number | null {
    return this.#get(column) === null ? null : this.int(column);
  }

  /** float8 or real: any finite number. */
  num(column: string): number {
    const v = this.#get(column);
    return typeof v === 'number' && Number.isFinite(v) ? v : this.#wrong(column, 'a number', v);
  }

  /**
   * int8 or numeric(78,0), which the driver parses to bigint; also the decimal text that a
   * `::text` cast or a JSON field carries, since JSON cannot hold a bigint.
   */
  bigint(column: string): bigint {
    const v = this.#get(column);
    if (typeof v === 'bigint') return v;
    if (typeof v === 'string' && INTEGER.test(v)) return BigInt(v);
    return this.#wrong(column, 'an integer (bigint or decimal text)', v);
  }

  bigintOrNull(column: string): bigint | null {
    return this.#get(column) === null ? null : this.bigint(column);
  }

  bool(column: string): boolean {
    const v = this.#get(column);
    return typeof v === 'boolean' ? v : this.#wrong(column, 'a boolean', v);
  }

  /** timestamptz (or a date column read without `to_char`). */
  date(column: string): Date {
    const v = this.#get(column);
    return v instanceof Date && !Number.isNaN(v.getTime()) ? v : this.#wrong(column, 'a Date', v);
  }

  dateOrNull(column: string): Date | null {
    return this.#get(column) === null ? null : this.date(column);
  }

  /** bytea. */
  bytes(column: string): Buffer {
    const v = this.#get(column);
    return Buffer.isBuffer(v) ? v : this.#wrong(column, 'bytes', v);
  }

  /** text[]; null reads as null, so a store says itself what a missing array means. */
  strings(column: string): string[] {
    const v = this.#get(column);
    if (Array.isArray(v) && v.every(isString)) return v;
    return this.#wrong(column, 'an array of strings', v);
  }

  stringsOrNull(column: string): string[] | null {
    return this.#get(column) === null ? null : this.strings(column);
  }

  /** A text column constrained to a closed set of values (a CHECK, or the code that writes it). */
  oneOf<const T extends string>(column: string, values: readonly T[]): T {
    const v = this.#get(column);
    const found = values.find((value) => value === v);
    return found ?? this.#wrong(column, `one of ${values.join(', ')}`, v);
  }

  oneOfOrNull<const T extends string>(column: string, values: readonly T[]): T | null {
    return this.#get(column) === null ? null : this.oneOf(column, values);
  }

  /**
   * json or jsonb: the parsed value. Anything the driver parsed from JSON is a `Json`, so only a
   * missing column can be wrong here; a store that needs a shape decodes it with `json`.
   */
  jsonValue(column: string): Json {
    return this.#get(column) as Json;
  }

  /** json or jsonb decoded by `decode`, which asserts the shape it needs. */
  json<T>(column: string, decode: (value: Json, where: string) => T): T {
    return decode(this.jsonValue(column), `${this.#source}.${column}`);
  }

  /**
   * A JSON array of objects (a `json_agg` column; NULL when it aggregated no rows), each read by
   * `read` with a reader of its own, so a nested field is checked as a column is.
   */
  objects<T>(column: string, read: (item: RowReader) => T): T[] {
    const v = this.#get(column);
    if (v === null) return [];
    if (!Array.isArray(v)) return this.#wrong(column, 'a JSON array', v);
    const where = `${this.#source}.${column}[]`;
    return v.map((item: unknown) => {
      if (typeof item !== 'object' || item === null || Array.isArray(item))
        throw new AssertionError(`${where}: expected a JSON object, got ${describe(item)}`);
      return read(new RowReader(item as Row, where));
    });
  }

  #get(column: string): unknown {
    if (!(column in this.#row))
      throw new AssertionError(`${this.#source}.${column}: the row has no such column`);
    return this.#row[column];
  }

  #wrong(column: string, expected: string, got: unknown): never {
    throw new AssertionError(
      `${this.#source}.${column}: expected ${expected}, got ${describe(got)}`,
    );
  }
}

const INTEGER = /^-?\d+$/;

function isString(v: unknown): v is string {
  return typeof v === 'string';
}

/** A reader for `row`; `source` names the table (or the query) in the assertion a bad value raises. */
export function readRow(row: Row, source: string): RowReader {
  return new RowReader(row, source);
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (v instanceof Date) return `Date(${Number.isNaN(v.getTime()) ? 'invalid' : v.toISOString()})`;
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'string')
    return `string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)}`;
  if (typeof v === 'bigint' || typeof v === 'number' || typeof v === 'boolean')
    return `${typeof v} ${String(v)}`;
  if (v === undefined) return 'undefined';
  return typeof v === 'object' ? 'an object' : typeof v;
}

/** The JSON value as an object, or null when it is an array or a scalar. */
export function asJsonObject(v: Json): Readonly<Record<string, Json>> | null {
  return typeof v === 'object' && v !== null && !isJsonArray(v) ? v : null;
}

function isJsonArray(v: Json): v is readonly Json[] {
  return Array.isArray(v);
}
