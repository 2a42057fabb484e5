import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { CSV_FORMATS, parsePriceCsv, type CsvFormatName, type CsvLayout } from './csv.ts';

/**
 * The reference price files beside the checkout (`../shared/data/prices`, or `$KAZNA_SHARED_DATA/prices`),
 * read in place and never copied into the repo. They calibrate the risk engine and feed the
 * simulator; they are not a product dataset (see their provenance note).
 *
 * A `DailySeries` is the float view the risk engine and the simulator want: one row per day in the
 * file, ascending, with the close always present and OHLCV when the file has it. Exact storage goes
 * through the importer instead (`market/service.ts`), which keeps prices as integers.
 */
export type SharedAsset = 'BTC' | 'ETH' | 'XAU';

export interface DailySeries {
  readonly asset: string;
  /** `YYYY-MM-DD`, strictly ascending. Gold has trading days only; BTC and ETH every calendar day. */
  readonly dates: readonly string[];
  /** Quote currency (USD) per whole unit (per troy ounce for XAU). */
  readonly close: Float64Array;
  readonly open?: Float64Array;
  readonly high?: Float64Array;
  readonly low?: Float64Array;
  readonly volume?: Float64Array;
}

export const SHARED_PRICE_FILES: Readonly<
  Record<SharedAsset, { readonly file: string; readonly format: CsvFormatName }>
> = {
  BTC: { file: 'btc_usd_daily_bitstamp-coinbase_2011-08-18_2025-09-24.csv', format: 'btc_candles' },
  ETH: { file: 'eth_usd_daily_yahoo_2017-11-09_2024-03-29.csv', format: 'yahoo' },
  XAU: { file: 'xau_usd_daily_2004-06-11_2025-10-01.csv', format: 'xau_semicolon' },
};

export class SharedDataError extends Error {
  override name = 'SharedDataError';
}

/**
 * Parses a whole daily CSV into a series. Pure. Any bad row is an error here (these files are
 * fixtures; a bad row means a damaged file), so it throws `SharedDataError` listing the first few.
 * Use `parsePriceCsv` for row-by-row reports on files people upload.
 */
export function parseDailyCsv(
  text: string,
  format: CsvFormatName | CsvLayout,
  asset = 'UNKNOWN',
): DailySeries {
  const layout = typeof format === 'string' ? CSV_FORMATS[format] : format;
  const parsed = parsePriceCsv(text, layout);
  if (!parsed.ok) throw new SharedDataError(`${asset}: ${parsed.message}`);
  if (parsed.errors.length > 0) {
    const first = parsed.errors.slice(0, 3).map((e) => `line ${e.line}: ${e.message}`);
    throw new SharedDataError(`${asset}: ${parsed.errors.length} bad rows (${first.join('; ')})`);
  }
  const rows = parsed.rows;
  const column = (field: 'open' | 'high' | 'low' | 'volume'): Float64Array | undefined => {
    if (!(field in layout.columns)) return undefined;
    return Float64Array.from(rows, (r) => Number(r[field]));
  };
  const series: {
    -readonly [K in keyof DailySeries]: DailySeries[K];
  } = {
    asset,
    dates: rows.map((r) => r.date),
    close: Float64Array.from(rows, (r) => Number(r.close)),
  };
  const open = column('open');
  const high = column('high');
  const low = column('low');
  const volume = column('volume');
  if (open) series.open = open;
  if (high) series.high = high;
  if (low) series.low = low;
  if (volume) series.volume = volume;
  return series;
}

/** The shared data folder: `$KAZNA_SHARED_DATA`, else `../shared/data` beside the checkout. */
export function sharedDataDir(): string {
  return resolve(
    process.env['KAZNA_SHARED_DATA'] ??
      join(import.meta.dirname, '..', '..', '..', 'shared', 'data'),
  );
}

export function sharedPricePath(asset: SharedAsset): string {
  return join(sharedDataDir(), 'prices', SHARED_PRICE_FILES[asset].file);
}

/** Reads and parses one shared price file. Rejects when the file is missing or damaged. */
export async function loadSharedSeries(asset: SharedAsset): Promise<DailySeries> {
  const text = await readFile(sharedPricePath(asset), 'utf8');
  return parseDailyCsv(text, SHARED_PRICE_FILES[asset].format, asset);
}

/** The index of `date` in the series, or of the last day before it; -1 when it precedes the series. */
export function indexOnOrBefore(series: DailySeries, date: string): number {
  let lo = 0;
  let hi = series.dates.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if ((series.dates[mid] ?? '') <= date) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}
