import { canonicalize, type Json } from '../core/canonical.ts';
import { capturedTables, liveImages } from '../db/evidence.ts';
import type { Queryable } from '../db/pool.ts';
import type { EntryRow } from '../../verifier/src/checker.ts';
import { findingOf, type Finding } from '../../verifier/src/report.ts';

/**
 * Replays the rows the log recorded (row evidence, `src/db/evidence.ts`) into an image of every
 * captured table, then compares it with the live tables, row by row and column by column. A row
 * changed behind Kazna's back, one added that no entry wrote, or one removed that an entry wrote, is
 * a finding that names the table, the row and (for a change) the column.
 */
interface Replayed {
  readonly seq: number;
  readonly row: Readonly<Record<string, Json>>;
  readonly text: string;
}

export class RowReplay {
  private readonly keys: ReadonlyMap<string, readonly string[]>;
  private readonly tables = new Map<string, Map<string, Replayed>>();

  /** `keys`: each table's primary-key columns; a table without one is keyed by the whole row. */
  constructor(keys: ReadonlyMap<string, readonly string[]>) {
    this.keys = keys;
  }

  apply(seq: number, rows: readonly EntryRow[]): void {
    for (const r of rows) {
      const table = this.table(r.t);
      const row = r.row as Readonly<Record<string, Json>>;
      const text = canonicalize(row);
      const key = this.keyOf(r.t, row, text);
      if (r.op === 'delete') table.delete(key);
      else table.set(key, { seq, row, text });
    }
  }

  /**
   * Findings for every difference between the replayed tables and the live ones (or `only` these
   * tables). `q` must be a transaction under the image settings (`IMAGE_SETTINGS_SQL`).
   */
  async compare(q: Queryable, only?: readonly string[]): Promise<Finding[]> {
    const out: Finding[] = [];
    const tables = await capturedTables(q);
    for (const name of only === undefined ? tables : tables.filter((t) => only.includes(t))) {
      const replayed = this.table(name);
      const seen = new Set<string>();
      for (const row of await liveImages(q, name)) {
        const text = canonicalize(row);
        const key = this.keyOf(name, row, text);
        seen.add(key);
        const want = replayed.get(key);
        if (want === undefined) out.push(notInLog(name, key));
        else if (want.text !== text) out.push(...differences(name, key, want, row));
      }
      for (const [key, want] of replayed)
        if (!seen.has(key))
          out.push(
            findingOf(
              'row_missing',
              `${name} row ${key} was written by entry ${want.seq} but is missing`,
              {
                table: name,
                row: key,
              },
            ),
          );
    }
    return out;
  }

  private table(name: string): Map<string, Replayed> {
    let t = this.tables.get(name);
    if (t === undefined) {
      t = new Map();
      this.tables.set(name, t);
    }
    return t;
  }

  private keyOf(table: string, row: Readonly<Record<string, Json>>, text: string): string {
    const columns = this.keys.get(table);
    if (columns === undefined || columns.length === 0) return text;
    return columns.map((c) => keyPart(row[c])).join('/');
  }
}

function keyPart(value: Json | undefined): string {
  return typeof value === 'string' ? value : JSON.stringify(value ?? null);
}

function notInLog(table: string, key: string): Finding {
  return findingOf('row_not_in_log', `${table} row ${key} is not in the log: no entry wrote it`, {
    table,
    row: key,
  });
}

function differences(
  table: string,
  key: string,
  want: Replayed,
  got: Readonly<Record<string, Json>>,
): Finding[] {
  const columns = new Set([...Object.keys(want.row), ...Object.keys(got)]);
  const out: Finding[] = [];
  for (const column of columns) {
    const expected = canonicalize(want.row[column] ?? null);
    const found = canonicalize(got[column] ?? null);
    if (expected === found) continue;
    out.push(
      findingOf(
        'row_differs',
        `${table} row ${key} column ${column}: the table has ${found}, entry ${want.seq} recorded ${expected}`,
        { table, row: key, column, expected, found },
      ),
    );
  }
  return out;
}
