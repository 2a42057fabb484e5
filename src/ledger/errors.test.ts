import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asId } from '../core/ids.ts';
import { GENERIC_MOVEMENT } from './service.ts';
import type { Result } from '../core/result.ts';
import {
  ACTOR,
  ledgerFixture,
  openAccount,
  single,
  unbalancedAssets,
  type LedgerFixture,
} from '../../test/support/ledger-fixtures.ts';
import { testTargets } from '../../test/support/targets.ts';
import type { Account, TransferInput } from './model.ts';
import { parseTransferBody } from './request.ts';

/**
 * One row per refusal: each bad input gets its own code, and the book (every account row, the
 * transfer count and the audit log size) is byte-for-byte what it was before.
 */
describe.each(testTargets())('ledger refusals on $label', (target) => {
  let f: LedgerFixture;
  let source: Account; // unlimited: can go negative, stands for the outside world
  let limited: Account; // debits must not exceed credits, funded with 100
  let other: Account;
  let capped: Account; // credits must not exceed debits
  let eth: Account;
  let closed: Account;
  let pendingId: string;
  let postedId: string;
  let voidedId: string;
  let timedId: string;
  let fundingId: string;

  beforeAll(async () => {
    f = await ledgerFixture(target);
    const L = f.ledger;
    source = await openAccount(L, 'BTC');
    limited = await openAccount(L, 'BTC', { limited: 'debits' });
    other = await openAccount(L, 'BTC');
    capped = await openAccount(L, 'BTC', { limited: 'credits' });
    eth = await openAccount(L, 'ETH');
    closed = await openAccount(L, 'BTC');
    expect((await L.closeAccount(ACTOR, closed.id)).ok).toBe(true);
    const funding = single(f.ids, source.id, limited.id, 100n);
    fundingId = funding.id;
    expect((await L.transfer(ACTOR, funding)).ok).toBe(true);
    pendingId = await pending(10n, 0);
    postedId = await pending(5n, 0);
    voidedId = await pending(5n, 0);
    timedId = await pending(5n, 60);
    await resolve({ kind: 'post', pendingId: asId(postedId) });
    await resolve({ kind: 'void', pendingId: asId(voidedId) });
    f.clock.advance(61_000);
  });
  afterAll(() => f.close());

  async function pending(amount: bigint, timeoutSeconds: number): Promise<string> {
    const input: TransferInput = {
      ...single(f.ids, limited.id, other.id, amount),
      kind: 'pending',
      timeoutSeconds,
    };
    const r = await f.ledger.transfer(ACTOR, input);
    if (!r.ok) throw new Error(r.code);
    return input.id;
  }

  async function resolve(
    r:
      | { kind: 'post'; pendingId: ReturnType<typeof asId<'LedgerTransfer'>>; amount?: bigint }
      | {
          kind: 'void';
          pendingId: ReturnType<typeof asId<'LedgerTransfer'>>;
        },
  ): Promise<Result<unknown, string>> {
    return f.ledger.transfer(ACTOR, {
      ...r,
      id: f.ids.next(),
      asset: 'BTC',
      code: 'test.resolve',
      reason: 'test',
    });
  }

  async function snapshot(): Promise<unknown> {
    const db = f.database.db;
    return {
      accounts: await db.query('SELECT * FROM ledger_accounts ORDER BY id'),
      transfers: await db.query('SELECT count(*) FROM ledger_transfers'),
      audit: await db.query('SELECT size FROM audit_head'),
    };
  }

  const move = (over: Partial<Extract<TransferInput, { kind: 'single' }>>): TransferInput => ({
    ...single(f.ids, limited.id, other.id, 1n),
    ...over,
  });
  const parse = (amount: string): Result<unknown, string> =>
    parseTransferBody(
      {
        kind: 'single',
        debitAccountId: limited.id,
        creditAccountId: other.id,
        asset: 'BTC',
        amount,
        code: 'x',
        reason: 'r',
      },
      () => f.ids.next(),
    );

  const cases: [string, string, () => Promise<Result<unknown, string>>][] = [
    ['amount 0', 'amount_must_be_positive', () => f.ledger.transfer(ACTOR, move({ amount: 0n }))],
    [
      'negative amount',
      'amount_must_be_positive',
      () => f.ledger.transfer(ACTOR, move({ amount: -5n })),
    ],
    [
      'negative amount on the wire',
      'amount_must_be_positive',
      async () => {
        const p = parse('-0.5');
        if (!p.ok) return p;
        return f.ledger.transfer(ACTOR, p.value as TransferInput);
      },
    ],
    [
      'too many decimals',
      'amount_exceeds_asset_scale',
      () => Promise.resolve(parse('0.000000001')),
    ],
    [
      'asset mismatch between accounts',
      'asset_mismatch',
      () => f.ledger.transfer(ACTOR, move({ creditAccountId: eth.id })),
    ],
    [
      'asset mismatch with the request',
      'asset_mismatch',
      () => f.ledger.transfer(ACTOR, move({ asset: 'ETH' })),
    ],
    [
      'same account both sides',
      'accounts_must_be_different',
      () => f.ledger.transfer(ACTOR, move({ creditAccountId: limited.id })),
    ],
    [
      'unknown debit account',
      'debit_account_not_found',
      () => f.ledger.transfer(ACTOR, move({ debitAccountId: f.ids.next() })),
    ],
    [
      'unknown credit account',
      'credit_account_not_found',
      () => f.ledger.transfer(ACTOR, move({ creditAccountId: f.ids.next() })),
    ],
    [
      'closed account',
      'account_closed',
      () => f.ledger.transfer(ACTOR, move({ creditAccountId: closed.id })),
    ],
    ['overdraw', 'exceeds_credits', () => f.ledger.transfer(ACTOR, move({ amount: 1000n }))],
    [
      'credit cap',
      'exceeds_debits',
      () =>
        f.ledger.transfer(ACTOR, move({ debitAccountId: source.id, creditAccountId: capped.id })),
    ],
    [
      'post more than pending',
      'exceeds_pending_amount',
      () => resolve({ kind: 'post', pendingId: asId(pendingId), amount: 11n }),
    ],
    [
      'void after a post',
      'pending_transfer_already_posted',
      () => resolve({ kind: 'void', pendingId: asId(postedId) }),
    ],
    [
      'post after a void',
      'pending_transfer_already_voided',
      () => resolve({ kind: 'post', pendingId: asId(voidedId) }),
    ],
    [
      'post past the timeout',
      'pending_transfer_expired',
      () => resolve({ kind: 'post', pendingId: asId(timedId) }),
    ],
    [
      'post an unknown pending',
      'pending_transfer_not_found',
      () => resolve({ kind: 'post', pendingId: f.ids.next() }),
    ],
    [
      'post a single transfer',
      'pending_transfer_not_found',
      () => resolve({ kind: 'post', pendingId: asId(fundingId) }),
    ],
    [
      'a value date after now',
      'value_date_in_future',
      () => f.ledger.transfer(ACTOR, move({ valueAt: new Date(f.clock.now().getTime() + 1) })),
    ],
    ['bad code', 'code_invalid', () => f.ledger.transfer(ACTOR, move({ code: 'Not A Code' }))],
    ['empty reason', 'reason_required', () => f.ledger.transfer(ACTOR, move({ reason: ' ' }))],
    [
      'correcting nothing',
      'corrected_transfer_not_found',
      () => f.ledger.transfer(ACTOR, move({ correctsId: f.ids.next() })),
    ],
    [
      'reused id, other body',
      'exists_with_different_fields',
      () => f.ledger.transfer(ACTOR, move({ id: asId(pendingId) })),
    ],
    [
      'linked batch with one bad transfer',
      'linked_transfer_failed',
      async () => {
        const r = await f.ledger.transferBatch(ACTOR, [
          move({}),
          move({ amount: 1000n }),
          move({}),
        ]);
        if (!r.ok) expect(r.detail).toMatchObject({ index: 1, code: 'exceeds_credits' });
        return r;
      },
    ],
  ];

  it.each(cases)('%s -> %s, and nothing changes', async (_name, code, run) => {
    const before = await snapshot();
    const result = await run();
    expect(result.ok ? 'ok' : result.code).toBe(code);
    expect(await snapshot()).toEqual(before);
  });

  it("leaves a caller's transaction free for its next statement after a refusal or a replay", async () => {
    // The audit head's lock is sent before the batch is decided; a batch that appends nothing must
    // wait for it, or the caller's next statement would overtake it on the connection.
    const stored = single(f.ids, source.id, other.id, 1n);
    expect((await f.ledger.transfer(ACTOR, stored)).ok).toBe(true);
    const tries = [move({ amount: 1000n }), stored];
    const outcomes = await f.database.db.transaction(async (tx) => {
      const out: string[] = [];
      for (const input of tries) {
        const r = await f.ledger.transferInTx(tx, ACTOR, input, GENERIC_MOVEMENT);
        out.push(r.ok ? (r.value.replayed ? 'replayed' : 'applied') : r.code);
        const [row] = await tx.query<{ n: number }>('SELECT 1 AS n');
        expect(row?.n).toBe(1);
      }
      return out;
    });
    expect(outcomes).toEqual(['exceeds_credits', 'replayed']);
  });

  it('corrects a mistake with a new transfer that points to the old one', async () => {
    const reversal = {
      ...single(f.ids, limited.id, source.id, 1n),
      correctsId: asId<'LedgerTransfer'>(fundingId),
    };
    const r = await f.ledger.transfer(ACTOR, reversal);
    expect(r.ok && r.value.transfers[0]?.correctsId).toBe(fundingId);
    const original = await f.ledger.read.transfer(fundingId);
    expect(original?.amount).toBe(100n);
  });

  it('counts a transfer with a value date from that date, and knows it on a retry', async () => {
    f.clock.advance(1000); // recorded after every earlier transfer in this file
    const now = f.clock.now();
    const before = new Date(now.getTime() - 30 * 86_400_000);
    const backdated = { ...single(f.ids, source.id, other.id, 7n), valueAt: before };
    const r = await f.ledger.transfer(ACTOR, backdated);
    expect(r.ok && r.value.transfers[0]?.valueAt).toEqual(before);
    const stored = await f.ledger.read.transfer(backdated.id);
    expect(stored?.valueAt).toEqual(before);
    expect(stored?.createdAt).toEqual(now);
    const dayBefore = new Date(before.getTime() - 1);
    const atBefore = await f.ledger.read.balancesAt(other.id, before);
    const atDayBefore = await f.ledger.read.balancesAt(other.id, dayBefore);
    expect(atBefore.creditsPosted - atDayBefore.creditsPosted).toBe(7n);
    // A statement books it when it was recorded, with its value date beside it, so the running
    // balance after it is the balance now and a range around the value date does not hold it.
    const recorded = await f.ledger.read.statement({ accountId: other.id, from: now, limit: 10 });
    expect(recorded.map((r) => r.transfer.id)).toEqual([backdated.id]);
    expect(recorded[0]?.transfer.valueAt).toEqual(before);
    const current = await f.ledger.read.account(other.id);
    expect(recorded[0]?.balances).toEqual(current?.balances);
    const around = { from: dayBefore, to: new Date(before.getTime() + 86_400_000) };
    expect(await f.ledger.read.statement({ accountId: other.id, ...around, limit: 10 })).toEqual(
      [],
    );
    const again = await f.ledger.transfer(ACTOR, backdated);
    expect(again.ok && again.value.replayed).toBe(true);
    const moved = await f.ledger.transfer(ACTOR, { ...backdated, valueAt: dayBefore });
    expect(moved.ok ? 'ok' : moved.detail).toMatchObject({ differs: ['valueAt'] });
  });

  it('keeps double entry through all of it', async () => {
    expect(await unbalancedAssets(f.ledger)).toEqual([]);
  });
});
