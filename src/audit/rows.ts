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
 *
 * A table without a primary key (append-only: a passkey's uses, a reconciliation's rows, the scan
 * cache) may hold the same row twice, so its rows are counted: a copy added or removed is named
 * too, not only a row that differs from every recorded one.
 */
interface Replayed {
  readonly seq: number;
  readonly row: Readonly<Record<string, Json>>;
  readonly text: string;
  /** How many rows of a keyless table are this row; 1 for a keyed one. */
  readonly copies: number;
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
      const prev = this.keyed(r.t) ? undefined : table.get(key);
      const copies = prev?.copies ?? 0;
      if (r.op !== 'delete') table.set(key, { seq, row, text, copies: copies + 1 });
      else if (prev !== undefined && copies > 1) table.set(key, { ...prev, copies: copies - 1 });
      else table.delete(key);
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
      const seen = new Map<string, number>();
      for (const row of await liveImages(q, name)) {
        const text = canonicalize(row);
        const key = this.keyOf(name, row, text);
        const copies = (seen.get(key) ?? 0) + 1;
        seen.set(key, copies);
        const want = replayed.get(key);
        if (want === undefined) out.push(notInLog(name, key));
        else if (copies > want.copies) out.push(notInLog(name, key, copies));
        else if (want.text !== text) out.push(...differences(name, key, want, row));
      }
      for (const [key, want] of replayed)
        for (let n = seen.get(key) ?? 0; n < want.copies; n++) out.push(missing(name, key, want));
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

  private keyed(table: string): boolean {
    return (this.keys.get(table)?.length ?? 0) > 0;
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

/** `copy`: the live table holds this row `copy` times, more than the log wrote it. */
function notInLog(table: string, key: string, copy?: number): Finding {
  const why =
    copy === undefined
      ? 'no entry wrote it'
      : `copy ${String(copy)} of it is one more than the entries wrote`;
  return findingOf('row_not_in_log', `${table} row ${key} is not in the log: ${why}`, {
    table,
    row: key,
  });
}

function missing(table: string, key: string, want: Replayed): Finding {
  return findingOf(
    'row_missing',
    `${table} row ${key} was written by entry ${want.seq} but is missing`,
    { table, row: key },
  );
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
