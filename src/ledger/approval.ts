import { z } from 'zod';
import type { Json } from '../core/canonical.ts';
import { asId } from '../core/ids.ts';
import { formatAmount } from '../core/money.ts';
import { err, ok, type Result } from '../core/result.ts';
import type { Tx } from '../db/pool.ts';
import type { StatusMap } from '../http/refusals.ts';
import { LEDGER_TRANSFER_KIND, type TransferInput } from './model.ts';
import { parseTransferBody, transferBody, type TransferBody } from './request.ts';
import { GENERIC_MOVEMENT, type LedgerService } from './service.ts';
import { getAccount } from './store.ts';
import { transferView } from './views.ts';

/**
 * A transfer through the generic route that the transaction policy does not allow directly becomes
 * an approval request of LEDGER_TRANSFER_KIND: its content is the transfers with their ids fixed, so
 * the execution posts exactly what was approved, once. The executor runs inside the approval's
 * execution, where the ledger's policy gate finds the approved request and clears the movement.
 */
export { LEDGER_TRANSFER_KIND };

export const ledgerTransferContent = z.strictObject({
  transfers: z
    .array(transferBody.extend({ id: z.uuid() }))
    .min(1)
    .max(100),
});
export type LedgerTransferContent = z.infer<typeof ledgerTransferContent>;

export type LedgerApprovalError =
  'content_invalid' | 'batch_assets_mixed' | 'account_not_found' | 'transfer_refused';

/** A refused execution names the ledger's own code in its detail (`transfer_refused`). */
export const LEDGER_APPROVAL_STATUS: StatusMap<LedgerApprovalError> = {
  account_not_found: 404,
  content_invalid: 422,
  batch_assets_mixed: 422,
  transfer_refused: 422,
};

/** What an approval request for these transfers holds: each body with the id it will post under. */
export function transferContent(
  bodies: readonly TransferBody[],
  inputs: readonly TransferInput[],
): Result<Json, 'batch_assets_mixed'> {
  const assets = new Set(inputs.map((i) => i.asset));
  if (assets.size > 1)
    return err(
      'batch_assets_mixed',
      'a batch that needs approval must move one asset, so the policy can value it as a whole',
    );
  const transfers = bodies.map((b, i) => ({ ...b, id: inputs[i]?.id ?? '' }));
  return ok({ transfers } as unknown as Json);
}

function parse(content: Json): Result<TransferInput[], 'content_invalid'> {
  const c = ledgerTransferContent.safeParse(content);
  if (!c.success) return err('content_invalid', 'the content is not a list of transfers');
  const out: TransferInput[] = [];
  for (const body of c.data.transfers) {
    const p = parseTransferBody(body, () => asId(body.id));
    if (!p.ok) return err('content_invalid', `transfer ${body.id}: ${p.message}`);
    out.push(p.value);
  }
  return ok(out);
}

/**
 * Facts for the policy: the asset, the total amount, and the owners of the accounts the value
 * leaves (credited) and reaches (debited) when every transfer shares them.
 */
async function describe(tx: Tx, content: Json) {
  const inputs = parse(content);
  if (!inputs.ok) return {};
  const first = inputs.value[0];
  if (first === undefined || (first.kind !== 'single' && first.kind !== 'pending')) return {};
  const moving = inputs.value.filter((i) => i.kind === 'single' || i.kind === 'pending');
  const total = moving.reduce((s, i) => s + i.amount, 0n);
  const from = await getAccount(tx, first.creditAccountId);
  const to = await getAccount(tx, first.debitAccountId);
  const owner = (a: typeof from): string | null =>
    a === undefined ? null : `${a.account.owner.kind}:${a.account.owner.ref}`;
  return {
    asset: first.asset,
    amount: formatAmount(total, first.asset),
    sourceAccount: owner(from),
    fromOwner: owner(from),
    toOwner: owner(to),
  };
}

/** The executor and its options, for main.ts to register with governance. */
export function ledgerTransferExecutor(ledger: LedgerService) {
  return {
    kind: LEDGER_TRANSFER_KIND,
    execute: async (
      tx: Tx,
      content: Json,
      ctx: { readonly request: { readonly initiatorId: string } },
    ): Promise<Result<Json, LedgerApprovalError>> => {
      const inputs = parse(content);
      if (!inputs.ok) return inputs;
      const r = await ledger.transferInTx(
        tx,
        { id: ctx.request.initiatorId },
        inputs.value,
        GENERIC_MOVEMENT,
      );
      if (!r.ok) return err('transfer_refused', `${r.code}: ${r.message}`, { code: r.code });
      return ok({ transfers: r.value.transfers.map(transferView) } as unknown as Json);
    },
    options: {
      requires: 'ledger.transfer.create' as const,
      validate: (_tx: Tx, content: Json) => Promise.resolve(validate(content)),
      describe,
      refusals: LEDGER_APPROVAL_STATUS,
    },
  };
}

function validate(content: Json): Result<null, 'content_invalid'> {
  const r = parse(content);
  return r.ok ? ok(null) : r;
}
