import type { DailySeries } from '../market/series.ts';
import { err, ok, type Result } from '../core/result.ts';
import { daysBetween, needsEth, scenarioWindow, type Scenario } from './model.ts';
import type { Stream } from './rng.ts';

/**
 * Where a run's prices come from, as plain data (structured-clonable to workers).
 *
 * - `historical`: one path, the stored closes over the window, day by day.
 * - `bootstrap`: circular block bootstrap of joint daily log returns of BTC and ETH over a window
 *   of history. Blocks of `blockDays` consecutive days keep volatility clustering and the BTC/ETH
 *   correlation inside a block; each path starts at the window's last close. An optional target
 *   drift re-centres the log returns (history's BTC drift, 2011 onwards, is not a forecast).
 */
export type PathSource =
  | { readonly kind: 'historical'; readonly btc: Float64Array; readonly eth: Float64Array }
  | {
      readonly kind: 'bootstrap';
      readonly days: number;
      readonly blockDays: number;
      readonly btcReturns: Float64Array;
      readonly ethReturns: Float64Array;
      readonly btcStart: number;
      readonly ethStart: number;
    };

export interface History {
  readonly btc: DailySeries;
  readonly eth: DailySeries | null;
  /** Where the prices came from (market store sources, `demo-generated` for the demo's). */
  readonly sources?: Readonly<Record<string, readonly string[]>>;
}

export type PathSourceError = 'window_outside_data' | 'window_has_gaps' | 'window_too_short';

/** Closes for every calendar day from..to, or a refusal naming the data's own range. */
export function windowCloses(
  series: DailySeries,
  from: string,
  to: string,
): Result<Float64Array, PathSourceError> {
  const first = series.dates[0] ?? '';
  const last = series.dates[series.dates.length - 1] ?? '';
  if (from < first || to > last) {
    return err(
      'window_outside_data',
      `the market store has ${series.asset} prices from ${first} to ${last}, not ${from}..${to}; ` +
        `import daily ${series.asset} closes with \`kazna market import FILE --asset ${series.asset}\``,
      {
        asset: series.asset,
        first,
        last,
        from,
        to,
      },
    );
  }
  const i = series.dates.indexOf(from);
  const j = series.dates.indexOf(to);
  if (i < 0 || j < 0 || j - i !== daysBetween(from, to)) {
    return err(
      'window_has_gaps',
      `the market store lacks some ${series.asset} days in ${from}..${to}; ` +
        `\`kazna market missing --asset ${series.asset} --from ${from} --to ${to}\` lists them`,
      { asset: series.asset },
    );
  }
  return ok(series.close.slice(i, j + 1));
}

export function pathSource(s: Scenario, history: History): Result<PathSource, PathSourceError> {
  const eth = needsEth(s);
  if (eth && history.eth === null) {
    return err(
      'window_outside_data',
      'the scenario needs ETH prices and the market store has none; import daily ETH closes ' +
        'with `kazna market import FILE --asset ETH`',
    );
  }
  const btc = windowCloses(history.btc, s.prices.from, s.prices.to);
  if (!btc.ok) return btc;
  const ethCloses =
    eth && history.eth !== null ? windowCloses(history.eth, s.prices.from, s.prices.to) : ok(null);
  if (!ethCloses.ok) return ethCloses;
  const ethValues = ethCloses.value ?? new Float64Array(btc.value.length).fill(1);
  const p = s.prices;
  if (p.kind === 'historical') return ok({ kind: 'historical', btc: btc.value, eth: ethValues });
  if (btc.value.length < p.blockDays + 1) {
    return err(
      'window_too_short',
      `the window has ${btc.value.length} days; a block needs ${p.blockDays + 1}`,
    );
  }
  const shift = (r: Float64Array): Float64Array => {
    if (p.driftAnnual === undefined) return r;
    let mean = 0;
    for (const x of r) mean += x;
    mean /= r.length;
    const target = Math.log1p(p.driftAnnual) / 365;
    return r.map((x) => x - mean + target);
  };
  const { days } = scenarioWindow(s);
  return ok({
    kind: 'bootstrap',
    days,
    blockDays: p.blockDays,
    btcReturns: shift(logReturns(btc.value)),
    ethReturns:
      ethCloses.value === null
        ? new Float64Array(btc.value.length - 1)
        : shift(logReturns(ethValues)),
    btcStart: btc.value[btc.value.length - 1] ?? 1,
    ethStart: ethValues[ethValues.length - 1] ?? 1,
  });
}

export function logReturns(closes: Float64Array): Float64Array {
  const out = new Float64Array(closes.length - 1);
  for (let i = 1; i < closes.length; i++)
    out[i - 1] = Math.log((closes[i] ?? 1) / (closes[i - 1] ?? 1));
  return out;
}

/** Fills `btc` and `eth` (length days + 1) with one path's closes. */
export function fillPath(
  source: PathSource,
  rng: Stream,
  btc: Float64Array,
  eth: Float64Array,
): void {
  if (source.kind === 'historical') {
    btc.set(source.btc);
    eth.set(source.eth);
    return;
  }
  const n = source.btcReturns.length;
  let lb = Math.log(source.btcStart);
  let le = Math.log(source.ethStart);
  btc[0] = source.btcStart;
  eth[0] = source.ethStart;
  let t = 1;
  while (t <= source.days) {
    const start = rng.below(n);
    for (let j = 0; j < source.blockDays && t <= source.days; j++, t++) {
      const k = (start + j) % n;
      lb += source.btcReturns[k] ?? 0;
      le += source.ethReturns[k] ?? 0;
      btc[t] = Math.exp(lb);
      eth[t] = Math.exp(le);
    }
  }
}

/** Path length of a source: days + 1 closes. */
export function sourceDays(source: PathSource): number {
  return source.kind === 'historical' ? source.btc.length - 1 : source.days;
}
