import { z } from 'zod';
import { appendAudit } from '../audit/append.ts';
import type { AssetCode } from '../core/assets.ts';
import type { Json } from '../core/canonical.ts';
import type { Actor } from '../core/identity.ts';
import { formatAmount, parseAmount, type AmountError } from '../core/money.ts';
import { err, ok, type Result } from '../core/result.ts';
import type { Tx } from '../db/pool.ts';
import { executor, type ExecutionContext } from '../governance/approvals.ts';
import { formatPrice, parsePrice } from '../market/model.ts';
import {
  commitLotForDisposalInTx,
  disposableLot,
  takeLotForDisposalInTx,
} from '../seizures/disposal.ts';
import type { PlanRefusal, TrancheRefusal } from './codes.ts';
import { bookProceeds, governed, type DisposalDeps } from './deps.ts';
import {
  decidePlan,
  decideTrancheVolume,
  marketVolumeUnits,
  proceedsCents,
  slippageBps,
} from './model.ts';
import { referencePrice, statusesOf, type Reference } from './shared.ts';
import { DISPOSAL_STATUS } from './statuses.ts';
import * as store from './store.ts';

/**
 * OTC tranches (the quiet sale): a plan splits a forfeited lot into tranches sold to an OTC desk,
 * each capped at a share of the day's traded volume. The plan and every tranche's execution are
 * approval requests; each fill records its price against the day's reference.
 */
export const PLAN_KIND = 'seizures.disposal.otc.plan';
export const TRANCHE_KIND = 'seizures.disposal.otc.tranche';

const planContent = z.strictObject({
  planId: z.uuid(),
  lotId: z.uuid(),
  asset: z.string().max(10),
  amount: z.string().max(100),
  counterpartyRef: z.string().min(1).max(200),
  maxVolumeShareBps: z.int().min(1).max(10_000),
  toleranceBps: z.int().min(0).max(10_000),
  tranches: z.array(z.string().max(100)).min(1).max(500),
});
export type PlanContent = z.infer<typeof planContent>;

async function validatePlan(
  tx: Tx,
  content: Json,
): Promise<Result<{ c: PlanContent; units: readonly bigint[] }, PlanRefusal>> {
  const p = planContent.safeParse(content);
  if (!p.success) return err('content_invalid', 'not an OTC plan', { issues: p.error.issues });
  const c = p.data;
  if ((await store.plan(tx, c.planId)) !== null) return err('plan_exists', 'id taken');
  const lot = await disposableLot(tx, c.lotId);
  if (!lot.ok) return lot;
  const held = lot.value.commitment;
  if (held !== null && held.reference !== c.planId) {
    return err('lot_committed_elsewhere', 'another disposal has reserved this lot', { ...held });
  }
  const asset = lot.value.lot.asset;
  if (c.asset !== asset) return err('content_invalid', 'the asset is not the lot’s');
  const units: bigint[] = [];
  for (const t of c.tranches) {
    const u = parseAmount(t, asset);
    if (!u.ok) return u;
    units.push(u.value);
  }
  const decided = decidePlan(units, lot.value.remainingUnits);
  if (!decided.ok) return decided;
  const total = units.reduce((s, u) => s + u, 0n);
  if (c.amount !== formatAmount(total, asset))
    return err('content_invalid', 'amount is not the sum');
  return ok({ c, units });
}

export function otcExecutors(d: DisposalDeps) {
  const plan = executor({
    kind: PLAN_KIND,
    execute: (tx, c, ctx) => createPlan(d, tx, c, ctx),
    options: {
      requires: 'reserve.manage',
      validate: async (tx, c) => {
        const v = await validatePlan(tx, c);
        return v.ok ? ok(null) : v;
      },
      describe: async (tx, c) => {
        const p = planContent.safeParse(c);
        return { legalStatus: await statusesOf(tx, p.success ? [p.data.lotId] : []) };
      },
      refusals: DISPOSAL_STATUS,
    },
  });
  const tranche = executor({
    kind: TRANCHE_KIND,
    execute: (tx, c, ctx) => executeTranche(d, tx, c, ctx),
    options: {
      requires: 'reserve.manage',
      validate: async (tx, c) => {
        const v = await validateTranche(d, tx, c);
        return v.ok ? ok(null) : v;
      },
      describe: async (tx, c) => {
        const p = trancheContent.safeParse(c);
        const found = p.success ? await store.plan(tx, p.data.planId) : null;
        return { legalStatus: await statusesOf(tx, found === null ? [] : [found.lotId]) };
      },
      refusals: DISPOSAL_STATUS,
    },
  });
  return { plan, tranche };
}

export type OtcKinds = ReturnType<typeof otcExecutors>;

export interface PlanInput {
  readonly lotId: string;
  readonly counterpartyRef: string;
  readonly maxVolumeShareBps: number;
  readonly toleranceBps: number;
  /** Each tranche's amount as a decimal of the lot's asset. */
  readonly tranches: readonly string[];
  readonly planId?: string;
}

export async function requestPlan(
  d: DisposalDeps,
  kinds: OtcKinds,
  actor: Actor,
  input: PlanInput,
) {
  const lot = await disposableLot(d.db, input.lotId);
  if (!lot.ok) return lot;
  const asset = lot.value.lot.asset;
  let total = 0n;
  for (const t of input.tranches) {
    const u = parseAmount(t, asset);
    if (!u.ok) return u;
    total += u.value;
  }
  const planId = input.planId ?? d.ids.next<'DisposalPlan'>();
  const content: PlanContent = {
    planId,
    lotId: input.lotId,
    asset,
    amount: formatAmount(total, asset),
    counterpartyRef: input.counterpartyRef,
    maxVolumeShareBps: input.maxVolumeShareBps,
    toleranceBps: input.toleranceBps,
    tranches: [...input.tranches],
  };
  const r = await governed(d, actor, kinds.plan, content);
  return r.ok ? ok({ planId, ...r.value }) : r;
}

async function createPlan(
  d: DisposalDeps,
  tx: Tx,
  content: Json,
  ctx: ExecutionContext,
): Promise<Result<Json, PlanRefusal>> {
  const v = await validatePlan(tx, content);
  if (!v.ok) return v;
  const { c, units } = v.value;
  const held = await commitLotForDisposalInTx(tx, d, ctx.actor, {
    lotId: c.lotId,
    route: 'otc',
    reference: c.planId,
  });
  if (!held.ok) return held;
  const { seq } = await appendAudit(tx, d.clock, {
    actor: ctx.actor.id,
    action: 'reserve.disposal.otc.planned',
    subjects: [c.planId, c.lotId, ctx.request.id],
    payload: { ...c, tranches: [...c.tranches], requestId: ctx.request.id },
  });
  await tx.query(
    `INSERT INTO reserve_disposal_otc_plans (id, lot_id, asset, counterparty_ref,
       max_volume_share_bps, tolerance_bps, request_id, created_by, created_at, audit_seq)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10)`,
    [
      c.planId,
      c.lotId,
      c.asset,
      c.counterpartyRef,
      c.maxVolumeShareBps,
      c.toleranceBps,
      ctx.request.id,
      ctx.request.initiatorId,
      ctx.at,
      seq,
    ],
  );
  for (const [i, u] of units.entries()) {
    await tx.query(
      'INSERT INTO reserve_disposal_otc_tranches (plan_id, tranche_no, units) VALUES ($1,$2,$3)',
      [c.planId, i + 1, u],
    );
  }
  return ok({ planId: c.planId, tranches: units.length });
}

const trancheContent = z.strictObject({
  planId: z.uuid(),
  trancheNo: z.int().min(1),
  day: z.iso.date(),
  asset: z.string().max(10),
  amount: z.string().max(100),
  executionPrice: z.string().max(60),
  /** The day's traded volume in the asset, entered when the market data has none. */
  dailyVolume: z.string().max(100).nullable(),
});
export type TrancheContent = z.infer<typeof trancheContent>;

interface ValidTranche {
  readonly c: TrancheContent;
  readonly plan: store.PlanRow;
  readonly asset: AssetCode;
  readonly units: bigint;
  readonly price: bigint;
  readonly reference: Reference;
  readonly volume: { readonly units: bigint; readonly source: 'market' | 'entered' };
  readonly shareBps: bigint;
}

async function validateTranche(
  d: DisposalDeps,
  tx: Tx,
  content: Json,
): Promise<Result<ValidTranche, TrancheRefusal>> {
  const p = trancheContent.safeParse(content);
  if (!p.success) return err('content_invalid', 'not a tranche', { issues: p.error.issues });
  const c = p.data;
  const plan = await store.plan(tx, c.planId);
  if (plan === null) return err('plan_not_found', `no plan ${c.planId}`);
  const tranche = plan.tranches.find((t) => t.trancheNo === c.trancheNo);
  if (tranche === undefined) return err('tranche_not_found', `no tranche ${c.trancheNo}`);
  const filled = await tx.query(
    'SELECT 1 FROM reserve_disposal_otc_fills WHERE plan_id = $1 AND tranche_no = $2',
    [plan.id, c.trancheNo],
  );
  if (filled.length > 0) return err('tranche_already_executed', 'this tranche is sold');
  const lot = await disposableLot(tx, plan.lotId);
  if (!lot.ok) return lot;
  if (c.day > d.clock.now().toISOString().slice(0, 10)) {
    return err('tranche_day_in_future', 'a tranche is executed on or before today');
  }
  if (c.asset !== plan.asset || c.amount !== formatAmount(tranche.units, plan.asset)) {
    return err('content_invalid', 'the asset or amount is not the tranche’s');
  }
  const price = parsePrice(c.executionPrice);
  if (!price.ok) return price;
  const reference = await referencePrice(d, plan.asset, c.day);
  if (!reference.ok) return reference;
  const volume = await dailyVolume(d, plan.asset, c.day, c.dailyVolume);
  if (!volume.ok) return volume;
  const capped = decideTrancheVolume({
    units: tranche.units,
    dailyVolumeUnits: volume.value.units,
    maxShareBps: BigInt(plan.maxVolumeShareBps),
  });
  if (!capped.ok) return capped;
  return ok({
    c,
    plan,
    asset: plan.asset,
    units: tranche.units,
    price: price.value,
    reference: reference.value,
    volume: volume.value,
    shareBps: capped.value.shareBps,
  });
}

/** The day's volume: the market's figure when it has one, otherwise the one entered. */
async function dailyVolume(
  d: DisposalDeps,
  asset: AssetCode,
  day: string,
  entered: string | null,
): Promise<
  Result<
    { units: bigint; source: 'market' | 'entered' },
    'daily_volume_in_market' | 'daily_volume_unknown' | AmountError
  >
> {
  const [row] = await d.market.series(asset, 'USD', day, day);
  const market = row?.volume ?? null;
  if (market !== null && entered !== null) {
    return err(
      'daily_volume_in_market',
      'the market data has this day’s volume; do not enter one',
      {
        day,
      },
    );
  }
  if (market !== null) return ok({ units: marketVolumeUnits(market, asset), source: 'market' });
  if (entered === null) {
    return err('daily_volume_unknown', 'no market volume for the day: enter the day’s volume', {
      day,
    });
  }
  const units = parseAmount(entered, asset);
  if (!units.ok) return units;
  return ok({ units: units.value, source: 'entered' });
}

export interface TrancheInput {
  readonly trancheNo: number;
  readonly day: string;
  readonly executionPrice: string;
  readonly dailyVolume: string | null;
}

export async function requestTranche(
  d: DisposalDeps,
  kinds: OtcKinds,
  actor: Actor,
  planId: string,
  t: TrancheInput,
) {
  const plan = await store.plan(d.db, planId);
  if (plan === null) return err('plan_not_found', `no plan ${planId}`);
  const tranche = plan.tranches.find((x) => x.trancheNo === t.trancheNo);
  if (tranche === undefined) return err('tranche_not_found', `no tranche ${t.trancheNo}`);
  const content: TrancheContent = {
    planId,
    trancheNo: t.trancheNo,
    day: t.day,
    asset: plan.asset,
    amount: formatAmount(tranche.units, plan.asset),
    executionPrice: t.executionPrice,
    dailyVolume: t.dailyVolume,
  };
  return governed(d, actor, kinds.tranche, content);
}

async function executeTranche(
  d: DisposalDeps,
  tx: Tx,
  content: Json,
  ctx: ExecutionContext,
): Promise<Result<Json, TrancheRefusal>> {
  const v = await validateTranche(d, tx, content);
  if (!v.ok) return v;
  const t = v.value;
  const taken = await takeLotForDisposalInTx(tx, d, ctx.actor, {
    lotId: t.plan.lotId,
    route: 'otc',
    reference: t.plan.id,
    step: String(t.c.trancheNo),
    units: t.units,
    destination: 'sold',
  });
  if (!taken.ok) return taken;
  const cents = proceedsCents(t.units, t.asset, t.price);
  const booked = await bookProceeds(d, tx, ctx.actor.id, {
    cents,
    lotId: t.plan.lotId,
    requestId: ctx.request.id,
    code: 'reserve.disposal.otc',
    reason: `OTC plan ${t.plan.id}, tranche ${t.c.trancheNo}`,
  });
  if (!booked.ok) return booked;
  const proceedsId = booked.value;
  const slip = slippageBps(t.price, t.reference.price);
  const fillId = d.ids.next<'DisposalFill'>();
  const payload = {
    fillId,
    planId: t.plan.id,
    trancheNo: t.c.trancheNo,
    day: t.c.day,
    units: formatAmount(t.units, t.asset),
    executionPrice: t.c.executionPrice,
    referencePrice: formatPrice(t.reference.price),
    referenceDay: t.reference.day,
    dailyVolume: formatAmount(t.volume.units, t.asset),
    volumeSource: t.volume.source,
    volumeShareBps: t.shareBps.toString(),
    slippageBps: slip.toString(),
    proceeds: formatAmount(cents, 'USD'),
    cryptoTransferId: taken.value.transferId,
    proceedsTransferId: proceedsId,
    requestId: ctx.request.id,
  };
  const { seq } = await appendAudit(tx, d.clock, {
    actor: ctx.actor.id,
    action: 'reserve.disposal.otc.filled',
    subjects: [fillId, t.plan.id, t.plan.lotId, ctx.request.id],
    payload,
  });
  await insertFill(tx, t, {
    fillId,
    slip,
    cents,
    cryptoId: taken.value.transferId ?? '',
    proceedsId,
    ctx,
    seq,
  });
  return ok(payload);
}

async function insertFill(
  tx: Tx,
  t: ValidTranche,
  f: {
    fillId: string;
    slip: bigint;
    cents: bigint;
    cryptoId: string;
    proceedsId: string | null;
    ctx: ExecutionContext;
    seq: bigint;
  },
): Promise<void> {
  await tx.query(
    `INSERT INTO reserve_disposal_otc_fills (id, plan_id, tranche_no, day, units, execution_price,
       reference_price, reference_day, reference_source, daily_volume_units, volume_source,
       volume_share_bps, slippage_bps, proceeds_cents, crypto_transfer_id, proceeds_transfer_id,
       request_id, actor, at, audit_seq)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20)`,
    [
      f.fillId,
      t.plan.id,
      t.c.trancheNo,
      t.c.day,
      t.units,
      t.price,
      t.reference.price,
      t.reference.day,
      t.reference.source,
      t.volume.units,
      t.volume.source,
      t.shareBps,
      f.slip,
      f.cents,
      f.cryptoId,
      f.proceedsId,
      f.ctx.request.id,
      f.ctx.actor.id,
      f.ctx.at,
      f.seq,
    ],
  );
}
