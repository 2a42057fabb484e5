import { readFile } from 'node:fs/promises';
import type { CsvFormatName } from '../../src/market/csv.ts';
import { parseDailyCsv, type DailySeries } from '../../src/market/series.ts';
import { sharedDataPath } from './shared-data.ts';

/**
 * The reference price files in the shared data folder, read in place and never copied into the
 * repo. Tests and benchmarks calibrate against them; Kazna itself never reads them (its prices
 * come from the market store, which a user fills with `kazna market import`).
 */
export type SharedAsset = 'BTC' | 'ETH' | 'XAU';

export const SHARED_PRICE_FILES: Readonly<
  Record<SharedAsset, { readonly file: string; readonly format: CsvFormatName }>
> = {
  BTC: { file: 'btc_usd_daily_bitstamp-coinbase_2011-08-18_2025-09-24.csv', format: 'btc_candles' },
  ETH: { file: 'eth_usd_daily_yahoo_2017-11-09_2024-03-29.csv', format: 'yahoo' },
  XAU: { file: 'xau_usd_daily_2004-06-11_2025-10-01.csv', format: 'xau_semicolon' },
};

export function sharedPricePath(asset: SharedAsset): string {
  return sharedDataPath('prices', SHARED_PRICE_FILES[asset].file);
}

/** Reads and parses one shared price file. Rejects when the file is missing or damaged. */
export async function loadSharedSeries(asset: SharedAsset): Promise<DailySeries> {
  const text = await readFile(sharedPricePath(asset), 'utf8');
  return parseDailyCsv(text, SHARED_PRICE_FILES[asset].format, asset);
}
