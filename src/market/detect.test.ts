import { describe, expect, it } from 'vitest';
import { CSV_FORMATS, detectLayout, parsePriceCsv } from './csv.ts';
import { withoutFloatNoise } from './import.ts';

/** The layouts a user brings in one command are recognised from the header and the first rows. */
describe('detectLayout', () => {
  const detected = (text: string) => {
    const d = detectLayout(text);
    if (!d.ok) throw new Error(d.message);
    return d;
  };

  it('recognises Bitstamp/Coinbase candles, Yahoo downloads and semicolon broker files', () => {
    const candles = detected(
      'timestamp,open,close,volume,unix_timestamp,high,low\n' +
        '2011-08-18 00:00:00,10.9,10.9,0.48990826,1313625600,10.9,10.9\n',
    );
    expect(candles.name).toBe('btc_candles');
    expect(candles.layout).toEqual(CSV_FORMATS.btc_candles);
    const yahoo = detected(
      'Date,Open,High,Low,Close,Adj Close,Volume\n2017-11-09,308.6,329.4,307.0,320.8,320.8,893249984\n',
    );
    expect(yahoo.name).toBe('yahoo');
    // The adjusted close is never taken for the close.
    expect(yahoo.layout.columns.close).toBe('Close');
    const broker = detected(
      'Date;Open;High;Low;Close;Volume\r\n2004.06.11 00:00;384;384.8;382.8;384.1;272\r\n',
    );
    expect(broker.name).toBe('xau_semicolon');
    expect(detected('date,close\n2024-01-01,1\n').name).toBe('simple');
  });

  it('puts a layout together from any header naming a date and a close', () => {
    const file = 'time\tlow\thigh\topen\tclose\tvolume\n1711670400\t1\t3\t2\t2.5\t10\n';
    const tabbed = detected(file);
    expect(tabbed.name).toBeNull();
    expect(tabbed.layout).toEqual({
      delimiter: '\t',
      dateFormat: 'unix',
      columns: {
        date: 'time',
        close: 'close',
        open: 'open',
        high: 'high',
        low: 'low',
        volume: 'volume',
      },
    });
    const parsed = parsePriceCsv(file, tabbed.layout);
    expect(parsed.ok && parsed.rows[0]?.date).toBe('2024-03-29');
    expect(detected('Day;Price\n29.03.2024;5\n30.03.2024;6\n').layout.dateFormat).toBe('dmy');
    expect(detected('Date,Close\n03/29/2024,5\n').layout.dateFormat).toBe('mdy');
  });

  it('refuses what it cannot read unambiguously, saying why', () => {
    const ambiguous = detectLayout('Date,Close\n03/04/2024,5\n05/06/2024,6\n');
    expect(ambiguous).toMatchObject({ ok: false, code: 'layout_not_recognised' });
    expect(ambiguous.ok ? '' : ambiguous.message).toMatch(/day-first and month-first/);
    const noClose = detectLayout('Date,Open\n2024-01-01,5\n');
    expect(noClose.ok ? '' : noClose.message).toMatch(/no close column/);
    expect(detectLayout('Date,Close\n29 March 2024,5\n').ok).toBe(false);
    expect(detectLayout('\n\n')).toMatchObject({ ok: false, code: 'file_is_empty' });
  });
});

describe('parsePriceCsv', () => {
  it('reports both rows of a day that appears twice, each with its own line as written', () => {
    const file = 'date,close\n2024-03-29,5\n2024-03-30,6\n2024-03-29,7\n';
    const parsed = parsePriceCsv(file, CSV_FORMATS.simple);
    expect(parsed.ok && parsed.errors).toEqual([
      {
        line: 2,
        code: 'date_is_duplicated',
        message: '2024-03-29 appears on lines 2, 4',
        text: '2024-03-29,5',
      },
      {
        line: 4,
        code: 'date_is_duplicated',
        message: '2024-03-29 appears on lines 2, 4',
        text: '2024-03-29,7',
      },
    ]);
    expect(parsed.ok && parsed.rows.map((r) => r.date)).toEqual(['2024-03-30']);
  });
});

describe('withoutFloatNoise', () => {
  it('rounds what a float printed, and keeps a price typed with too many digits', () => {
    expect(withoutFloatNoise('885.6900000000001')).toBe('885.69');
    expect(withoutFloatNoise('913.1799999999999')).toBe('913.18');
    expect(withoutFloatNoise('384.1')).toBe('384.1');
    expect(withoutFloatNoise('45000.0000000000001')).toBe('45000.0000000000001');
  });
});
