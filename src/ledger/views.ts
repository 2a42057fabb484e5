import { ASSETS } from '../core/assets.ts';
import { toCsv } from '../core/csv.ts';
import { formatAmount, formatUnitsFixed } from '../core/money.ts';
import { available, normalBalance, type Account, type Balances, type Transfer } from './model.ts';
import type { StatementRow } from './store.ts';

/**
 * How the ledger is shown to people and clients (HTTP, CLI, CSV): amounts as exact decimal strings in
 * the asset's units, sequence numbers as strings, never a float.
 */
export function balancesView(b: Balances, asset: Account['asset']): Record<string, string> {
  return {
    debitsPending: formatAmount(b.debitsPending, asset),
    debitsPosted: formatAmount(b.debitsPosted, asset),
    creditsPending: formatAmount(b.creditsPending, asset),
    creditsPosted: formatAmount(b.creditsPosted, asset),
  };
}

export function accountView(a: Account, balances: Balances = a.balances, at?: Date) {
  return {
    id: a.id,
    asset: a.asset,
    owner: a.owner,
    type: a.type,
    flags: a.flags,
    metadata: a.metadata,
    openedAt: a.openedAt.toISOString(),
    closedAt: a.closedAt?.toISOString() ?? null,
    auditSeq: a.auditSeq.toString(),
    ...(at === undefined ? {} : { asOf: at.toISOString() }),
    balances: balancesView(balances, a.asset),
    /** Posted balance on the account's normal side (debit-normal for assets and expenses). */
    balance: formatAmount(normalBalance(a.type, balances), a.asset),
    /** Credits posted minus debits posted and reserved: what a debit may still draw. */
    available: formatAmount(available(a.type, balances), a.asset),
  };
}

export function transferView(t: Transfer) {
  return {
    id: t.id,
    kind: t.kind,
    debitAccountId: t.debitAccountId,
    creditAccountId: t.creditAccountId,
    asset: t.asset,
    amount: formatAmount(t.amount, t.asset),
    pendingId: t.pendingId,
    pendingReleased: t.pendingReleased === null ? null : formatAmount(t.pendingReleased, t.asset),
    timeoutSeconds: t.timeoutSeconds,
    expiresAt: t.expiresAt?.toISOString() ?? null,
    code: t.code,
    reason: t.reason,
    refs: t.refs,
    correctsId: t.correctsId,
    /** When the transfer took effect, where that was before it was recorded; else null. */
    valueAt: t.valueAt?.toISOString() ?? null,
    clearance: t.clearance,
    actor: t.actor,
    createdAt: t.createdAt.toISOString(),
    auditSeq: t.auditSeq.toString(),
    batchIndex: t.batchIndex,
    links: { audit: `/audit/entries/${t.auditSeq.toString()}`, self: `/ledger/transfers/${t.id}` },
  };
}

export function statementRowView(account: Account, row: StatementRow) {
  const t = row.transfer;
  const debit = t.debitAccountId === account.id;
  return {
    transfer: transferView(t),
    side: debit ? 'debit' : 'credit',
    counterpartyAccountId: debit ? t.creditAccountId : t.debitAccountId,
    balances: balancesView(row.balances, account.asset),
    balance: formatAmount(normalBalance(account.type, row.balances), account.asset),
  };
}

export const STATEMENT_CSV_HEADER = [
  'created_at',
  'value_at',
  'audit_seq',
  'batch_index',
  'transfer_id',
  'kind',
  'side',
  'counterparty_account_id',
  'amount',
  'code',
  'reason',
  'debits_posted',
  'credits_posted',
  'debits_pending',
  'credits_pending',
  'balance',
];

/** RFC 4180 CSV with fixed-scale amounts, so the columns line up in a spreadsheet. */
export function statementCsv(account: Account, rows: readonly StatementRow[]): string {
  const scale = ASSETS[account.asset].scale;
  const fixed = (x: bigint): string => formatUnitsFixed(x, scale);
  const lines = rows.map((row) => {
    const t = row.transfer;
    const debit = t.debitAccountId === account.id;
    const b = row.balances;
    return [
      t.createdAt.toISOString(),
      t.valueAt?.toISOString() ?? '',
      t.auditSeq.toString(),
      String(t.batchIndex),
      t.id,
      t.kind,
      debit ? 'debit' : 'credit',
      debit ? t.creditAccountId : t.debitAccountId,
      fixed(t.amount),
      t.code,
      t.reason,
      fixed(b.debitsPosted),
      fixed(b.creditsPosted),
      fixed(b.debitsPending),
      fixed(b.creditsPending),
      fixed(normalBalance(account.type, b)),
    ];
  });
  return toCsv(STATEMENT_CSV_HEADER, lines, { eol: '\r\n', guardFormulas: true });
}
