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
    expect(problems).toEqual([
      `ledger account ${b.id} creditsPosted: live ${10n ** 18n + 2n}, replayed ${10n ** 18n + 1n}`,
    ]);
  });
});
