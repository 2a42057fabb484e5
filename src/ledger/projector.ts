import type { Projector, Replay, ReplayEntry } from '../audit/replay.ts';
import { isAssetCode, type AssetCode } from '../core/assets.ts';
import type { Json } from '../core/canonical.ts';
import { parseAmount } from '../core/money.ts';
import type { Queryable } from '../db/pool.ts';
import { applyEffect, ZERO_BALANCES, type Balances, type TransferKind } from './model.ts';
import { transferRecords, type TransferRecord } from './payload.ts';
import { allAccounts } from './store.ts';

/**
 * Rebuilds every account's balances from the audit log alone and compares them with the live
 * `ledger_accounts` rows. A balance edited in place, a transfer row inserted or deleted behind the
 * service's back, or an entry the projector cannot read all show up as differences. It also checks
 * the references the database no longer enforces with foreign keys (migration 0201): every
 * transfer names accounts the log opened, every resolution a pending transfer the log recorded,
 * every correction a transfer recorded before it.
 */
interface ReplayedAccount {
  readonly asset: AssetCode;
  balances: Balances;
  closed: boolean;
}

const BALANCE_FIELDS = [
  'debitsPending',
  'debitsPosted',
  'creditsPending',
  'creditsPosted',
] as const;

export const ledgerProjector: Projector = {
  name: 'ledger',
  start: () => new LedgerReplay(),
};

class LedgerReplay implements Replay {
  private readonly accounts = new Map<string, ReplayedAccount>();
  private readonly problems: string[] = [];
  private transfers = 0;
  private readonly seen = new Set<string>();
  private readonly pendings = new Set<string>();

  apply(entry: ReplayEntry): void {
    if (!entry.action.startsWith('ledger.')) return;
    const payload = entry.payload as Record<string, unknown>;
    switch (entry.action) {
      case 'ledger.account.opened':
        this.open(entry.seq, payload['account'] as Record<string, unknown>);
        return;
      case 'ledger.account.closed':
        this.close(entry.seq, String(payload['accountId']));
        return;
      case 'ledger.transfers.created':
      case 'ledger.transfers.expired': {
        const records = transferRecords(entry.payload);
        if (!records.ok) this.problems.push(`entry ${entry.seq}: ${records.message}`);
        else for (const t of records.value) this.transfer(entry.seq, t);
        return;
      }
      default:
        this.problems.push(`entry ${entry.seq}: unknown ledger action ${entry.action}`);
    }
  }

  private open(seq: bigint, a: Record<string, unknown>): void {
    const id = String(a['id']);
    const asset = String(a['asset']);
    if (!isAssetCode(asset)) {
      this.problems.push(`entry ${seq}: account ${id} has unknown asset ${asset}`);
      return;
    }
    if (this.accounts.has(id)) this.problems.push(`entry ${seq}: account ${id} opened twice`);
    this.accounts.set(id, { asset, balances: ZERO_BALANCES, closed: false });
  }

  private close(seq: bigint, id: string): void {
    const account = this.accounts.get(id);
    if (account === undefined) this.problems.push(`entry ${seq}: closes unknown account ${id}`);
    else account.closed = true;
  }

  private transfer(seq: bigint, t: TransferRecord): void {
    this.transfers++;
    this.references(seq, t);
    const debit = this.accounts.get(text(t['debitAccountId']));
    const credit = this.accounts.get(text(t['creditAccountId']));
    if (debit === undefined || credit === undefined) {
      this.problems.push(`entry ${seq}: transfer ${text(t['id'])} names an unknown account`);
      return;
    }
    const amount = this.amount(seq, t['amount'], debit.asset);
    const released =
      t['pendingReleased'] === null ? null : this.amount(seq, t['pendingReleased'], debit.asset);
    if (amount === null) return;
    const row = { kind: t['kind'] as TransferKind, amount, pendingReleased: released };
    debit.balances = applyEffect(debit.balances, 'debit', row);
    credit.balances = applyEffect(credit.balances, 'credit', row);
  }

  private references(seq: bigint, t: TransferRecord): void {
    const id = text(t['id']);
    if (this.seen.has(id)) this.problems.push(`entry ${seq}: transfer ${id} recorded twice`);
    const pendingId = t['pendingId'];
    if (typeof pendingId === 'string' && !this.pendings.has(pendingId)) {
      this.problems.push(
        `entry ${seq}: transfer ${id} resolves ${pendingId}, which the log never recorded as pending`,
      );
    }
    const correctsId = t['correctsId'];
    if (typeof correctsId === 'string' && !this.seen.has(correctsId)) {
      this.problems.push(
        `entry ${seq}: transfer ${id} corrects ${correctsId}, which the log never recorded`,
      );
    }
    this.seen.add(id);
    if (t['kind'] === 'pending') this.pendings.add(id);
  }

  private amount(seq: bigint, text: unknown, asset: AssetCode): bigint | null {
    const parsed = parseAmount(String(text), asset);
    if (parsed.ok) return parsed.value;
    this.problems.push(`entry ${seq}: unreadable amount ${String(text)}: ${parsed.code}`);
    return null;
  }

  async compare(db: Queryable): Promise<string[]> {
    const out = [...this.problems];
    const live = await allAccounts(db);
    const seen = new Set<string>();
    for (const account of live) {
      seen.add(account.id);
      const replayed = this.accounts.get(account.id);
      if (replayed === undefined) {
        out.push(`ledger account ${account.id} exists but no audit entry opened it`);
        continue;
      }
      for (const field of BALANCE_FIELDS) {
        const want = replayed.balances[field];
        const got = account.balances[field];
        if (want !== got) {
          out.push(`ledger account ${account.id} ${field}: live ${got}, replayed ${want}`);
        }
      }
      if (replayed.closed !== (account.closedAt !== null)) {
        out.push(
          `ledger account ${account.id} closed: live ${account.closedAt !== null}, replayed ${replayed.closed}`,
        );
      }
    }
    for (const id of this.accounts.keys()) {
      if (!seen.has(id)) out.push(`ledger account ${id} was opened in the log but is missing`);
    }
    const [row] = await db.query<{ n: bigint }>('SELECT count(*) AS n FROM ledger_transfers');
    const count = row?.n ?? 0n;
    if (count !== BigInt(this.transfers)) {
      out.push(`ledger_transfers holds ${count} rows, the log recorded ${this.transfers}`);
    }
    return out;
  }
}

/** A field of a transfer record as the replay names it in a problem or a map key. */
function text(value: Json | undefined): string {
  return typeof value === 'string' ? value : JSON.stringify(value ?? null);
}
