import { err, ok, type Result } from '../core/result.ts';
import type { ReserveDeps } from './deps.ts';
import { reserveState } from './holdings.ts';
import type { AttributionEvent } from './metrics/attribution.ts';
import { feeCheck, type FeeCheckLine } from './metrics/fees.ts';
import { holdingPerformance, portfolioPerformance } from './metrics/performance.ts';
import { ventureMetrics } from './metrics/venture.ts';
import type { DdSection, FundingSource } from './model.ts';
import { DD_SECTIONS, ddScore } from './model.ts';
import { valueBySource, type FundPosition } from './positions.ts';
import { navView } from './statements.ts';
import * as store from './store.ts';
import { fundTermsSchema, hedgeFundTermsSchema, mandateSchema } from './terms.ts';
import { commitmentState } from './venture.ts';

/**
 * What the manager pages and the performance table read: terms, the due-diligence scorecard, the
 * position with its provenance, flows, the NAV series and the fee check.
 */
function scorecard(events: readonly store.ManagerEventRow[]) {
  const latest = new Map<DdSection, store.ManagerEventRow>();
  for (const e of events)
    if (e.kind === 'dd_section' && e.section !== null) latest.set(e.section, e);
  const sections = DD_SECTIONS.map((section) => {
    const e = latest.get(section);
    return {
      section,
      score: e?.score ?? null,
      notes: e?.notes ?? '',
      documents: e?.documents ?? [],
      scoredAt: e?.at ?? null,
      scoredBy: e?.actor ?? null,
    };
  });
  const scores = sections.flatMap((s) =>
    s.score === null ? [] : [{ section: s.section, score: s.score }],
  );
  return { overall: ddScore(scores), sections };
}

function positionView(p: FundPosition | undefined) {
  if (p === undefined) return null;
  return {
    value: p.value,
    units: p.units,
    navPerUnit: p.navPerUnit,
    navDay: p.statement?.day ?? null,
    stale: p.stale,
    bySource: [...valueBySource(p)].map(([source, value]) => ({ source, value })),
  };
}

export async function managerView(d: ReserveDeps, id: string, day: string) {
  const m = await store.manager(d.db, id);
  if (m === null) return null;
  const events = await store.managerEvents(d.db, id);
  const flows = await store.flows(d.db, { managerId: id });
  const state = await reserveState(d, day);
  return {
    manager: {
      id: m.id,
      name: m.name,
      kind: m.kind,
      status: m.status,
      ddScore: m.ddScore,
      addresses: m.addresses,
      createdAt: m.createdAt,
    },
    mandate: mandateSchema.parse(m.mandate),
    terms: m.terms,
    dueDiligence: scorecard(events),
    history: events.filter((e) => e.kind === 'status'),
    position: positionView(state.funds.find((f) => f.manager.id === id)),
    commitment: m.kind === 'venture_fund' ? commitmentState(flows) : null,
    venture:
      m.kind === 'venture_fund'
        ? ventureOf(positionOrNull(state.funds, id), flows, await store.navSeries(d.db, id), day)
        : null,
    flows,
    queuedRedemptions: await store.redemptions(d.db, id, true),
  };
}

function positionOrNull(funds: readonly FundPosition[], id: string): FundPosition | null {
  return funds.find((f) => f.manager.id === id) ?? null;
}

export async function navViews(d: ReserveDeps, id: string) {
  const m = await store.manager(d.db, id);
  if (m === null) return null;
  const unitScale = fundTermsSchema.parse(m.terms).unitScale;
  return (await store.navSeries(d.db, id)).map((n) => navView(n, unitScale));
}

/**
 * The fee check of a hedge fund: the fees recomputed from its NAV series and terms beside the
 * reported ones. The statement's NAV is after fees, so the NAV before fees adds them back; the
 * first high-water mark is the NAV per unit of the reserve's first subscription.
 */
export async function feeCheckOf(
  d: ReserveDeps,
  id: string,
): Promise<
  Result<
    { managerId: string; lines: FeeCheckLine[]; flagged: number },
    'manager_not_found' | 'manager_not_hedge_fund' | 'no_statements'
  >
> {
  const m = await store.manager(d.db, id);
  if (m === null) return err('manager_not_found', `no manager ${id}`);
  const terms = hedgeFundTermsSchema.safeParse(m.terms);
  if (!terms.success)
    return err('manager_not_hedge_fund', 'a fee check reads a hedge fund’s NAV per unit');
  const navs = (await store.navSeries(d.db, id)).filter((n) => n.units !== null && n.units > 0n);
  const first = (await store.flows(d.db, { managerId: id, kind: 'subscription' }))[0];
  const start = first?.navPerUnit ?? navs[0]?.navPerUnit ?? null;
  if (start === null || navs.length === 0)
    return err('no_statements', 'the fund has no NAV statement yet');
  const series = navs.map((n) => ({
    day: n.day,
    navBeforeFees: n.nav + n.managementFee + n.performanceFee,
    units: n.units ?? 0n,
  }));
  const reported = navs.map((n) => ({
    day: n.day,
    management: n.managementFee,
    performance: n.performanceFee,
  }));
  const lines = feeCheck({ highWaterMark: start }, series, terms.data, reported);
  return ok({ managerId: id, lines, flagged: lines.filter((l) => l.flagged).length });
}

/** A hedge fund's flows and NAVs as the events the attribution fold reads, in day order. */
export function hedgeEvents(
  flows: readonly store.FlowRow[],
  navs: readonly store.NavRow[],
): AttributionEvent[] {
  const order = { nav: 0, subscribe: 1, fee: 2, redeem: 3 } as const;
  const events: AttributionEvent[] = [
    ...navs.flatMap((n): AttributionEvent[] =>
      n.navPerUnit === null ? [] : [{ kind: 'nav', day: n.day, navPerUnit: n.navPerUnit }],
    ),
    ...flows.flatMap((f): AttributionEvent[] => {
      if (f.kind === 'subscription' && f.navPerUnit !== null)
        return [
          {
            kind: 'subscribe',
            day: f.day,
            source: f.fundingSource,
            amount: f.value,
            navPerUnit: f.navPerUnit,
          },
        ];
      if (f.kind === 'redemption')
        return [{ kind: 'redeem', day: f.day, units: f.units, proceeds: f.value }];
      return [];
    }),
  ];
  return events.sort((a, b) =>
    a.day === b.day ? order[a.kind] - order[b.kind] : a.day < b.day ? -1 : 1,
  );
}

function ventureOf(
  _p: FundPosition | null,
  flows: readonly store.FlowRow[],
  navs: readonly store.NavRow[],
  day: string,
) {
  const calls = flows
    .filter((f) => f.kind === 'capital_call')
    .map((f) => {
      const d = f.details as { noticeDay?: string };
      return { noticeDay: d.noticeDay ?? f.day, dueDay: f.day, amount: f.value };
    });
  const distributions = flows
    .filter((f) => f.kind === 'distribution')
    .map((f) => ({ day: f.day, kind: f.method, amount: f.value }));
  const commitment = flows.filter((f) => f.kind === 'commitment').reduce((s, f) => s + f.value, 0n);
  const r = ventureMetrics(
    { commitment, calls, distributions, navs: navs.map((n) => ({ day: n.day, value: n.nav })) },
    day,
  );
  return r.ok ? r.value : null;
}

/**
 * Performance by manager on a day (metrics/performance.ts and metrics/venture.ts): paid in, paid
 * out, value, gain, TWR and IRR in total and by funding source for hedge funds; TVPI, DPI, RVPI,
 * IRR and the unfunded commitment for venture funds; and the hedge funds together.
 */
export async function performance(d: ReserveDeps, day: string) {
  const state = await reserveState(d, day);
  const flows = await store.flows(d.db, { toDay: day });
  const navs = await store.navSeries(d.db, null, day);
  const holdings: { events: AttributionEvent[]; unitScale: number }[] = [];
  const managers = state.funds.map((p) => {
    const mine = flows.filter((f) => f.managerId === p.manager.id);
    const series = navs.filter((n) => n.managerId === p.manager.id);
    const base = {
      managerId: p.manager.id,
      name: p.manager.name,
      kind: p.manager.kind,
      value: p.value,
    };
    const bySource = [...valueBySource(p)].map(([source, value]) => ({ source, value }));
    if (p.manager.kind === 'venture_fund')
      return { ...base, bySource, venture: ventureOf(p, mine, series, day), hedge: null };
    const events = hedgeEvents(mine, series);
    if (events.some((e) => e.kind === 'subscribe'))
      holdings.push({ events, unitScale: p.unitScale });
    const perf = events.some((e) => e.kind === 'subscribe')
      ? holdingPerformance(events, p.unitScale, day)
      : null;
    return { ...base, bySource, venture: null, hedge: perf?.ok === true ? perf.value : null };
  });
  const hedgeFunds = portfolioPerformance(holdings, day);
  const bySource = new Map<FundingSource, bigint>();
  for (const m of managers)
    for (const s of m.bySource) bySource.set(s.source, (bySource.get(s.source) ?? 0n) + s.value);
  return {
    day,
    managers,
    hedgeFunds: hedgeFunds.ok ? hedgeFunds.value : null,
    bySource: [...bySource].map(([source, value]) => ({ source, value })),
  };
}
