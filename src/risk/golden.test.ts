import { beforeAll, describe, expect, it } from 'vitest';
import { haveSharedData } from '../../test/support/shared-data.ts';
import { indexOnOrBefore, type DailySeries } from '../market/series.ts';
import { loadSharedSeries } from '../../test/support/shared-prices.ts';
import { empiricalTail, logReturns, maxDrawdown, simpleReturns, stdev } from './stats.ts';

/**
 * Golden figures on the shared price files. They pin the return definitions: volatility is the
 * sample standard deviation of daily log close-to-close returns, VaR the empirical quantile of daily
 * simple close-to-close returns (docs/design/risk.md). Tolerances are stated per figure: each is
 * tight enough that the other definition would fail it (BTC log-return VaR99 is 10.9%, simple-return
 * volatility 3.635%).
 */
function from(series: DailySeries, day: string): Float64Array {
  return series.close.subarray(indexOnOrBefore(series, day));
}

describe.runIf(haveSharedData('prices'))('golden figures on the shared price files', () => {
  let btc: DailySeries;
  let eth: DailySeries;
  let xau: DailySeries;
  beforeAll(async () => {
    [btc, eth, xau] = await Promise.all([
      loadSharedSeries('BTC'),
      loadSharedSeries('ETH'),
      loadSharedSeries('XAU'),
    ]);
  });

  it('BTC since 2014-01-01: daily volatility 3.66% (+-0.01 pp) from log returns', () => {
    const prices = from(btc, '2014-01-01');
    expect(stdev(logReturns(prices))).toBeCloseTo(0.0366, 4);
    expect(Math.abs(stdev(simpleReturns(prices)) - 0.0366)).toBeGreaterThan(0.0002);
  });

  it('BTC since 2014-01-01: historical one-day VaR99 10.4% (+-0.1 pp) from simple returns', () => {
    const tail = empiricalTail(simpleReturns(from(btc, '2014-01-01')), 0.99);
    expect(Math.abs(tail.var - 0.104)).toBeLessThan(0.001);
    expect(tail.cvar).toBeGreaterThan(tail.var);
  });

  it('BTC since 2014-01-01: maximum drawdown -83.8% (+-0.05 pp), 2017-12-16 to 2018-12-15', () => {
    const start = indexOnOrBefore(btc, '2014-01-01');
    const dd = maxDrawdown(from(btc, '2014-01-01'));
    expect(Math.abs(dd.depth + 0.838)).toBeLessThan(0.0005);
    expect(btc.dates[start + dd.peakIndex]).toBe('2017-12-16');
    expect(btc.dates[start + dd.troughIndex]).toBe('2018-12-15');
  });

  it('BTC on 2020-03-12: one-day simple move -38.8% (+-0.05 pp)', () => {
    const i = indexOnOrBefore(btc, '2020-03-12');
    expect(btc.dates[i]).toBe('2020-03-12');
    expect(Math.abs(btc.close[i]! / btc.close[i - 1]! - 1 + 0.388)).toBeLessThan(0.0005);
  });

  it('ETH and XAU over their files: daily volatility 4.75% and 1.08% (+-0.01 pp)', () => {
    expect(stdev(logReturns(eth.close))).toBeCloseTo(0.0475, 4);
    expect(Math.abs(stdev(logReturns(xau.close)) - 0.0108)).toBeLessThan(0.0001);
  });
});
