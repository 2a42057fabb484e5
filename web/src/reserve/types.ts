import type { z } from 'zod';
import type {
  AlertRowJson,
  ManagerPositionJson,
  PolicyBreachJson,
  PolicyVersionJson,
  ProposalJson,
  SeizureContributionJson,
  ValuePointJson,
} from '../../../src/reserve/answers.ts';

/**
 * The reserve API's replies as the pages read them; where the server's answer schema exists, the
 * type is that schema's (and the page fetches with it, so the body is parsed, not assumed). Money is
 * a decimal string of base units (USD cents) unless a field says otherwise; NAV statements and
 * disposal replies carry decimal strings already scaled to whole units.
 */
export const BUCKETS = ['gold', 'fx', 'hedge_funds', 'venture_funds'] as const;
export type Bucket = (typeof BUCKETS)[number];

export interface AllocationLine {
  readonly bucket: Bucket;
  readonly value: string;
  readonly targetBps: number;
  readonly bandBps: number;
}

export interface Allocation {
  readonly day: string;
  readonly currency: string;
  readonly total: string;
  readonly stale: boolean;
  readonly policyVersion: number;
  readonly lines: readonly AllocationLine[];
}

export interface BucketPolicy {
  readonly targetBps: number;
  readonly bandBps: number;
}

export type PolicyVersion = z.output<typeof PolicyVersionJson>;

export type Breach = z.output<typeof PolicyBreachJson>;

export type ReserveAlert = z.output<typeof AlertRowJson>;

export type Proposal = z.output<typeof ProposalJson>;

export interface Rebalancing {
  readonly day: string;
  readonly policyVersion: number;
  readonly total: string;
  readonly gaps: Readonly<Record<Bucket, string>>;
  readonly breaches: readonly Breach[];
  readonly proposals: readonly Proposal[];
  readonly stale: boolean;
}

export type ValuePoint = z.output<typeof ValuePointJson>;

export type ManagerKind = 'hedge_fund' | 'venture_fund';

export interface ManagerSummary {
  readonly id: string;
  readonly name: string;
  readonly kind: ManagerKind;
  readonly status: string;
  readonly ddScore: number | null;
  readonly mandate: Mandate;
  readonly terms: Readonly<Record<string, unknown>>;
  readonly createdAt: string;
}

export interface Mandate {
  readonly permittedAssets: readonly string[];
  readonly maxLeverageBps: number;
  readonly maxDrawdownBps: number;
  readonly concentrationLimitBps: number;
}

export type Position = z.output<typeof ManagerPositionJson>;

export interface SourceValue {
  readonly source: string;
  readonly value: string;
}

/** Returns of a hedge-fund holding, in total or for one funding source (fractions, not percent). */
export interface HedgeMetrics {
  readonly paidIn: string;
  readonly paidOut: string;
  readonly value: string;
  readonly gain: string;
  readonly fees: string;
  readonly twr: number | null;
  readonly irr: number | null;
  readonly irrError: string | null;
}

export interface VentureMetrics {
  readonly asOf: string;
  readonly called: string;
  readonly paidIn: string;
  readonly distributed: string;
  readonly residual: string;
  readonly residualDay: string | null;
  readonly unfunded: string;
  readonly tvpi: number | null;
  readonly dpi: number | null;
  readonly rvpi: number | null;
  readonly irr: number | null;
  readonly irrError: string | null;
}

export interface PerformanceRow {
  readonly managerId: string;
  readonly name: string;
  readonly kind: ManagerKind;
  readonly value: string;
  readonly bySource: readonly SourceValue[];
  readonly venture: VentureMetrics | null;
  readonly hedge: {
    readonly total: HedgeMetrics;
    readonly bySource: Readonly<Record<string, HedgeMetrics>>;
  } | null;
}

export interface Performance {
  readonly day: string;
  readonly managers: readonly PerformanceRow[];
  readonly hedgeFunds: HedgeMetrics | null;
  readonly bySource: readonly SourceValue[];
}

export interface Flow {
  readonly id: string;
  readonly managerId: string;
  readonly kind: 'commitment' | 'subscription' | 'redemption' | 'capital_call' | 'distribution';
  readonly method: string;
  readonly day: string;
  readonly value: string;
  readonly units: string;
  readonly navPerUnit: string | null;
  readonly fundingSource: string;
  readonly asset: string;
  readonly assetUnits: string | null;
  readonly lotId: string | null;
  readonly requestId: string | null;
  readonly details: Readonly<Record<string, unknown>>;
  readonly chainTxid: string | null;
}

export interface DdSection {
  readonly section: string;
  readonly score: number | null;
  readonly notes: string;
  readonly documents: readonly { readonly name: string; readonly sha256: string }[];
  readonly scoredAt: string | null;
  readonly scoredBy: string | null;
}

export interface StatusEvent {
  readonly id: string;
  readonly fromStatus: string | null;
  readonly toStatus: string | null;
  readonly notes: string;
  readonly requestId: string | null;
  readonly actor: string;
  readonly at: string;
}

export interface ManagerView {
  readonly manager: {
    readonly id: string;
    readonly name: string;
    readonly kind: ManagerKind;
    readonly status: string;
    readonly ddScore: number | null;
    readonly addresses: Readonly<Record<string, string>>;
  };
  readonly mandate: Mandate;
  readonly terms: Readonly<Record<string, unknown>>;
  readonly dueDiligence: {
    readonly overall: number | null;
    readonly sections: readonly DdSection[];
  };
  readonly history: readonly StatusEvent[];
  readonly position: {
    readonly value: string;
    readonly units: string;
    readonly navDay: string | null;
    readonly stale: boolean;
    readonly bySource: readonly SourceValue[];
  } | null;
  readonly commitment: {
    readonly committed: string;
    readonly called: string;
    readonly unfunded: string;
    readonly distributed: string;
  } | null;
  readonly venture: VentureMetrics | null;
  readonly flows: readonly Flow[];
  readonly queuedRedemptions: readonly Readonly<Record<string, unknown>>[];
}

/** A NAV statement as /managers/:id/nav shows it: amounts in whole USD with decimals. */
export interface NavStatement {
  readonly id: string;
  readonly period: string;
  readonly day: string;
  readonly nav: string;
  readonly units: string | null;
  readonly navPerUnit: string | null;
  readonly managementFee: string;
  readonly performanceFee: string;
  readonly sha256: string;
}

export interface FeeLine {
  readonly day: string;
  readonly expected: { readonly management: string; readonly performance: string };
  readonly reported: { readonly management: string; readonly performance: string };
  readonly managementDifference: string;
  readonly performanceDifference: string;
  readonly flagged: boolean;
}

export type Contribution = z.output<typeof SeizureContributionJson>;
