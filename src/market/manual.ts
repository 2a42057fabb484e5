import { z } from 'zod';
import { appendAudit } from '../audit/append.ts';
import { ASSET_CODES } from '../core/assets.ts';
import type { Json } from '../core/canonical.ts';
import { err, ok, type Result } from '../core/result.ts';
import type { Tx } from '../db/pool.ts';
import {
  executor,
  type ExecutionContext,
  type ExecutorDescriptor,
} from '../governance/approvals.ts';
import type { StatusMap } from '../http/refusals.ts';
import { formatPrice, parsePrice, type PriceError } from './model.ts';
import type { MarketDeps } from './deps.ts';
import * as store from './store.ts';

/**
 * Manual prices fill gaps and correct bad data, and an approved manual price outranks every other
 * source for its day, so it is a governed change: an approval request of kind `market.manual_price`
 * whose content is the price. Nothing is written to the market's tables until the request is
 * executed; a rejected, blocked or expired request leaves no trace here (governance keeps it).
 *
 * The executor also refuses a request the policy allowed outright: a manual price always needs a
 * quorum, and a quorum never counts the initiator, so nobody approves their own price whatever the
 * policy says.
 */
export const MANUAL_PRICE_KIND = 'market.manual_price';

const content = z.strictObject({
  asset: z.enum(ASSET_CODES),
  quote: z.enum(ASSET_CODES),
  day: z.iso.date(),
  price: z.string().min(1).max(60),
  reason: z.string().min(1).max(2000),
});
export type ManualPriceContent = z.infer<typeof content>;

export type ManualError = PriceError | 'content_invalid' | 'manual_price_needs_an_approver';

/** How a manual price request's refusals answer through the approval routes. */
export const MANUAL_PRICE_STATUS: StatusMap<ManualError> = {
  content_invalid: 422,
  price_is_not_a_decimal: 422,
  price_exceeds_scale: 422,
  price_is_not_positive: 422,
  manual_price_needs_an_approver: 409,
};

function parse(c: Json): Result<ManualPriceContent & { close: bigint }, ManualError> {
  const p = content.safeParse(c);
  if (!p.success) {
    return err('content_invalid', 'not a manual price', {
      issues: p.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    });
  }
  const price = parsePrice(p.data.price);
  if (!price.ok) return price;
  return ok({ ...p.data, close: price.value });
}

/** The manual price kind, for main.ts to register with governance. */
export function manualPriceExecutors(deps: MarketDeps): readonly ExecutorDescriptor[] {
  return [
    executor({
      kind: MANUAL_PRICE_KIND,
      execute: (tx, c, ctx) => applyApproved(deps, tx, c, ctx),
      options: {
        requires: 'market.prices.write',
        validate: (_tx, c) => {
          const p = parse(c);
          return Promise.resolve(p.ok ? ok(null) : p);
        },
        refusals: MANUAL_PRICE_STATUS,
      },
    }),
  ];
}

/** Records the request, the approval and the price, in the execution's transaction. */
async function applyApproved(
  deps: MarketDeps,
  tx: Tx,
  c: Json,
  ctx: ExecutionContext,
): Promise<Result<Json, ManualError>> {
  const p = parse(c);
  if (!p.ok) return p;
  const r = ctx.request;
  if (r.outcome !== 'quorum') {
    return err('manual_price_needs_an_approver', 'a manual price needs a quorum of approvers', {
      outcome: r.outcome,
    });
  }
  const { asset, quote, day, close, reason } = p.value;
  const id = deps.ids.next<'manual_price'>();
  const importId = deps.ids.next<'import'>();
  const at = ctx.at.toISOString();
  const price = formatPrice(close);
  const payload = { id, importId, approvalRef: r.id, asset, quote, day, price, reason };
  const { seq: auditSeq } = await appendAudit(tx, deps.clock, {
    actor: ctx.actor.id,
    action: 'market.manual_price.approved',
    subjects: [id, asset, r.id],
    payload: { ...payload, requestedBy: r.initiatorId },
  });
  await store.insertManual(
    tx,
    {
      id,
      asset,
      quote,
      day,
      close,
      reason,
      requestedBy: r.initiatorId,
      requestedAt: r.createdAt.toISOString(),
    },
    auditSeq,
  );
  await store.insertImport(tx, {
    id: importId,
    kind: 'manual',
    asset,
    quote,
    source: 'manual',
    fileName: null,
    fileSha256: null,
    layout: { manualId: id, approvalRef: r.id },
    rowsImported: 1,
    rowsRejected: 0,
    actor: ctx.actor.id,
    at,
    auditSeq,
  });
  await store.insertPrices(tx, [{ asset, quote, day, close }], 'manual', importId, at);
  const decision = { manualId: id, decision: 'approved' as const, approvalRef: r.id, importId };
  await store.insertDecision(tx, { ...decision, decidedBy: ctx.actor.id, at, auditSeq });
  return ok(payload);
}

/** Manual prices in effect, oldest first, each with the approval request that made it. */
export function manualPriceQueries(deps: MarketDeps) {
  return { manualPrices: () => store.manualPrices(deps.db, {}) };
}
