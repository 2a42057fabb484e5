import type { Projector, Replay, ReplayEntry } from '../audit/replay.ts';
import { isAssetCode, type AssetCode } from '../core/assets.ts';
import { canonicalize, type Json } from '../core/canonical.ts';
import { parseAmount } from '../core/money.ts';
import type { Queryable } from '../db/pool.ts';
import {
  applyEffect,
  ZERO_BALANCES,
  type Account,
  type Balances,
  type TransferKind,
} from './model.ts';
import { transferRecords, type TransferRecord } from './payload.ts';
import { allAccountRows } from './store.ts';

/**
 * Rebuilds the ledger's two tables from the audit log alone and compares them with the live rows,
 * column by column: every account (owner, flags, metadata, balances, when it opened and closed) and
 * every transfer (accounts, amount, codes, references, who and when). A balance edited in place, an
 * amount multiplied, two accounts swapped, a row inserted or deleted behind the service's back, or
 * an entry the projector cannot read all show up as differences. It also checks the references the
 * database no longer enforces with foreign keys (migration 0201): every transfer names accounts the
 * log opened, every resolution a pending transfer the log recorded, every correction a transfer
 * recorded before it.
 *
 * The ledger's tables are not captured as row evidence (src/db/evidence.ts): its entries already
 * carry every field, by column, and a thousand-transfer batch would otherwise be stored twice.
 */
interface ReplayedAccount {
  readonly asset: AssetCode;
  readonly fields: Readonly<Record<string, string | null>>;
  balances: Balances;
  closedAt: string | null;
}

const BALANCE_FIELDS = [
  ['debitsPending', 'debits_pending'],
  ['debitsPosted', 'debits_posted'],
  ['creditsPending', 'credits_pending'],
  ['creditsPosted', 'credits_posted'],
] as const;

export const ledgerProjector: Projector = {
  name: 'ledger',
  start: () => new LedgerReplay(),
};

class LedgerReplay implements Replay {
  private readonly accounts = new Map<string, ReplayedAccount>();
  private readonly problems: string[] = [];
  /** Each transfer's expected row, as canonical text of its columns, in log order. */
  private readonly transfers = new Map<string, string>();
  private readonly pendings = new Set<string>();

  apply(entry: ReplayEntry): void {
    if (!entry.action.startsWith('ledger.')) return;
    const payload = entry.payload as Record<string, unknown>;
    switch (entry.action) {
      case 'ledger.account.opened':
        this.open(entry, payload);
        return;
      case 'ledger.account.closed':
        this.close(entry.seq, String(payload['accountId']), payload['closedAt']);
        return;
      case 'ledger.transfers.created':
      case 'ledger.transfers.expired': {
        const records = transferRecords(entry.payload);
        if (!records.ok) this.problems.push(`entry ${entry.seq}: ${records.message}`);
        else for (const t of records.value) this.transfer(entry, t);
        return;
      }
      default:
        this.problems.push(`entry ${entry.seq}: unknown ledger action ${entry.action}`);
    }
  }

  private open(entry: ReplayEntry, payload: Record<string, unknown>): void {
    const a = (payload['account'] ?? {}) as Record<string, Json>;
    const id = text(a['id']) ?? '';
    const asset = text(a['asset']) ?? '';
    if (!isAssetCode(asset)) {
      this.problems.push(`entry ${entry.seq}: account ${id} has unknown asset ${asset}`);
      return;
    }
    if (this.accounts.has(id)) this.problems.push(`entry ${entry.seq}: account ${id} opened twice`);
    const owner = (a['owner'] ?? {}) as Record<string, Json>;
    const flags = (a['flags'] ?? {}) as Record<string, Json>;
    const fields = {
      asset,
      owner_kind: text(owner['kind']),
      owner_ref: text(owner['ref']),
      type: text(a['type']),
      debits_must_not_exceed_credits: String(flags['debitsMustNotExceedCredits'] === true),
      credits_must_not_exceed_debits: String(flags['creditsMustNotExceedDebits'] === true),
      metadata: canonicalize(a['metadata'] ?? {}),
      request_hash: text(payload['requestHash'] as Json),
      opened_at: iso(payload['openedAt'] as Json),
      audit_seq: entry.seq.toString(),
    };
    this.accounts.set(id, { asset, fields, balances: ZERO_BALANCES, closedAt: null });
  }

  private close(seq: bigint, id: string, closedAt: unknown): void {
    const account = this.accounts.get(id);
    if (account === undefined) this.problems.push(`entry ${seq}: closes unknown account ${id}`);
    else account.closedAt = iso(closedAt as Json) ?? 'closed';
  }

  private transfer(entry: ReplayEntry, t: TransferRecord): void {
    this.references(entry.seq, t);
    const debit = this.accounts.get(text(t['debitAccountId']) ?? '');
    const credit = this.accounts.get(text(t['creditAccountId']) ?? '');
    if (debit === undefined || credit === undefined) {
      this.problems.push(
        `entry ${entry.seq}: transfer ${text(t['id']) ?? '?'} names an unknown account`,
      );
      return;
    }
    const amount = this.amount(entry.seq, t['amount'], debit.asset);
    const released =
      t['pendingReleased'] === null
        ? null
        : this.amount(entry.seq, t['pendingReleased'], debit.asset);
    if (amount === null) return;
    const row = { kind: t['kind'] as TransferKind, amount, pendingReleased: released };
    debit.balances = applyEffect(debit.balances, 'debit', row);
    credit.balances = applyEffect(credit.balances, 'credit', row);
    this.transfers.set(
      text(t['id']) ?? '',
      canonicalize(expectedTransfer(entry, t, amount, released)),
    );
  }

  private references(seq: bigint, t: TransferRecord): void {
    const id = text(t['id']) ?? '';
    if (this.transfers.has(id)) this.problems.push(`entry ${seq}: transfer ${id} recorded twice`);
    const pendingId = t['pendingId'];
    if (typeof pendingId === 'string' && !this.pendings.has(pendingId)) {
      this.problems.push(
        `entry ${seq}: transfer ${id} resolves ${pendingId}, which the log never recorded as pending`,
      );
    }
    const correctsId = t['correctsId'];
    if (typeof correctsId === 'string' && !this.transfers.has(correctsId)) {
      this.problems.push(
        `entry ${seq}: transfer ${id} corrects ${correctsId}, which the log never recorded`,
      );
    }
    if (t['kind'] === 'pending') this.pendings.add(id);
  }

  private amount(seq: bigint, value: unknown, asset: AssetCode): bigint | null {
    // The log may hold amounts accepted before assets declared a maximum; replay reads them as booked.
    const parsed = parseAmount(String(value), asset, { bound: 'storable' });
    if (parsed.ok) return parsed.value;
    this.problems.push(`entry ${seq}: unreadable amount ${String(value)}: ${parsed.code}`);
    return null;
  }

  async compare(db: Queryable): Promise<string[]> {
    const out = [...this.problems];
    await this.compareAccounts(db, out);
    await compareTransfers(db, this.transfers, out);
    return out;
  }

  private async compareAccounts(db: Queryable, out: string[]): Promise<void> {
    const seen = new Set<string>();
    for (const { account: live, requestHash } of await allAccountRows(db)) {
      seen.add(live.id);
      const replayed = this.accounts.get(live.id);
      if (replayed === undefined) {
        out.push(`ledger_accounts row ${live.id} is not in the log (no entry opened it)`);
        continue;
      }
      const got = liveAccountFields(live, requestHash);
      const want: Record<string, string | null> = {
        ...replayed.fields,
        closed_at: replayed.closedAt,
      };
      for (const [field, column] of BALANCE_FIELDS)
        want[column] = replayed.balances[field].toString();
      for (const [column, value] of Object.entries(want)) {
        // Accounts opened before the log recorded when (older entries) are checked on the rest.
        if (value === null && column !== 'closed_at') continue;
        if (got[column] !== value)
          out.push(
            `ledger_accounts row ${live.id} column ${column}: the table has ${show(got[column])}, the log says ${show(value)}`,
          );
      }
    }
    for (const id of this.accounts.keys()) {
      if (!seen.has(id)) out.push(`ledger_accounts row ${id} was opened in the log but is missing`);
    }
  }
}

type Row = Readonly<Record<string, string | null>>;

/** The columns of a transfer's row as the log states them; null where an older entry is silent. */
function expectedTransfer(
  entry: ReplayEntry,
  t: TransferRecord,
  amount: bigint,
  released: bigint | null,
): Row {
  return {
    kind: text(t['kind']),
    debit_account_id: text(t['debitAccountId']),
    credit_account_id: text(t['creditAccountId']),
    asset: text(t['asset']),
    amount: amount.toString(),
    pending_id: text(t['pendingId']),
    pending_released: released?.toString() ?? null,
    timeout_seconds: text(t['timeoutSeconds']),
    expires_at: iso(t['expiresAt']),
    code: text(t['code']),
    reason: text(t['reason']),
    case_ref: text(t['caseId']),
    lot_ref: text(t['lotId']),
    approval_ref: text(t['approvalId']),
    external_ref: text(t['externalTxId']),
    corrects_id: text(t['correctsId']),
    value_at: iso(t['valueAt']),
    clearance: text(t['clearance']),
    actor: entry.actor,
    request_hash: text(t['requestHash']),
    created_at: iso(t['createdAt']) ?? '(unrecorded)',
    audit_seq: entry.seq.toString(),
    batch_index: text(t['batchIndex']),
  };
}

const TRANSFER_SELECT = `SELECT id::text, kind, debit_account_id::text, credit_account_id::text,
  asset, amount::text, pending_id::text, pending_released::text, timeout_seconds::text,
  expires_at, code, reason, case_ref, lot_ref, approval_ref, external_ref, corrects_id::text,
  value_at, clearance, actor, request_hash, created_at, audit_seq::text, batch_index::text
  FROM ledger_transfers`;
const PAGE = 10_000;

/** Streams the live transfers in log order and compares each with the row the log implies. */
async function compareTransfers(
  db: Queryable,
  expected: Map<string, string>,
  out: string[],
): Promise<void> {
  const seen = new Set<string>();
  for (let after: [string, string] = ['-1', '-1']; ;) {
    const rows = await db.query<Record<string, unknown>>(
      `${TRANSFER_SELECT} WHERE (audit_seq, batch_index) > ($1::bigint, $2::int)
       ORDER BY audit_seq, batch_index LIMIT ${PAGE}`,
      after,
    );
    for (const r of rows) {
      const id = String(r['id']);
      seen.add(id);
      compareTransfer(id, liveRow(r), expected.get(id), out);
    }
    const last = rows.at(-1);
    if (last === undefined || rows.length < PAGE) break;
    after = [String(last['audit_seq']), String(last['batch_index'])];
  }
  for (const id of expected.keys()) {
    if (!seen.has(id))
      out.push(`ledger_transfers row ${id} was recorded in the log but is missing`);
  }
}

function compareTransfer(id: string, got: Row, want: string | undefined, out: string[]): void {
  if (want === undefined) {
    out.push(`ledger_transfers row ${id} is not in the log`);
    return;
  }
  const expected = JSON.parse(want) as Row;
  for (const [column, value] of Object.entries(expected)) {
    if (column === 'created_at' && value === '(unrecorded)') continue;
    if (got[column] !== value)
      out.push(
        `ledger_transfers row ${id} column ${column}: the table has ${show(got[column])}, the log says ${show(value)}`,
      );
  }
}

function liveRow(r: Record<string, unknown>): Row {
  const out: Record<string, string | null> = {};
  for (const [k, v] of Object.entries(r)) {
    if (k === 'id') continue;
    out[k] = v instanceof Date ? v.toISOString() : typeof v === 'string' ? v : null;
  }
  return out;
}

function liveAccountFields(a: Account, requestHash: string): Row {
  return {
    asset: a.asset,
    owner_kind: a.owner.kind,
    owner_ref: a.owner.ref,
    type: a.type,
    debits_must_not_exceed_credits: String(a.flags.debitsMustNotExceedCredits),
    credits_must_not_exceed_debits: String(a.flags.creditsMustNotExceedDebits),
    metadata: canonicalize(a.metadata),
    request_hash: requestHash,
    opened_at: a.openedAt.toISOString(),
    closed_at: a.closedAt?.toISOString() ?? null,
    audit_seq: a.auditSeq.toString(),
    debits_pending: a.balances.debitsPending.toString(),
    debits_posted: a.balances.debitsPosted.toString(),
    credits_pending: a.balances.creditsPending.toString(),
    credits_posted: a.balances.creditsPosted.toString(),
  };
}

/** A text field of a record; null stays null. */
function text(value: Json | undefined): string | null {
  if (value === null || value === undefined) return null;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** A timestamp as the log or the table gives it, normalised to ISO 8601 in UTC. */
function iso(value: Json | undefined): string | null {
  if (typeof value !== 'string') return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? value : new Date(ms).toISOString();
}

function show(value: string | null | undefined): string {
  return value === null || value === undefined ? 'nothing' : JSON.stringify(value);
}
