import { mulDiv } from '../core/money.ts';
import { daysBetween, expectedDays, formatPrice } from './model.ts';

/**
 * Data-quality checks over one asset's stored prices. Pure: the caller passes the rows.
 * - `gap`: an expected day (every day for crypto, weekdays otherwise) with no price from any source;
 * - `stale`: the latest price is older than the asset's freshness window on the day checked, or the
 *   same close repeats for `flatRunDays` days or more (a frozen feed);
 * - `jump`: a close-to-close move beyond `jumpBps` (simple return);
 * - `disagreement`: two sources differ by more than `disagreementBps` on the same day.
 */
export interface QualityRow {
  readonly day: string;
  readonly source: string;
  readonly close: bigint;
}

export interface QualityOptions {
  readonly from: string;
  readonly to: string;
  readonly weekends: boolean;
  readonly staleAfterDays: number;
  readonly jumpBps: number;
  readonly disagreementBps: number;
  readonly flatRunDays: number;
}

export type QualityIssue =
  | { readonly kind: 'gap'; readonly day: string }
  | {
      readonly kind: 'stale';
      readonly day: string;
      readonly latest: string | null;
      readonly ageDays: number | null;
    }
  | {
      readonly kind: 'flat_run';
      readonly day: string;
      readonly days: number;
      readonly close: string;
    }
  | {
      readonly kind: 'jump';
      readonly day: string;
      readonly source: string;
      readonly moveBps: number;
    }
  | {
      readonly kind: 'disagreement';
      readonly day: string;
      readonly sources: readonly [string, string];
      readonly closes: readonly [string, string];
      readonly spreadBps: number;
    };

export function checkQuality(rows: readonly QualityRow[], o: QualityOptions): QualityIssue[] {
  const inRange = rows.filter((r) => r.day >= o.from && r.day <= o.to);
  const byDay = new Map<string, QualityRow[]>();
  for (const r of inRange) byDay.set(r.day, [...(byDay.get(r.day) ?? []), r]);
  const issues: QualityIssue[] = [];
  for (const day of expectedDays(o.from, o.to, o.weekends)) {
    if (!byDay.has(day)) issues.push({ kind: 'gap', day });
  }
  const latest = inRange.reduce<string | null>(
    (m, r) => (m === null || r.day > m ? r.day : m),
    null,
  );
  const age = latest === null ? null : daysBetween(latest, o.to);
  if (age === null || age > o.staleAfterDays) {
    issues.push({ kind: 'stale', day: o.to, latest, ageDays: age });
  }
  const sources = [...new Set(inRange.map((r) => r.source))].sort();
  for (const source of sources) {
    const series = inRange
      .filter((r) => r.source === source)
      .sort((a, b) => (a.day < b.day ? -1 : 1));
    issues.push(...seriesIssues(series, o));
  }
  for (const [day, same] of [...byDay.entries()].sort())
    issues.push(...disagreements(day, same, o));
  return issues;
}

function seriesIssues(series: readonly QualityRow[], o: QualityOptions): QualityIssue[] {
  const issues: QualityIssue[] = [];
  let run = 1;
  for (let i = 1; i < series.length; i++) {
    const prev = series[i - 1];
    const cur = series[i];
    if (prev === undefined || cur === undefined) continue;
    const moveBps = Number(mulDiv(cur.close - prev.close, 10_000n, prev.close));
    if (Math.abs(moveBps) > o.jumpBps) {
      issues.push({ kind: 'jump', day: cur.day, source: cur.source, moveBps });
    }
    run = cur.close === prev.close ? run + 1 : 1;
    if (run === o.flatRunDays) {
      issues.push({ kind: 'flat_run', day: cur.day, days: run, close: formatPrice(cur.close) });
    }
  }
  return issues;
}

function disagreements(
  day: string,
  rows: readonly QualityRow[],
  o: QualityOptions,
): QualityIssue[] {
  const issues: QualityIssue[] = [];
  for (let i = 0; i < rows.length; i++) {
    for (let j = i + 1; j < rows.length; j++) {
      const a = rows[i];
      const b = rows[j];
      if (a === undefined || b === undefined || a.source === b.source) continue;
      const low = a.close < b.close ? a.close : b.close;
      const spread = a.close > b.close ? a.close - b.close : b.close - a.close;
      const spreadBps = Number(mulDiv(spread, 10_000n, low));
      if (spreadBps > o.disagreementBps) {
        issues.push({
          kind: 'disagreement',
          day,
          sources: [a.source, b.source],
          closes: [formatPrice(a.close), formatPrice(b.close)],
          spreadBps,
        });
      }
    }
  }
  return issues;
}
