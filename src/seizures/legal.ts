import { z } from 'zod';
import { appendAudit } from '../audit/append.ts';
import { ASSETS, isAssetCode, type AssetCode } from '../core/assets.ts';
import type { Json } from '../core/canonical.ts';
import type { Actor, Role } from '../core/identity.ts';
import { formatAmount, parseAmount } from '../core/money.ts';
import { err, ok, type Result } from '../core/result.ts';
import type { Tx } from '../db/pool.ts';
import {
  executor,
  type ExecutionContext,
  type ExecutorDescriptor,
  type ExecutorKind,
} from '../governance/approvals.ts';
import type { TransferCommandError } from '../ledger/service.ts';
import type {
  EarmarkError,
  SplitCommandError,
  TransitionRefusal,
  TransitionRequestError,
} from './codes.ts';
import { purposeAccount, type SeizuresDeps } from './deps.ts';
import {
  decideSplit,
  decideTransition,
  LEGAL_STATUSES,
  TRANSITIONS,
  type LegalStatus,
} from './model.ts';
import { lotJson, openCustody } from './lots.ts';
import { SEIZURES_STATUS } from './statuses.ts';
import { COURT_ORDER_FIELDS } from './court-order.ts';
import { mayDecide } from './deciders.ts';
import * as store from './store.ts';

/**
 * Legal steps. A transition is a governance approval request of kind `seizures.legal.transition`:
 * the model decides it for the initiator's roles when it is requested, the lot's legal status is a
 * policy fact, and the executor decides it again against the lot as it is when it runs (the status
 * may have moved meanwhile). When the policy allows it outright it executes at once.
 */
export const TRANSITION_KIND = 'seizures.legal.transition';

const content = z.strictObject({
  lotId: z.uuid(),
  to: z.enum(LEGAL_STATUSES),
  ...COURT_ORDER_FIELDS,
  // A request's content always names its order reference, null or not.
  courtOrderRef: z.string().max(200).nullable(),
  ground: z.string().max(2000).nullable(),
  reason: z.string().max(2000),
  /** Emergency sale only: the fiat proceeds, which wait in escrow until the court decides. */
  proceeds: z.strictObject({ asset: z.string(), amount: z.string() }).nullable(),
});
export type TransitionContent = z.input<typeof content>;
type Content = z.output<typeof content>;

export interface TransitionOutcome {
  readonly requestId: string;
  /** `applied`: the lot changed now; `pending_approval`: waiting for the policy's quorum. */
  readonly state: 'applied' | 'pending_approval';
}

export function legalCommands(d: SeizuresDeps) {
  const transition = executor({
    kind: TRANSITION_KIND,
    execute: (tx, c, ctx) => executeTransition(d, tx, c, ctx),
    options: {
      validate: (tx, c, actor) => validateTransition(tx, c, actor),
      describe: async (tx, c) => {
        const p = content.safeParse(c);
        const lot = p.success ? await store.getLot(tx, p.data.lotId) : null;
        // No asset or amount: a legal step is unpriced; its fact is the lot's legal status.
        return { legalStatus: lot?.status ?? null };
      },
      refusals: SEIZURES_STATUS,
    },
  });
  return {
    /** The legal transition kind, for main.ts to register. */
    executors: [transition] as readonly ExecutorDescriptor[],
    requestTransition: (actor: Actor, c: TransitionContent) =>
      requestTransition(d, transition, actor, c),
    recordHistorical: (actor: Actor, c: TransitionContent) => recordHistorical(d, actor, c),
    split: (actor: Actor, lotId: string, amounts: readonly string[]) =>
      split(d, actor, lotId, amounts),
    earmark: (actor: Actor, lotId: string) => earmark(d, actor, lotId),
  };
}

async function requestTransition(
  d: SeizuresDeps,
  kind: ExecutorKind<TransitionRefusal>,
  actor: Actor,
  c: TransitionContent,
): Promise<Result<TransitionOutcome, TransitionRequestError>> {
  const r = await d.governance.governed(actor, kind, asJson(c));
  return r.ok ? ok({ requestId: r.value.requestId, state: r.value.state }) : r;
}

/** The request as stored: the order's date and document named even when absent (null). */
function asJson(c: TransitionContent): Json {
  return {
    ...c,
    courtOrderDate: c.courtOrderDate ?? null,
    courtOrderSha256: c.courtOrderSha256 ?? null,
    courtOrderName: c.courtOrderName ?? null,
  };
}

type Parsed = Result<Content & { proceedsUnits: bigint | null }, TransitionRefusal>;

function parse(c: Json): Parsed {
  const p = content.safeParse(c);
  if (!p.success)
    return err('content_invalid', 'not a legal transition', { issues: p.error.issues });
  const v = p.data;
  if (v.to !== 'emergency_sold') return ok({ ...v, proceedsUnits: null });
  if (v.proceeds === null) return err('proceeds_required', 'an emergency sale names its proceeds');
  const asset = v.proceeds.asset;
  if (!isAssetCode(asset) || ASSETS[asset].kind !== 'fiat') {
    return err('proceeds_asset_not_fiat', 'sale proceeds are held in a fiat currency');
  }
  const units = parseAmount(v.proceeds.amount, asset);
  if (!units.ok) return units;
  return ok({ ...v, proceedsUnits: units.value });
}

async function validateTransition(
  tx: Tx,
  c: Json,
  actor: Actor,
): Promise<Result<null, TransitionRefusal>> {
  const v = parse(c);
  if (!v.ok) return v;
  const lot = await store.getLot(tx, v.value.lotId);
  if (lot === null || !(await mayDecide(tx, actor, lot))) {
    return err('lot_not_found', `no lot ${v.value.lotId}`);
  }
  const decided = decideTransition(lot.status, v.value, actor.roles);
  return decided.ok ? ok(null) : decided;
}

async function executeTransition(
  d: SeizuresDeps,
  tx: Tx,
  c: Json,
  ctx: ExecutionContext,
): Promise<Result<Json, TransitionRefusal>> {
  const v = parse(c);
  if (!v.ok) return v;
  return applyTransition(d, tx, v.value, {
    actorId: ctx.actor.id,
    requestId: ctx.request.id,
    initiatorId: ctx.request.initiatorId,
    roles: null,
  });
}

interface Meta {
  readonly actorId: string;
  /** The approval request that carried the step; null for a decision recorded as history. */
  readonly requestId: string | null;
  readonly initiatorId: string;
  /** Null: the roles were checked when the request was made. */
  readonly roles: readonly Role[] | null;
}

async function applyTransition(
  d: SeizuresDeps,
  tx: Tx,
  t: Content & { proceedsUnits: bigint | null },
  m: Meta,
): Promise<Result<Json, TransitionRefusal>> {
  const lot = await store.getLot(tx, t.lotId, true);
  if (lot === null) return err('lot_not_found', `no lot ${t.lotId}`);
  // The status is checked again now: it may have moved since the request was made.
  const roles = m.roles ?? TRANSITIONS[lot.status][t.to]?.roles ?? [];
  const decided = decideTransition(lot.status, t, roles);
  if (!decided.ok) return decided;
  const applied = await applyEffect(d, tx, m.actorId, lot, t);
  if (!applied.ok) return applied;
  const effect = applied.value;
  const id = d.ids.next<'SeizureTransition'>();
  const at = d.clock.now();
  const payload = {
    transitionId: id,
    lotId: lot.id,
    from: lot.status,
    to: t.to,
    courtOrderRef: t.courtOrderRef,
    courtOrderDate: t.courtOrderDate,
    courtOrderSha256: t.courtOrderSha256,
    courtOrderName: t.courtOrderName,
    ground: t.ground,
    reason: t.reason,
    requestId: m.requestId,
    initiator: m.initiatorId,
    remainingUnits: effect.remainingUnits.toString(),
    escrow: effect.escrow,
  };
  const { seq } = await appendAudit(tx, d.clock, {
    actor: m.actorId,
    action: 'seizures.lot.transitioned',
    subjects: [lot.id, id],
    payload,
  });
  await tx.query(
    `INSERT INTO seizure_transitions (id, lot_id, from_status, to_status, court_order_ref, ground,
       reason, request_id, initiator, at, audit_seq, court_order_date, court_order_sha256,
       court_order_name) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14)`,
    [
      id,
      lot.id,
      lot.status,
      t.to,
      t.courtOrderRef,
      t.ground,
      t.reason,
      m.requestId,
      m.initiatorId,
      at,
      seq,
      t.courtOrderDate,
      t.courtOrderSha256,
      t.courtOrderName,
    ],
  );
  await store.setLotState(tx, lot.id, {
    status: t.to,
    remainingUnits: effect.remainingUnits,
    ...(effect.escrowRow === null ? {} : { escrow: effect.escrowRow }),
  });
  return ok({ lotId: lot.id, from: lot.status, to: t.to, transitionId: id });
}

/**
 * Records a court decision taken before Kazna held the case (the demo's reference history, a
 * migration from paper files): decided by the same table for the recording person's roles, but
 * not an approval request, and marked so in the log (`requestId: null`). Not reachable over HTTP.
 */
function recordHistorical(
  d: SeizuresDeps,
  actor: Actor,
  c: TransitionContent,
): Promise<Result<Json, TransitionRefusal>> {
  return d.db.command(async (tx) => {
    const v = parse(asJson(c));
    if (!v.ok) return v;
    return applyTransition(d, tx, v.value, {
      actorId: actor.id,
      requestId: null,
      initiatorId: actor.id,
      roles: actor.roles,
    });
  });
}

interface Effect {
  readonly remainingUnits: bigint;
  readonly escrow: Json;
  readonly escrowRow: { accountId: string; asset: AssetCode; units: bigint } | null;
}

/** The ledger side of a legal step: what leaves the lot's custody account, and any escrow. */
async function applyEffect(
  d: SeizuresDeps,
  tx: Tx,
  actorId: string,
  lot: store.LotRow,
  t: Content & { proceedsUnits: bigint | null },
): Promise<Result<Effect, TransferCommandError>> {
  const none: Effect = { remainingUnits: lot.remainingUnits, escrow: null, escrowRow: null };
  const out = async (sink: 'sold' | 'returned' | 'released'): Promise<Moved> => {
    if (lot.remainingUnits === 0n) return ok(null);
    const moved = await d.ledger.postInTx(tx, actorId, {
      asset: lot.asset,
      debitAccountId: await purposeAccount(d, tx, sink, lot.asset),
      creditAccountId: lot.accountId as never,
      amount: lot.remainingUnits,
      code: `seizures.${sink}`,
      reason: `lot ${lot.id}: ${t.to}`,
      refs: { caseId: lot.caseId, lotId: lot.id },
    });
    return moved.ok ? ok(null) : moved;
  };
  switch (t.to) {
    case 'emergency_sold': {
      const sold = await out('sold');
      return sold.ok ? emergencySale(d, tx, actorId, lot, t) : sold;
    }
    case 'returned_to_owner': {
      const returned = await out('returned');
      const escrow = returned.ok ? await returnEscrow(d, tx, actorId, lot) : returned;
      return escrow.ok ? ok({ ...none, remainingUnits: 0n }) : escrow;
    }
    case 'released': {
      const released = await out('released');
      return released.ok ? ok({ ...none, remainingUnits: 0n }) : released;
    }
    // These steps change the lot's legal status only; nothing leaves custody.
    case 'seized':
    case 'frozen':
    case 'forfeiture_pending':
    case 'forfeited':
    case 'restitution_to_victims':
    case 'split':
      return ok(none);
  }
}

/** A movement out of custody made, or the transaction policy's refusal of it. */
type Moved = Result<null, TransferCommandError>;

async function emergencySale(
  d: SeizuresDeps,
  tx: Tx,
  actorId: string,
  lot: store.LotRow,
  t: Content & { proceedsUnits: bigint | null },
): Promise<Result<Effect, TransferCommandError>> {
  const asset = t.proceeds?.asset as AssetCode;
  const units = t.proceedsUnits ?? 0n;
  const escrow = await d.ledger.openAccountInTx(
    tx,
    { id: actorId },
    {
      asset,
      owner: { kind: 'escrow', ref: `lot:${lot.id}` },
      type: 'asset',
      flags: { creditsMustNotExceedDebits: true },
      metadata: { lotId: lot.id, purpose: 'emergency_sale_proceeds' },
    },
  );
  if (!escrow.ok) throw new Error(`escrow account refused: ${escrow.code}`);
  if (units > 0n) {
    const moved = await d.ledger.postInTx(tx, actorId, {
      asset,
      debitAccountId: escrow.value.id,
      creditAccountId: await purposeAccount(d, tx, 'proceeds_source', asset),
      amount: units,
      code: 'seizures.emergency_sale.proceeds',
      reason: `emergency sale of lot ${lot.id}: ${t.ground ?? ''}`.slice(0, 500),
      refs: { caseId: lot.caseId, lotId: lot.id },
    });
    if (!moved.ok) return moved;
  }
  return ok({
    remainingUnits: 0n,
    escrow: { accountId: escrow.value.id, asset, amount: formatAmount(units, asset) },
    escrowRow: { accountId: escrow.value.id, asset, units },
  });
}

async function returnEscrow(
  d: SeizuresDeps,
  tx: Tx,
  actorId: string,
  lot: store.LotRow,
): Promise<Moved> {
  if (lot.escrowAccountId === null || lot.escrowAsset === null || !lot.escrowUnits) return ok(null);
  const moved = await d.ledger.postInTx(tx, actorId, {
    asset: lot.escrowAsset,
    debitAccountId: await purposeAccount(d, tx, 'returned', lot.escrowAsset),
    creditAccountId: lot.escrowAccountId as never,
    amount: lot.escrowUnits,
    code: 'seizures.returned',
    reason: `lot ${lot.id}: escrowed proceeds returned to the owner`,
    refs: { caseId: lot.caseId, lotId: lot.id },
  });
  return moved.ok ? ok(null) : moved;
}

/** A court-ordered split: the parts take the lot's status and custody, and add up to it exactly. */
function split(
  d: SeizuresDeps,
  actor: Actor,
  lotId: string,
  amounts: readonly string[],
): Promise<Result<{ lotIds: string[] }, SplitCommandError>> {
  return d.db.command(async (tx) => {
    if (actor.kind !== 'system' && !actor.roles.includes('court_registrar')) {
      return err('role_not_allowed', 'a split is recorded by the court registrar');
    }
    const lot = await store.getLot(tx, lotId, true);
    if (lot === null) return err('lot_not_found', `no lot ${lotId}`);
    if (!canSplit(lot.status)) {
      return err('lot_cannot_split', `a ${lot.status} lot cannot be split`);
    }
    const parts: bigint[] = [];
    for (const a of amounts) {
      const p = parseAmount(a, lot.asset);
      if (!p.ok) return p;
      parts.push(p.value);
    }
    const decided = decideSplit(lot.remainingUnits, parts);
    if (!decided.ok) return decided;
    const made = await recordSplit(d, tx, actor, lot, decided.value);
    return made.ok ? ok({ lotIds: made.value }) : made;
  });
}

function canSplit(s: LegalStatus): boolean {
  return Object.keys(TRANSITIONS[s]).length > 0 || s === 'forfeited';
}

async function recordSplit(
  d: SeizuresDeps,
  tx: Tx,
  actor: Actor,
  lot: store.LotRow,
  parts: readonly bigint[],
): Promise<Result<string[], TransferCommandError>> {
  const children = parts.map((amountUnits) => ({ id: d.ids.next<'SeizureLot'>(), amountUnits }));
  await appendAudit(tx, d.clock, {
    actor,
    action: 'seizures.lot.split',
    subjects: [lot.id, ...children.map((c) => c.id)],
    payload: {
      parentLotId: lot.id,
      parts: children.map((c) => ({ lotId: c.id, amountUnits: c.amountUnits.toString() })),
    },
  });
  await store.setLotState(tx, lot.id, { status: 'split', remainingUnits: 0n });
  for (const c of children) {
    const account = await openCustody(d, tx, actor, c.id, lot);
    const row: store.NewLot = {
      ...lot,
      id: c.id,
      parentLotId: lot.id,
      amountUnits: c.amountUnits,
      accountId: account,
    };
    const rec = await appendAudit(tx, d.clock, {
      actor,
      action: 'seizures.lot.recorded',
      subjects: [c.id, lot.id, lot.seizureId, lot.caseId, account],
      payload: { lot: lotJson(row) },
    });
    await store.insertLot(tx, row, d.clock.now(), rec.seq);
    const moved = await d.ledger.postInTx(tx, actor.id, {
      asset: lot.asset,
      debitAccountId: account,
      creditAccountId: lot.accountId as never,
      amount: c.amountUnits,
      code: 'seizures.split',
      reason: `lot ${lot.id} split into ${c.id}`,
      refs: { caseId: lot.caseId, lotId: c.id },
    });
    if (!moved.ok) return moved;
  }
  return ok(children.map((c) => c.id));
}

/**
 * A forfeited lot earmarked for the reserve becomes a pending disposal; the reserve takes it on.
 * The custody officer records it: the route's action (`seizures.custody.handoff`) is also held by
 * enforcement officers, who hand lots on but do not send them to the reserve.
 */
function earmark(
  d: SeizuresDeps,
  actor: Actor,
  lotId: string,
): Promise<Result<{ disposalId: string }, EarmarkError>> {
  return d.db.command(async (tx) => {
    if (actor.kind !== 'system' && !actor.roles.includes('custody_officer')) {
      return err('role_not_allowed', 'a custody officer earmarks lots for the reserve');
    }
    const lot = await store.getLot(tx, lotId, true);
    if (lot === null) return err('lot_not_found', `no lot ${lotId}`);
    if (lot.status !== 'forfeited') {
      return err('lot_not_forfeited', 'only a forfeited lot goes to the reserve', {
        status: lot.status,
      });
    }
    const taken = await tx.query('SELECT 1 FROM seizure_disposals WHERE lot_id = $1', [lotId]);
    if (taken.length > 0) return err('lot_already_earmarked', 'the lot is already earmarked');
    if (lot.remainingUnits === 0n && lot.escrowUnits === null) {
      return err('lot_is_empty', 'the lot holds nothing to dispose of');
    }
    const disposalId = d.ids.next<'SeizureDisposal'>();
    const { seq } = await appendAudit(tx, d.clock, {
      actor,
      action: 'seizures.lot.earmarked',
      subjects: [lotId, disposalId],
      payload: { lotId, disposalId, destination: 'reserve', status: 'pending' },
    });
    await tx.query(
      `INSERT INTO seizure_disposals (id, lot_id, destination, status, earmarked_at, audit_seq)
       VALUES ($1, $2, 'reserve', 'pending', $3, $4)`,
      [disposalId, lotId, d.clock.now(), seq],
    );
    return ok({ disposalId });
  });
}
