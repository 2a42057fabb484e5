import { appendAudit, type AuditHeadLock } from '../audit/append.ts';
import { assert } from '../core/assert.ts';
import type { Clock } from '../core/clock.ts';
import type { IdSource } from '../core/ids.ts';
import { ok, type Result } from '../core/result.ts';
import type { Db, Queryable, Tx } from '../db/pool.ts';
import {
  accountRequestHash,
  accountRequestJson,
  applyRows,
  decideCloseAccount,
  decideExpiry,
  decideOpenAccount,
  decideTransfers,
  flagsOf,
  transferRequestHash,
  type Account,
  type AccountId,
  type Balances,
  type BatchError,
  type DecideState,
  type CloseAccountError,
  type OpenAccountError,
  type OpenAccountInput,
  type Transfer,
  type Movement,
  type MovementRefusal,
  type NewTransfer,
  type TransferError,
  type TransferInput,
  ZERO_BALANCES,
} from './model.ts';
import { batchPayload } from './payload.ts';
import * as store from './store.ts';

/**
 * The ledger's commands. Each public command is one `db.command` (one SERIALIZABLE transaction that
 * appends its audit entry); each `…InTx` variant runs inside a caller's transaction instead, so that
 * another domain (seizures, reserve) can move money and record its own change atomically.
 */
export interface LedgerActor {
  readonly id: string;
  /** The API token the actor acted through, recorded in the audit entry. */
  readonly tokenId?: string | undefined;
}

/** What kind of movement a command makes, as the transaction policy sees it. */
export interface MovementBasis {
  /** `ledger.transfer` for the generic route and command; a domain's code (`reserve.subscription`). */
  readonly kind: string;
  /**
   * An earlier approved request of this kind that covers the movement (a custody move approved and
   * signed before its broadcast is booked once the chain confirms it).
   */
  readonly approval?: { readonly id: string; readonly kind: string };
}

export const GENERIC_MOVEMENT: MovementBasis = { kind: 'ledger.transfer' };

/**
 * The policy's answer for each movement, in order: the clearance it recorded (see
 * `Transfer.clearance`), or a refusal naming the rule. Governance implements it; every transfer the
 * ledger records has passed it, whichever route, command or service asked.
 */
export type MovementGate = (
  tx: Tx,
  movements: readonly Movement[],
) => Promise<Result<readonly string[], MovementRefusal>>;

export type OpenAccountRequest = Omit<OpenAccountInput, 'id'> & { readonly id?: AccountId };

export interface TransferOutcome {
  readonly transfers: readonly Transfer[];
  /** True when every id already existed with the same request: nothing new was written. */
  readonly replayed: boolean;
}

export interface LedgerService {
  /** Errors: flags_conflict, owner_ref_invalid, exists_with_different_fields. */
  openAccount(
    actor: LedgerActor,
    input: OpenAccountRequest,
  ): Promise<Result<Account, OpenAccountError>>;
  openAccountInTx(
    tx: Tx,
    actor: LedgerActor,
    input: OpenAccountRequest,
  ): Promise<Result<Account, OpenAccountError>>;
  /**
   * The open account of this owner in this asset, read inside the caller's transaction, or a new
   * one opened there: for the per-purpose accounts other domains open on first use.
   */
  ownedAccountInTx(tx: Tx, actor: LedgerActor, input: OpenAccountRequest): Promise<Account>;
  /** Errors: account_not_found, account_already_closed, account_has_pending_balance, account_has_balance. */
  closeAccount(actor: LedgerActor, id: AccountId): Promise<Result<Account, CloseAccountError>>;
  /**
   * One transfer; its own error code on refusal (see `TransferError`), or the policy's
   * (`approval_required`, `policy_denied`) when it does not allow the movement directly.
   */
  transfer(
    actor: LedgerActor,
    input: TransferInput,
    basis?: MovementBasis,
  ): Promise<Result<TransferOutcome, TransferCommandError>>;
  /** A linked batch: all or nothing; a refusal is `linked_transfer_failed` naming the index and code. */
  transferBatch(
    actor: LedgerActor,
    inputs: readonly TransferInput[],
    basis?: MovementBasis,
  ): Promise<Result<TransferOutcome, TransferCommandError>>;
  /**
   * Inside the caller's transaction; the caller's `err` must roll it back (db.command does). Every
   * single or pending transfer is a movement the transaction policy must clear first.
   */
  transferInTx(
    tx: Tx,
    actor: LedgerActor,
    inputs: TransferInput | readonly TransferInput[],
    basis: MovementBasis,
  ): Promise<Result<TransferOutcome, TransferCommandError>>;
  /**
   * One single transfer inside the caller's transaction, under a fresh id; its code is also the
   * movement's kind the transaction policy decides on. Returns the transfer's id, or the policy's
   * refusal. The one posting helper of the domains that move value (seizures, reserve, disposal).
   */
  postInTx(
    tx: Tx,
    actorId: string,
    posting: Posting,
  ): Promise<Result<string, TransferCommandError>>;
  /** Expires every timed pending transfer due at `now` (in chunks); returns the expiry records. */
  expirePending(now?: Date): Promise<readonly Transfer[]>;
  /** Runs `expirePending` every `intervalMs`; returns the stopper. */
  startExpiryTimer(intervalMs: number): () => void;
  /** Reads on the pool, each its own statement: for views and reports, not for decisions. */
  readonly read: LedgerReads;
  /**
   * The same reads inside a command's transaction: they see what the transaction wrote and take
   * part in its SERIALIZABLE checks. A command that decides from a balance reads it here; `read`
   * would take another connection and answer from outside the transaction.
   */
  readIn(tx: Queryable): LedgerReads;
}

export interface LedgerReads {
  account(id: string): Promise<Account | undefined>;
  /** Balances as of `at`, rebuilt from the transfers up to that moment. */
  balancesAt(id: string, at: Date): Promise<Balances>;
  accounts(filter: store.AccountFilter): Promise<Account[]>;
  transfer(id: string): Promise<Transfer | undefined>;
  statement(query: store.StatementQuery): Promise<store.StatementRow[]>;
  totalsByAsset(): Promise<store.AssetTotals[]>;
}

/** A single transfer as a domain posts it: the ledger gives it its id. */
export type Posting = Omit<Extract<TransferInput, { kind: 'single' }>, 'id' | 'kind'>;

export type TransferCommandError = TransferError | BatchError | MovementRefusal;

export interface LedgerDeps {
  readonly db: Db;
  readonly clock: Clock;
  readonly ids: IdSource;
  /** The transaction policy, asked before any value moves (governance provides it). */
  readonly gate: MovementGate;
}

const EXPIRY_CHUNK = 1000;
/** How often `assemble` sweeps for expired pending transfers; a sweep with nothing due writes nothing. */
export const LEDGER_EXPIRY_INTERVAL_MS = 5000;

/**
 * Every transfer carries its id before the command runs (the client's, or one fixed from its
 * Idempotency-Key or drawn once by the route), and a transfer whose id is already recorded is
 * answered as replayed: running a transfer command again cannot move value twice, so a COMMIT lost
 * in a failover is retried.
 */
const IDEMPOTENT = { idempotent: true } as const;

export function createLedger(deps: LedgerDeps): LedgerService {
  const { db } = deps;
  const expirePending = (now: Date = deps.clock.now()) => expireAll(deps, now);
  return {
    openAccount: (actor, input) => db.command((tx) => openAccountInTx(deps, tx, actor, input)),
    openAccountInTx: (tx, actor, input) => openAccountInTx(deps, tx, actor, input),
    ownedAccountInTx: (tx, actor, input) => ownedAccountInTx(deps, tx, actor, input),
    closeAccount: (actor, id) => db.command((tx) => closeAccountInTx(deps, tx, actor, id)),
    transfer: (actor, input, basis = GENERIC_MOVEMENT) =>
      db.command((tx) => transferInTx(deps, tx, actor, input, basis), IDEMPOTENT),
    transferBatch: (actor, inputs, basis = GENERIC_MOVEMENT) =>
      db.command((tx) => transferInTx(deps, tx, actor, inputs, basis), IDEMPOTENT),
    transferInTx: (tx, actor, inputs, basis) => transferInTx(deps, tx, actor, inputs, basis),
    postInTx: async (tx, actorId, posting) => {
      const id = deps.ids.next<'LedgerTransfer'>();
      const transfer = { ...posting, id, kind: 'single' as const };
      const r = await transferInTx(deps, tx, { id: actorId }, transfer, { kind: posting.code });
      return r.ok ? ok(id) : r;
    },
    expirePending,
    startExpiryTimer: (intervalMs) => startTimer(intervalMs, () => expirePending()),
    read: reads(db),
    readIn: (tx) => reads(tx),
  };
}

async function openAccountInTx(
  { clock, ids }: LedgerDeps,
  tx: Tx,
  actor: LedgerActor,
  request: OpenAccountRequest,
): Promise<Result<Account, OpenAccountError>> {
  const input: OpenAccountInput = { ...request, id: request.id ?? ids.next<'LedgerAccount'>() };
  const existing = await store.getAccount(tx, input.id);
  const decided = decideOpenAccount(input, existing);
  if (!decided.ok || decided.value !== null) return decided as Result<Account, OpenAccountError>;
  const openedAt = clock.now();
  const requestHash = accountRequestHash(input);
  const { seq } = await appendAudit(tx, clock, {
    actor,
    action: 'ledger.account.opened',
    subjects: [input.id],
    payload: { account: accountRequestJson(input), openedAt: openedAt.toISOString(), requestHash },
  });
  const account: Account = {
    id: input.id,
    asset: input.asset,
    owner: input.owner,
    type: input.type,
    flags: flagsOf(input),
    metadata: input.metadata ?? {},
    openedAt,
    closedAt: null,
    auditSeq: seq,
    balances: ZERO_BALANCES,
  };
  await store.insertAccount(tx, account, requestHash);
  return ok(account);
}

async function ownedAccountInTx(
  deps: LedgerDeps,
  tx: Tx,
  actor: LedgerActor,
  input: OpenAccountRequest,
): Promise<Account> {
  const [found] = await store.listAccounts(tx, {
    asset: input.asset,
    ownerKind: input.owner.kind,
    ownerRef: input.owner.ref,
    open: true,
    limit: 1,
  });
  if (found !== undefined) return found;
  const opened = await openAccountInTx(deps, tx, actor, input);
  assert(opened.ok, `could not open the ${input.asset} account of ${input.owner.ref}`);
  return opened.value;
}

async function closeAccountInTx(
  { clock }: LedgerDeps,
  tx: Tx,
  actor: LedgerActor,
  id: AccountId,
): Promise<Result<Account, CloseAccountError>> {
  const locked = await store.lockAccounts(tx, [id]);
  const decided = decideCloseAccount(locked.get(id));
  if (!decided.ok) return decided;
  const closedAt = clock.now();
  await appendAudit(tx, clock, {
    actor,
    action: 'ledger.account.closed',
    subjects: [id],
    payload: { accountId: id, closedAt: closedAt.toISOString() },
  });
  await store.closeAccount(tx, id, closedAt);
  return ok({ ...decided.value, closedAt });
}

async function transferInTx(
  deps: LedgerDeps,
  tx: Tx,
  actor: LedgerActor,
  batch: TransferInput | readonly TransferInput[],
  basis: MovementBasis,
): Promise<Result<TransferOutcome, TransferCommandError>> {
  const inputs: readonly TransferInput[] = Array.isArray(batch) ? batch : [batch as TransferInput];
  const now = deps.clock.now();
  // The first look-up is on the wire before the requests are hashed, so the two overlap.
  const state = loadState(tx, inputs);
  state.catch(() => undefined); // awaited below; a failure while hashing must not go unhandled
  const hashes = inputs.map(transferRequestHash);
  const loaded = await state;
  const decided = decideTransfers(loaded, inputs, now, actor.id, hashes);
  if (!decided.ok) return decided;
  if (decided.value.kind === 'replayed') {
    return ok({ transfers: decided.value.transfers, replayed: true });
  }
  const cleared = await clear(deps, tx, actor, basis, decided.value.transfers, loaded);
  if (!cleared.ok) return cleared;
  const { accounts } = decided.value;
  const seq = await recordTransfers(
    { clock: deps.clock, tx },
    actor,
    'ledger.transfers.created',
    cleared.value,
    accounts,
  );
  return ok({ transfers: cleared.value.map((t) => ({ ...t, auditSeq: seq })), replayed: false });
}

/**
 * Asks the transaction policy about every single and pending transfer of a batch, grouped by kind,
 * asset and the owners of the two accounts (a thousand transfers between the same owners are one
 * movement of their total), and gives each transfer its group's clearance.
 */
async function clear(
  deps: LedgerDeps,
  tx: Tx,
  actor: LedgerActor,
  basis: MovementBasis,
  transfers: readonly NewTransfer[],
  loaded: DecideState,
): Promise<Result<NewTransfer[], MovementRefusal>> {
  const groups = new Map<string, { movement: Movement; members: number[] }>();
  for (const [i, t] of transfers.entries()) {
    if (t.kind !== 'single' && t.kind !== 'pending') continue;
    const from = ownerOf(loaded, t.creditAccountId);
    const to = ownerOf(loaded, t.debitAccountId);
    const key = `${t.asset} ${from} ${to}`;
    const g = groups.get(key);
    if (g === undefined) {
      const movement: Movement = {
        kind: basis.kind,
        actorId: actor.id,
        asset: t.asset,
        amount: t.amount,
        from: { accountId: t.creditAccountId, owner: from },
        to: { accountId: t.debitAccountId, owner: to },
        approval: basis.approval,
      };
      groups.set(key, { movement, members: [i] });
    } else {
      g.movement = { ...g.movement, amount: g.movement.amount + t.amount };
      g.members.push(i);
    }
  }
  const list = [...groups.values()];
  if (list.length === 0) return ok([...transfers]);
  const answer = await deps.gate(
    tx,
    list.map((g) => g.movement),
  );
  if (!answer.ok) return answer;
  const out = [...transfers];
  list.forEach((g, gi) => {
    const clearance = answer.value[gi];
    assert(clearance !== undefined, 'the gate answers every movement');
    for (const i of g.members) {
      const t = out[i];
      assert(t !== undefined, 'a member of the batch');
      out[i] = { ...t, clearance };
    }
  });
  return ok(out);
}

function ownerOf(state: DecideState, id: AccountId): string {
  const account = state.accounts.get(id);
  assert(account !== undefined, `account ${id} was loaded to decide the batch`);
  return `${account.owner.kind}:${account.owner.ref}`;
}

/** Up to this many transfers, a batch's audit entry lists each transfer id among its subjects. */
export const SUBJECT_TRANSFERS_MAX = 16;

/** One audit entry for the whole batch, then the rows and the new balances, in the same transaction. */
async function recordTransfers(
  on: { readonly clock: Clock; readonly tx: Tx; readonly head?: AuditHeadLock | undefined },
  actor: LedgerActor,
  action: string,
  transfers: readonly NewTransfer[],
  accounts: readonly Account[],
): Promise<bigint> {
  // Subjects are indexed (GIN) and shown in the audit list. A small batch names its transfers so
  // that searching the log by a transfer id finds it; a large one names only the accounts it
  // touched, because a thousand ids cost the index more than the rows themselves, and every
  // transfer row already points to its entry by audit_seq.
  const subjects = new Set<string>();
  if (transfers.length <= SUBJECT_TRANSFERS_MAX) for (const t of transfers) subjects.add(t.id);
  for (const a of accounts) subjects.add(a.id);
  const { clock, tx, head } = on;
  const { seq } = await appendAudit(
    tx,
    clock,
    {
      actor,
      action,
      subjects: [...subjects],
      payload: batchPayload(transfers),
    },
    // The rows are encoded while the head lock travels and stored while the entry is encoded.
    {
      alongside: {
        prepare: () => store.prepareBatch(tx, transfers, accounts),
        send: (seq, prepared) => store.recordBatch(tx, prepared, seq),
      },
      ...(head === undefined ? {} : { head }),
    },
  );
  return seq;
}

async function expireChunk({ db, clock, ids }: LedgerDeps, now: Date): Promise<Transfer[]> {
  const result = await db.command(async (tx): Promise<Result<Transfer[], never>> => {
    const due = await store.dueExpiries(tx, now, EXPIRY_CHUNK);
    if (due.length === 0) return ok([]);
    const touched = new Set(due.flatMap((p) => [p.debitAccountId, p.creditAccountId]));
    const accounts = await store.lockAccounts(tx, [...touched]);
    const rows = decideExpiry(due, () => ids.next<'LedgerTransfer'>(), now, 'system');
    const changed = applyRows(accounts, rows);
    const seq = await recordTransfers(
      { clock, tx },
      { id: 'system' },
      'ledger.transfers.expired',
      rows,
      changed,
    );
    return ok(rows.map((t) => ({ ...t, auditSeq: seq })));
  });
  return result.ok ? result.value : [];
}

async function expireAll(deps: LedgerDeps, now: Date): Promise<readonly Transfer[]> {
  const all: Transfer[] = [];
  // A plain read first: the timer's usual sweep finds nothing and should not open a write.
  if ((await store.dueExpiries(deps.db, now, 1)).length === 0) return all;
  for (;;) {
    const chunk = await expireChunk(deps, now);
    all.push(...chunk);
    if (chunk.length < EXPIRY_CHUNK) return all;
  }
}

function startTimer(intervalMs: number, sweep: () => Promise<unknown>): () => void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    // A failed sweep (database restarting, pool closing) is retried on the next tick.
    sweep()
      .catch(() => undefined)
      .finally(() => {
        running = false;
      });
  }, intervalMs);
  timer.unref();
  return () => {
    clearInterval(timer);
  };
}

/** Loads what a batch touches: accounts (locked), referenced pending transfers, existing ids. */
async function loadState(tx: Tx, inputs: readonly TransferInput[]): Promise<DecideState> {
  const accountIds = new Set<string>();
  const pendingIds = new Set<string>();
  const corrects = new Set<string>();
  for (const i of inputs) {
    if (i.kind === 'single' || i.kind === 'pending') {
      accountIds.add(i.debitAccountId);
      accountIds.add(i.creditAccountId);
    } else pendingIds.add(i.pendingId);
    if (i.correctsId !== undefined) corrects.add(i.correctsId);
  }
  const existing = await store.loadTransfers(
    tx,
    inputs.map((i) => i.id),
  );
  if (existing.size > 0) {
    return { accounts: new Map(), pendings: new Map(), existing, correctable: new Set() };
  }
  const pendings = await store.loadPendings(tx, [...pendingIds]);
  for (const p of pendings.values()) {
    accountIds.add(p.transfer.debitAccountId);
    accountIds.add(p.transfer.creditAccountId);
  }
  const accounts = await store.lockAccounts(tx, [...accountIds]);
  const correctable = await store.existingIds(tx, [...corrects]);
  return { accounts, pendings, existing, correctable };
}

function reads(q: Queryable): LedgerReads {
  return {
    account: async (id) => (await store.getAccount(q, id))?.account,
    balancesAt: (id, at) => store.balancesAt(q, id, at),
    accounts: (filter) => store.listAccounts(q, filter),
    transfer: (id) => store.getTransfer(q, id),
    statement: (query) => store.statement(q, query),
    totalsByAsset: () => store.totalsByAsset(q),
  };
}
