import { appendAudit } from '../audit/append.ts';
import type { AssetCode } from '../core/assets.ts';
import { err, ok, type Result } from '../core/result.ts';
import type { Tx } from '../db/pool.ts';
import { formatPrice, parsePrice } from './model.ts';
import type { ManualError, MarketActor, MarketDeps } from './service.ts';
import * as store from './store.ts';

/**
 * Manual prices fill gaps and correct bad data, so they are a governed change: a request is only
 * recorded as pending, and becomes a price when the approval hook decides it (governance calls it
 * from its executor once a quorum approved; the requester can never decide their own).
 */
export interface ManualInput {
  readonly asset: AssetCode;
  readonly quote: AssetCode;
  readonly day: string;
  readonly price: string;
  readonly reason: string;
}

export interface DecisionInput {
  readonly id: string;
  readonly decision: 'approved' | 'rejected';
  readonly approvalRef?: string;
}

export function manualPrices(deps: MarketDeps) {
  const { db } = deps;
  return {
    /** Errors: price_is_not_a_decimal, price_exceeds_scale, price_is_not_positive. */
    requestManualPrice: (actor: MarketActor, input: ManualInput) => request(deps, actor, input),
    /** The approval hook, inside the caller's transaction. */
    decideManualPriceInTx: (tx: Tx, actor: MarketActor, input: DecisionInput) =>
      decideInTx(deps, tx, actor, input),
    /** Errors: manual_price_not_found, manual_price_already_decided, decider_is_requester. */
    decideManualPrice: (actor: MarketActor, input: DecisionInput) =>
      db.command((tx) => decideInTx(deps, tx, actor, input)),
    manualPrices: (pendingOnly: boolean) => store.manualPrices(db, { pendingOnly }),
  };
}

async function request(
  deps: MarketDeps,
  actor: MarketActor,
  input: ManualInput,
): Promise<Result<{ readonly id: string }, ManualError>> {
  const { db, clock, ids } = deps;
  const price = parsePrice(input.price);
  if (!price.ok) return price;
  return db.command(async (tx) => {
    const id = ids.next<'manual_price'>();
    const { asset, quote, day, reason } = input;
    const audit = await appendAudit(tx, clock, {
      actor: actor.id,
      action: 'market.manual_price.requested',
      subjects: [id, asset],
      payload: { id, asset, quote, day, price: formatPrice(price.value), reason },
    });
    const requestedAt = clock.now().toISOString();
    const row = {
      id,
      asset,
      quote,
      day,
      close: price.value,
      reason,
      requestedBy: actor.id,
      requestedAt,
    };
    await store.insertManual(tx, row, audit.seq);
    return ok({ id });
  });
}

async function decideInTx(
  deps: MarketDeps,
  tx: Tx,
  actor: MarketActor,
  input: DecisionInput,
): Promise<Result<{ readonly importId: string | null }, ManualError>> {
  const { clock, ids } = deps;
  const [m] = await store.manualPrices(tx, { id: input.id });
  if (m === undefined) return err('manual_price_not_found', `no manual price ${input.id}`);
  if (m.decision !== null) {
    return err('manual_price_already_decided', `already ${m.decision}`, { decision: m.decision });
  }
  if (m.requestedBy === actor.id) {
    return err('decider_is_requester', 'the requester cannot decide their own price');
  }
  const at = clock.now().toISOString();
  const importId = input.decision === 'approved' ? ids.next<'import'>() : null;
  const approvalRef = input.approvalRef ?? null;
  const { asset, quote, day } = m;
  const audit = await appendAudit(tx, clock, {
    actor: actor.id,
    action: `market.manual_price.${input.decision}`,
    subjects: [m.id, asset],
    payload: { id: m.id, importId, approvalRef, asset, quote, day, price: formatPrice(m.close) },
  });
  if (importId !== null) {
    await store.insertImport(tx, {
      id: importId,
      kind: 'manual',
      asset,
      quote,
      source: 'manual',
      fileName: null,
      fileSha256: null,
      layout: { manualId: m.id },
      rowsImported: 1,
      rowsRejected: 0,
      actor: actor.id,
      at,
      auditSeq: audit.seq,
    });
    await store.insertPrices(tx, [{ asset, quote, day, close: m.close }], 'manual', importId, at);
  }
  const decision = { manualId: m.id, decision: input.decision, approvalRef, importId };
  await store.insertDecision(tx, { ...decision, decidedBy: actor.id, at, auditSeq: audit.seq });
  return ok({ importId });
}
