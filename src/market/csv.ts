import { assert } from '../core/assert.ts';
import { parseCsv } from '../core/csv.ts';
import { isCalendarDay } from './model.ts';

/**
 * A generic daily-price CSV reader: the columns, the date format and the delimiter are configurable,
 * and every bad row is reported with its line number instead of being guessed at. Prices stay
 * decimal strings here; the caller decides whether they become exact integers (storage) or floats
 * (the risk engine). Pure: no I/O.
 */
export const DATE_FORMATS = ['iso', 'dotted', 'dmy', 'mdy', 'unix'] as const;
/**
 * - `iso`:    `2024-03-29`, optionally followed by a time (`2024-03-29 00:00:00`, `…T00:00:00Z`)
 * - `dotted`: `2004.06.11`, optionally followed by a time (`2004.06.11 00:00`)
 * - `dmy`:    `29/03/2024` or `29.03.2024`
 * - `mdy`:    `03/29/2024`
 * - `unix`:   seconds since 1970 (`1711670400`), as exchange APIs write candles; the UTC day
 */
export type DateFormat = (typeof DATE_FORMATS)[number];

export interface CsvLayout {
  readonly delimiter: string;
  readonly dateFormat: DateFormat;
  /** Header names of each column; `close` is required, the rest are read when present. */
  readonly columns: {
    readonly date: string;
    readonly close: string;
    readonly open?: string;
    readonly high?: string;
    readonly low?: string;
    readonly volume?: string;
  };
}

/** The formats of the files in the shared price folder, and a plain `date,close` default. */
export const CSV_FORMATS = {
  /** Bitstamp/Coinbase daily candles: `timestamp,open,close,volume,unix_timestamp,high,low`. */
  btc_candles: {
    delimiter: ',',
    dateFormat: 'iso',
    columns: {
      date: 'timestamp',
      open: 'open',
      high: 'high',
      low: 'low',
      close: 'close',
      volume: 'volume',
    },
  },
  /** A Yahoo Finance download: `Date,Open,High,Low,Close,Adj Close,Volume`. */
  yahoo: {
    delimiter: ',',
    dateFormat: 'iso',
    columns: {
      date: 'Date',
      open: 'Open',
      high: 'High',
      low: 'Low',
      close: 'Close',
      volume: 'Volume',
    },
  },
  /** A broker export: `Date;Open;High;Low;Close;Volume` with dates like `2004.06.11 00:00`. */
  xau_semicolon: {
    delimiter: ';',
    dateFormat: 'dotted',
    columns: {
      date: 'Date',
      open: 'Open',
      high: 'High',
      low: 'Low',
      close: 'Close',
      volume: 'Volume',
    },
  },
  /** The simplest file a person can write by hand: `date,close`. */
  simple: { delimiter: ',', dateFormat: 'iso', columns: { date: 'date', close: 'close' } },
} as const satisfies Record<string, CsvLayout>;
export type CsvFormatName = keyof typeof CSV_FORMATS;

export function isCsvFormatName(text: string): text is CsvFormatName {
  return Object.hasOwn(CSV_FORMATS, text);
}

export type PriceField = 'open' | 'high' | 'low' | 'close' | 'volume';
const PRICE_FIELDS: readonly PriceField[] = ['open', 'high', 'low', 'close', 'volume'];

/** One valid row: an ISO day and non-negative decimal strings (prices strictly positive). */
export interface CsvPriceRow {
  readonly line: number;
  readonly date: string;
  readonly close: string;
  readonly open?: string;
  readonly high?: string;
  readonly low?: string;
  readonly volume?: string;
}

export type CsvRowErrorCode =
  | 'row_has_wrong_column_count'
  | 'date_is_invalid'
  | 'price_is_not_a_decimal'
  | 'price_is_not_positive'
  | 'volume_is_negative'
  | 'date_is_duplicated';

export interface CsvRowError {
  readonly line: number;
  readonly code: CsvRowErrorCode;
  readonly message: string;
  readonly text: string;
}

export type CsvFileErrorCode = 'file_is_empty' | 'header_lacks_column';

export type CsvParse =
  | {
      readonly ok: true;
      /** Valid rows sorted by date ascending. */
      readonly rows: readonly CsvPriceRow[];
      readonly errors: readonly CsvRowError[];
    }
  | { readonly ok: false; readonly code: CsvFileErrorCode; readonly message: string };

/** Parses a whole file. A file-level problem fails; row-level problems are listed per line. */
export function parsePriceCsv(text: string, layout: CsvLayout): CsvParse {
  // One character as people and the API's schema count it: a code point, which an emoji outside
  // the Basic Multilingual Plane is although JavaScript's length says 2.
  assert(Array.from(layout.delimiter).length === 1, 'the delimiter is one character');
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const headerLine = lines[0]?.trim() ?? '';
  if (headerLine === '') return { ok: false, code: 'file_is_empty', message: 'the file is empty' };
  const header = splitLine(headerLine, layout.delimiter);
  const index = new Map<string, number>();
  for (const [field, name] of Object.entries(layout.columns)) {
    const at = header.indexOf(name);
    if (at < 0) {
      return {
        ok: false,
        code: 'header_lacks_column',
        message: `the header has no column "${name}" (for ${field}); it has ${header.join(', ')}`,
      };
    }
    index.set(field, at);
  }
  const rows: CsvPriceRow[] = [];
  const errors: CsvRowError[] = [];
  const seen = new Map<string, CsvPriceRow[]>();
  for (let i = 1; i < lines.length; i++) {
    const raw = lines[i] ?? '';
    if (raw.trim() === '') continue;
    const parsed = parseRow(raw, i + 1, header.length, index, layout);
    if ('code' in parsed) {
      errors.push(parsed);
      continue;
    }
    seen.set(parsed.date, [...(seen.get(parsed.date) ?? []), parsed]);
  }
  // A day that appears twice is ambiguous: neither row is trusted, both are reported.
  for (const [date, same] of seen) {
    if (same.length === 1) rows.push(...same);
    else {
      const where = same.map((r) => r.line).join(', ');
      for (const r of same) {
        const message = `${date} appears on lines ${where}`;
        errors.push({
          line: r.line,
          code: 'date_is_duplicated',
          message,
          text: lines[r.line - 1] ?? '',
        });
      }
    }
  }
  rows.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  errors.sort((a, b) => a.line - b.line);
  return { ok: true, rows, errors };
}

/**
 * One physical line's cells, trimmed, through the core reader. Files are split into lines here
 * first, so that every error names the line a person sees in an editor.
 */
function splitLine(line: string, delimiter: string): string[] {
  const cells = parseCsv(line, { delimiter }).flat();
  return (cells.length === 0 ? [''] : cells).map((cell) => cell.trim());
}

function parseRow(
  raw: string,
  line: number,
  width: number,
  index: ReadonlyMap<string, number>,
  layout: CsvLayout,
): CsvPriceRow | CsvRowError {
  const cells = splitLine(raw, layout.delimiter);
  const fail = (code: CsvRowErrorCode, message: string): CsvRowError => ({
    line,
    code,
    message,
    text: raw,
  });
  if (cells.length !== width) {
    return fail('row_has_wrong_column_count', `expected ${width} cells, found ${cells.length}`);
  }
  const dateText = cells[index.get('date') ?? -1] ?? '';
  const date = parseDay(dateText, layout.dateFormat);
  if (date === null)
    return fail('date_is_invalid', `"${dateText}" is not a ${layout.dateFormat} date`);
  const row: Record<string, string> = { date };
  for (const field of PRICE_FIELDS) {
    const at = index.get(field);
    if (at === undefined) continue;
    const cell = cells[at] ?? '';
    const value = normaliseDecimal(cell);
    if (value === null) return fail('price_is_not_a_decimal', `${field} "${cell}" is not a number`);
    if (field === 'volume') {
      if (value.startsWith('-')) return fail('volume_is_negative', `volume ${cell} is negative`);
    } else if (value.startsWith('-') || /^0(\.0*)?$/.test(value)) {
      return fail('price_is_not_positive', `${field} ${cell} is not above zero`);
    }
    row[field] = value;
  }
  return { ...(row as unknown as Omit<CsvPriceRow, 'line'>), line };
}

const DECIMAL = /^-?(?:0|[1-9][0-9]*|0[0-9]+)(?:\.[0-9]+)?$/;
const EXPONENT = /^(-?)([0-9]+)(?:\.([0-9]+))?[eE]([+-]?[0-9]+)$/;

/**
 * Returns the cell as a plain decimal string, or null. Exponent notation, which some exporters write
 * for tiny volumes, is expanded exactly on the digits, never through a float.
 */
export function normaliseDecimal(cell: string): string | null {
  if (DECIMAL.test(cell)) return stripLeadingZeros(cell);
  const m = EXPONENT.exec(cell);
  if (m === null) return null;
  const [, sign = '', whole = '0', fraction = '', expText = '0'] = m;
  const exp = Number.parseInt(expText, 10);
  if (Math.abs(exp) > 40) return null;
  const digits = whole + fraction;
  const point = whole.length + exp;
  const padded =
    point <= 0
      ? '0'.repeat(1 - point) + digits
      : digits.padEnd(Math.max(point, digits.length), '0');
  const at = Math.max(point, 1);
  const text = `${padded.slice(0, at)}.${padded.slice(at)}`.replace(/\.?0*$/, '') || '0';
  return sign + stripLeadingZeros(text);
}

function stripLeadingZeros(text: string): string {
  return text.replace(/^(-?)0+(?=[0-9])/, '$1');
}

/** Returns `YYYY-MM-DD` for a real calendar day in the given format, else null. */
export function parseDay(text: string, format: DateFormat): string | null {
  let m: RegExpExecArray | null;
  let y: string | undefined;
  let mo: string | undefined;
  let d: string | undefined;
  switch (format) {
    case 'iso':
      m =
        /^([0-9]{4})-([0-9]{2})-([0-9]{2})(?:[ T][0-9]{2}:[0-9]{2}(?::[0-9]{2})?(?:\.[0-9]+)?Z?)?$/.exec(
          text,
        );
      [, y, mo, d] = m ?? [];
      break;
    case 'dotted':
      m = /^([0-9]{4})\.([0-9]{2})\.([0-9]{2})(?: [0-9]{2}:[0-9]{2}(?::[0-9]{2})?)?$/.exec(text);
      [, y, mo, d] = m ?? [];
      break;
    case 'dmy':
      m = /^([0-9]{2})[/.]([0-9]{2})[/.]([0-9]{4})$/.exec(text);
      [, d, mo, y] = m ?? [];
      break;
    case 'mdy':
      m = /^([0-9]{2})\/([0-9]{2})\/([0-9]{4})$/.exec(text);
      [, mo, d, y] = m ?? [];
      break;
    case 'unix':
      // Nine or ten digits: 2001-09-09 to 2286, so a year or a price is never read as a time.
      if (!/^[0-9]{9,10}$/.test(text)) return null;
      return new Date(Number(text) * 1000).toISOString().slice(0, 10);
  }
  if (y === undefined || mo === undefined || d === undefined) return null;
  return isCalendarDay(`${y}-${mo}-${d}`) ? `${y}-${mo}-${d}` : null;
}

export type DetectError = 'file_is_empty' | 'layout_not_recognised';

export type Detected =
  | {
      readonly ok: true;
      readonly layout: CsvLayout;
      /** The named layout it matches exactly, or null for one put together from the header. */
      readonly name: CsvFormatName | null;
    }
  | { readonly ok: false; readonly code: DetectError; readonly message: string };

const COLUMN_NAMES: Readonly<Record<keyof CsvLayout['columns'], RegExp>> = {
  date: /^(date|timestamp|time|day|datetime)$/i,
  // "Adj Close" (Yahoo) is a dividend-adjusted figure, never the close itself.
  close: /^(close|price|last|close price|closing price)$/i,
  open: /^open$/i,
  high: /^high$/i,
  low: /^low$/i,
  volume: /^(volume|vol)$/i,
};

/**
 * Recognises a daily price file from its header and first rows: Bitstamp/Coinbase-style candles,
 * Yahoo Finance downloads, semicolon-separated broker files with `2004.06.11 00:00` dates, a plain
 * `date,close`, and any file whose header names a date and a close. Pure. Dates are read in the
 * one format that reads most of the first rows (the rest are bad rows, reported by the importer);
 * `03/04/2024` alone (day or month first) is ambiguous.
 */
export function detectLayout(text: string): Detected {
  const lines = text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '');
  const header = lines[0];
  if (header === undefined)
    return { ok: false, code: 'file_is_empty', message: 'the file is empty' };
  const delimiter = [',', ';', '\t'].reduce((best, d) =>
    header.split(d).length > header.split(best).length ? d : best,
  );
  const cells = splitLine(header, delimiter);
  const columns: Record<string, string> = {};
  for (const [field, pattern] of Object.entries(COLUMN_NAMES)) {
    const name = cells.find((c) => pattern.test(c));
    if (name !== undefined) columns[field] = name;
  }
  const date = columns['date'];
  if (date === undefined || columns['close'] === undefined) {
    const message = `the header names no ${date === undefined ? 'date' : 'close'} column (it has ${cells.join(', ')}); name the layout instead`;
    return { ok: false, code: 'layout_not_recognised', message };
  }
  const at = cells.indexOf(date);
  const sample = lines
    .slice(1, 41)
    .map((l) => splitLine(l, delimiter)[at] ?? '')
    .filter((c) => c !== '');
  const dateFormat = dateFormatOf(sample);
  if (typeof dateFormat !== 'string')
    return { ok: false, code: 'layout_not_recognised', message: dateFormat.message };
  const layout = { delimiter, dateFormat, columns: columns as unknown as CsvLayout['columns'] };
  return { ok: true, layout, name: nameOf(layout) };
}

/** The format that reads the most sampled dates (a bad row is the importer's to report). */
function dateFormatOf(sample: readonly string[]): DateFormat | { message: string } {
  if (sample.length === 0) return 'iso';
  const read = DATE_FORMATS.map((f) => sample.filter((c) => parseDay(c, f) !== null).length);
  const best = Math.max(...read);
  const fits = DATE_FORMATS.filter((_, i) => read[i] === best);
  const first = sample[0] ?? '';
  if (best * 2 < sample.length)
    return { message: `dates such as "${first}" are in no known format; name the layout instead` };
  if (fits.includes('dmy') && fits.includes('mdy'))
    return {
      message: `dates such as "${first}" read both day-first and month-first; name the layout instead`,
    };
  return fits[0] ?? 'iso';
}

function nameOf(layout: CsvLayout): CsvFormatName | null {
  const key = (l: CsvLayout): string =>
    JSON.stringify([l.delimiter, l.dateFormat, Object.entries(l.columns).sort()]);
  for (const [name, known] of Object.entries(CSV_FORMATS))
    if (key(known) === key(layout) && isCsvFormatName(name)) return name;
  return null;
}
