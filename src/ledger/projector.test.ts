import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb } from '../db/pool.ts';
import {
  ACTOR,
  ledgerFixture,
  openAccount,
  replayLedger,
  single,
  type LedgerFixture,
} from '../../test/support/ledger-fixtures.ts';
import { testTargets } from '../../test/support/targets.ts';
import type { Account } from './model.ts';
import { ledgerProjector } from './projector.ts';

/**
 * The projector rebuilds balances from the audit log alone. It agrees with the live book after
 * ordinary work (and after the random runs of the model-based test), and it reports a balance that
 * was edited behind the service's back.
 */
describe.each(testTargets())('ledger replay on $label', (target) => {
  let f: LedgerFixture;
  let a: Account;
  let b: Account;

  beforeAll(async () => {
    f = await ledgerFixture(target, 5);
    a = await openAccount(f.ledger, 'ETH');
    b = await openAccount(f.ledger, 'ETH', { limited: 'debits' });
    await f.ledger.transfer(ACTOR, single(f.ids, a.id, b.id, 10n ** 18n + 1n, 'ETH'));
    const pending = {
      ...single(f.ids, b.id, a.id, 5n, 'ETH'),
      kind: 'pending' as const,
      timeoutSeconds: 10,
    };
    await f.ledger.transfer(ACTOR, pending);
    f.clock.advance(11_000);
    expect((await f.ledger.expirePending()).length).toBe(1);
  });
  afterAll(() => f.close());

  it('rebuilds exactly the live balances', async () => {
    expect(await replayLedger(f.database.db)).toEqual([]);
  });

  it('reports a tampered balance row', async () => {
    // The owner role can do what the application role cannot: edit a row in place.
    const owner = openDb({ connectionString: f.database.url, appRole: null });
    try {
      await owner.query(
        'UPDATE ledger_accounts SET credits_posted = credits_posted + 1 WHERE id = $1',
        [b.id],
      );
    } finally {
      await owner.close();
    }
    const problems = await replayLedger(f.database.db);
    // The replay names the table, the row and the column, with both values.
    expect(problems).toEqual([
      `ledger_accounts row ${b.id} column credits_posted: the table has "${10n ** 18n + 2n}", the log says "${10n ** 18n + 1n}"`,
    ]);
  });
});

describe.each(testTargets())('ledger replay of references on $label', (target) => {
  // The database no longer checks these with foreign keys (migration 0201), so the replay must.
  let f: LedgerFixture;
  beforeAll(async () => {
    f = await ledgerFixture(target, 6);
  });
  afterAll(() => f.close());

  const account = (id: string) => ({
    seq: 0n,
    recordedAt: '2025-03-01T00:00:00.000Z',
    actor: 'test',
    action: 'ledger.account.opened',
    subjects: [id],
    payload: { account: { id, asset: 'BTC' } },
  });
  const transfers = (seq: bigint, list: Record<string, string | null>[]) => ({
    seq,
    recordedAt: '2025-03-01T00:00:00.000Z',
    actor: 'test',
    action: 'ledger.transfers.created',
    subjects: [],
    payload: {
      transfers: list.map((t) => ({
        debitAccountId: 'a',
        creditAccountId: 'b',
        amount: '1',
        pendingReleased: t['kind'] === 'single' || t['kind'] === 'pending' ? null : '1',
        pendingId: null,
        correctsId: null,
        ...t,
      })),
    },
  });

  it('reports a resolution of an unknown pending transfer and a correction of an unknown transfer', async () => {
    const replay = ledgerProjector.start();
    replay.apply(account('a'));
    replay.apply(account('b'));
    replay.apply(
      transfers(1n, [
        { id: 't1', kind: 'single' },
        { id: 't2', kind: 'single', correctsId: 't1' },
        { id: 'p1', kind: 'pending' },
        { id: 't3', kind: 'post', pendingId: 'p1' },
      ]),
    );
    replay.apply(
      transfers(2n, [
        { id: 't4', kind: 'void', pendingId: 't1' },
        { id: 't5', kind: 'single', correctsId: 'nowhere' },
        { id: 't1', kind: 'single' },
      ]),
    );
    const problems = await replay.compare(f.database.db);
    expect(problems).toEqual(
      expect.arrayContaining([
        'entry 2: transfer t4 resolves t1, which the log never recorded as pending',
        'entry 2: transfer t5 corrects nowhere, which the log never recorded',
        'entry 2: transfer t1 recorded twice',
      ]),
    );
    // The well-formed first entry raised nothing of this kind.
    expect(problems.filter((p) => p.startsWith('entry 1:'))).toEqual([]);
  });

  it('reads an amount above the asset maximum that the log already holds, but not one past storage', async () => {
    // 30 million BTC: booked before assets declared a maximum, it is history, not an input.
    const replay = ledgerProjector.start();
    replay.apply(account('a'));
    replay.apply(account('b'));
    replay.apply(transfers(1n, [{ id: 't1', kind: 'single', amount: '30000000' }]));
    replay.apply(transfers(2n, [{ id: 't2', kind: 'single', amount: '9'.repeat(100) }]));
    const problems = await replay.compare(f.database.db);
    expect(problems.filter((p) => p.includes('unreadable amount'))).toEqual([
      `entry 2: unreadable amount ${'9'.repeat(100)}: amount_exceeds_maximum`,
    ]);
  });

  it('reports a batch entry it cannot read', async () => {
    const replay = ledgerProjector.start();
    replay.apply(account('a'));
    replay.apply(account('b'));
    replay.apply({
      ...transfers(1n, []),
      payload: { format: 2, count: 2, accounts: ['a', 'b'], columns: { debit: 0, credit: 5 } },
    });
    const problems = await replay.compare(f.database.db);
    expect(problems).toContain('entry 1: transfer 0 names an account outside the list');
  });
});
