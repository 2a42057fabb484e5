import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AssetCode } from '../core/assets.ts';
import type { IdSource } from '../core/ids.ts';
import {
  ACTOR,
  ledgerFixture,
  replayLedger,
  unbalancedAssets,
  type LedgerFixture,
} from '../../test/support/ledger-fixtures.ts';
import { testTargets } from '../../test/support/targets.ts';
import type { AccountId, TransferId, TransferInput } from './model.ts';
import { COPY_ROWS_MIN } from './store.ts';

/**
 * Model-based: random sequences of open, transfer, pending, post, void, expire and linked batches run
 * against the real ledger and against a reference ledger written as plainly as possible. After every
 * step the answer codes and every balance must agree; after every run the log replays to the book.
 */
const outcomes = new Map<string, number>();
/** Accepted batches large enough to be stored with COPY. */
let bulkAccepted = 0;
type Limit = 'none' | 'debits' | 'credits';
interface RefAccount {
  id: AccountId;
  asset: AssetCode;
  limit: Limit;
  dpe: bigint;
  dpo: bigint;
  cpe: bigint;
  cpo: bigint;
}
interface RefPending {
  id: TransferId;
  debit: AccountId;
  credit: AccountId;
  asset: AssetCode;
  amount: bigint;
  expiresAtMs: number | null;
  status: 'pending' | 'posted' | 'voided' | 'expired';
}
interface RefState {
  accounts: Map<string, RefAccount>;
  pendings: Map<string, RefPending>;
}

function clone(s: RefState): RefState {
  return {
    accounts: new Map([...s.accounts].map(([k, v]) => [k, { ...v }])),
    pendings: new Map([...s.pendings].map(([k, v]) => [k, { ...v }])),
  };
}

/** The reference: one transfer against the state, mutating it; returns 'ok' or the refusal code. */
function refApply(s: RefState, t: TransferInput, nowMs: number): string {
  if (t.kind === 'single' || t.kind === 'pending') {
    if (t.amount <= 0n) return 'amount_must_be_positive';
    if (t.debitAccountId === t.creditAccountId) return 'accounts_must_be_different';
    const d = s.accounts.get(t.debitAccountId);
    const c = s.accounts.get(t.creditAccountId);
    if (d === undefined) return 'debit_account_not_found';
    if (c === undefined) return 'credit_account_not_found';
    if (d.asset !== t.asset || c.asset !== t.asset) return 'asset_mismatch';
    if (d.limit === 'debits' && d.dpe + d.dpo + t.amount > d.cpo) return 'exceeds_credits';
    if (c.limit === 'credits' && c.cpe + c.cpo + t.amount > c.dpo) return 'exceeds_debits';
    if (t.kind === 'single') {
      d.dpo += t.amount;
      c.cpo += t.amount;
    } else {
      d.dpe += t.amount;
      c.cpe += t.amount;
      const expiresAtMs = t.timeoutSeconds === 0 ? null : nowMs + t.timeoutSeconds * 1000;
      s.pendings.set(t.id, { ...pendingOf(t), expiresAtMs, status: 'pending' });
    }
    return 'ok';
  }
  const amount = t.kind === 'post' ? t.amount : undefined;
  if (amount !== undefined && amount <= 0n) return 'amount_must_be_positive';
  const p = s.pendings.get(t.pendingId);
  if (p === undefined) return 'pending_transfer_not_found';
  if (p.status === 'posted') return 'pending_transfer_already_posted';
  if (p.status === 'voided') return 'pending_transfer_already_voided';
  if (p.status === 'expired') return 'pending_transfer_expired';
  if (p.expiresAtMs !== null && nowMs >= p.expiresAtMs) return 'pending_transfer_expired';
  if (amount !== undefined && amount > p.amount) return 'exceeds_pending_amount';
  const d = s.accounts.get(p.debit)!;
  const c = s.accounts.get(p.credit)!;
  d.dpe -= p.amount;
  c.cpe -= p.amount;
  if (t.kind === 'post') {
    d.dpo += amount ?? p.amount;
    c.cpo += amount ?? p.amount;
  }
  p.status = t.kind === 'post' ? 'posted' : 'voided';
  return 'ok';
}

function pendingOf(
  t: Extract<TransferInput, { kind: 'pending' }>,
): Omit<RefPending, 'status' | 'expiresAtMs'> {
  return {
    id: t.id,
    debit: t.debitAccountId,
    credit: t.creditAccountId,
    asset: t.asset,
    amount: t.amount,
  };
}

function refExpire(s: RefState, nowMs: number): void {
  for (const p of s.pendings.values()) {
    if (p.status !== 'pending' || p.expiresAtMs === null || p.expiresAtMs > nowMs) continue;
    p.status = 'expired';
    s.accounts.get(p.debit)!.dpe -= p.amount;
    s.accounts.get(p.credit)!.cpe -= p.amount;
  }
}

/** Ops pick accounts and pendings by index (modulo what exists when they run). */
type MoveOp = {
  kind: 'single' | 'pending';
  from: number;
  to: number;
  amount: number;
  timeout: number;
};
type Op =
  | { op: 'open'; asset: AssetCode; limit: Limit }
  | ({ op: 'move' } & MoveOp)
  | { op: 'post'; pending: number; amount: number | null }
  | { op: 'void'; pending: number }
  | { op: 'expire'; advanceSeconds: number }
  | { op: 'batch'; moves: MoveOp[] };

// Weighted towards moves that can succeed (the unlimited account 0 pays, amounts mostly positive),
// with enough zeros, self-transfers and mismatched assets to exercise every refusal.
const moveArb: fc.Arbitrary<MoveOp> = fc.record({
  kind: fc.constantFrom('single' as const, 'pending' as const),
  from: fc.oneof({ weight: 2, arbitrary: fc.constant(0) }, { weight: 3, arbitrary: fc.nat(20) }),
  to: fc.nat(20),
  amount: fc.oneof(
    { weight: 12, arbitrary: fc.integer({ min: 1, max: 60 }) },
    { weight: 1, arbitrary: fc.constantFrom(0, -1) },
  ),
  timeout: fc.constantFrom(0, 30, 90),
});
// A batch large enough to be stored with COPY; its moves go between two unlimited BTC accounts so
// that most such batches are accepted and the COPY path really writes.
const bulkMoveArb: fc.Arbitrary<MoveOp> = fc.record({
  kind: fc.constantFrom('single' as const, 'pending' as const),
  from: fc.constant(0),
  to: fc.constant(2),
  amount: fc.integer({ min: 1, max: 60 }),
  timeout: fc.constantFrom(0, 30, 90),
});
const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    op: fc.constant('open' as const),
    asset: fc.constantFrom<AssetCode>('BTC', 'BTC', 'BTC', 'ETH'),
    limit: fc.constantFrom<Limit>('none', 'debits', 'credits'),
  }),
  moveArb.map((m) => ({ op: 'move' as const, ...m })),
  moveArb.map((m) => ({ op: 'move' as const, ...m })),
  fc.record({
    op: fc.constant('post' as const),
    pending: fc.nat(20),
    amount: fc.option(fc.integer({ min: 0, max: 60 })),
  }),
  fc.record({ op: fc.constant('void' as const), pending: fc.nat(20) }),
  fc.record({
    op: fc.constant('expire' as const),
    advanceSeconds: fc.integer({ min: 0, max: 60 }),
  }),
  fc.record({
    op: fc.constant('batch' as const),
    moves: fc.array(moveArb, { minLength: 2, maxLength: 3 }),
  }),
  fc.record({
    op: fc.constant('batch' as const),
    moves: fc.array(bulkMoveArb, { minLength: COPY_ROWS_MIN, maxLength: COPY_ROWS_MIN + 8 }),
  }),
);

describe.each(testTargets().filter((t) => t.label === 'embedded'))(
  'ledger model on $label',
  (target) => {
    let f: LedgerFixture;
    let run = 0;
    beforeAll(async () => {
      f = await ledgerFixture(target, 11);
    });
    afterAll(() => f.close());

    it('agrees with the reference ledger after every step', async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(opArb, { minLength: 10, maxLength: 40 }), async (ops) => {
          run++;
          const owner = `run-${run}`;
          const ref: RefState = { accounts: new Map(), pendings: new Map() };
          // Four BTC accounts to start with (one of each limit), so moves have somewhere to go.
          await openRef(f, ref, owner, 'BTC', 'none');
          await openRef(f, ref, owner, 'BTC', 'debits');
          await openRef(f, ref, owner, 'BTC', 'none');
          await openRef(f, ref, owner, 'BTC', 'credits');
          for (const op of ops) {
            await step(f, ref, owner, op);
            await expectBalances(f, ref, owner);
          }
          expect(await unbalancedAssets(f.ledger)).toEqual([]);
        }),
        { numRuns: 20, seed: 20250301 },
      );
      expect(await replayLedger(f.database.db)).toEqual([]);
      // The runs must exercise both paths: many accepted transfers and a spread of refusals.
      process.stdout.write(`model outcomes: ${JSON.stringify(Object.fromEntries(outcomes))}\n`);
      expect(outcomes.get('ok')).toBeGreaterThan(30);
      expect(bulkAccepted).toBeGreaterThan(5);
      expect(outcomes.size).toBeGreaterThanOrEqual(6);
    });
  },
);

async function openRef(
  f: LedgerFixture,
  ref: RefState,
  owner: string,
  asset: AssetCode,
  limit: Limit,
) {
  const opened = await f.ledger.openAccount(ACTOR, {
    asset,
    owner: { kind: 'reserve', ref: owner },
    type: 'asset',
    flags: {
      debitsMustNotExceedCredits: limit === 'debits',
      creditsMustNotExceedDebits: limit === 'credits',
    },
  });
  if (!opened.ok) throw new Error(opened.code);
  ref.accounts.set(opened.value.id, {
    id: opened.value.id,
    asset,
    limit,
    dpe: 0n,
    dpo: 0n,
    cpe: 0n,
    cpo: 0n,
  });
}

function toInput(ids: IdSource, ref: RefState, m: MoveOp): TransferInput {
  const accounts = [...ref.accounts.values()];
  const from = accounts[m.from % accounts.length]!;
  const to = accounts[m.to % accounts.length]!;
  const base = {
    id: ids.next<'LedgerTransfer'>(),
    debitAccountId: from.id,
    creditAccountId: to.id,
    asset: from.asset,
    amount: BigInt(m.amount),
    code: 'model.move',
    reason: 'model',
  };
  return m.kind === 'single'
    ? { ...base, kind: 'single' }
    : { ...base, kind: 'pending', timeoutSeconds: m.timeout };
}

function pickPending(ref: RefState, i: number): TransferId | null {
  const all = [...ref.pendings.keys()];
  return all.length === 0 ? null : (all[i % all.length] as TransferId);
}

async function step(f: LedgerFixture, ref: RefState, owner: string, op: Op): Promise<void> {
  const nowMs = f.clock.now().getTime();
  switch (op.op) {
    case 'open':
      return openRef(f, ref, owner, op.asset, op.limit);
    case 'expire': {
      f.clock.advance(op.advanceSeconds * 1000);
      await f.ledger.expirePending(f.clock.now());
      refExpire(ref, f.clock.now().getTime());
      return;
    }
    case 'move':
      return expectSame(ref, [toInput(f.ids, ref, op)], nowMs, (b) =>
        f.ledger.transferBatch(ACTOR, b),
      );
    case 'batch': {
      const batch = op.moves.map((m) => toInput(f.ids, ref, m));
      return expectSame(ref, batch, nowMs, async (b) => {
        const r = await f.ledger.transferBatch(ACTOR, b);
        if (r.ok && b.length >= COPY_ROWS_MIN) bulkAccepted++;
        return r;
      });
    }
    case 'post':
    case 'void': {
      const pendingId = pickPending(ref, op.pending);
      if (pendingId === null) return;
      const p = ref.pendings.get(pendingId)!;
      const common = {
        id: f.ids.next<'LedgerTransfer'>(),
        pendingId,
        asset: p.asset,
        code: 'model.resolve',
        reason: 'model',
      };
      const input: TransferInput =
        op.op === 'void'
          ? { ...common, kind: 'void' }
          : {
              ...common,
              kind: 'post',
              ...(op.amount === null ? {} : { amount: BigInt(op.amount) }),
            };
      return expectSame(ref, [input], nowMs, (b) => f.ledger.transferBatch(ACTOR, b));
    }
  }
}

async function expectSame(
  ref: RefState,
  batch: TransferInput[],
  nowMs: number,
  run: (b: TransferInput[]) => Promise<{ ok: boolean; code?: string }>,
): Promise<void> {
  const scratch = clone(ref);
  let expected = 'ok';
  for (const t of batch) {
    const code = refApply(scratch, t, nowMs);
    if (code !== 'ok') {
      expected = batch.length === 1 ? code : 'linked_transfer_failed';
      break;
    }
  }
  if (expected === 'ok') {
    ref.accounts = scratch.accounts;
    ref.pendings = scratch.pendings;
  }
  const result = await run(batch);
  expect(result.ok ? 'ok' : result.code).toBe(expected);
  outcomes.set(expected, (outcomes.get(expected) ?? 0) + 1);
}

async function expectBalances(f: LedgerFixture, ref: RefState, owner: string): Promise<void> {
  const live = await f.ledger.read.accounts({ ownerKind: 'reserve', ownerRef: owner, limit: 1000 });
  expect(live.length).toBe(ref.accounts.size);
  for (const a of live) {
    const r = ref.accounts.get(a.id)!;
    expect({ id: a.id, ...a.balances }).toEqual({
      id: a.id,
      debitsPending: r.dpe,
      debitsPosted: r.dpo,
      creditsPending: r.cpe,
      creditsPosted: r.cpo,
    });
  }
}
