import { err, ok, type Result } from '../core/result.ts';
import {
  parsePriceCsv,
  type CsvFileErrorCode,
  type CsvLayout,
  type CsvRowErrorCode,
} from './csv.ts';
import {
  formatPrice,
  parsePrice,
  PRICE_SCALE,
  roundDecimal,
  VOLUME_SCALE,
  type PriceError,
} from './model.ts';
import type { NewPriceRow } from './store.ts';

/**
 * Validation of an uploaded price file, before anything touches the database. Pure. A row is
 * rejected for a bad date, a price that is not a positive decimal with at most PRICE_SCALE places,
 * a negative volume, a wrong number of cells, or a day that appears twice (both rows).
 */
export interface RejectedRow {
  readonly line: number;
  readonly code: CsvRowErrorCode | PriceError;
  readonly message: string;
  readonly text: string;
}

export interface ValidatedImport {
  readonly rows: readonly NewPriceRow[];
  readonly rejected: readonly RejectedRow[];
}

export function validateImport(
  text: string,
  layout: CsvLayout,
  asset: string,
  quote: string,
): Result<ValidatedImport, CsvFileErrorCode> {
  const parsed = parsePriceCsv(text, layout);
  if (!parsed.ok) return err(parsed.code, parsed.message);
  const rejected: RejectedRow[] = [...parsed.errors];
  const rows: NewPriceRow[] = [];
  const lines = text.split(/\r?\n/);
  for (const r of parsed.rows) {
    const prices: Partial<Record<'close' | 'open' | 'high' | 'low', bigint>> = {};
    let bad: RejectedRow | null = null;
    for (const field of ['close', 'open', 'high', 'low'] as const) {
      const cell = r[field];
      if (cell === undefined) continue;
      const p = parsePrice(withoutFloatNoise(cell));
      if (!p.ok) {
        bad = {
          line: r.line,
          code: p.code,
          message: `${field}: ${p.message}`,
          text: lines[r.line - 1] ?? '',
        };
        break;
      }
      prices[field] = p.value;
    }
    if (bad !== null) {
      rejected.push(bad);
      continue;
    }
    rows.push({
      asset,
      quote,
      day: r.date,
      close: prices.close ?? 0n,
      open: prices.open,
      high: prices.high,
      low: prices.low,
      volume: r.volume === undefined ? undefined : roundDecimal(r.volume, VOLUME_SCALE),
    });
  }
  rejected.sort((a, b) => a.line - b.line);
  return ok({ rows, rejected });
}

/**
 * Spreadsheets and brokers export some prices through a binary float (`913.1799999999999` for
 * 913.18). A text longer than PRICE_SCALE decimals but with no more significant digits than a
 * float carries (17) is such noise, and is rounded half-even to PRICE_SCALE; a price written with
 * more digits than that (`45000.0000000000001`) did not come from a float and is still refused.
 */
export function withoutFloatNoise(cell: string): string {
  const [whole = '', fraction = ''] = cell.split('.');
  const significant = (whole + fraction).replace(/^-?0*/, '').length;
  if (fraction.length <= PRICE_SCALE || significant > 17) return cell;
  return formatPrice(roundDecimal(cell, PRICE_SCALE));
}

/** The error report: one line per bad row, `line N: code: message: original text`. */
export function errorReport(rejected: readonly RejectedRow[]): string {
  return rejected.map((r) => `line ${r.line}: ${r.code}: ${r.message}: ${r.text}\n`).join('');
}
