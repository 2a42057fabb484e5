import { z } from 'zod';
import { ASSET_CODES, ASSETS, isAssetCode, type AssetCode } from '../core/assets.ts';
import type { Json } from '../core/canonical.ts';
import type { Actor } from '../core/identity.ts';
import { formatAmount, parseAmount } from '../core/money.ts';
import { err, ok, type Result } from '../core/result.ts';
import type { Tx } from '../db/pool.ts';
import { valueInQuote } from '../market/model.ts';
import { executor, type CoverError } from '../governance/approvals.ts';
import { disposableLot, takeLotForDisposalInTx } from '../seizures/disposal.ts';
import type { ChainTxidError, SubscriptionError } from './codes.ts';
import {
  appliedBy,
  audit,
  governed,
  managerAccount,
  reserveAccount,
  type Applied,
  type ReserveDeps,
} from './deps.ts';
import { reserveState } from './holdings.ts';
import { moveStatus, parsed } from './managers.ts';
import { unitsForSubscription } from './metrics/nav.ts';
import { acceptsNewMoney, checkCaps, FUNDING_SOURCES, type FundingSource } from './model.ts';
import { policyOn } from './policy.ts';
import { RESERVE_STATUS } from './statuses.ts';
import * as store from './store.ts';
import { fundTermsSchema, NAV_PER_UNIT_SCALE } from './terms.ts';
import { parseUnits } from '../core/money.ts';

/**
 * Hedge-fund subscriptions, in cash (reserve FX dollars to the manager's account) or in kind (a
 * forfeited, earmarked lot from seizure custody to the manager's whitelisted address). Each is an
 * approval request: prepared when requested, applied when the policy's quorum has approved it; an
 * in-kind one is then recorded with its chain transaction id. Units are issued at NAV.
 */
export const SUBSCRIPTION_KIND = 'reserve.subscription';
/** The same subscription asked as an exception to a cap, when the policy allows exceptions. */
export const CAP_EXCEPTION_KIND = 'reserve.subscription.cap_exception';

const isoDay = z.iso.date();
const navText = z.string().regex(/^\d{1,12}(\.\d{1,12})?$/, 'a NAV per unit in USD');
export const subscriptionSchema = z.discriminatedUnion('method', [
  z.strictObject({
    method: z.literal('cash'),
    managerId: z.uuid(),
    day: isoDay,
    asset: z.literal('USD'),
    amount: z.string().max(40),
    fundingSource: z.enum(FUNDING_SOURCES).default('gold_fx_allocation'),
    /** The offering NAV per unit, for a fund with no statement yet. */
    navPerUnit: navText.optional(),
  }),
  z.strictObject({
    method: z.literal('in_kind'),
    managerId: z.uuid(),
    day: isoDay,
    lotId: z.uuid(),
    asset: z.enum(ASSET_CODES),
    amount: z.string().max(60),
    /** The manager's receiving address; the governance policy blocks one not whitelisted. */
    destination: z.string().min(8).max(200),
    navPerUnit: navText.optional(),
  }),
]);
export type SubscriptionInput = z.input<typeof subscriptionSchema>;
type Subscription = z.infer<typeof subscriptionSchema>;

/** A historical subscription is recorded under the committee's onboarding approval. */
export type HistoricalSubscriptionError = SubscriptionError | CoverError;

interface Priced {
  readonly s: Subscription;
  readonly manager: store.ManagerRow;
  readonly asset: AssetCode;
  readonly assetUnits: bigint;
  readonly value: bigint;
}

async function price(
  d: ReserveDeps,
  q: Tx,
  content: Json,
): Promise<Result<Priced, SubscriptionError>> {
  const p = parsed(subscriptionSchema, content);
  if (!p.ok) return p;
  const s = p.value;
  const manager = await store.manager(q, s.managerId);
  if (manager === null) return err('manager_not_found', `no manager ${s.managerId}`);
  if (manager.kind !== 'hedge_fund')
    return err('manager_not_hedge_fund', 'a venture fund takes money through capital calls');
  if (!acceptsNewMoney(manager.status)) {
    return err('manager_not_accepting_money', `the manager is ${manager.status}`, {
      status: manager.status,
    });
  }
  const asset = s.asset;
  const units = parseAmount(s.amount, asset);
  if (!units.ok && units.code === 'amount_exceeds_maximum') return err(units.code, units.message);
  if (!units.ok || units.value <= 0n)
    return err('content_invalid', `"${s.amount}" is not a positive ${asset} amount`);
  if (s.method === 'cash')
    return ok({ s, manager, asset, assetUnits: units.value, value: units.value });
  if (manager.addresses[asset] !== s.destination) {
    return err('destination_not_manager_address', `not the manager's ${asset} address`, {
      expected: manager.addresses[asset] ?? null,
    });
  }
  const quote = await d.market.priceOn(asset, 'USD', s.day);
  if (quote === null) return err('no_price_for_day', `no ${asset} price on or before ${s.day}`);
  const value = valueInQuote(units.value, ASSETS[asset].scale, quote.price, 'USD');
  return ok({ s, manager, asset, assetUnits: units.value, value });
}

/** The caps on the subscription's day; `exception` skips them (an approved cap exception). */
async function caps(
  d: ReserveDeps,
  q: Tx,
  p: Priced,
  exception: boolean,
): Promise<Result<{ onCapBreach: 'block' | 'approval' }, SubscriptionError>> {
  const policy = await policyOn(q, p.s.day);
  if (policy === null) return err('no_allocation_policy', `no allocation policy on ${p.s.day}`);
  const onCapBreach = policy.policy.onCapBreach;
  if (exception) {
    return onCapBreach === 'approval'
      ? ok({ onCapBreach })
      : err('cap_exception_not_allowed', 'the policy blocks every subscription over a cap');
  }
  // The holdings the caps are checked against are read in this transaction, as they stand in it.
  const state = await reserveState(d, p.s.day, q);
  const checked = checkCaps(policy.policy, state.holdings, {
    managerId: p.manager.id,
    bucket: 'hedge_funds',
    value: p.value,
    method: p.s.method,
  });
  if (!checked.ok) return err(checked.code, checked.message, { ...checked.detail, onCapBreach });
  return ok({ onCapBreach });
}

/** Checks everything a subscription needs, without writing (request time and execution time). */
async function check(
  d: ReserveDeps,
  tx: Tx,
  content: Json,
  exception: boolean,
): Promise<Result<Priced, SubscriptionError>> {
  const p = await price(d, tx, content);
  if (!p.ok) return p;
  if (p.value.s.method === 'in_kind') {
    const lot = await disposableLot(tx, p.value.s.lotId);
    if (!lot.ok) return lot;
    if (lot.value.lot.asset !== p.value.asset)
      return err('content_invalid', 'the lot holds another asset');
  }
  const c = await caps(d, tx, p.value, exception);
  return c.ok ? p : c;
}

async function navPerUnitFor(tx: Tx, p: Priced): Promise<Result<bigint, SubscriptionError>> {
  const navs = await store.navSeries(tx, p.manager.id, p.s.day);
  const latest = navs.at(-1)?.navPerUnit ?? null;
  if (latest !== null) return ok(latest);
  if (p.s.navPerUnit === undefined)
    return err('nav_per_unit_unknown', 'the fund has no NAV yet: give its offering NAV per unit');
  const n = parseUnits(p.s.navPerUnit, NAV_PER_UNIT_SCALE);
  return n.ok && n.value > 0n ? ok(n.value) : err('content_invalid', 'a NAV per unit above zero');
}

/** Moves the money or the lot into the manager's account; returns the ledger transfer ids and source. */
async function deliver(
  d: ReserveDeps,
  tx: Tx,
  a: Applied,
  p: Priced,
  flowId: string,
): Promise<
  Result<{ transferIds: string[]; source: FundingSource; lotId: string | null }, SubscriptionError>
> {
  const to = await managerAccount(d, tx, p.manager, p.asset);
  if (p.s.method === 'cash') {
    const from = await reserveAccount(d, tx, 'fx', 'USD');
    if (from === null)
      return err('reserve_cash_account_missing', 'the reserve holds no USD account');
    const moved = await d.ledger.postInTx(tx, a.actorId, {
      asset: 'USD',
      debitAccountId: to,
      creditAccountId: from,
      amount: p.value,
      code: 'reserve.subscription',
      reason: `cash subscription to ${p.manager.name}`.slice(0, 500),
      ...(a.requestId === null ? {} : { refs: { approvalId: a.requestId } }),
    });
    return moved.ok
      ? ok({ transferIds: [moved.value], source: p.s.fundingSource, lotId: null })
      : moved;
  }
  const taken = await takeLotForDisposalInTx(
    tx,
    d,
    { kind: 'system', id: a.actorId, roles: [], organisationId: null },
    {
      lotId: p.s.lotId,
      route: 'in_kind',
      reference: flowId,
      units: p.assetUnits,
      destination: { accountId: to },
    },
  );
  if (!taken.ok) return taken;
  const ids = taken.value.transferId === null ? [] : [taken.value.transferId];
  return ok({ transferIds: ids, source: 'forfeited_crypto', lotId: p.s.lotId });
}

async function apply(
  d: ReserveDeps,
  tx: Tx,
  content: Json,
  a: Applied,
  exception: boolean,
): Promise<Result<Json, SubscriptionError>> {
  const checked = await check(d, tx, content, exception);
  if (!checked.ok) return checked;
  const p = checked.value;
  const nav = await navPerUnitFor(tx, p);
  if (!nav.ok) return nav;
  const unitScale = fundTermsSchema.parse(p.manager.terms).unitScale;
  const units = unitsForSubscription(p.value, nav.value, unitScale);
  const id = d.ids.next<'ReserveFlow'>();
  const delivered = await deliver(d, tx, a, p, id);
  if (!delivered.ok) return delivered;
  const { transferIds, source, lotId } = delivered.value;
  const flow = {
    id,
    managerId: p.manager.id,
    kind: 'subscription' as const,
    method: p.s.method,
    day: p.s.day,
    value: p.value,
    units,
    navPerUnit: nav.value,
    fundingSource: source,
    split: { [source]: units.toString() },
    asset: p.asset,
    assetUnits: p.assetUnits,
    lotId,
    transferIds,
    requestId: a.requestId,
    details: { capException: exception },
    actor: a.actorId,
    at: a.at,
  };
  const seq = await audit(
    d,
    tx,
    a,
    'reserve.flow.recorded',
    [id, p.manager.id, ...(lotId === null ? [] : [lotId])],
    flowJson(flow),
  );
  await store.insertFlow(tx, { ...flow, auditSeq: seq });
  if (p.manager.status === 'approved') {
    const moved = await moveStatus(d, tx, a, p.manager.id, 'active', 'first subscription');
    if (!moved.ok) return moved;
  }
  return ok({ flowId: id, units: units.toString(), value: formatAmount(p.value, 'USD') });
}

/** A flow as its audit payload: every column, money as decimal strings of base units. */
export function flowJson(f: Omit<store.FlowRow, 'chainTxid'>): Json {
  return {
    id: f.id,
    managerId: f.managerId,
    kind: f.kind,
    method: f.method,
    day: f.day,
    value: f.value.toString(),
    units: f.units.toString(),
    navPerUnit: f.navPerUnit?.toString() ?? null,
    fundingSource: f.fundingSource,
    split: f.split,
    asset: f.asset,
    assetUnits: f.assetUnits?.toString() ?? null,
    lotId: f.lotId,
    transferIds: [...f.transferIds],
    requestId: f.requestId,
    details: f.details,
  };
}

function describeLot() {
  return async (tx: Tx, content: Json) => {
    const p = subscriptionSchema.safeParse(content);
    if (!p.success || p.data.method !== 'in_kind') return {};
    const lot = await disposableLot(tx, p.data.lotId);
    return { legalStatus: lot.ok ? lot.value.lot.status : null };
  };
}

/**
 * Recording a reserve's positions from before Kazna (its onboarding) is one approval request of its
 * own: the committee approves it once, and each historical record cites it. Its execution only
 * marks it done; the records are made under it (`recordHistoricalSubscription`).
 */
export const ONBOARDING_KIND = 'reserve.onboarding';
const onboardingSchema = z.strictObject({
  description: z.string().min(1).max(1000),
  recordsUntil: z.iso.date(),
});

function subscriptionExecutor(
  d: ReserveDeps,
  subscriptionKind: typeof SUBSCRIPTION_KIND | typeof CAP_EXCEPTION_KIND,
  exception: boolean,
) {
  return executor({
    kind: subscriptionKind,
    execute: (tx, content, ctx) => apply(d, tx, content, appliedBy(ctx), exception),
    options: {
      requires: 'reserve.manage',
      validate: async (tx, content) => {
        const c = await check(d, tx, content, exception);
        return c.ok ? ok(null) : c;
      },
      describe: describeLot(),
      refusals: RESERVE_STATUS,
    },
  });
}

export function subscriptionCommands(d: ReserveDeps) {
  const onboarding = executor({
    kind: ONBOARDING_KIND,
    execute: (_tx, content) => Promise.resolve(ok(content)),
    options: {
      requires: 'reserve.manage',
      validate: (_tx, content) =>
        Promise.resolve(
          onboardingSchema.safeParse(content).success
            ? ok(null)
            : err('content_invalid', 'an onboarding names what it records and until when'),
        ),
      refusals: RESERVE_STATUS,
    },
  });
  const subscription = subscriptionExecutor(d, SUBSCRIPTION_KIND, false);
  const capException = subscriptionExecutor(d, CAP_EXCEPTION_KIND, true);
  return {
    /** Onboarding, subscription and cap exception kinds, for main.ts to register. */
    executors: [onboarding, subscription, capException] as const,
    /**
     * Prepares a subscription as an approval request (executed at once if the policy allows). One
     * that would break a cap is refused with exceeds_crypto_cap / exceeds_manager_cap, or, when the
     * policy says `approval`, asked as a cap exception instead.
     */
    subscribe: async (actor: Actor, input: SubscriptionInput) => {
      const probe = await d.db.transaction((tx) => check(d, tx, input as unknown as Json, false));
      const over =
        !probe.ok && (probe.code === 'exceeds_crypto_cap' || probe.code === 'exceeds_manager_cap');
      const asException = over && probe.detail?.['onCapBreach'] === 'approval';
      if (!probe.ok && !asException) return probe;
      return governed(
        d,
        actor,
        asException ? capException : subscription,
        input as unknown as Json,
      );
    },
    /**
     * A subscription that predates Kazna, recorded as history: the same checks, under the
     * committee's approved `reserve.onboarding` request (`onboardingId`), which clears its money.
     */
    recordHistoricalSubscription: (actor: Actor, input: SubscriptionInput, onboardingId: string) =>
      d.db.command(async (tx): Promise<Result<Json, HistoricalSubscriptionError>> => {
        const covered = await d.governance.coverWith(tx, onboardingId, ONBOARDING_KIND);
        if (!covered.ok) return covered;
        const a = { actorId: actor.id, requestId: null, at: d.clock.now() };
        return apply(d, tx, input as unknown as Json, a, false);
      }),
    /**
     * Records the chain transaction that carried an in-kind subscription. Errors: flow_not_found,
     * flow_not_in_kind, chain_txid_already_recorded.
     */
    recordChainTxid: (actor: Actor, flowId: string, txid: string) =>
      d.db.command((tx) => recordTxid(d, tx, actor, flowId, txid)),
  };
}

async function recordTxid(
  d: ReserveDeps,
  tx: Tx,
  actor: Actor,
  flowId: string,
  txid: string,
): Promise<Result<{ flowId: string; txid: string }, ChainTxidError>> {
  const f = await store.flow(tx, flowId);
  if (f === null) return err('flow_not_found', `no flow ${flowId}`);
  if (f.method !== 'in_kind') return err('flow_not_in_kind', 'only an in-kind flow moves on chain');
  if (f.chainTxid !== null)
    return err('chain_txid_already_recorded', 'the flow has its transaction', {
      txid: f.chainTxid,
    });
  if (!/^(0x)?[0-9a-fA-F]{64}$/.test(txid)) return err('content_invalid', 'not a transaction id');
  const at = d.clock.now();
  const seq = await audit(
    d,
    tx,
    { actorId: actor.id, requestId: null, at },
    'reserve.flow.chain_txid',
    [flowId],
    { flowId, txid },
  );
  await store.insertChainTxid(tx, { flowId, txid, actor: actor.id, at, auditSeq: seq });
  return ok({ flowId, txid });
}

export function isCrypto(asset: string): boolean {
  return (
    isAssetCode(asset) && (ASSETS[asset].kind === 'crypto' || ASSETS[asset].kind === 'stablecoin')
  );
}
