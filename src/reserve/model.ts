import { z } from 'zod';
import { mulDiv } from '../core/money.ts';
import { err, ok, type Result } from '../core/result.ts';
import { RESERVE_BUCKETS, type ReserveBucket } from './public.ts';
import { BPS_ONE } from './terms.ts';

/**
 * The reserve as pure data and decisions: the allocation policy, the managers' life cycle and due
 * diligence, the caps a subscription must respect, and rebalancing proposals. No I/O, no clock.
 */

/**
 * The funds' pure arithmetic and term schemas, for callers that generate or check statements (the
 * demo's synthetic NAV history is computed with the same fee and NAV rules the reserve applies).
 */
export { addDays, addMonths, monthEnd } from './metrics/calendar.ts';
export { computeFees } from './metrics/fees.ts';
export { navPerUnitOf } from './metrics/nav.ts';
export { hedgeFundTermsSchema, NAV_PER_UNIT_SCALE, type FundTermsInput } from './terms.ts';

const bps = z.int().min(0).max(BPS_ONE);

export const bucketPolicySchema = z.strictObject({ targetBps: bps, bandBps: bps });

export const allocationPolicySchema = z
  .strictObject({
    buckets: z.strictObject({
      gold: bucketPolicySchema,
      fx: bucketPolicySchema,
      hedge_funds: bucketPolicySchema,
      venture_funds: bucketPolicySchema,
    }),
    /** Hedge and venture funds together, as a share of the reserve. */
    cryptoCapBps: bps,
    /** Value with any one manager, as a share of the reserve. */
    managerCapBps: bps,
    /** Gold and FX together (liquid within days), as a share of the reserve. */
    liquidityMinBps: bps,
    /** What a subscription that would break a cap does: refused, or asked as a cap exception. */
    onCapBreach: z.enum(['block', 'approval']),
  })
  .refine(
    (p) => RESERVE_BUCKETS.reduce((s, b) => s + p.buckets[b].targetBps, 0) === BPS_ONE,
    'the bucket targets add up to 10000 bps',
  );
export type AllocationPolicy = z.infer<typeof allocationPolicySchema>;

/** Where capital came from (metrics/attribution.ts); every unit with a manager keeps its source. */
export { FUNDING_SOURCES, type FundingSource } from './metrics/attribution.ts';

export const MANAGER_KINDS = ['hedge_fund', 'venture_fund'] as const;
export type ManagerKind = (typeof MANAGER_KINDS)[number];

export const MANAGER_STATUSES = [
  'candidate',
  'under_review',
  'approved',
  'active',
  'on_watch',
  'terminated',
] as const;
export type ManagerStatus = (typeof MANAGER_STATUSES)[number];

/** Allowed moves. `approved` is reached only through an approval request (a committee quorum). */
const MOVES: Readonly<Record<ManagerStatus, readonly ManagerStatus[]>> = {
  candidate: ['under_review', 'terminated'],
  under_review: ['approved', 'terminated'],
  approved: ['active', 'terminated'],
  active: ['on_watch', 'terminated'],
  on_watch: ['active', 'terminated'],
  terminated: [],
};

export type StatusError = 'status_change_not_allowed' | 'approval_request_required';

export function decideStatus(
  from: ManagerStatus,
  to: ManagerStatus,
  viaApproval: boolean,
): Result<null, StatusError> {
  if (!MOVES[from].includes(to)) {
    return err('status_change_not_allowed', `a manager cannot go from ${from} to ${to}`, {
      from,
      to,
      allowed: MOVES[from],
    });
  }
  if (to === 'approved' && !viaApproval) {
    return err('approval_request_required', 'approving a manager takes a committee quorum');
  }
  return ok(null);
}

/** Statuses in which the reserve may place new money with a manager. */
export function acceptsNewMoney(status: ManagerStatus): boolean {
  return status === 'approved' || status === 'active';
}

export const DD_SECTIONS = [
  'custody',
  'valuation',
  'governance',
  'conflicts',
  'aml',
  'operations',
] as const;
export type DdSection = (typeof DD_SECTIONS)[number];
/** The lowest overall score (0..100) at which a manager may be approved. */
export const DD_SCORE_MIN = 60;

export interface DdSectionScore {
  readonly section: DdSection;
  /** 0 (unacceptable) .. 5 (best practice). */
  readonly score: number;
}

/**
 * The overall score, 0..100: the mean of the latest score of each section, scaled; null until
 * every section has been scored, because an unreviewed section is not a zero.
 */
export function ddScore(latest: readonly DdSectionScore[]): number | null {
  const by = new Map(latest.map((s) => [s.section, s.score]));
  if (DD_SECTIONS.some((s) => !by.has(s))) return null;
  const sum = DD_SECTIONS.reduce((t, s) => t + (by.get(s) ?? 0), 0);
  return Math.round((sum * 100) / (5 * DD_SECTIONS.length));
}

export type ApprovalReadinessError = 'due_diligence_incomplete' | 'due_diligence_score_too_low';

export function readyForApproval(score: number | null): Result<null, ApprovalReadinessError> {
  if (score === null)
    return err('due_diligence_incomplete', 'every due-diligence section needs a score');
  if (score < DD_SCORE_MIN) {
    return err('due_diligence_score_too_low', `the score ${score} is below ${DD_SCORE_MIN}`, {
      score,
      minimum: DD_SCORE_MIN,
    });
  }
  return ok(null);
}

/** The reserve's value by bucket and by manager, USD cents. */
export interface Holdings {
  readonly byBucket: Readonly<Record<ReserveBucket, bigint>>;
  readonly byManager: ReadonlyMap<string, bigint>;
}

export function total(h: Holdings): bigint {
  return RESERVE_BUCKETS.reduce((s, b) => s + h.byBucket[b], 0n);
}

/** Share of `part` in `whole`, bps rounded down; 0 when nothing is held. */
export function shareBps(part: bigint, whole: bigint): number {
  return whole <= 0n ? 0 : Number(mulDiv(part, BigInt(BPS_ONE), whole, 'floor'));
}

export interface NewMoney {
  readonly managerId: string;
  readonly bucket: 'hedge_funds' | 'venture_funds';
  readonly value: bigint;
  /** Cash comes out of FX (the total is unchanged); in kind brings new value into the reserve. */
  readonly method: 'cash' | 'in_kind';
}

export type CapError = 'exceeds_crypto_cap' | 'exceeds_manager_cap';

/** The reserve after the new money, and whether it breaks the crypto cap or the manager cap. */
export function checkCaps(
  policy: AllocationPolicy,
  h: Holdings,
  m: NewMoney,
): Result<{ cryptoBps: number; managerBps: number }, CapError> {
  const before = total(h);
  const after = m.method === 'cash' ? before : before + m.value;
  const crypto = h.byBucket.hedge_funds + h.byBucket.venture_funds + m.value;
  const manager = (h.byManager.get(m.managerId) ?? 0n) + m.value;
  const cryptoBps = shareBps(crypto, after);
  const managerBps = shareBps(manager, after);
  // Compare exactly: a share rounded down could hide a breach by a fraction of a basis point.
  if (crypto * BigInt(BPS_ONE) > BigInt(policy.cryptoCapBps) * after) {
    return err('exceeds_crypto_cap', 'the subscription would break the crypto exposure cap', {
      cryptoBps,
      capBps: policy.cryptoCapBps,
    });
  }
  if (manager * BigInt(BPS_ONE) > BigInt(policy.managerCapBps) * after) {
    return err('exceeds_manager_cap', 'the subscription would break the cap per manager', {
      managerId: m.managerId,
      managerBps,
      capBps: policy.managerCapBps,
    });
  }
  return ok({ cryptoBps, managerBps });
}

export interface PolicyBreach {
  readonly kind: 'bucket_band' | 'crypto_cap' | 'manager_cap' | 'liquidity_min';
  readonly subject: string;
  readonly measuredBps: number;
  readonly thresholdBps: number;
  readonly message: string;
}

/** Every way the holdings stand outside the policy: bands, the caps and the liquidity minimum. */
export function policyBreaches(policy: AllocationPolicy, h: Holdings): PolicyBreach[] {
  const all = total(h);
  if (all <= 0n) return [];
  const out: PolicyBreach[] = [];
  for (const b of RESERVE_BUCKETS) {
    const { targetBps, bandBps } = policy.buckets[b];
    const measured = shareBps(h.byBucket[b], all);
    if (Math.abs(measured - targetBps) > bandBps) {
      const threshold = measured > targetBps ? targetBps + bandBps : targetBps - bandBps;
      const message = `${b} is ${measured} bps against a target of ${targetBps} ± ${bandBps}`;
      out.push({
        kind: 'bucket_band',
        subject: b,
        measuredBps: measured,
        thresholdBps: threshold,
        message,
      });
    }
  }
  const crypto = shareBps(h.byBucket.hedge_funds + h.byBucket.venture_funds, all);
  if (crypto > policy.cryptoCapBps) {
    const message = `crypto exposure ${crypto} bps is above the cap ${policy.cryptoCapBps}`;
    out.push({
      kind: 'crypto_cap',
      subject: 'crypto',
      measuredBps: crypto,
      thresholdBps: policy.cryptoCapBps,
      message,
    });
  }
  for (const [id, v] of h.byManager) {
    const share = shareBps(v, all);
    if (share > policy.managerCapBps) {
      const message = `manager ${id} holds ${share} bps, above the cap ${policy.managerCapBps}`;
      out.push({
        kind: 'manager_cap',
        subject: id,
        measuredBps: share,
        thresholdBps: policy.managerCapBps,
        message,
      });
    }
  }
  const liquid = shareBps(h.byBucket.gold + h.byBucket.fx, all);
  if (liquid < policy.liquidityMinBps) {
    const message = `gold and FX are ${liquid} bps, below the minimum ${policy.liquidityMinBps}`;
    out.push({
      kind: 'liquidity_min',
      subject: 'liquidity',
      measuredBps: liquid,
      thresholdBps: policy.liquidityMinBps,
      message,
    });
  }
  return out;
}

/** How far each bucket is from its target, USD cents (positive: buy more). */
export function bucketGaps(
  policy: AllocationPolicy,
  h: Holdings,
): Readonly<Record<ReserveBucket, bigint>> {
  const all = total(h);
  const gap = (b: ReserveBucket): bigint =>
    mulDiv(all, BigInt(policy.buckets[b].targetBps), BigInt(BPS_ONE), 'floor') - h.byBucket[b];
  return {
    gold: gap('gold'),
    fx: gap('fx'),
    hedge_funds: gap('hedge_funds'),
    venture_funds: gap('venture_funds'),
  };
}
