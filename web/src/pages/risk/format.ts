import { numbers } from '../../portal/format.ts';
import { useI18n } from '../../portal/i18n.ts';

/**
 * Figures on the risk and simulator pages, in the console's language: counts, shares of value and
 * amounts in the reporting currency. These are a model's estimates, floats by nature, so they are
 * rounded for reading; exact ledger amounts go through `Money` instead.
 */
export interface Figures {
  readonly num: (x: number, digits?: number) => string;
  /** A fraction (0.1234) as a percentage with exactly `digits` decimals: 12.34%. */
  readonly pct: (x: number, digits?: number) => string;
  /** A whole amount in the reporting currency: 308,796,143 USD. */
  readonly amount: (x: number | string, currency: string) => string;
  /** Large amounts in short form (1.2 m, 350 k) for chart axes and the simulator's table. */
  readonly compact: (x: number) => string;
}

export function figuresFor(locale: string): Figures {
  const at = numbers(locale);
  const fixed = (d: number) =>
    new Intl.NumberFormat(at, { minimumFractionDigits: d, maximumFractionDigits: d });
  const share = (d: number) =>
    new Intl.NumberFormat(at, {
      style: 'percent',
      minimumFractionDigits: d,
      maximumFractionDigits: d,
    });
  const short = new Intl.NumberFormat(at, { notation: 'compact', maximumFractionDigits: 1 });
  return {
    num: (x, digits = 0) => fixed(digits).format(x),
    pct: (x, digits = 1) => share(digits).format(x),
    amount: (x, currency) =>
      `${fixed(0).format(typeof x === 'string' ? Number(x) : x)} ${currency}`,
    compact: (x) => short.format(x),
  };
}

export function useFigures(): Figures {
  return figuresFor(useI18n().locale);
}
