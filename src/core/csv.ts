import { assert } from './assert.ts';

/**
 * CSV's one home: the reader and the writer every import and export uses.
 *
 * The one CSV writer (RFC 4180): a field is quoted when it holds a quote, a comma or a line break,
 * and a quote inside it is doubled. Exports differ only in what the options below say, so that a
 * file a reader has already verified keeps its bytes.
 */
export type CsvCell = string | number | bigint | boolean | null | undefined;

export interface CsvOptions {
  /** `\r\n` as RFC 4180 writes it; `\n` for exports that have always used it. Default `\n`. */
  readonly eol?: '\n' | '\r\n';
  /**
   * Text a spreadsheet would run as a formula (a leading =, +, - or @ that does not start a
   * number) is prefixed with an apostrophe and quoted. For exports that carry free text typed by
   * users, such as a transfer's reason.
   */
  readonly guardFormulas?: boolean;
}

const NEEDS_QUOTES = /[",\r\n]/;
const GUARDED_NEEDS_QUOTES = /[",\r\n']/;

export function csvField(value: CsvCell, guardFormulas = false): string {
  const text = value === null || value === undefined ? '' : String(value);
  const guarded = guardFormulas && /^[=+\-@]/.test(text) && !/^-?\d/.test(text);
  const safe = guarded ? `'${text}` : text;
  const quote = (guardFormulas ? GUARDED_NEEDS_QUOTES : NEEDS_QUOTES).test(safe);
  return quote ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** A header line, then one line per row, each line ended by `eol`. */
export function toCsv(
  header: readonly string[],
  rows: readonly (readonly CsvCell[])[],
  options: CsvOptions = {},
): string {
  const eol = options.eol ?? '\n';
  const guard = options.guardFormulas ?? false;
  let out = '';
  for (const row of [header, ...rows]) out += row.map((v) => csvField(v, guard)).join(',') + eol;
  return out;
}

export interface CsvReadOptions {
  /** One character as people count it (a code point, so an emoji is one). Default `,`. */
  readonly delimiter?: string;
}

/**
 * The one CSV reader (RFC 4180): quoted fields may hold the delimiter, line breaks and doubled
 * quotes; lines end in LF, CRLF or a lone CR; a leading byte-order mark, which spreadsheets write,
 * is dropped. Cells are returned as written, untrimmed; what a blank line or a short row means is
 * the caller's to say.
 */
export function parseCsv(text: string, options: CsvReadOptions = {}): string[][] {
  const delimiter = options.delimiter ?? ',';
  assert(Array.from(delimiter).length === 1, 'the delimiter is one character');
  const chars = Array.from(text.replace(/^\uFEFF/, ''));
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i] ?? '';
    if (quoted) {
      if (ch === '"' && chars[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === delimiter) {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && chars[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field.length > 0 || row.length > 0) rows.push([...row, field]);
  return rows;
}
