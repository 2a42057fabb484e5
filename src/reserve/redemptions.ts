import { z } from 'zod';
import type { Json } from '../core/canonical.ts';
import type { Actor } from '../core/identity.ts';
import { formatAmount, formatUnits, parseUnits } from '../core/money.ts';
import { err, ok, type Result } from '../core/result.ts';
import type { Tx } from '../db/pool.ts';
import type { RedemptionCommandError } from './codes.ts';
import {
  audit,
  gainsAccount,
  managerAccount,
  reserveAccount,
  type Applied,
  type ReserveDeps,
} from './deps.ts';
import { parsed } from './managers.ts';
import { addDays, monthEnd } from './metrics/calendar.ts';
import { decideRedemption, type RedemptionDecision, type UnitLot } from './metrics/redemption.ts';
import type { FundingSource } from './model.ts';
import { positionOf, proRata } from './positions.ts';
import * as store from './store.ts';
import { flowJson } from './subscriptions.ts';
import { hedgeFundTermsSchema, type HedgeFundTerms } from './terms.ts';

/**
 * Hedge-fund redemptions under the terms (metrics/redemption.ts decides): notice sets the dealing
 * date, a hard lock-up refuses, a soft one charges its penalty, and a gate pays part and queues the
 * rest for the next dealing date. A redemption is entered once the dealing date's NAV statement is
 * in: cash comes back to the reserve's USD account at that NAV, units are cancelled pro rata across
 * funding sources. The reserve knows only its own requests, so a fund-level gate is applied as if
 * the reserve were the only redeemer (the administrator's confirmation is the authority).
 */
export const redemptionSchema = z.strictObject({
  managerId: z.uuid(),
  requestedOn: z.iso.date(),
  /** Fund units as a decimal string (at the fund's unit scale). */
  units: z.string().max(60),
});
export type RedemptionInput = z.input<typeof redemptionSchema>;

interface Context {
  readonly manager: store.ManagerRow;
  readonly terms: HedgeFundTerms;
  readonly flows: store.FlowRow[];
  readonly navs: store.NavRow[];
}

async function context(
  tx: Tx,
  managerId: string,
): Promise<Result<Context, RedemptionCommandError>> {
  const manager = await store.manager(tx, managerId, true);
  if (manager === null) return err('manager_not_found', `no manager ${managerId}`);
  const terms = hedgeFundTermsSchema.safeParse(manager.terms);
  if (!terms.success) return err('manager_not_hedge_fund', 'only a hedge fund redeems units');
  const flows = await store.flows(tx, { managerId });
  const navs = await store.navSeries(tx, managerId);
  return ok({ manager, terms: terms.data, flows, navs });
}

/** Units still held by subscription (FIFO after redemptions and open queued remainders). */
function unitLots(c: Context, committed: bigint): UnitLot[] {
  let used =
    c.flows.filter((f) => f.kind === 'redemption').reduce((s, f) => s + f.units, 0n) + committed;
  const lots: UnitLot[] = [];
  for (const f of c.flows.filter((x) => x.kind === 'subscription')) {
    const take = f.units < used ? f.units : used;
    used -= take;
    if (f.units - take > 0n) lots.push({ subscribedOn: f.day, units: f.units - take });
  }
  return lots;
}

function decide(c: Context, requestedOn: string, units: bigint, openQueued: bigint) {
  const lots = unitLots(c, openQueued);
  const probe = decideRedemption({
    terms: c.terms,
    lots,
    requestedOn,
    units,
    dealingNavPerUnit: 1n,
    fund: null,
  });
  if (!probe.ok) return probe;
  const nav = c.navs.find((n) => n.period === probe.value.dealingDate.slice(0, 7));
  if (nav?.navPerUnit === null || nav?.navPerUnit === undefined) {
    return err(
      'dealing_nav_not_available',
      `no NAV statement for the dealing date ${probe.value.dealingDate}`,
      {
        dealingDate: probe.value.dealingDate,
      },
    );
  }
  const fund =
    c.terms.gate?.basis === 'fund'
      ? { unitsOutstanding: nav.units ?? units, unitsRequested: units }
      : null;
  return decideRedemption({
    terms: c.terms,
    lots,
    requestedOn,
    units,
    dealingNavPerUnit: nav.navPerUnit,
    fund,
  });
}

async function settle(
  d: ReserveDeps,
  tx: Tx,
  a: Applied,
  c: Context,
  r: RedemptionDecision,
): Promise<Result<{ flowId: string | null; transferIds: string[] }, RedemptionCommandError>> {
  if (r.unitsRedeemed === 0n) return ok({ flowId: null, transferIds: [] });
  const cash = await reserveAccount(d, tx, 'fx', 'USD');
  if (cash === null) return err('reserve_cash_account_missing', 'the reserve holds no USD account');
  const held = await managerAccount(d, tx, c.manager, 'USD');
  // The cost still held decides what comes back as principal and what as gains: read in this
  // transaction, so it counts what the transaction moved and a concurrent change serialises.
  const account = await d.ledger.readIn(tx).account(held);
  const cost =
    account === undefined ? 0n : account.balances.debitsPosted - account.balances.creditsPosted;
  const principal = r.net < cost ? r.net : cost > 0n ? cost : 0n;
  const transferIds: string[] = [];
  const legs: [bigint, string][] = [
    [principal, held],
    [r.net - principal, await gainsAccount(d, tx, 'USD')],
  ];
  for (const [amount, from] of legs) {
    if (amount <= 0n) continue;
    const m = await d.ledger.postInTx(tx, a.actorId, {
      asset: 'USD',
      debitAccountId: cash,
      creditAccountId: from as typeof cash,
      amount,
      code: 'reserve.redemption',
      reason: `redemption from ${c.manager.name} dealt ${r.dealingDate}`.slice(0, 500),
    });
    if (!m.ok) return m;
    transferIds.push(m.value);
  }
  const position = positionOf(c.manager, c.flows, c.navs, r.dealingDate);
  const split = proRata(r.unitsRedeemed, position.bySource);
  const flowId = d.ids.next<'ReserveFlow'>();
  const flow = {
    id: flowId,
    managerId: c.manager.id,
    kind: 'redemption' as const,
    method: 'cash' as const,
    day: r.dealingDate,
    value: r.net,
    units: r.unitsRedeemed,
    navPerUnit: c.navs.find((n) => n.period === r.dealingDate.slice(0, 7))?.navPerUnit ?? null,
    fundingSource: dominant(split),
    split: Object.fromEntries([...split].map(([k, v]) => [k, v.toString()])),
    asset: 'USD',
    assetUnits: r.net,
    lotId: null,
    transferIds,
    requestId: a.requestId,
    details: { gross: r.gross.toString(), penalty: r.penalty.toString() },
    actor: a.actorId,
    at: a.at,
  };
  const seq = await audit(
    d,
    tx,
    a,
    'reserve.flow.recorded',
    [flowId, c.manager.id],
    flowJson(flow),
  );
  await store.insertFlow(tx, { ...flow, auditSeq: seq });
  return ok({ flowId, transferIds });
}

function dominant(split: ReadonlyMap<FundingSource, bigint>): FundingSource {
  let best: FundingSource = 'gold_fx_allocation';
  let most = -1n;
  for (const [k, v] of split) if (v > most) [best, most] = [k, v];
  return best;
}

async function redeem(
  d: ReserveDeps,
  tx: Tx,
  actor: Actor,
  input: { managerId: string; requestedOn: string; units: string },
  parent: store.RedemptionRow | null,
): Promise<Result<Json, RedemptionCommandError>> {
  const c = await context(tx, input.managerId);
  if (!c.ok) return c;
  const units = parseUnits(input.units, c.value.terms.unitScale);
  if (!units.ok && units.code === 'amount_exceeds_maximum') return err(units.code, units.message);
  if (!units.ok) return err('content_invalid', `"${input.units}" is not a unit count`);
  const open = await store.redemptions(tx, input.managerId, true);
  const openQueued = open
    .filter((o) => o.id !== parent?.id)
    .reduce((s, o) => s + o.queuedUnits, 0n);
  const decided = decide(c.value, input.requestedOn, units.value, openQueued);
  if (!decided.ok) return decided;
  const r = decided.value;
  const a = { actorId: actor.id, requestId: null, at: d.clock.now() };
  const settled = await settle(d, tx, a, c.value, r);
  if (!settled.ok) return settled;
  const id = d.ids.next<'ReserveRedemption'>();
  const row = {
    id,
    managerId: input.managerId,
    parentId: parent?.id ?? null,
    requestedOn: input.requestedOn,
    dealingDay: r.dealingDate,
    requestedUnits: units.value,
    paidUnits: r.unitsRedeemed,
    queuedUnits: r.unitsQueued,
    penalty: r.penalty,
    flowId: settled.value.flowId,
  };
  const payload = {
    ...row,
    requestedUnits: row.requestedUnits.toString(),
    paidUnits: row.paidUnits.toString(),
    queuedUnits: row.queuedUnits.toString(),
    penalty: row.penalty.toString(),
    queuedTo: r.queuedTo,
    gross: r.gross.toString(),
    net: r.net.toString(),
  };
  const seq = await audit(d, tx, a, 'reserve.redemption.dealt', [id, input.managerId], payload);
  await store.insertRedemption(tx, { ...row, actor: actor.id, at: a.at, auditSeq: seq });
  return ok({ ...payload, netUsd: formatAmount(r.net, 'USD') });
}

export function redemptionCommands(d: ReserveDeps) {
  return {
    /**
     * Errors: content_invalid, manager_not_found, manager_not_hedge_fund, redemption_exceeds_holding,
     * redemption_in_lockup, redemption_units_not_positive, dealing_nav_not_available.
     */
    redeem: (actor: Actor, input: RedemptionInput) =>
      d.db.command(async (tx) => {
        const p = parsed(redemptionSchema, input);
        return p.ok ? redeem(d, tx, actor, p.value, null) : p;
      }),
    /**
     * Deals a queued remainder on its next dealing date. Errors: redemption_not_found,
     * redemption_not_queued, and those of `redeem`.
     */
    redeemQueued: (actor: Actor, redemptionId: string) =>
      d.db.command(async (tx) => {
        const open = await store.redemptions(tx, null, true);
        const q = open.find((r) => r.id === redemptionId);
        if (q === undefined) {
          const any = (await store.redemptions(tx, null)).some((r) => r.id === redemptionId);
          return any
            ? err('redemption_not_queued', 'nothing of this redemption is waiting')
            : err('redemption_not_found', `no redemption ${redemptionId}`);
        }
        const terms = hedgeFundTermsSchema.parse((await store.manager(tx, q.managerId))?.terms);
        // Requested `noticeDays` before the next dealing date, so the notice rule lands on it.
        const next = monthEnd(addDays(q.dealingDay, 1));
        const requestedOn = addDays(next, -terms.noticeDays);
        const text = formatUnits(q.queuedUnits, terms.unitScale);
        return redeem(d, tx, actor, { managerId: q.managerId, requestedOn, units: text }, q);
      }),
    redemptions: (managerId: string | null) => store.redemptions(d.db, managerId),
    queuedRedemptions: (managerId: string | null) => store.redemptions(d.db, managerId, true),
  };
}
