import { toCsv } from '../core/csv.ts';
import type { Actor } from '../core/identity.ts';
import { formatAmount } from '../core/money.ts';
import { err, ok, type Result } from '../core/result.ts';
import { formatPrice } from '../market/model.ts';
import { disposableLots, disposalEvents } from '../seizures/disposal.ts';
import { auctionExecutors, requestAuction, requestAward } from './auction.ts';
import { closeAuction, commitBid, registerBidder, revealBid } from './bids.ts';
import type { DisposalDeps } from './deps.ts';
import { bestExecution, type BestExecution } from './model.ts';
import {
  otcExecutors,
  requestPlan,
  requestTranche,
  type PlanInput,
  type TrancheInput,
} from './otc.ts';
import type { SeizureContribution } from '../reserve/public.ts';
import * as store from './store.ts';

/**
 * Disposal of forfeited crypto by sale: sealed-bid auctions and OTC tranche plans (an in-kind
 * contribution to a manager is the reserve core's subscription). Every step that moves a lot or
 * money is an approval request whose executor is registered here; the lot leaves seizure custody
 * through `takeLotForDisposalInTx` in the executor's transaction, and the proceeds land in the
 * reserve's FX account from an equity account marked `forfeited_crypto`.
 */
export function createDisposal(d: DisposalDeps) {
  const auctions = auctionExecutors(d);
  const otc = otcExecutors(d);
  return {
    /** Disposal's approval kinds (auction create and award, OTC plan and tranche), for main.ts. */
    executors: [auctions.create, auctions.award, otc.plan, otc.tranche] as const,
    requestAuction: (
      actor: Actor,
      input: {
        lotIds: readonly string[];
        reservePrice: string;
        closesAt: string;
        auctionId?: string;
      },
    ) => requestAuction(d, auctions, actor, input),
    registerBidder: (actor: Actor, auctionId: string, b: { kycRef: string; address: string }) =>
      registerBidder(d, actor, auctionId, b),
    commitBid: (
      actor: Actor,
      auctionId: string,
      b: { lotId: string; bidderId: string; commitment: string },
    ) => commitBid(d, actor, auctionId, b),
    closeAuction: (actor: Actor, auctionId: string) => closeAuction(d, actor, auctionId),
    revealBid: (
      actor: Actor,
      auctionId: string,
      r: { bidId: string; price: string; salt: string },
    ) => revealBid(d, actor, auctionId, r),
    requestAward: (actor: Actor, auctionId: string) => requestAward(d, auctions, actor, auctionId),
    requestPlan: (actor: Actor, input: PlanInput) => requestPlan(d, otc, actor, input),
    requestTranche: (actor: Actor, planId: string, t: TrancheInput) =>
      requestTranche(d, otc, actor, planId, t),
    auctions: (p: { after?: string | undefined; limit: number }) => store.auctions(d.db, p),
    auction: (id: string) => auctionView(d, id),
    plans: (p: { after?: string | undefined; limit: number }) => store.plans(d.db, p),
    plan: (id: string) => planView(d, id),
    report: (planId: string) => report(d, planId),
    lotEvents: (lotId: string) => disposalEvents(d.db, lotId),
    /** Forfeited, earmarked lots that still hold units: what a sale or a contribution can take. */
    disposableLots: () => disposableLots(d.db),
    /** Sales whose proceeds reached the reserve, in the shape of the reserve's public contract. */
    contributions: async (): Promise<SeizureContribution[]> =>
      (await store.sales(d.db)).map((s) => ({
        lotId: s.lotId,
        asset: s.asset,
        units: s.units,
        value: s.proceedsCents,
        day: s.day,
        route: s.route,
        managerId: null,
      })),
  };
}

export type Disposal = ReturnType<typeof createDisposal>;

/** An auction with its bidders, its bids (prices only once revealed) and its awards. */
async function auctionView(d: DisposalDeps, id: string) {
  const a = await store.auction(d.db, id);
  if (a === null) return null;
  return {
    auction: a,
    bidders: await store.bidders(d.db, id),
    bids: await store.bids(d.db, id),
    awards: await store.awards(d.db, id),
  };
}

async function planView(d: DisposalDeps, id: string) {
  const p = await store.plan(d.db, id);
  if (p === null) return null;
  return { plan: p, fills: await store.fills(d.db, id) };
}

export interface ExecutionReport {
  readonly plan: store.PlanRow;
  readonly fills: readonly store.FillRow[];
  readonly unitsPlanned: bigint;
  readonly report: BestExecution;
  /** The reference closes the TWAP averages, one per day of the execution period. */
  readonly closes: readonly { readonly day: string; readonly close: bigint }[];
}

/** The best-execution report of a plan: fills against the day's reference and the period's TWAP. */
async function report(
  d: DisposalDeps,
  planId: string,
): Promise<Result<ExecutionReport, 'plan_not_found'>> {
  const plan = await store.plan(d.db, planId);
  if (plan === null) return err('plan_not_found', `no plan ${planId}`);
  const fills = await store.fills(d.db, planId);
  const days = fills.map((f) => f.day).sort();
  const first = days[0];
  const last = days.at(-1);
  const closes =
    first === undefined || last === undefined
      ? []
      : (await d.market.series(plan.asset, 'USD', first, last)).map((r) => ({
          day: r.day,
          close: r.close,
        }));
  return ok({
    plan,
    fills,
    unitsPlanned: plan.tranches.reduce((s, t) => s + t.units, 0n),
    closes,
    report: bestExecution(
      fills,
      plan.asset,
      closes.map((c) => c.close),
      BigInt(plan.toleranceBps),
    ),
  });
}

/** The report as JSON: amounts and prices as decimal strings, basis points as integers. */
export function reportJson(r: ExecutionReport) {
  const asset = r.plan.asset;
  const price = (p: bigint | null) => (p === null ? null : formatPrice(p));
  const bps = (b: bigint | null) => (b === null ? null : Number(b));
  return {
    planId: r.plan.id,
    lotId: r.plan.lotId,
    asset,
    maxVolumeShareBps: r.plan.maxVolumeShareBps,
    toleranceBps: r.plan.toleranceBps,
    unitsPlanned: formatAmount(r.unitsPlanned, asset),
    unitsFilled: formatAmount(r.report.unitsFilled, asset),
    tranchesPlanned: r.plan.tranches.length,
    tranchesFilled: r.report.tranchesFilled,
    proceeds: formatAmount(r.report.proceedsCents, 'USD'),
    vwap: price(r.report.vwap),
    referenceVwap: price(r.report.referenceVwap),
    referenceTwap: price(r.report.referenceTwap),
    slippageVsVwapBps: bps(r.report.slippageVsVwapBps),
    slippageVsTwapBps: bps(r.report.slippageVsTwapBps),
    cost: formatAmount(r.report.costCents, 'USD'),
    breaches: r.report.breaches.map((b) => ({
      trancheNo: b.trancheNo,
      slippageBps: Number(b.slippageBps),
    })),
    fills: r.fills.map((f) => ({
      trancheNo: f.trancheNo,
      day: f.day,
      units: formatAmount(f.units, asset),
      executionPrice: formatPrice(f.executionPrice),
      referencePrice: formatPrice(f.referencePrice),
      referenceDay: f.referenceDay,
      slippageBps: Number(f.slippageBps),
      dailyVolume: formatAmount(f.dailyVolumeUnits, asset),
      volumeSource: f.volumeSource,
      volumeShareBps: Number(f.volumeShareBps),
      proceeds: formatAmount(f.proceedsCents, 'USD'),
      requestId: f.requestId,
    })),
  };
}

const CSV_HEADER = [
  'tranche_no',
  'day',
  'units',
  'execution_price',
  'reference_price',
  'slippage_bps',
  'daily_volume',
  'volume_source',
  'volume_share_bps',
  'proceeds_usd',
];

/** The report as CSV: one line per fill, then a `total` line with VWAP, reference VWAP and slippage. */
export function reportCsv(r: ExecutionReport): string {
  const j = reportJson(r);
  const lines = j.fills.map((f) => [
    f.trancheNo,
    f.day,
    f.units,
    f.executionPrice,
    f.referencePrice,
    f.slippageBps,
    f.dailyVolume,
    f.volumeSource,
    f.volumeShareBps,
    f.proceeds,
  ]);
  const total = [
    'total',
    '',
    j.unitsFilled,
    j.vwap ?? '',
    j.referenceVwap ?? '',
    j.slippageVsVwapBps ?? '',
    '',
    '',
    '',
    j.proceeds,
  ];
  return toCsv(CSV_HEADER, [...lines, total]);
}
