/** ISO calendar days (UTC) for the portal's series. */
export function endOfDay(day: string): Date {
  return new Date(`${day}T23:59:59.999Z`);
}

export function isoDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/** The last day of each month from `from` to `to`, then `to` itself when it is not a month end. */
export function monthEnds(from: string, to: string): string[] {
  const out: string[] = [];
  if (from > to) return out;
  let y = Number(from.slice(0, 4));
  let m = Number(from.slice(5, 7));
  for (;;) {
    const last = isoDay(new Date(Date.UTC(y, m, 0)));
    if (last > to) break;
    out.push(last);
    m += 1;
    if (m > 12) {
      m = 1;
      y += 1;
    }
  }
  if (out.at(-1) !== to) out.push(to);
  return out;
}
