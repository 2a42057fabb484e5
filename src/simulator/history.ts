import { isAssetCode, type AssetCode } from '../core/assets.ts';
import { PRICE_SCALE } from '../market/model.ts';
import type { DailySeries } from '../market/series.ts';
import type { FxLookup } from './replay.ts';
import type { History } from './paths.ts';

/**
 * The daily USD closes the simulator draws on, read from the market store each time a run asks
 * (an import between two runs counts at once). ETH is optional: a scenario that needs it and
 * finds none is refused with `window_outside_data`. Null when the store has no BTC at all.
 */
export type HistorySource = () => Promise<History | null>;

/** The part of the market domain the simulator reads. */
export interface StoredSeries {
  dailySeries(
    asset: string,
    quote: string,
  ): Promise<{ readonly series: DailySeries; readonly sources: readonly string[] }>;
}

export function storeHistory(market: StoredSeries): HistorySource {
  return async () => {
    const btc = await market.dailySeries('BTC', 'USD');
    if (btc.series.dates.length === 0) return null;
    const eth = await market.dailySeries('ETH', 'USD');
    return {
      btc: btc.series,
      eth: eth.series.dates.length === 0 ? null : eth.series,
      sources: { BTC: btc.sources, ETH: eth.sources },
    };
  };
}

/** What the refusal says when the store has no BTC prices: how to bring them in. */
export const NO_HISTORY_MESSAGE =
  'the market store has no BTC prices in USD; import a daily price file with ' +
  '`kazna market import FILE --asset BTC` (Bitstamp/Coinbase candles, Yahoo Finance and ' +
  'broker CSVs are recognised) or on the Market page';

/** The part of the market domain a replay reads for FX: the price of 1 USD in a currency. */
export interface StoredFx {
  priceOn(
    asset: 'USD',
    quote: AssetCode,
    day: string,
  ): Promise<{ readonly price: bigint; readonly stale: boolean } | null>;
}

/** 1 USD in `currency` on `day` from the FX store; null when unknown or stale (days old). */
export function storeFx(market: StoredFx): FxLookup {
  return async (currency, day) => {
    if (currency === 'USD') return 1;
    if (!isAssetCode(currency)) return null;
    const p = await market.priceOn('USD', currency, day);
    return p === null || p.stale ? null : Number(p.price) / 10 ** PRICE_SCALE;
  };
}
