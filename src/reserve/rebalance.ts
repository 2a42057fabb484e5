import type { Actor } from '../core/identity.ts';
import { mulDiv } from '../core/money.ts';
import { err, ok, type Result } from '../core/result.ts';
import type { Queryable } from '../db/pool.ts';
import { audit, type ReserveDeps } from './deps.ts';
import { reserveState } from './holdings.ts';
import { lockUpEnds, nextDealingDate } from './metrics/redemption.ts';
import {
  acceptsNewMoney,
  bucketGaps,
  policyBreaches,
  total,
  type AllocationPolicy,
  type PolicyBreach,
} from './model.ts';
import { policyOn } from './policy.ts';
import type { FundPosition } from './positions.ts';
import * as store from './store.ts';
import { BPS_ONE, hedgeFundTermsSchema } from './terms.ts';

/**
 * Rebalancing: the day's allocation against the policy, the breaches, and proposals that respect
 * each manager's liquidity terms (dealing dates, notice, gates, lock-ups). Proposals are advice; each
 * becomes a subscription, redemption or commitment request of its own. A check records every breach
 * as a reserve alert with its audit entry.
 */
export interface Proposal {
  readonly action: 'subscribe' | 'redeem' | 'commit' | 'buy_gold' | 'sell_gold' | 'hold';
  readonly bucket: string;
  readonly managerId: string | null;
  /** USD cents. */
  readonly value: bigint;
  /** When the money can move under the manager's terms (a dealing date), or null for at once. */
  readonly earliest: string | null;
  readonly note: string;
}

export interface Rebalancing {
  readonly day: string;
  readonly policyVersion: number;
  readonly total: bigint;
  readonly gaps: Readonly<Record<string, bigint>>;
  readonly breaches: readonly PolicyBreach[];
  readonly proposals: readonly Proposal[];
  readonly stale: boolean;
}

function headroom(policy: AllocationPolicy, all: bigint, p: FundPosition): bigint {
  const cap = mulDiv(all, BigInt(policy.managerCapBps), BigInt(BPS_ONE), 'floor');
  return cap > p.value ? cap - p.value : 0n;
}

function hedgeProposals(
  policy: AllocationPolicy,
  all: bigint,
  gap: bigint,
  funds: readonly FundPosition[],
  day: string,
): Proposal[] {
  const hedge = funds.filter((f) => f.manager.kind === 'hedge_fund');
  if (gap > 0n) {
    const open = hedge.filter((f) => acceptsNewMoney(f.manager.status));
    if (open.length === 0) return [];
    const each = gap / BigInt(open.length);
    return open
      .map((f): Proposal => {
        const value = each < headroom(policy, all, f) ? each : headroom(policy, all, f);
        return {
          action: 'subscribe',
          bucket: 'hedge_funds',
          managerId: f.manager.id,
          value,
          earliest: null,
          note: `within the manager cap (${policy.managerCapBps} bps)`,
        };
      })
      .filter((p) => p.value > 0n);
  }
  let left = -gap;
  const out: Proposal[] = [];
  for (const f of [...hedge].sort((a, b) => (a.value > b.value ? -1 : 1))) {
    if (left <= 0n) break;
    const terms = hedgeFundTermsSchema.safeParse(f.manager.terms);
    if (!terms.success) continue;
    const t = terms.data;
    const dealing = nextDealingDate(t.redemptionFrequency, t.noticeDays, day);
    const gated =
      t.gate?.basis === 'investor'
        ? mulDiv(f.value, BigInt(t.gate.bps), BigInt(BPS_ONE), 'floor')
        : f.value;
    const value = left < gated ? left : gated;
    const lock = lockUpEnds(t.lockUp, day);
    const note = [
      `dealing date ${dealing} after ${t.noticeDays} days' notice`,
      t.gate === null ? '' : `gate ${t.gate.bps} bps`,
      t.lockUp.kind === 'none'
        ? ''
        : `${t.lockUp.kind} lock-up: check units subscribed after ${lock ?? day}`,
    ]
      .filter((x) => x !== '')
      .join('; ');
    out.push({
      action: 'redeem',
      bucket: 'hedge_funds',
      managerId: f.manager.id,
      value,
      earliest: dealing,
      note,
    });
    left -= value;
  }
  return out;
}

function proposals(
  policy: AllocationPolicy,
  s: Awaited<ReturnType<typeof reserveState>>,
  gaps: Record<string, bigint>,
): Proposal[] {
  const all = total(s.holdings);
  const band = (b: keyof AllocationPolicy['buckets']) =>
    mulDiv(all, BigInt(policy.buckets[b].bandBps), BigInt(BPS_ONE), 'floor');
  const out: Proposal[] = [];
  const hf = gaps['hedge_funds'] ?? 0n;
  if (hf > band('hedge_funds') || -hf > band('hedge_funds'))
    out.push(...hedgeProposals(policy, all, hf, s.funds, s.day));
  const vc = gaps['venture_funds'] ?? 0n;
  if (vc > band('venture_funds'))
    out.push({
      action: 'commit',
      bucket: 'venture_funds',
      managerId: null,
      value: vc,
      earliest: null,
      note: 'new commitments are called over years; commit ahead of the target',
    });
  else if (-vc > band('venture_funds'))
    out.push({
      action: 'hold',
      bucket: 'venture_funds',
      managerId: null,
      value: -vc,
      earliest: null,
      note: 'venture funds do not redeem: stop new commitments and wait for distributions',
    });
  const gold = gaps['gold'] ?? 0n;
  if (gold > band('gold') || -gold > band('gold'))
    out.push({
      action: gold > 0n ? 'buy_gold' : 'sell_gold',
      bucket: 'gold',
      managerId: null,
      value: gold > 0n ? gold : -gold,
      earliest: null,
      note: 'against FX',
    });
  return out;
}

export type RebalancingError = 'no_allocation_policy' | 'no_valuation_for_day';

/** `q`: the pool for a view, the command's transaction when breaches are recorded from it. */
export async function rebalancing(
  d: ReserveDeps,
  day: string,
  q: Queryable = d.db,
): Promise<Result<Rebalancing, RebalancingError>> {
  const policy = await policyOn(q, day);
  if (policy === null) return err('no_allocation_policy', `no allocation policy on ${day}`);
  const s = await reserveState(d, day, q);
  const all = total(s.holdings);
  if (all <= 0n) return err('no_valuation_for_day', `nothing held or priced on ${day}`);
  const gaps = { ...bucketGaps(policy.policy, s.holdings) };
  return ok({
    day,
    policyVersion: policy.version,
    total: all,
    gaps,
    breaches: policyBreaches(policy.policy, s.holdings),
    proposals: proposals(policy.policy, s, gaps),
    stale: s.stale,
  });
}

/** Runs the check and records each breach as a reserve alert (one transaction, one entry each). */
export async function checkAndAlert(
  d: ReserveDeps,
  actor: Actor,
  day: string,
): Promise<Result<{ rebalancing: Rebalancing; alerts: string[] }, RebalancingError>> {
  return d.db.command(async (tx) => {
    // The breaches recorded are those of the holdings as this transaction reads them.
    const r = await rebalancing(d, day, tx);
    if (!r.ok) return r;
    const at = d.clock.now();
    const raised: string[] = [];
    for (const b of r.value.breaches) {
      const id = d.ids.next<'ReserveAlert'>();
      const row = {
        id,
        day,
        kind: b.kind,
        subject: b.subject,
        measuredBps: b.measuredBps,
        thresholdBps: b.thresholdBps,
        message: b.message,
      };
      const seq = await audit(
        d,
        tx,
        { actorId: actor.id, requestId: null, at },
        'reserve.alert.raised',
        [id],
        row,
      );
      await store.insertAlert(tx, { ...row, at, auditSeq: seq });
      raised.push(id);
    }
    return ok({ rebalancing: r.value, alerts: raised });
  });
}
