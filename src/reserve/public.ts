import type { Result } from '../core/result.ts';
import type { RiskHolding } from '../risk/report.ts';

/**
 * What the reserve domain offers to its readers: the transparency portal (allocation, value over
 * time, the assets side of proof of reserves, flows from seizures) and risk (the holdings of a day).
 * It is a contract written before both sides, so that each can be built and tested on its own; the
 * reserve service implements it and `src/main.ts` hands it to the others.
 *
 * Values are exact: base units of the reporting currency (USD cents), as bigint.
 */
export const RESERVE_BUCKETS = ['gold', 'fx', 'hedge_funds', 'venture_funds'] as const;
export type ReserveBucket = (typeof RESERVE_BUCKETS)[number];

/** Official reserve assets in the IMF template (BPM7): gold and FX; crypto exposure is outside them. */
export const OFFICIAL_RESERVE_BUCKETS: readonly ReserveBucket[] = ['gold', 'fx'];

export interface AllocationLine {
  readonly bucket: ReserveBucket;
  /** USD cents at the day's prices and latest NAVs. */
  readonly value: bigint;
  /** The policy's target and band for the bucket, in basis points of the total; null without a policy. */
  readonly targetBps: number | null;
  readonly bandBps: number | null;
}

export interface ReserveAllocation {
  readonly day: string;
  readonly currency: 'USD';
  readonly total: bigint;
  readonly lines: readonly AllocationLine[];
  /** True when a price or a NAV used is stale or missing. */
  readonly stale: boolean;
  /** The allocation policy version in force on the day; null before the first. */
  readonly policyVersion: number | null;
}

export interface ValuePoint {
  readonly day: string;
  readonly total: bigint;
  readonly byBucket: Readonly<Record<ReserveBucket, bigint>>;
}

/** One manager's position for the assets side of proof of reserves. */
export interface ManagerPosition {
  readonly managerId: string;
  /** The public name of the fund (a firm, never a person). */
  readonly name: string;
  readonly kind: 'hedge_fund' | 'venture_fund';
  readonly value: bigint;
  /** The NAV statement the value rests on; null before the first statement. */
  readonly navDay: string | null;
  readonly statementSha256: string | null;
}

/** A forfeited lot that reached the reserve, and how. */
export interface SeizureContribution {
  readonly lotId: string;
  readonly asset: string;
  /** Base units of the lot's asset, as a decimal string of base units. */
  readonly units: bigint;
  /** USD cents at the time of the contribution or sale. */
  readonly value: bigint;
  readonly day: string;
  readonly route: 'in_kind' | 'auction' | 'otc';
  readonly managerId: string | null;
}

export interface ReserveReads {
  /** Errors: no_valuation_for_day (nothing held or no prices on or before the day). */
  allocation(day: string): Promise<Result<ReserveAllocation, 'no_valuation_for_day'>>;
  /**
   * Month-end points from `from` to `to` (inclusive, ISO days); empty when nothing was held.
   * Errors: range_too_long (more than MAX_SERIES_POINTS points).
   */
  valueSeries(from: string, to: string): Promise<Result<readonly ValuePoint[], 'range_too_long'>>;
  managerPositions(day: string): Promise<readonly ManagerPosition[]>;
  seizureContributions(): Promise<readonly SeizureContribution[]>;
  /** The holdings of a day in the shape risk reports take (`HoldingsSource`). */
  holdings(day: string): Promise<readonly RiskHolding[]>;
}
