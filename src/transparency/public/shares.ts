/**
 * Exact shares for the pie chart. Each value's share of the total is given in basis points by the
 * largest-remainder method: floor every share, then hand the leftover points to the largest
 * remainders (ties to the earlier line), so the shares always add up to exactly 100.00% and the
 * chart, the table and the downloads show the same numbers. Pure bigint arithmetic, no floats.
 */
export const BPS_TOTAL = 10_000n;

export function sharesBps(values: readonly bigint[]): number[] {
  for (const v of values) if (v < 0n) throw new Error('a share of a negative value is undefined');
  const total = values.reduce((s, v) => s + v, 0n);
  if (total === 0n) return values.map(() => 0);
  const floors = values.map((v) => (v * BPS_TOTAL) / total);
  const remainders = values.map((v, i) => ({ i, r: v * BPS_TOTAL - (floors[i] ?? 0n) * total }));
  let left = BPS_TOTAL - floors.reduce((s, f) => s + f, 0n);
  remainders.sort((a, b) => (a.r === b.r ? a.i - b.i : a.r > b.r ? -1 : 1));
  const out = floors.map(Number);
  for (const { i } of remainders) {
    if (left === 0n) break;
    out[i] = (out[i] ?? 0) + 1;
    left -= 1n;
  }
  return out;
}

/** Basis points as a percentage with two decimals: 4123 -> "41.23". */
export function bpsPercent(bps: number): string {
  const whole = Math.trunc(bps / 100);
  const frac = Math.abs(bps % 100);
  return `${bps < 0 ? '-' : ''}${Math.abs(whole)}.${frac.toString().padStart(2, '0')}`;
}
