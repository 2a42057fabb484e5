import type { Account, OwnerKind } from '../ledger/model.ts';
import { normalBalance } from '../ledger/model.ts';
import type { LedgerService } from '../ledger/service.ts';

/**
 * What reports and proofs of reserves read from the ledger: accounts by owner kind, and an account's
 * balance as of an instant together with the audit entries (the account's opening and every transfer
 * that moved it) that the balance follows from.
 */
const PAGE = 500;

export async function accountsOwnedBy(ledger: LedgerService, kind: OwnerKind): Promise<Account[]> {
  const out: Account[] = [];
  for (let after: string | undefined; ;) {
    const page = await ledger.read.accounts({
      ownerKind: kind,
      limit: PAGE,
      ...(after === undefined ? {} : { after }),
    });
    out.push(...page);
    const last = page.at(-1);
    if (page.length < PAGE || last === undefined) return out;
    after = last.id;
  }
}

export interface HoldingAt {
  readonly account: Account;
  /** Posted balance on the account's normal side, in base units of its asset. */
  readonly units: bigint;
  readonly seqs: readonly number[];
}

/** The balance before `end` (exclusive), rebuilt from the account's statement. */
export async function holdingAt(
  ledger: LedgerService,
  account: Account,
  end: Date,
): Promise<HoldingAt> {
  const seqs: number[] = account.openedAt < end ? [Number(account.auditSeq)] : [];
  let units = 0n;
  let after: { auditSeq: bigint; batchIndex: number } | undefined;
  for (;;) {
    const rows = await ledger.read.statement({
      accountId: account.id,
      to: end,
      limit: PAGE,
      ...(after === undefined ? {} : { after }),
    });
    for (const r of rows) {
      if (r.transfer.createdAt >= end) continue;
      seqs.push(Number(r.transfer.auditSeq));
      units = normalBalance(account.type, r.balances);
    }
    const last = rows.at(-1);
    if (rows.length < PAGE || last === undefined) return { account, units, seqs };
    after = { auditSeq: last.transfer.auditSeq, batchIndex: last.transfer.batchIndex };
  }
}
