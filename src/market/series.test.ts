import { describe, expect, it } from 'vitest';
import { haveSharedData } from '../../test/support/shared-data.ts';
import { readFileSync } from 'node:fs';
import {
  loadSharedSeries,
  SHARED_PRICE_FILES,
  sharedPricePath,
} from '../../test/support/shared-prices.ts';
import { detectLayout } from './csv.ts';
import { validateImport } from './import.ts';
import { indexOnOrBefore, parseDailyCsv, SeriesFileError } from './series.ts';

describe('parseDailyCsv', () => {
  it('reads each shared format into an ascending series', () => {
    const btc = parseDailyCsv(
      'timestamp,open,close,volume,unix_timestamp,high,low\n' +
        '2011-08-19 00:00:00,10.9,11.69,1.9265781400000002,1313712000,11.85,10.9\n' +
        '2011-08-18 00:00:00,10.9,10.9,0.48990826,1313625600,10.9,10.9\n',
      'btc_candles',
      'BTC',
    );
    expect(btc.dates).toEqual(['2011-08-18', '2011-08-19']);
    expect(Array.from(btc.close)).toEqual([10.9, 11.69]);
    expect(Array.from(btc.high ?? [])).toEqual([10.9, 11.85]);

    const eth = parseDailyCsv(
      'Date,Open,High,Low,Close,Adj Close,Volume\n2017-11-09,308.644989,329.451996,307.056000,320.884003,320.884003,893249984',
      'yahoo',
    );
    expect(eth.close[0]).toBe(320.884003);
    expect(eth.volume?.[0]).toBe(893249984);

    const xau = parseDailyCsv(
      'Date;Open;High;Low;Close;Volume\r\n2004.06.11 00:00;384;384.8;382.8;384.1;272\r\n',
      'xau_semicolon',
    );
    expect(xau.dates).toEqual(['2004-06-11']);
    expect(xau.low?.[0]).toBe(382.8);
  });

  it('refuses a damaged file, naming the line', () => {
    expect(() => parseDailyCsv('date,close\n2024-02-30,5\n', 'simple')).toThrow(SeriesFileError);
    expect(() => parseDailyCsv('date,close\n2024-02-01,-5\n', 'simple')).toThrow(/line 2/);
  });
});

describe.runIf(haveSharedData('prices'))('loadSharedSeries on the shared files', () => {
  it('loads BTC, ETH and XAU with the row counts and levels of their provenance note', async () => {
    const [btc, eth, xau] = await Promise.all([
      loadSharedSeries('BTC'),
      loadSharedSeries('ETH'),
      loadSharedSeries('XAU'),
    ]);
    expect(btc.dates.length).toBe(5152);
    expect(eth.dates.length).toBe(2333);
    expect(xau.dates.length).toBe(5440);
    expect(btc.close[indexOnOrBefore(btc, '2020-03-12')]).toBe(4857.1);
    expect(xau.close[indexOnOrBefore(xau, '2020-08-06')]).toBe(2063.25);
    // Gold has no weekends: a Sunday resolves to the Friday before.
    expect(xau.dates[indexOnOrBefore(xau, '2020-08-09')]).toBe('2020-08-07');
  });
});

describe.runIf(haveSharedData('prices'))('the shared files, recognised by the importer', () => {
  it('reads each file whole, with no rejected row, in the layout it names', () => {
    for (const asset of ['BTC', 'ETH', 'XAU'] as const) {
      const text = readFileSync(sharedPricePath(asset), 'utf8');
      const d = detectLayout(text);
      expect(d.ok && d.name).toBe(SHARED_PRICE_FILES[asset].format);
      if (!d.ok) continue;
      const checked = validateImport(text, d.layout, asset, 'USD');
      expect(checked.ok && checked.value.rejected).toEqual([]);
    }
  });
});
