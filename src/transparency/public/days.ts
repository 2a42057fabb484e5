/** ISO calendar days (UTC) for the portal's series. */
export function endOfDay(day: string): Date {
  return new Date(`${day}T23:59:59.999Z`);
}

export function isoDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}
