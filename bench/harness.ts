/**
 * Benchmarks print figures as ratios against a baseline measured in the same run, because these
 * machines are noisy: an absolute number means little, a ratio to the raw cost of the same work does.
 */
export interface BenchRow {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  readonly baseline?: { readonly name: string; readonly value: number };
  /** How to read the ratio, e.g. `higher is better`. */
  readonly note?: string;
  /** The ratio the figure must reach: at least `min`, or at most `max`; printed as PASS or MISS. */
  readonly goal?: { readonly min: number } | { readonly max: number };
}

export interface BenchContext {
  /** A PostgreSQL server URL for server-side figures, when KAZNA_BENCH_DATABASE_URL is set. */
  readonly serverUrl: string | null;
  report(row: BenchRow): void;
  progress(line: string): void;
}

export type Bench = (ctx: BenchContext) => Promise<void>;

export function formatRow(row: BenchRow): string {
  const value = `${fmt(row.value)} ${row.unit}`;
  if (row.baseline === undefined) return `${row.name.padEnd(58)} ${value}`;
  const ratio = row.value / row.baseline.value;
  const base = `${row.baseline.name} ${fmt(row.baseline.value)} ${row.unit}`;
  return `${row.name.padEnd(58)} ${value.padStart(18)}  ratio ${ratio.toFixed(3)}${verdict(row.goal, ratio)} vs ${base}${
    row.note === undefined ? '' : ` (${row.note})`
  }`;
}

function verdict(goal: BenchRow['goal'], ratio: number): string {
  if (goal === undefined) return '';
  const [sign, target, met] =
    'min' in goal ? ['>=', goal.min, ratio >= goal.min] : ['<=', goal.max, ratio <= goal.max];
  return ` (goal ${sign} ${String(target)}: ${met ? 'PASS' : 'MISS'})`;
}

function fmt(x: number): string {
  if (x >= 100) return Math.round(x).toLocaleString('en-US');
  if (x >= 1) return x.toFixed(2);
  return x.toPrecision(3);
}

export function nowMs(): number {
  return performance.now();
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? Number.NaN;
}

export function percentile(xs: readonly number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? Number.NaN;
}
