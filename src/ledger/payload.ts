import { assert } from '../core/assert.ts';
import type { Json } from '../core/canonical.ts';
import { formatAmount } from '../core/money.ts';
import { err, ok, type Result } from '../core/result.ts';
import type { NewTransfer } from './model.ts';

/**
 * The audit payload of a batch of transfers: complete enough to rebuild every balance from the log.
 *
 * Format 2 stores the batch by column, because a thousand transfers written as a thousand objects
 * repeated every field name and both account ids on every row, and that text was a third of the
 * batch's write time (docs/design/ledger.md, "Performance"):
 *
 *     { "format": 2, "count": 3, "accounts": ["<debit id>", "<credit id>"],
 *       "columns": { "id": ["…", "…", "…"], "kind": "single", "debit": 0, "credit": [1, 1, 0], … } }
 *
 * - a column is an array of `count` values, one per transfer in batch order, or one value that every
 *   transfer shares; a column every transfer leaves null is left out. No value is itself an array,
 *   so the two forms cannot be confused;
 * - `debit` and `credit` are positions in `accounts`, which names each account once;
 * - a transfer's batch index is its position.
 *
 * Entries written before format 2 hold `{ "transfers": [ {…}, … ] }`, one object per transfer with
 * `debitAccountId`, `creditAccountId` and `batchIndex`; `transferRecords` reads both.
 */
export const PAYLOAD_FORMAT = 2;

/** One transfer as the log states it, in either format. Field names as in format 1. */
export type TransferRecord = Readonly<Record<string, Json>>;

/** Columns in the order they are written; `debit` and `credit` are handled apart (see above). */
const COLUMNS: Readonly<Record<string, (t: NewTransfer) => string | number | null>> = {
  id: (t) => t.id,
  kind: (t) => t.kind,
  asset: (t) => t.asset,
  amount: (t) => formatAmount(t.amount, t.asset),
  pendingId: (t) => t.pendingId,
  pendingReleased: (t) =>
    t.pendingReleased === null ? null : formatAmount(t.pendingReleased, t.asset),
  timeoutSeconds: (t) => t.timeoutSeconds,
  expiresAt: (t) => t.expiresAt?.toISOString() ?? null,
  code: (t) => t.code,
  reason: (t) => t.reason,
  caseId: (t) => t.refs.caseId ?? null,
  lotId: (t) => t.refs.lotId ?? null,
  approvalId: (t) => t.refs.approvalId ?? null,
  externalTxId: (t) => t.refs.externalTxId ?? null,
  correctsId: (t) => t.correctsId,
  valueAt: (t) => t.valueAt?.toISOString() ?? null,
  clearance: (t) => t.clearance,
  requestHash: (t) => t.requestHash,
  // When the batch was recorded, which replay checks the stored rows against (one shared value).
  createdAt: (t) => t.createdAt.toISOString(),
};

export function batchPayload(transfers: readonly NewTransfer[]): Json {
  const accounts: string[] = [];
  const positions = new Map<string, number>();
  const position = (id: string): number => {
    let at = positions.get(id);
    if (at === undefined) {
      at = accounts.length;
      positions.set(id, at);
      accounts.push(id);
    }
    return at;
  };
  const columns: Record<string, Json> = {};
  const put = (name: string, values: (string | number | null)[]): void => {
    const first = values[0] ?? null;
    const shared = values.every((v) => v === first);
    if (shared && first === null) return;
    columns[name] = shared ? first : values;
  };
  for (const [index, t] of transfers.entries()) {
    assert(t.batchIndex === index, 'a transfer is stored at its batch index');
  }
  put(
    'debit',
    transfers.map((t) => position(t.debitAccountId)),
  );
  put(
    'credit',
    transfers.map((t) => position(t.creditAccountId)),
  );
  for (const [name, value] of Object.entries(COLUMNS)) put(name, transfers.map(value));
  return { format: PAYLOAD_FORMAT, count: transfers.length, accounts, columns };
}

/**
 * The transfers a ledger entry records, one record each, whichever format wrote it; an error
 * sentence when the payload is not a batch this code wrote (the replay reports it).
 */
export function transferRecords(
  payload: Json,
): Result<readonly TransferRecord[], 'payload_malformed'> {
  if (!isObject(payload)) return err('payload_malformed', 'the payload is not an object');
  const listed = payload['transfers'];
  if (payload['format'] === undefined && isList(listed)) {
    if (listed.every(isObject)) return ok(listed);
    return err('payload_malformed', 'a transfer is not an object');
  }
  if (payload['format'] !== PAYLOAD_FORMAT) {
    return err('payload_malformed', `unknown payload format ${JSON.stringify(payload['format'])}`);
  }
  return fromColumns(payload);
}

function fromColumns(
  payload: Readonly<Record<string, Json>>,
): Result<readonly TransferRecord[], 'payload_malformed'> {
  const { count, accounts, columns } = payload;
  if (typeof count !== 'number' || !Number.isSafeInteger(count) || count < 1) {
    return err('payload_malformed', 'count is not a positive integer');
  }
  if (!isList(accounts) || !isObject(columns)) {
    return err('payload_malformed', 'accounts or columns missing');
  }
  for (const [name, column] of Object.entries(columns)) {
    if (name !== 'debit' && name !== 'credit' && !(name in COLUMNS)) {
      return err('payload_malformed', `unknown column ${name}`);
    }
    if (isList(column) && column.length !== count) {
      return err('payload_malformed', `column ${name} holds ${column.length} values, not ${count}`);
    }
  }
  const at = (name: string, i: number): Json => {
    const column = columns[name] ?? null;
    return isList(column) ? (column[i] ?? null) : column;
  };
  const records: TransferRecord[] = [];
  for (let i = 0; i < count; i++) {
    const debit = accounts[Number(at('debit', i))];
    const credit = accounts[Number(at('credit', i))];
    if (typeof debit !== 'string' || typeof credit !== 'string') {
      return err('payload_malformed', `transfer ${i} names an account outside the list`);
    }
    const record: Record<string, Json> = { debitAccountId: debit, creditAccountId: credit };
    for (const name of Object.keys(COLUMNS)) record[name] = at(name, i);
    record['batchIndex'] = i;
    records.push(record);
  }
  return ok(records);
}

function isObject(value: Json | undefined): value is Readonly<Record<string, Json>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isList(value: Json | undefined): value is readonly Json[] {
  return Array.isArray(value);
}
