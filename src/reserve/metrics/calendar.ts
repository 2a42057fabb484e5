import { assert } from '../../core/assert.ts';

/**
 * Calendar arithmetic on ISO days (`YYYY-MM-DD`, UTC), the only date form the reserve metrics take:
 * fund terms count in calendar months and days, never in hours.
 */
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;
const MS_PER_DAY = 86_400_000;

function parts(day: string): [number, number, number] {
  assert(ISO_DAY.test(day), `not an ISO day: ${day}`);
  return [Number(day.slice(0, 4)), Number(day.slice(5, 7)), Number(day.slice(8, 10))];
}

function iso(y: number, m: number, d: number): string {
  // Not Date.UTC, which reads years 0 to 99 as 1900 to 1999: 0050-01-31 plus a day was 1950-02-01.
  const at = new Date(0);
  at.setUTCFullYear(y, m - 1, d);
  return at.toISOString().slice(0, 10);
}

export function daysBetween(from: string, to: string): number {
  parts(from);
  parts(to);
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / MS_PER_DAY);
}

export function addDays(day: string, n: number): string {
  const [y, m, d] = parts(day);
  return iso(y, m, d + n);
}

/** The last day of the day's month. */
export function monthEnd(day: string): string {
  const [y, m] = parts(day);
  return iso(y, m + 1, 0);
}

/** `n` calendar months later, clamped to the month's end (31 Jan + 1 month = 28 or 29 Feb). */
export function addMonths(day: string, n: number): string {
  const [y, m, d] = parts(day);
  const end = Number(monthEnd(iso(y, m + n, 1)).slice(8, 10));
  return iso(y, m + n, Math.min(d, end));
}

/** Whole months from one month to another (`2025-01-31` to `2025-04-30` is 3). */
export function monthsBetween(from: string, to: string): number {
  const [y1, m1] = parts(from);
  const [y2, m2] = parts(to);
  return (y2 - y1) * 12 + (m2 - m1);
}
