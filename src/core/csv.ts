/**
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

/** RFC 4180 fields: commas, quotes doubled inside quoted fields, CRLF or LF line ends. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] ?? '';
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field.length > 0 || row.length > 0) rows.push([...row, field]);
  return rows;
}
