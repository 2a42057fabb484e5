import { CSV_FORMATS, parsePriceCsv, type CsvFormatName, type CsvLayout } from './csv.ts';

/**
 * A `DailySeries` is the float view of prices that the risk engine and the simulator want: one row
 * per day, ascending, with the close always present and OHLCV when the source has it. Exact prices
 * live in the market store as integers (`market/service.ts`); `Market.dailySeries` reads them into
 * this shape, and `parseDailyCsv` reads a whole file into it (tests, benchmarks).
 */
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
  /** Where the prices came from, when read from the market store (its source names). */
  readonly sources?: readonly string[];
}

export class SeriesFileError extends Error {
  override name = 'SeriesFileError';
}

/**
 * Parses a whole daily CSV into a series. Pure. Any bad row is an error here (a bad row means a
 * damaged file), so it throws `SeriesFileError` listing the first few. People's uploads go through
 * the importer instead, which reports row by row.
 */
export function parseDailyCsv(
  text: string,
  format: CsvFormatName | CsvLayout,
  asset = 'UNKNOWN',
): DailySeries {
  const layout = typeof format === 'string' ? CSV_FORMATS[format] : format;
  const parsed = parsePriceCsv(text, layout);
  if (!parsed.ok) throw new SeriesFileError(`${asset}: ${parsed.message}`);
  if (parsed.errors.length > 0) {
    const first = parsed.errors.slice(0, 3).map((e) => `line ${e.line}: ${e.message}`);
    throw new SeriesFileError(`${asset}: ${parsed.errors.length} bad rows (${first.join('; ')})`);
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
