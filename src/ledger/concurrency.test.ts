import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idSource } from '../core/ids.ts';
import { clearEveryMovement } from '../../test/support/ledger-gate.ts';
import { seededRandom } from '../core/random.ts';
import { openDb, type Db } from '../db/pool.ts';
import {
  ACTOR,
  ledgerFixture,
  openAccount,
  replayLedger,
  single,
  unbalancedAssets,
  type LedgerFixture,
} from '../../test/support/ledger-fixtures.ts';
import { testTargets } from '../../test/support/targets.ts';
import { available, type Account } from './model.ts';
import { createLedger, type LedgerService } from './service.ts';

/**
 * Many clients drain one account whose debits must not exceed its credits. Through one pool the
 * process queues writes; through several pools the writers really contend inside PostgreSQL, and
 * only SERIALIZABLE, the row locks and the CHECK constraints keep the account from going below zero.
 */
const CLIENTS = 50;
const POOLS = 5;
const FUNDS = 100n;
const AMOUNT = 7n; // 14 fit in 100; the 15th would overdraw

describe.each(testTargets())('ledger under concurrency on $label', (target) => {
  let f: LedgerFixture;
  const pools: Db[] = [];
  const services: LedgerService[] = [];

  beforeAll(async () => {
    f = await ledgerFixture(target, 3);
    for (let i = 0; i < POOLS; i++) {
      const db = openDb({ connectionString: f.database.url, max: 4 });
      pools.push(db);
      services.push(
        createLedger({
          db,
          clock: f.clock,
          ids: idSource(f.clock, seededRandom(100 + i)),
          gate: clearEveryMovement,
        }),
      );
    }
  });
  afterAll(async () => {
    for (const db of pools) await db.close();
    await f.close();
  });

  async function fundedDrain(): Promise<{ source: Account; drain: Account; sink: Account }> {
    const source = await openAccount(f.ledger, 'BTC');
    const drain = await openAccount(f.ledger, 'BTC', { limited: 'debits' });
    const sink = await openAccount(f.ledger, 'BTC');
    const funded = await f.ledger.transfer(ACTOR, single(f.ids, source.id, drain.id, FUNDS));
    expect(funded.ok).toBe(true);
    return { source, drain, sink };
  }

  /** Runs the drain while a sampler watches the balance; returns the codes and the lowest balance. */
  async function drain(pick: (i: number) => LedgerService): Promise<void> {
    const { drain: account, sink } = await fundedDrain();
    let lowest = FUNDS;
    const run = { done: false };
    const sampler = (async () => {
      while (!run.done) {
        const a = await f.ledger.read.account(account.id);
        if (a !== undefined && available(a.type, a.balances) < lowest)
          lowest = available(a.type, a.balances);
        await new Promise((r) => setTimeout(r, 2));
      }
    })();
    const results = await Promise.all(
      Array.from({ length: CLIENTS }, (_, i) =>
        pick(i).transfer(ACTOR, single(f.ids, account.id, sink.id, AMOUNT)),
      ),
    );
    run.done = true;
    await sampler;
    const codes = results.map((r) => (r.ok ? 'ok' : r.code));
    const affordable = Number(FUNDS / AMOUNT);
    expect(codes.filter((c) => c === 'ok').length).toBe(affordable);
    expect(codes.filter((c) => c === 'exceeds_credits').length).toBe(CLIENTS - affordable);
    const after = await f.ledger.read.account(account.id);
    expect(after?.balances.debitsPosted).toBe(BigInt(affordable) * AMOUNT);
    expect(available(after!.type, after!.balances)).toBe(FUNDS % AMOUNT);
    expect(lowest >= 0n).toBe(true);
  }

  it(`lets exactly the affordable ${FUNDS / AMOUNT} of ${CLIENTS} clients through one pool`, async () => {
    await drain(() => f.ledger);
  });

  it(`does the same with ${POOLS} pools contending inside PostgreSQL`, async () => {
    await drain((i) => services[i % POOLS]!);
  });

  it(`creates one transfer from ${CLIENTS} concurrent retries of the same id`, async () => {
    const { drain: account, sink } = await fundedDrain();
    const input = single(f.ids, account.id, sink.id, AMOUNT);
    const results = await Promise.all(
      Array.from({ length: CLIENTS }, (_, i) => services[i % POOLS]!.transfer(ACTOR, input)),
    );
    expect(results.every((r) => r.ok)).toBe(true);
    const fresh = results.filter((r) => r.ok && !r.value.replayed).length;
    expect(fresh).toBe(1);
    const seqs = new Set(results.map((r) => (r.ok ? r.value.transfers[0]?.auditSeq : null)));
    expect(seqs.size).toBe(1);
    const rows = await f.database.db.query('SELECT id FROM ledger_transfers WHERE id = $1', [
      input.id,
    ]);
    expect(rows.length).toBe(1);
    const after = await f.ledger.read.account(account.id);
    expect(after?.balances.debitsPosted).toBe(AMOUNT);
  });

  it('keeps double entry and replays to the same book', async () => {
    expect(await unbalancedAssets(f.ledger)).toEqual([]);
    expect(await replayLedger(f.database.db)).toEqual([]);
  });
});
