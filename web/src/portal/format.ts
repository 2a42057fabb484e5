/**
 * Formatting for the portal, per locale. Money arrives as exact decimal strings and is formatted
 * from the string (Intl formats decimal strings exactly), never through a float. Chart geometry is
 * the one place a value becomes a float, to pick a pixel.
 */
type DecimalText = `${number}`;

export function money(locale: string, text: string, digits = 0): string {
  return new Intl.NumberFormat(locale, {
    style: 'currency',
    currency: 'USD',
    currencyDisplay: 'narrowSymbol',
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(text as DecimalText);
}

/** Large sums in short form: $350M, 350 млн $. */
export function moneyShort(locale: string, text: string): string {
  return new Intl.NumberFormat(locale, {
    style: 'currency',
    currency: 'USD',
    currencyDisplay: 'narrowSymbol',
    notation: 'compact',
    maximumFractionDigits: 1,
  }).format(text as DecimalText);
}

export function decimal(locale: string, text: string): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 18 }).format(text as DecimalText);
}

/** A share given as "41.23" (percent, two decimals), shown in the locale's own way. */
export function percent(locale: string, text: string): string {
  return new Intl.NumberFormat(locale, {
    style: 'percent',
    minimumFractionDigits: 2,
    maximumFractionDigits: 2,
  }).format(`${text}E-2` as DecimalText);
}

export function count(locale: string, n: number): string {
  return new Intl.NumberFormat(locale).format(n);
}

export function day(locale: string, iso: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(
    new Date(`${iso.slice(0, 10)}T00:00:00Z`),
  );
}

export function dayTime(locale: string, iso: string): string {
  return new Intl.DateTimeFormat(locale, {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: 'UTC',
  }).format(new Date(iso));
}

export function monthShort(locale: string, iso: string): string {
  return new Intl.DateTimeFormat(locale, {
    month: 'short',
    year: '2-digit',
    timeZone: 'UTC',
  }).format(new Date(`${iso.slice(0, 10)}T00:00:00Z`));
}

/** Only for drawing: a decimal string as a float, to scale a shape. */
export function toPlot(text: string): number {
  return Number.parseFloat(text);
}
