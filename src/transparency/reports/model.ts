import { err, ok, type Result } from '../../core/result.ts';
import {
  OFFICIAL_RESERVE_BUCKETS,
  RESERVE_BUCKETS,
  type ReserveAllocation,
  type ReserveBucket,
} from '../../reserve/public.ts';
import type { AuditRef, ReportFigure } from '../../../verifier/src/reports.ts';

/**
 * Pure parts of the periodic reports: periods, figures and their sums, and the IMF reserve-template
 * view. The service gathers the inputs (ledger, seizures, reserve reads, prices, the audit log) and
 * these functions shape them; no I/O here.
 */
export type ReportKind = 'monthly' | 'quarterly';

export interface Period {
  readonly kind: ReportKind;
  /** `2026-10` for a month, `2026-Q4` for a quarter. */
  readonly period: string;
  readonly from: string;
  /** The last day, inclusive. */
  readonly to: string;
}

export type PeriodError = 'period_invalid';

const MONTH = /^([0-9]{4})-(0[1-9]|1[0-2])$/;
const QUARTER = /^([0-9]{4})-Q([1-4])$/;

function lastDayOf(year: number, month: number): string {
  const d = new Date(Date.UTC(year, month, 0));
  return d.toISOString().slice(0, 10);
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** Errors: period_invalid (neither YYYY-MM nor YYYY-Qn). */
export function parsePeriod(text: string): Result<Period, PeriodError> {
  const m = MONTH.exec(text);
  if (m !== null) {
    const [year, month] = [Number(m[1]), Number(m[2])];
    return ok({
      kind: 'monthly',
      period: text,
      from: `${year}-${pad(month)}-01`,
      to: lastDayOf(year, month),
    });
  }
  const q = QUARTER.exec(text);
  if (q !== null) {
    const [year, quarter] = [Number(q[1]), Number(q[2])];
    const first = (quarter - 1) * 3 + 1;
    return ok({
      kind: 'quarterly',
      period: text,
      from: `${year}-${pad(first)}-01`,
      to: lastDayOf(year, first + 2),
    });
  }
  return err('period_invalid', 'a period is a month (2026-10) or a quarter (2026-Q4)', { text });
}

/** The first instant after the period: entries recorded before it belong to the period. */
export function periodEnd(p: Period): Date {
  return new Date(Date.parse(`${p.to}T00:00:00.000Z`) + 86_400_000);
}

export function figure(
  f: Omit<ReportFigure, 'evidence' | 'refs'> & {
    evidence?: ReportFigure['evidence'];
    refs?: readonly AuditRef[];
  },
): ReportFigure {
  const refs = [...(f.refs ?? [])].sort((a, b) => Number(a.seq) - Number(b.seq));
  return { ...f, evidence: f.evidence ?? {}, refs: dedupe(refs) };
}

function dedupe(refs: readonly AuditRef[]): AuditRef[] {
  return refs.filter((r, i) => i === 0 || refs[i - 1]?.seq !== r.seq);
}

/** A total figure over its parts, and the sum line the verifier checks. */
export function totalOf(
  id: string,
  section: string,
  label: string,
  parts: readonly ReportFigure[],
): { total: ReportFigure; sum: { total: string; parts: string[] } } {
  const value = parts.reduce((s, f) => s + BigInt(f.value ?? '0'), 0n);
  return {
    total: figure({ id, section, label, asset: null, units: null, value: value.toString() }),
    sum: { total: id, parts: parts.map((f) => f.id) },
  };
}

export const BPM7_NOTE =
  'Crypto-asset exposure (held through hedge and venture funds, and any seized crypto-assets) is ' +
  'not included in official reserve assets: BPM7 classifies crypto-assets without a ' +
  'corresponding liability as non-produced nonfinancial assets, and fund shares that are not ' +
  'readily available and controlled by the monetary authority are not reserve assets. They are ' +
  'reported under other foreign currency assets.';

export interface ImfView {
  readonly template: 'IMF Reserves Data Template (international reserves and foreign currency liquidity), section I';
  readonly day: string;
  readonly currency: 'USD';
  readonly officialReserveAssets: {
    readonly lines: readonly {
      readonly item: string;
      readonly bucket: ReserveBucket;
      readonly value: string;
    }[];
    readonly total: string;
  };
  readonly otherForeignCurrencyAssets: {
    readonly lines: readonly {
      readonly item: string;
      readonly bucket: ReserveBucket;
      readonly value: string;
    }[];
    readonly total: string;
  };
  readonly stale: boolean;
  readonly notes: readonly string[];
}

const IMF_ITEMS: Readonly<Record<ReserveBucket, string>> = {
  gold: 'I.A.(4) gold (including gold deposits and gold swapped)',
  fx: 'I.A.(1) foreign currency reserves (securities, deposits)',
  hedge_funds: 'I.B other foreign currency assets: shares in hedge funds (crypto exposure)',
  venture_funds: 'I.B other foreign currency assets: shares in venture funds (crypto exposure)',
};

/** Official reserve assets (gold, FX) apart from other foreign currency assets, with the note. */
export function imfView(a: ReserveAllocation): ImfView {
  const line = (bucket: ReserveBucket) => ({
    item: IMF_ITEMS[bucket],
    bucket,
    value: (a.lines.find((l) => l.bucket === bucket)?.value ?? 0n).toString(),
  });
  const official = RESERVE_BUCKETS.filter((b) => OFFICIAL_RESERVE_BUCKETS.includes(b)).map(line);
  const other = RESERVE_BUCKETS.filter((b) => !OFFICIAL_RESERVE_BUCKETS.includes(b)).map(line);
  const total = (ls: readonly { value: string }[]) =>
    ls.reduce((s, l) => s + BigInt(l.value), 0n).toString();
  return {
    template:
      'IMF Reserves Data Template (international reserves and foreign currency liquidity), section I',
    day: a.day,
    currency: 'USD',
    officialReserveAssets: { lines: official, total: total(official) },
    otherForeignCurrencyAssets: { lines: other, total: total(other) },
    stale: a.stale,
    notes: [BPM7_NOTE],
  };
}
