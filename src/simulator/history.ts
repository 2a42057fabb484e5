import { loadSharedSeries } from '../market/shared-files.ts';
import type { History } from './paths.ts';

/**
 * The stored daily series the simulator draws on, read once per process through the market
 * domain's loader. ETH is optional (its file is shorter); a scenario that needs it and finds none
 * is refused with `window_outside_data`.
 */
export type HistorySource = () => Promise<History | null>;

export function sharedHistory(): HistorySource {
  let loading: Promise<History | null> | null = null;
  return () => {
    loading ??= (async () => {
      try {
        const btc = await loadSharedSeries('BTC');
        const eth = await loadSharedSeries('ETH').catch(() => null);
        return { btc, eth };
      } catch {
        return null;
      }
    })();
    return loading;
  };
}
