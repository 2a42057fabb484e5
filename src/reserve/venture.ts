import { z } from 'zod';
import { executor } from '../governance/approvals.ts';
import type { Json } from '../core/canonical.ts';
import type { Actor } from '../core/identity.ts';
import { formatAmount, parseAmount } from '../core/money.ts';
import { err, ok, type Result } from '../core/result.ts';
import type { Tx } from '../db/pool.ts';
import type { AccountId } from '../ledger/model.ts';
import type { VentureError } from './codes.ts';
import {
  appliedBy,
  audit,
  gainsAccount,
  governed,
  managerAccount,
  reserveAccount,
  type Applied,
  type ReserveDeps,
} from './deps.ts';
import { moveStatus, parsed } from './managers.ts';
import { acceptsNewMoney, FUNDING_SOURCES } from './model.ts';
import { positionOf, proRata } from './positions.ts';
import { RESERVE_STATUS } from './statuses.ts';
import * as store from './store.ts';
import { flowJson } from './subscriptions.ts';

/**
 * Venture funds: a commitment (an approval request, like any promise of money), capital calls
 * with the fields of an ILPA-style notice, each paid from the reserve's USD account on its due
 * date, and distributions in cash or in kind. Contributions keep their funding source; a
 * distribution returns capital pro rata across the sources still invested.
 */
export const COMMITMENT_KIND = 'reserve.commitment';
/** Paying a call moves the reserve's cash out: an approval request, under the `capital-call` rule. */
export const CAPITAL_CALL_KIND = 'reserve.capital_call';

const isoDay = z.iso.date();
const usd = z.string().max(40);

export const commitmentSchema = z.strictObject({
  managerId: z.uuid(),
  day: isoDay,
  asset: z.literal('USD'),
  amount: usd,
});
export type CommitmentInput = z.input<typeof commitmentSchema>;

export const capitalCallSchema = z.strictObject({
  managerId: z.uuid(),
  noticeDay: isoDay,
  dueDate: isoDay,
  /** What the call pays for (ILPA): investments, management fees, fund expenses. */
  investments: usd,
  fees: usd,
  expenses: usd,
  fundingSource: z.enum(FUNDING_SOURCES).default('gold_fx_allocation'),
});
export type CapitalCallInput = z.input<typeof capitalCallSchema>;

export const distributionSchema = z.strictObject({
  managerId: z.uuid(),
  day: isoDay,
  method: z.enum(['cash', 'in_kind']),
  /** USD value of what is distributed (for in kind: at the fund's valuation on the day). */
  amount: usd,
  /** For in kind: the asset and quantity received. */
  asset: z.enum(['BTC', 'ETH', 'USDT', 'USDC']).optional(),
  assetAmount: z.string().max(60).optional(),
});
export type DistributionInput = z.input<typeof distributionSchema>;

function cents(text: string): Result<bigint, 'content_invalid' | 'amount_exceeds_maximum'> {
  const p = parseAmount(text, 'USD');
  if (!p.ok && p.code === 'amount_exceeds_maximum') return err(p.code, p.message, p.detail);
  return p.ok && p.value >= 0n
    ? ok(p.value)
    : err('content_invalid', `"${text}" is not a USD amount`);
}

async function venture(tx: Tx, id: string): Promise<Result<store.ManagerRow, VentureError>> {
  const m = await store.manager(tx, id, true);
  if (m === null) return err('manager_not_found', `no manager ${id}`);
  if (m.kind !== 'venture_fund') return err('manager_not_venture_fund', 'not a venture fund');
  return ok(m);
}

async function record(
  d: ReserveDeps,
  tx: Tx,
  a: Applied,
  f: Omit<store.FlowRow, 'chainTxid' | 'id' | 'actor' | 'at' | 'requestId'>,
): Promise<string> {
  const id = d.ids.next<'ReserveFlow'>();
  const flow = { ...f, id, actor: a.actorId, at: a.at, requestId: a.requestId };
  const seq = await audit(d, tx, a, 'reserve.flow.recorded', [id, f.managerId], flowJson(flow));
  await store.insertFlow(tx, { ...flow, auditSeq: seq });
  return id;
}

async function commit(
  d: ReserveDeps,
  tx: Tx,
  content: Json,
  a: Applied,
): Promise<Result<Json, VentureError>> {
  const p = parsed(commitmentSchema, content);
  if (!p.ok) return p;
  const m = await venture(tx, p.value.managerId);
  if (!m.ok) return m;
  if (!acceptsNewMoney(m.value.status))
    return err('manager_not_accepting_money', `the manager is ${m.value.status}`);
  const value = cents(p.value.amount);
  if (!value.ok) return value;
  const id = await record(d, tx, a, {
    managerId: m.value.id,
    kind: 'commitment',
    method: 'cash',
    day: p.value.day,
    value: value.value,
    units: 0n,
    navPerUnit: null,
    fundingSource: 'gold_fx_allocation',
    split: {},
    asset: 'USD',
    assetUnits: null,
    lotId: null,
    transferIds: [],
    details: {},
  });
  if (m.value.status === 'approved') {
    const moved = await moveStatus(d, tx, a, m.value.id, 'active', 'commitment signed');
    if (!moved.ok) return moved;
  }
  return ok({ flowId: id, commitment: formatAmount(value.value, 'USD') });
}

/** Called and committed so far, USD cents. */
export function commitmentState(flows: readonly store.FlowRow[]) {
  const sum = (k: store.FlowKind) =>
    flows.filter((f) => f.kind === k).reduce((s, f) => s + f.value, 0n);
  const committed = sum('commitment');
  const called = sum('capital_call');
  return { committed, called, unfunded: committed - called, distributed: sum('distribution') };
}

async function call(
  d: ReserveDeps,
  tx: Tx,
  a: Applied,
  input: Json,
): Promise<Result<Json, VentureError>> {
  const p = parsed(capitalCallSchema, input);
  if (!p.ok) return p;
  const c = p.value;
  if (c.dueDate < c.noticeDay)
    return err('call_due_before_notice', 'a call falls due after its notice');
  const m = await venture(tx, c.managerId);
  if (!m.ok) return m;
  const parts = [cents(c.investments), cents(c.fees), cents(c.expenses)];
  const bad = parts.find((x) => !x.ok);
  if (bad?.ok === false) return bad;
  const [investments, fees, expenses] = parts.map((x) => (x.ok ? x.value : 0n)) as [
    bigint,
    bigint,
    bigint,
  ];
  const amount = investments + fees + expenses;
  if (amount <= 0n) return err('content_invalid', 'a call asks for some money');
  const flows = await store.flows(tx, { managerId: c.managerId });
  const before = commitmentState(flows);
  if (amount > before.unfunded) {
    return err('call_exceeds_unfunded', 'the call is larger than the unfunded commitment', {
      unfunded: formatAmount(before.unfunded, 'USD'),
      amount: formatAmount(amount, 'USD'),
    });
  }
  const cash = await reserveAccount(d, tx, 'fx', 'USD');
  if (cash === null) return err('reserve_cash_account_missing', 'the reserve holds no USD account');
  const to = await managerAccount(d, tx, m.value, 'USD');
  const moved = await d.ledger.postInTx(tx, a.actorId, {
    asset: 'USD',
    debitAccountId: to,
    creditAccountId: cash,
    amount,
    code: 'reserve.capital_call',
    reason: `capital call of ${m.value.name} due ${c.dueDate}`.slice(0, 500),
  });
  if (!moved.ok) return moved;
  const callNumber = flows.filter((f) => f.kind === 'capital_call').length + 1;
  const notice = {
    callNumber,
    noticeDay: c.noticeDay,
    dueDate: c.dueDate,
    amount: amount.toString(),
    purpose: {
      investments: investments.toString(),
      fees: fees.toString(),
      expenses: expenses.toString(),
    },
    commitment: before.committed.toString(),
    cumulativeCalled: (before.called + amount).toString(),
    remainingUnfunded: (before.unfunded - amount).toString(),
  };
  const id = await record(d, tx, a, {
    managerId: c.managerId,
    kind: 'capital_call',
    method: 'cash',
    day: c.dueDate,
    value: amount,
    units: 0n,
    navPerUnit: null,
    fundingSource: c.fundingSource,
    split: { [c.fundingSource]: amount.toString() },
    asset: 'USD',
    assetUnits: amount,
    lotId: null,
    transferIds: [moved.value],
    details: notice,
  });
  return ok({ flowId: id, ...notice });
}

async function distribute(
  d: ReserveDeps,
  tx: Tx,
  actor: Actor,
  input: DistributionInput,
): Promise<Result<Json, VentureError>> {
  const p = parsed(distributionSchema, input);
  if (!p.ok) return p;
  const c = p.value;
  const m = await venture(tx, c.managerId);
  if (!m.ok) return m;
  const value = cents(c.amount);
  if (!value.ok) return value;
  const a = { actorId: actor.id, requestId: null, at: d.clock.now() };
  const legs = await distributionLegs(d, tx, m.value, c, value.value);
  if (!legs.ok) return legs;
  const moved: string[] = [];
  for (const l of legs.value) {
    const r = await d.ledger.postInTx(tx, actor.id, {
      ...l,
      code: 'reserve.distribution',
      reason: `distribution from ${m.value.name}`.slice(0, 500),
    });
    if (!r.ok) return r;
    moved.push(r.value);
  }
  const flows = await store.flows(tx, { managerId: c.managerId });
  const navs = await store.navSeries(tx, c.managerId);
  const split = proRata(value.value, positionOf(m.value, flows, navs, c.day).bySource);
  const id = await record(d, tx, a, {
    managerId: c.managerId,
    kind: 'distribution',
    method: c.method,
    day: c.day,
    value: value.value,
    units: 0n,
    navPerUnit: null,
    fundingSource: [...split.keys()][0] ?? 'gold_fx_allocation',
    split: Object.fromEntries([...split].map(([k, v]) => [k, v.toString()])),
    asset: c.method === 'cash' ? 'USD' : (c.asset ?? null),
    assetUnits: legs.value[0]?.amount ?? null,
    lotId: null,
    transferIds: moved,
    details: {},
  });
  return ok({ flowId: id, value: formatAmount(value.value, 'USD') });
}

interface Leg {
  readonly asset: 'USD' | 'BTC' | 'ETH' | 'USDT' | 'USDC';
  readonly debitAccountId: AccountId;
  readonly creditAccountId: AccountId;
  readonly amount: bigint;
}

/** Cash to the reserve's USD account (capital first, then gains); in kind into a holding account. */
async function distributionLegs(
  d: ReserveDeps,
  tx: Tx,
  m: store.ManagerRow,
  c: z.infer<typeof distributionSchema>,
  value: bigint,
): Promise<Result<Leg[], VentureError>> {
  if (c.method === 'in_kind') {
    if (c.asset === undefined || c.assetAmount === undefined)
      return err(
        'distribution_asset_required',
        'an in-kind distribution names its asset and amount',
      );
    const units = parseAmount(c.assetAmount, c.asset);
    if (!units.ok && units.code === 'amount_exceeds_maximum') return err(units.code, units.message);
    if (!units.ok || units.value <= 0n)
      return err('content_invalid', 'not a positive asset amount');
    const held = await managerAccount(d, tx, m, c.asset);
    const into = await inKindAccount(d, tx, c.asset);
    return ok([
      { asset: c.asset, debitAccountId: into, creditAccountId: held, amount: units.value },
    ]);
  }
  const cash = await reserveAccount(d, tx, 'fx', 'USD');
  if (cash === null) return err('reserve_cash_account_missing', 'the reserve holds no USD account');
  const held = await managerAccount(d, tx, m, 'USD');
  // Capital first: the cost still held, as it stands in this transaction.
  const acc = await d.ledger.readIn(tx).account(held);
  const cost = acc === undefined ? 0n : acc.balances.debitsPosted - acc.balances.creditsPosted;
  const principal = value < cost ? value : cost > 0n ? cost : 0n;
  const legs: Leg[] = [];
  if (principal > 0n)
    legs.push({ asset: 'USD', debitAccountId: cash, creditAccountId: held, amount: principal });
  if (value > principal)
    legs.push({
      asset: 'USD',
      debitAccountId: cash,
      creditAccountId: await gainsAccount(d, tx, 'USD'),
      amount: value - principal,
    });
  return ok(legs);
}

/** Where crypto distributed in kind waits for its disposal (the reserve holds no crypto by policy). */
async function inKindAccount(d: ReserveDeps, tx: Tx, asset: Leg['asset']): Promise<AccountId> {
  const account = await d.ledger.ownedAccountInTx(
    tx,
    { id: 'system' },
    {
      asset,
      owner: { kind: 'reserve', ref: 'received_in_kind' },
      type: 'asset',
      metadata: { name: `Distributions received in kind (${asset})` },
    },
  );
  return account.id;
}

export function ventureCommands(d: ReserveDeps) {
  const commitment = executor({
    kind: COMMITMENT_KIND,
    execute: (tx, content, ctx) => commit(d, tx, content, appliedBy(ctx)),
    options: {
      requires: 'reserve.manage',
      validate: async (tx, content) => {
        const p = parsed(commitmentSchema, content);
        if (!p.ok) return p;
        const m = await venture(tx, p.value.managerId);
        if (!m.ok) return m;
        return acceptsNewMoney(m.value.status)
          ? ok(null)
          : err('manager_not_accepting_money', `the manager is ${m.value.status}`);
      },
      refusals: RESERVE_STATUS,
    },
  });
  const capitalCall = executor({
    kind: CAPITAL_CALL_KIND,
    execute: (tx, content, ctx) => call(d, tx, appliedBy(ctx), content),
    options: {
      requires: 'reserve.manage',
      validate: async (tx, content) => {
        const p = parsed(capitalCallSchema, content);
        if (!p.ok) return p;
        const m = await venture(tx, p.value.managerId);
        return m.ok ? ok(null) : m;
      },
      describe: (_tx, content) => Promise.resolve(callFacts(content)),
      refusals: RESERVE_STATUS,
    },
  });
  return {
    /** Commitment and capital call kinds, for main.ts to register. */
    executors: [commitment, capitalCall] as const,
    /**
     * Errors: content_invalid, manager_not_found, manager_not_venture_fund,
     * manager_not_accepting_money, policy_blocked.
     */
    commit: (actor: Actor, input: CommitmentInput) => governed(d, actor, commitment, input),
    recordHistoricalCommitment: (actor: Actor, input: CommitmentInput) =>
      d.db.command((tx) =>
        commit(d, tx, input as unknown as Json, {
          actorId: actor.id,
          requestId: null,
          at: d.clock.now(),
        }),
      ),
    /**
     * Errors: content_invalid, manager_not_found, manager_not_venture_fund, call_exceeds_unfunded,
     * call_due_before_notice.
     */
    capitalCall: (actor: Actor, input: CapitalCallInput) =>
      governed(d, actor, capitalCall, input as unknown as Json),
    /** Errors: content_invalid, manager_not_found, manager_not_venture_fund, distribution_asset_required. */
    distribute: (actor: Actor, input: DistributionInput) =>
      d.db.command((tx) => distribute(d, tx, actor, input)),
  };
}

/** What the policy sees of a call: the USD it takes out of the reserve's cash. */
function callFacts(content: Json): { asset?: string; amount?: string; fromOwner?: string } {
  const p = capitalCallSchema.safeParse(content);
  if (!p.success) return {};
  const parts = [p.data.investments, p.data.fees, p.data.expenses].map((x) =>
    parseAmount(x, 'USD'),
  );
  let total = 0n;
  for (const part of parts) if (part.ok) total += part.value;
  return { asset: 'USD', amount: formatAmount(total, 'USD'), fromOwner: 'reserve:fx' };
}
