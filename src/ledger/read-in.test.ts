import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ACTOR,
  ledgerFixture,
  openAccount,
  single,
  type LedgerFixture,
} from '../../test/support/ledger-fixtures.ts';
import { testTargets } from '../../test/support/targets.ts';
import { ok, type Result } from '../core/result.ts';
import { GENERIC_MOVEMENT } from './service.ts';

/**
 * `readIn(tx)`: the ledger's reads inside a command's transaction see what that transaction has
 * written and not yet committed, which the pool-bound `read` (another connection) cannot.
 */
describe.each(testTargets())('ledger reads in a transaction on $label', (target) => {
  let f: LedgerFixture;
  beforeAll(async () => {
    f = await ledgerFixture(target);
  });
  afterAll(() => f.close());

  it('sees the transaction’s own transfer before it commits', async () => {
    const from = await openAccount(f.ledger, 'BTC', { ref: 'source' });
    const to = await openAccount(f.ledger, 'BTC', { ref: 'sink' });
    const seen = await f.database.db.command(
      async (tx): Promise<Result<{ inside?: bigint; outside?: bigint }, never>> => {
        const moved = await f.ledger.transferInTx(
          tx,
          ACTOR,
          single(f.ids, to.id, from.id, 40n),
          GENERIC_MOVEMENT,
        );
        expect(moved.ok).toBe(true);
        const inside = await f.ledger.readIn(tx).account(to.id);
        const outside = await f.ledger.read.account(to.id);
        return ok({
          ...(inside === undefined ? {} : { inside: inside.balances.debitsPosted }),
          ...(outside === undefined ? {} : { outside: outside.balances.debitsPosted }),
        });
      },
    );
    expect(seen).toEqual({ ok: true, value: { inside: 40n, outside: 0n } });
    expect((await f.ledger.read.account(to.id))?.balances.debitsPosted).toBe(40n);
  });
});
