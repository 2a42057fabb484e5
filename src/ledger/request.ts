import { z } from 'zod';
import { ASSET_CODES, type AssetCode } from '../core/assets.ts';
import { sha256 } from '../core/hash.ts';
import { asId } from '../core/ids.ts';
import { parseAmount, type AmountError } from '../core/money.ts';
import { err, ok, type Result } from '../core/result.ts';
import type { TransferId, TransferInput, TransferRefs } from './model.ts';
import { BATCH_SIZE_MAX } from './model.ts';

/**
 * The wire form of a transfer, shared by the HTTP routes and the CLI. Amounts are decimal strings in
 * the asset's units, parsed exactly with `parseAmount`. A negative amount is let through to the
 * ledger, which answers `amount_must_be_positive` like it does for zero.
 */
const uuid = z.uuid();
const refs = z
  .object({
    caseId: z.string().min(1).max(200).optional(),
    lotId: z.string().min(1).max(200).optional(),
    approvalId: z.string().min(1).max(200).optional(),
    externalTxId: z.string().min(1).max(200).optional(),
  })
  .strict();

export const transferBody = z
  .object({
    id: uuid.optional(),
    kind: z.enum(['single', 'pending', 'post', 'void']).default('single'),
    debitAccountId: uuid.optional(),
    creditAccountId: uuid.optional(),
    pendingId: uuid.optional(),
    asset: z.enum(ASSET_CODES),
    amount: z.string().max(100).optional(),
    timeoutSeconds: z.number().int().min(0).max(2_147_483_647).optional(),
    code: z.string().min(1).max(64),
    reason: z.string().max(1000),
    refs: refs.optional(),
    correctsId: uuid.optional(),
    /** For a single transfer recorded after it took effect: when it did (ISO 8601, with offset). */
    valueAt: z.iso.datetime({ offset: true }).optional(),
  })
  .strict();
export type TransferBody = z.infer<typeof transferBody>;

export const batchBody = z
  .object({ transfers: z.array(transferBody).min(1).max(BATCH_SIZE_MAX) })
  .strict();

export type RequestError = AmountError | 'field_required';

/**
 * Turns a body into a `TransferInput`. Without an `id`, the id is derived from the caller's
 * Idempotency-Key (and the position in a batch), so a retried request finds its first answer.
 */
export function parseTransferBody(
  body: TransferBody,
  fallbackId: () => TransferId,
): Result<TransferInput, RequestError> {
  const common = {
    id: body.id === undefined ? fallbackId() : asId<'LedgerTransfer'>(body.id),
    asset: body.asset,
    code: body.code,
    reason: body.reason,
    ...(body.refs === undefined ? {} : { refs: cleanRefs(body.refs) }),
    ...(body.correctsId === undefined
      ? {}
      : { correctsId: asId<'LedgerTransfer'>(body.correctsId) }),
  };
  const amount =
    body.amount === undefined
      ? undefined
      : parseAmount(body.amount, body.asset, { allowNegative: true });
  if (amount !== undefined && !amount.ok) return amount;
  if (body.kind === 'post' || body.kind === 'void') {
    if (body.pendingId === undefined) return required('pendingId');
    const pendingId = asId<'LedgerTransfer'>(body.pendingId);
    if (body.kind === 'void') return ok({ ...common, kind: 'void', pendingId });
    return ok({
      ...common,
      kind: 'post',
      pendingId,
      ...(amount === undefined ? {} : { amount: amount.value }),
    });
  }
  if (body.debitAccountId === undefined) return required('debitAccountId');
  if (body.creditAccountId === undefined) return required('creditAccountId');
  if (amount === undefined) return required('amount');
  const sides = {
    debitAccountId: asId<'LedgerAccount'>(body.debitAccountId),
    creditAccountId: asId<'LedgerAccount'>(body.creditAccountId),
    amount: amount.value,
  };
  if (body.kind === 'single') {
    const valueAt = body.valueAt === undefined ? {} : { valueAt: new Date(body.valueAt) };
    return ok({ ...common, ...sides, kind: 'single', ...valueAt });
  }
  return ok({ ...common, ...sides, kind: 'pending', timeoutSeconds: body.timeoutSeconds ?? 0 });
}

function required(field: string): Result<never, RequestError> {
  return err('field_required', `${field} is required for this kind of transfer`, { field });
}

function cleanRefs(r: z.infer<typeof refs>): TransferRefs {
  return {
    ...(r.caseId === undefined ? {} : { caseId: r.caseId }),
    ...(r.lotId === undefined ? {} : { lotId: r.lotId }),
    ...(r.approvalId === undefined ? {} : { approvalId: r.approvalId }),
    ...(r.externalTxId === undefined ? {} : { externalTxId: r.externalTxId }),
  };
}

/** A UUID (version 8, RFC 9562) derived from the caller, the Idempotency-Key and the position. */
export function idFromKey(actorId: string, key: string, index: number): TransferId {
  const hex = Buffer.from(
    sha256(new TextEncoder().encode(`ledger.transfer\n${actorId}\n${key}\n${index}`)),
  )
    .toString('hex')
    .slice(0, 32)
    .split('');
  hex[12] = '8';
  hex[16] = ((parseInt(hex[16] ?? '0', 16) & 0x3) | 0x8).toString(16);
  const h = hex.join('');
  return asId(
    `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`,
  );
}

export function assetOf(text: string): AssetCode | null {
  return (ASSET_CODES as readonly string[]).includes(text) ? (text as AssetCode) : null;
}
