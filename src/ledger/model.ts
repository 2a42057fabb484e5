import { assert } from '../core/assert.ts';
import type { AssetCode } from '../core/assets.ts';
import { canonicalize, type Json } from '../core/canonical.ts';
import { sha256Hex } from '../core/hash.ts';
import type { Id } from '../core/ids.ts';
import { err, ok, type Err, type Result } from '../core/result.ts';

/**
 * The ledger as pure data and `decide` functions: no I/O, no clock (time is passed in). The service
 * loads the accounts and pending transfers a batch touches, calls `decideTransfers`, and stores what
 * it returns; the same function is what a reader should study to know when a transfer is refused.
 */
export type AccountId = Id<'LedgerAccount'>;
export type TransferId = Id<'LedgerTransfer'>;

/** The approval kind of a generic transfer the policy does not allow directly (approval.ts). */
export const LEDGER_TRANSFER_KIND = 'ledger.transfer';

export const OWNER_KINDS = ['agency', 'custodian', 'manager', 'reserve', 'escrow'] as const;
export type OwnerKind = (typeof OWNER_KINDS)[number];
export const ACCOUNT_TYPES = ['asset', 'liability', 'equity', 'income', 'expense'] as const;
export type AccountType = (typeof ACCOUNT_TYPES)[number];
export const TRANSFER_KINDS = ['single', 'pending', 'post', 'void', 'expire'] as const;
export type TransferKind = (typeof TRANSFER_KINDS)[number];

export const BATCH_SIZE_MAX = 8190;
export const CODE_PATTERN = /^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$/;

export interface Balances {
  readonly debitsPending: bigint;
  readonly debitsPosted: bigint;
  readonly creditsPending: bigint;
  readonly creditsPosted: bigint;
}
export const ZERO_BALANCES: Balances = {
  debitsPending: 0n,
  debitsPosted: 0n,
  creditsPending: 0n,
  creditsPosted: 0n,
};

export interface AccountFlags {
  readonly debitsMustNotExceedCredits: boolean;
  readonly creditsMustNotExceedDebits: boolean;
}

export interface Owner {
  readonly kind: OwnerKind;
  readonly ref: string;
}

export interface Account {
  readonly id: AccountId;
  readonly asset: AssetCode;
  readonly owner: Owner;
  readonly type: AccountType;
  readonly flags: AccountFlags;
  readonly metadata: Readonly<Record<string, Json>>;
  readonly openedAt: Date;
  readonly closedAt: Date | null;
  readonly auditSeq: bigint;
  readonly balances: Balances;
}

export interface TransferRefs {
  readonly caseId?: string;
  readonly lotId?: string;
  readonly approvalId?: string;
  readonly externalTxId?: string;
}

interface TransferCommon {
  readonly id: TransferId;
  readonly asset: AssetCode;
  readonly code: string;
  readonly reason: string;
  readonly refs?: TransferRefs;
  /** The transfer this one corrects; the original stays as it was. */
  readonly correctsId?: TransferId;
}

/** What a client asks for. `post` without an amount posts the full pending amount. */
export type TransferInput =
  | (TransferCommon & {
      readonly kind: 'single';
      readonly debitAccountId: AccountId;
      readonly creditAccountId: AccountId;
      readonly amount: bigint;
      /**
       * When the transfer took effect, if before now: a starting position carried over from before
       * Kazna. Kazna's own callers set it; the HTTP API does not accept it.
       */
      readonly valueAt?: Date;
    })
  | (TransferCommon & {
      readonly kind: 'pending';
      readonly debitAccountId: AccountId;
      readonly creditAccountId: AccountId;
      readonly amount: bigint;
      /** Seconds until the reservation expires; 0 = never. */
      readonly timeoutSeconds: number;
    })
  | (TransferCommon & {
      readonly kind: 'post';
      readonly pendingId: TransferId;
      readonly amount?: bigint;
    })
  | (TransferCommon & { readonly kind: 'void'; readonly pendingId: TransferId });

/**
 * A movement of value the ledger asks the transaction policy about before it records a transfer:
 * its kind (`ledger.transfer` for the generic route, a domain's code such as `seizures.intake`),
 * who moves it, how much, and the owners (`kind:ref`) of the accounts value leaves (the credited
 * one) and reaches (the debited one).
 */
export interface Movement {
  readonly kind: string;
  readonly actorId: string;
  readonly asset: AssetCode;
  readonly amount: bigint;
  readonly from: { readonly accountId: AccountId; readonly owner: string };
  readonly to: { readonly accountId: AccountId; readonly owner: string };
  /** An earlier approved request, of this kind, that the mover says covers the movement. */
  readonly approval?: { readonly id: string; readonly kind: string } | undefined;
}

export type MovementRefusal = 'approval_required' | 'policy_denied';

/** A stored, immutable transfer. */
export interface Transfer {
  readonly id: TransferId;
  readonly kind: TransferKind;
  readonly debitAccountId: AccountId;
  readonly creditAccountId: AccountId;
  readonly asset: AssetCode;
  readonly amount: bigint;
  readonly pendingId: TransferId | null;
  readonly pendingReleased: bigint | null;
  readonly timeoutSeconds: number | null;
  readonly expiresAt: Date | null;
  readonly code: string;
  readonly reason: string;
  readonly refs: TransferRefs;
  readonly correctsId: TransferId | null;
  /** When a single transfer took effect, where that was before it was recorded (`createdAt`). */
  readonly valueAt: Date | null;
  readonly actor: string;
  readonly requestHash: string;
  readonly createdAt: Date;
  readonly auditSeq: bigint;
  readonly batchIndex: number;
  /**
   * What allowed the movement under the transaction policy: `approval:<request id>` (executed under
   * an approved request) or `policy:<version>/<rule id>` (a direct posting the policy allows). A
   * post, void or expiry carries its pending transfer's clearance. Null only on rows written before
   * the policy gated every movement.
   */
  readonly clearance: string | null;
}

export type PendingStatus = 'pending' | 'posted' | 'voided' | 'expired';

export type TransferError =
  | 'amount_must_be_positive'
  | 'accounts_must_be_different'
  | 'asset_mismatch'
  | 'debit_account_not_found'
  | 'credit_account_not_found'
  | 'account_closed'
  | 'exceeds_credits'
  | 'exceeds_debits'
  | 'pending_transfer_not_found'
  | 'pending_transfer_already_posted'
  | 'pending_transfer_already_voided'
  | 'pending_transfer_expired'
  | 'exceeds_pending_amount'
  | 'timeout_invalid'
  | 'value_date_in_future'
  | 'code_invalid'
  | 'reason_required'
  | 'corrected_transfer_not_found'
  | 'id_duplicated_in_batch'
  | 'exists'
  | 'exists_with_different_fields';

export type BatchError = 'batch_empty' | 'batch_too_large' | 'linked_transfer_failed';

/** Everything `decideTransfers` needs, loaded by the service in one round trip per kind. */
export interface DecideState {
  readonly accounts: ReadonlyMap<string, Account>;
  /** Referenced pending transfers, with how each was resolved so far. */
  readonly pendings: ReadonlyMap<string, { transfer: Transfer; status: PendingStatus }>;
  /** Transfers already stored under one of the batch's ids. */
  readonly existing: ReadonlyMap<string, Transfer>;
  /** Ids named by `correctsId` that exist. */
  readonly correctable: ReadonlySet<string>;
}

/** A transfer decided but not yet stored: the store adds the audit seq. */
export type NewTransfer = Omit<Transfer, 'auditSeq'>;

export type Decision =
  | { readonly kind: 'replayed'; readonly transfers: readonly Transfer[] }
  | {
      readonly kind: 'applied';
      readonly transfers: readonly NewTransfer[];
      /** Accounts whose balances changed, with their new balances. */
      readonly accounts: readonly Account[];
    };

/** SHA-256 of the canonical request: the same id with another body is caught by comparing these. */
export function transferRequestHash(input: TransferInput): string {
  return sha256Hex(transferRequestCanonical(input));
}

/**
 * `canonicalize(transferRequestJson(input))`, written out key by key in canonical order: a batch
 * hashes a thousand requests while its ids are looked up, and the generic encoder was most of that
 * time. A property test holds the two equal for every kind of request.
 */
export function transferRequestCanonical(input: TransferInput): string {
  const c = canonicalize;
  const amount = input.kind === 'void' ? '' : `"amount":${c(input.amount?.toString() ?? null)},`;
  const sides =
    input.kind === 'single' || input.kind === 'pending'
      ? `"creditAccountId":${c(input.creditAccountId)},"debitAccountId":${c(input.debitAccountId)},`
      : '';
  const pending =
    input.kind === 'post' || input.kind === 'void' ? `"pendingId":${c(input.pendingId)},` : '';
  const timeout = input.kind === 'pending' ? `,"timeoutSeconds":${c(input.timeoutSeconds)}` : '';
  // Only a request that has a value date names one, so every earlier request keeps its hash.
  const valueAt =
    input.kind === 'single' && input.valueAt !== undefined
      ? `,"valueAt":${c(input.valueAt.toISOString())}`
      : '';
  return (
    `{${amount}"asset":${c(input.asset)},"code":${c(input.code)},` +
    `"correctsId":${c(input.correctsId ?? null)},${sides}"id":${c(input.id)},` +
    `"kind":${c(input.kind)},${pending}"reason":${c(input.reason)},` +
    `"refs":${c(refsJson(input.refs ?? {}))}${timeout}${valueAt}}`
  );
}

/** The request a transfer's hash covers, as a value; `transferRequestCanonical` is its encoding. */
export function transferRequestJson(input: TransferInput): Json {
  const base = {
    kind: input.kind,
    id: input.id,
    asset: input.asset,
    code: input.code,
    reason: input.reason,
    refs: refsJson(input.refs ?? {}),
    correctsId: input.correctsId ?? null,
  };
  switch (input.kind) {
    case 'single':
      return {
        ...base,
        ...sides(input),
        amount: input.amount.toString(),
        ...(input.valueAt === undefined ? {} : { valueAt: input.valueAt.toISOString() }),
      };
    case 'pending':
      return {
        ...base,
        ...sides(input),
        amount: input.amount.toString(),
        timeoutSeconds: input.timeoutSeconds,
      };
    case 'post':
      return { ...base, pendingId: input.pendingId, amount: input.amount?.toString() ?? null };
    case 'void':
      return { ...base, pendingId: input.pendingId };
  }
}

function sides(input: {
  debitAccountId: AccountId;
  creditAccountId: AccountId;
}): Record<string, Json> {
  return { debitAccountId: input.debitAccountId, creditAccountId: input.creditAccountId };
}

export function refsJson(refs: TransferRefs): Record<string, Json> {
  const out: Record<string, Json> = {};
  if (refs.caseId !== undefined) out['caseId'] = refs.caseId;
  if (refs.lotId !== undefined) out['lotId'] = refs.lotId;
  if (refs.approvalId !== undefined) out['approvalId'] = refs.approvalId;
  if (refs.externalTxId !== undefined) out['externalTxId'] = refs.externalTxId;
  return out;
}

export interface BatchFailure {
  readonly index: number;
  readonly code: TransferError;
  readonly message: string;
}

/**
 * Decides a linked batch: every transfer applies, or none does. Later transfers see the effects of
 * earlier ones (a batch may open a pending transfer and post it). A batch whose every id already
 * exists with the same request is a retry and returns the stored transfers.
 */
export function decideTransfers(
  state: DecideState,
  inputs: readonly TransferInput[],
  now: Date,
  actor: string,
  // The service hashes the requests while the database looks up the batch's ids.
  hashes: readonly string[] = inputs.map(transferRequestHash),
): Result<Decision, BatchError | TransferError> {
  assert(hashes.length === inputs.length, 'one request hash per transfer');
  if (inputs.length === 0) return err('batch_empty', 'a batch needs at least one transfer');
  if (inputs.length > BATCH_SIZE_MAX) {
    return err('batch_too_large', `a batch holds at most ${BATCH_SIZE_MAX} transfers`, {
      size: inputs.length,
      sizeMax: BATCH_SIZE_MAX,
    });
  }
  const replay = decideReplay(state, inputs, hashes);
  if (replay !== null) return replay;
  const work = new Working(state);
  const transfers: NewTransfer[] = [];
  for (const [index, input] of inputs.entries()) {
    const decided = decideOne(work, input, now);
    if (!decided.ok) return failAt(inputs.length, index, decided);
    const requestHash = hashes[index] ?? transferRequestHash(input);
    const row: NewTransfer = {
      ...decided.value,
      requestHash,
      actor,
      createdAt: now,
      batchIndex: index,
    };
    work.apply(row);
    transfers.push(row);
  }
  return ok({ kind: 'applied', transfers, accounts: work.changedAccounts() });
}

function failAt(
  size: number,
  index: number,
  e: Err<TransferError>,
): Err<BatchError | TransferError> {
  // A batch of one answers with the transfer's own code; a larger one names the failing index.
  if (size === 1) return e;
  return err('linked_transfer_failed', `transfer ${index} failed: ${e.message}`, {
    index,
    code: e.code,
    message: e.message,
    ...(e.detail === undefined ? {} : { evidence: e.detail }),
  });
}

function decideReplay(
  state: DecideState,
  inputs: readonly TransferInput[],
  hashes: readonly string[],
): Result<Decision, BatchError | TransferError> | null {
  if (state.existing.size === 0) return null;
  const found: Transfer[] = [];
  for (const [index, input] of inputs.entries()) {
    const stored = state.existing.get(input.id);
    if (stored === undefined) continue;
    if (stored.requestHash !== hashes[index]) {
      const e = err(
        'exists_with_different_fields',
        `transfer ${input.id} exists with different fields`,
        { id: input.id, differs: differingFields(stored, input) },
      );
      return failAt(inputs.length, index, e);
    }
    found.push(stored);
  }
  if (found.length === inputs.length) return ok({ kind: 'replayed', transfers: found });
  const index = inputs.findIndex((i) => state.existing.has(i.id));
  const e = err('exists', `transfer ${inputs[index]?.id ?? ''} already exists in another batch`, {
    id: inputs[index]?.id,
  });
  return failAt(inputs.length, index, e);
}

/** Evidence for `exists_with_different_fields`: the fields we can compare from the stored row. */
function differingFields(stored: Transfer, input: TransferInput): string[] {
  const out: string[] = [];
  if (stored.kind !== input.kind) out.push('kind');
  if (stored.asset !== input.asset) out.push('asset');
  if (stored.code !== input.code) out.push('code');
  if (stored.reason !== input.reason) out.push('reason');
  if ('debitAccountId' in input && stored.debitAccountId !== input.debitAccountId)
    out.push('debitAccountId');
  if ('creditAccountId' in input && stored.creditAccountId !== input.creditAccountId)
    out.push('creditAccountId');
  const amount = input.kind === 'void' ? undefined : input.amount;
  if (amount !== undefined && stored.amount !== amount) out.push('amount');
  if ('pendingId' in input && stored.pendingId !== input.pendingId) out.push('pendingId');
  if (canonicalize(refsJson(stored.refs)) !== canonicalize(refsJson(input.refs ?? {})))
    out.push('refs');
  const valueAt = input.kind === 'single' ? (input.valueAt?.getTime() ?? null) : null;
  if ((stored.valueAt?.getTime() ?? null) !== valueAt) out.push('valueAt');
  if (out.length === 0) out.push('request');
  return out;
}

type Decided = Omit<NewTransfer, 'actor' | 'createdAt' | 'batchIndex' | 'requestHash'>;

/** Mutable scratch state for one batch: balances and pending statuses as the batch applies. */
class Working {
  private readonly accounts = new Map<string, Account>();
  private readonly changed = new Set<string>();
  private readonly pendings = new Map<
    string,
    { transfer: Transfer | NewTransfer; status: PendingStatus }
  >();
  readonly ids = new Set<string>();
  readonly state: DecideState;

  constructor(state: DecideState) {
    this.state = state;
  }

  account(id: string): Account | undefined {
    return this.accounts.get(id) ?? this.state.accounts.get(id);
  }

  pending(id: string): { transfer: Transfer | NewTransfer; status: PendingStatus } | undefined {
    return this.pendings.get(id) ?? this.state.pendings.get(id);
  }

  isCorrectable(id: string): boolean {
    return this.state.correctable.has(id) || this.ids.has(id);
  }

  apply(row: NewTransfer): void {
    this.ids.add(row.id);
    this.adjust(row.debitAccountId, (b) => applyEffect(b, 'debit', row));
    this.adjust(row.creditAccountId, (b) => applyEffect(b, 'credit', row));
    if (row.kind === 'pending') this.pendings.set(row.id, { transfer: row, status: 'pending' });
    if (row.pendingId !== null) {
      const p = this.pending(row.pendingId);
      assert(p !== undefined, 'a resolution must name a known pending transfer');
      this.pendings.set(row.pendingId, { transfer: p.transfer, status: resolvedStatus(row.kind) });
    }
  }

  private adjust(id: AccountId, f: (b: Balances) => Balances): void {
    const account = this.account(id);
    assert(account !== undefined, `account ${id} must be loaded`);
    const balances = f(account.balances);
    assertBalances(balances);
    this.accounts.set(id, { ...account, balances });
    this.changed.add(id);
  }

  changedAccounts(): Account[] {
    return [...this.changed].map((id) => {
      const a = this.accounts.get(id);
      assert(a !== undefined, 'changed account must be present');
      return a;
    });
  }
}

/**
 * What one transfer does to one side of the book: `single` and `post` move posted amounts, `pending`
 * reserves, and every resolution (post, void, expire) releases what its pending transfer reserved.
 */
export function applyEffect(
  b: Balances,
  side: 'debit' | 'credit',
  row: Pick<Transfer, 'kind' | 'amount' | 'pendingReleased'>,
): Balances {
  const posted = row.kind === 'single' || row.kind === 'post' ? row.amount : 0n;
  const reserved = (row.kind === 'pending' ? row.amount : 0n) - (row.pendingReleased ?? 0n);
  return side === 'debit'
    ? { ...b, debitsPosted: b.debitsPosted + posted, debitsPending: b.debitsPending + reserved }
    : {
        ...b,
        creditsPosted: b.creditsPosted + posted,
        creditsPending: b.creditsPending + reserved,
      };
}

export function resolvedStatus(kind: TransferKind): PendingStatus {
  switch (kind) {
    case 'post':
      return 'posted';
    case 'void':
      return 'voided';
    case 'expire':
      return 'expired';
    case 'single':
    case 'pending':
      return 'pending';
  }
}

function assertBalances(b: Balances): void {
  assert(b.debitsPending >= 0n && b.debitsPosted >= 0n, 'debit balances must stay non-negative');
  assert(b.creditsPending >= 0n && b.creditsPosted >= 0n, 'credit balances must stay non-negative');
}

function decideOne(work: Working, input: TransferInput, now: Date): Result<Decided, TransferError> {
  const common = checkCommon(work, input);
  if (!common.ok) return common;
  switch (input.kind) {
    case 'single':
    case 'pending':
      return decideMovement(work, input, now);
    case 'post':
    case 'void':
      return decideResolution(work, input, now);
  }
}

function checkCommon(work: Working, input: TransferInput): Result<null, TransferError> {
  if (work.ids.has(input.id)) {
    return err('id_duplicated_in_batch', `transfer id ${input.id} appears twice in the batch`, {
      id: input.id,
    });
  }
  if (!CODE_PATTERN.test(input.code) || input.code.length > 64) {
    return err('code_invalid', `code "${input.code}" must be dotted lower_snake_case`, {
      code: input.code,
    });
  }
  if (input.reason.trim().length === 0) return err('reason_required', 'a transfer needs a reason');
  if (input.correctsId !== undefined && !work.isCorrectable(input.correctsId)) {
    return err('corrected_transfer_not_found', `no transfer ${input.correctsId} to correct`, {
      correctsId: input.correctsId,
    });
  }
  return ok(null);
}

function baseRow(
  input: TransferInput,
): Omit<
  Decided,
  'kind' | 'debitAccountId' | 'creditAccountId' | 'amount' | 'pendingId' | 'pendingReleased'
> {
  return {
    id: input.id,
    asset: input.asset,
    code: input.code,
    reason: input.reason,
    refs: input.refs ?? {},
    correctsId: input.correctsId ?? null,
    timeoutSeconds: null,
    expiresAt: null,
    valueAt: null,
    // Set by the service once the policy has cleared the movement (see `Movement`).
    clearance: null,
  };
}

function decideMovement(
  work: Working,
  input: Extract<TransferInput, { kind: 'single' | 'pending' }>,
  now: Date,
): Result<Decided, TransferError> {
  if (input.amount <= 0n) {
    return err('amount_must_be_positive', 'the amount must be greater than zero', {
      amount: input.amount.toString(),
    });
  }
  if (input.debitAccountId === input.creditAccountId) {
    return err('accounts_must_be_different', 'the debit and credit accounts are the same', {
      accountId: input.debitAccountId,
    });
  }
  const accounts = checkAccounts(work, input);
  if (!accounts.ok) return accounts;
  const timeout = input.kind === 'pending' ? input.timeoutSeconds : null;
  if (timeout !== null && (!Number.isSafeInteger(timeout) || timeout < 0 || timeout > 2 ** 31 - 1))
    return err('timeout_invalid', 'timeoutSeconds must be a whole number of seconds >= 0', {
      timeoutSeconds: timeout,
    });
  const limits = checkLimits(accounts.value.debit, accounts.value.credit, input.amount);
  if (!limits.ok) return limits;
  const valueAt = input.kind === 'single' ? (input.valueAt ?? null) : null;
  if (valueAt !== null && valueAt.getTime() > now.getTime()) {
    return err('value_date_in_future', 'a value date is when a transfer took effect: not later', {
      valueAt: valueAt.toISOString(),
      now: now.toISOString(),
    });
  }
  return ok({
    ...baseRow(input),
    kind: input.kind,
    debitAccountId: input.debitAccountId,
    creditAccountId: input.creditAccountId,
    amount: input.amount,
    pendingId: null,
    pendingReleased: null,
    timeoutSeconds: timeout,
    expiresAt: timeout === null || timeout === 0 ? null : new Date(now.getTime() + timeout * 1000),
    valueAt,
  });
}

function checkAccounts(
  work: Working,
  input: { debitAccountId: AccountId; creditAccountId: AccountId; asset: AssetCode },
): Result<{ debit: Account; credit: Account }, TransferError> {
  const debit = work.account(input.debitAccountId);
  if (debit === undefined) {
    return err('debit_account_not_found', `no account ${input.debitAccountId}`, {
      accountId: input.debitAccountId,
    });
  }
  const credit = work.account(input.creditAccountId);
  if (credit === undefined) {
    return err('credit_account_not_found', `no account ${input.creditAccountId}`, {
      accountId: input.creditAccountId,
    });
  }
  if (debit.asset !== input.asset || credit.asset !== input.asset) {
    return err('asset_mismatch', 'the transfer and both accounts must hold the same asset', {
      asset: input.asset,
      debitAsset: debit.asset,
      creditAsset: credit.asset,
    });
  }
  for (const a of [debit, credit]) {
    if (a.closedAt !== null) {
      return err('account_closed', `account ${a.id} is closed`, {
        accountId: a.id,
        closedAt: a.closedAt.toISOString(),
      });
    }
  }
  return ok({ debit, credit });
}

/** The balance flags, counting pending reservations against the limit (as TigerBeetle does). */
function checkLimits(debit: Account, credit: Account, amount: bigint): Result<null, TransferError> {
  const d = debit.balances;
  if (
    debit.flags.debitsMustNotExceedCredits &&
    d.debitsPending + d.debitsPosted + amount > d.creditsPosted
  ) {
    return err('exceeds_credits', `the transfer would overdraw account ${debit.id}`, {
      accountId: debit.id,
      amount: amount.toString(),
      available: (d.creditsPosted - d.debitsPosted - d.debitsPending).toString(),
    });
  }
  const c = credit.balances;
  if (
    credit.flags.creditsMustNotExceedDebits &&
    c.creditsPending + c.creditsPosted + amount > c.debitsPosted
  ) {
    return err('exceeds_debits', `the transfer would take account ${credit.id} past its debits`, {
      accountId: credit.id,
      amount: amount.toString(),
      available: (c.debitsPosted - c.creditsPosted - c.creditsPending).toString(),
    });
  }
  return ok(null);
}

function decideResolution(
  work: Working,
  input: Extract<TransferInput, { kind: 'post' | 'void' }>,
  now: Date,
): Result<Decided, TransferError> {
  const amount = input.kind === 'post' ? input.amount : undefined;
  if (amount !== undefined && amount <= 0n) {
    return err('amount_must_be_positive', 'the amount must be greater than zero', {
      amount: amount.toString(),
    });
  }
  const found = work.pending(input.pendingId);
  if (found === undefined) {
    return err('pending_transfer_not_found', `no pending transfer ${input.pendingId}`, {
      pendingId: input.pendingId,
    });
  }
  const settled = checkPendingOpen(found.transfer, found.status, now);
  if (!settled.ok) return settled;
  const pending = found.transfer;
  if (pending.asset !== input.asset) {
    return err('asset_mismatch', 'the transfer and the pending transfer hold different assets', {
      asset: input.asset,
      pendingAsset: pending.asset,
    });
  }
  if (amount !== undefined && amount > pending.amount) {
    return err('exceeds_pending_amount', 'cannot post more than the pending amount', {
      amount: amount.toString(),
      pendingAmount: pending.amount.toString(),
    });
  }
  return ok({
    ...baseRow(input),
    kind: input.kind,
    debitAccountId: pending.debitAccountId,
    creditAccountId: pending.creditAccountId,
    amount: amount ?? pending.amount,
    pendingId: pending.id,
    pendingReleased: pending.amount,
    // Resolving a reservation moves nothing the policy has not already cleared.
    clearance: pending.clearance,
  });
}

function checkPendingOpen(
  pending: Transfer | NewTransfer,
  status: PendingStatus,
  now: Date,
): Result<null, TransferError> {
  const evidence = { pendingId: pending.id };
  switch (status) {
    case 'posted':
      return err('pending_transfer_already_posted', `${pending.id} was already posted`, evidence);
    case 'voided':
      return err('pending_transfer_already_voided', `${pending.id} was already voided`, evidence);
    case 'expired':
      return err('pending_transfer_expired', `${pending.id} expired`, evidence);
    case 'pending':
      break;
  }
  if (pending.expiresAt !== null && now.getTime() >= pending.expiresAt.getTime()) {
    return err('pending_transfer_expired', `${pending.id} expired`, {
      ...evidence,
      expiresAt: pending.expiresAt.toISOString(),
    });
  }
  return ok(null);
}

/** The expiry resolutions for pending transfers whose timeout has passed at `now`. */
export function decideExpiry(
  due: readonly Transfer[],
  newId: () => TransferId,
  now: Date,
  actor: string,
): NewTransfer[] {
  return due.map((p, index) => {
    assert(p.kind === 'pending' && p.expiresAt !== null, 'only timed pending transfers expire');
    assert(p.expiresAt.getTime() <= now.getTime(), 'only due transfers expire');
    const id = newId();
    return {
      id,
      kind: 'expire',
      debitAccountId: p.debitAccountId,
      creditAccountId: p.creditAccountId,
      asset: p.asset,
      amount: p.amount,
      pendingId: p.id,
      pendingReleased: p.amount,
      timeoutSeconds: null,
      expiresAt: null,
      code: 'ledger.pending_expired',
      reason: `pending transfer ${p.id} reached its timeout`,
      refs: {},
      correctsId: null,
      valueAt: null,
      actor,
      requestHash: sha256Hex(canonicalize({ kind: 'expire', id, pendingId: p.id })),
      createdAt: now,
      batchIndex: index,
      clearance: p.clearance,
    };
  });
}

/** Balance in the account's normal side: debit-normal for assets and expenses. */
export function normalBalance(type: AccountType, b: Balances): bigint {
  const debitNormal = type === 'asset' || type === 'expense';
  return debitNormal ? b.debitsPosted - b.creditsPosted : b.creditsPosted - b.debitsPosted;
}

/**
 * What the account can still give up, net of reservations: for a debit-normal account (asset,
 * expense) what can still be credited out of it; for a credit-normal one, what can still be debited.
 */
export function available(type: AccountType, b: Balances): bigint {
  const debitNormal = type === 'asset' || type === 'expense';
  return debitNormal
    ? b.debitsPosted - b.creditsPosted - b.creditsPending
    : b.creditsPosted - b.debitsPosted - b.debitsPending;
}

export interface OpenAccountInput {
  readonly id: AccountId;
  readonly asset: AssetCode;
  readonly owner: Owner;
  readonly type: AccountType;
  readonly flags?: Partial<AccountFlags>;
  readonly metadata?: Readonly<Record<string, Json>>;
}

export type OpenAccountError =
  'flags_conflict' | 'owner_ref_invalid' | 'exists_with_different_fields';
export type CloseAccountError =
  | 'account_not_found'
  | 'account_already_closed'
  | 'account_has_pending_balance'
  | 'account_has_balance';

export function accountRequestJson(input: OpenAccountInput): Json {
  return {
    id: input.id,
    asset: input.asset,
    owner: { kind: input.owner.kind, ref: input.owner.ref },
    type: input.type,
    flags: flagsOf(input),
    metadata: input.metadata ?? {},
  };
}

export function flagsOf(input: OpenAccountInput): Record<string, Json> & AccountFlags {
  return {
    debitsMustNotExceedCredits: input.flags?.debitsMustNotExceedCredits ?? false,
    creditsMustNotExceedDebits: input.flags?.creditsMustNotExceedDebits ?? false,
  };
}

export function accountRequestHash(input: OpenAccountInput): string {
  return sha256Hex(canonicalize(accountRequestJson(input)));
}

/** `null` = open a new account; an `Account` = a retry of the same request. */
export function decideOpenAccount(
  input: OpenAccountInput,
  existing: { account: Account; requestHash: string } | undefined,
): Result<Account | null, OpenAccountError> {
  if (existing !== undefined) {
    if (existing.requestHash === accountRequestHash(input)) return ok(existing.account);
    return err('exists_with_different_fields', `account ${input.id} exists with other fields`, {
      id: input.id,
    });
  }
  const flags = flagsOf(input);
  if (flags.debitsMustNotExceedCredits && flags.creditsMustNotExceedDebits) {
    return err('flags_conflict', 'an account cannot limit both its debits and its credits');
  }
  const ref = input.owner.ref;
  if (ref.trim() !== ref || ref.length === 0 || ref.length > 200) {
    return err('owner_ref_invalid', 'the owner reference must be 1-200 characters, not padded');
  }
  return ok(null);
}

/** An account closes once, with nothing reserved and nothing left in it. */
export function decideCloseAccount(
  account: Account | undefined,
): Result<Account, CloseAccountError> {
  if (account === undefined) return err('account_not_found', 'no such account');
  if (account.closedAt !== null) {
    return err('account_already_closed', `account ${account.id} is already closed`, {
      closedAt: account.closedAt.toISOString(),
    });
  }
  const b = account.balances;
  if (b.debitsPending !== 0n || b.creditsPending !== 0n) {
    return err('account_has_pending_balance', 'void or post its pending transfers first', {
      debitsPending: b.debitsPending.toString(),
      creditsPending: b.creditsPending.toString(),
    });
  }
  if (b.debitsPosted !== b.creditsPosted) {
    return err('account_has_balance', 'move its balance out before closing it', {
      debitsPosted: b.debitsPosted.toString(),
      creditsPosted: b.creditsPosted.toString(),
    });
  }
  return ok(account);
}

/** Applies stored or decided rows to loaded accounts; returns the accounts that changed. */
export function applyRows(
  accounts: ReadonlyMap<string, Account>,
  rows: readonly Pick<
    Transfer,
    'kind' | 'amount' | 'pendingReleased' | 'debitAccountId' | 'creditAccountId'
  >[],
): Account[] {
  const changed = new Map<string, Account>();
  const adjust = (id: string, f: (b: Balances) => Balances): void => {
    const a = changed.get(id) ?? accounts.get(id);
    assert(a !== undefined, `account ${id} must be loaded`);
    const balances = f(a.balances);
    assertBalances(balances);
    changed.set(id, { ...a, balances });
  };
  for (const row of rows) {
    adjust(row.debitAccountId, (b) => applyEffect(b, 'debit', row));
    adjust(row.creditAccountId, (b) => applyEffect(b, 'credit', row));
  }
  return [...changed.values()];
}
