import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testKazna, testTargets, type TestKazna } from '../../test/support/targets.ts';
import { seededRandom } from '../core/random.ts';
import { openDb } from '../db/pool.ts';
import type { LedgerReads, LedgerService } from '../ledger/service.ts';
import type { Kazna } from '../kazna.ts';
import { assemble } from '../main.ts';
import {
  allocate,
  allowReserveRequests,
  approvedManager,
  OFFICER,
  seedPrices,
} from '../../test/support/reserve.ts';

const PRICES = { BTC: '60000', USDT: '1', XAU: '2650', EUR: '1.08' } as const;

/**
 * Commands decide from balances read inside their own SERIALIZABLE transaction: a redemption
 * splits what comes back into capital and gains by the cost its transaction reads, and two
 * servers redeeming more than is held between them never both succeed.
 */
describe.each(testTargets())('reserve decisions in their transaction on $label', (target) => {
  let k: TestKazna;
  beforeAll(async () => {
    k = await testKazna(target);
    await seedPrices(k, PRICES, '2024-12-01', 120);
    await allocate(k);
    await allowReserveRequests(k);
  });
  afterAll(() => k.close());

  /** A hedge fund holding 10,000 units bought at 1,000.00, worth 1,100.00 each at end-February. */
  async function fundWithGain(name: string): Promise<string> {
    const r = k.services.reserve;
    const id = await approvedManager(k, name);
    const sub = await r.subscribe(OFFICER, {
      method: 'cash',
      managerId: id,
      day: '2025-01-01',
      asset: 'USD',
      amount: '10000000.00',
      navPerUnit: '1000',
    });
    expect(sub).toMatchObject({ ok: true, value: { state: 'applied' } });
    const nav = await r.recordNav(OFFICER, {
      manager: id,
      day: '2025-02-28',
      nav: '11000000.00',
      units: '10000',
      navPerUnit: '1100',
    });
    expect(nav.ok).toBe(true);
    return id;
  }

  /** The cost still held with the manager: debits less credits of its USD account, in cents. */
  async function costHeld(managerId: string): Promise<bigint> {
    const [a] = await k.services.ledger.read.accounts({
      ownerKind: 'manager',
      ownerRef: managerId,
      asset: 'USD',
      limit: 1,
    });
    if (a === undefined) throw new Error('the manager has no USD account');
    return a.balances.debitsPosted - a.balances.creditsPosted;
  }

  it('splits a redemption into capital and gains by the cost its own transaction reads', async () => {
    const id = await fundWithGain('Cirrus Relative Value');
    const watched = watchPoolReads(k.services.ledger);
    try {
      const r = await k.services.reserve.redeem(OFFICER, {
        managerId: id,
        requestedOn: '2025-01-05',
        units: '10000',
      });
      expect(r).toMatchObject({ ok: true, value: { net: '1100000000' } });
      // Nothing the redemption decided from was read on another connection.
      expect(watched.calls).toEqual([]);
    } finally {
      watched.restore();
    }
    // $10M of capital back from the manager's account, the $1M above it booked as gains.
    expect(await costHeld(id)).toBe(0n);
    const [gains] = await k.services.ledger.read.accounts({
      ownerKind: 'reserve',
      ownerRef: 'realised_gains',
      asset: 'USD',
      limit: 1,
    });
    expect(gains?.balances.creditsPosted).toBe(100_000_000n);
  });

  it('refuses one of two redemptions from two servers that together exceed the holding', async () => {
    const id = await fundWithGain('Stratus Market Neutral');
    const other = await besideServer(k);
    try {
      const ask = (kazna: Kazna) =>
        kazna.services.reserve.redeem(OFFICER, {
          managerId: id,
          requestedOn: '2025-01-05',
          units: '6000',
        });
      const results = await Promise.all([ask(k), ask(other)]);
      const codes = results.map((r) => (r.ok ? 'ok' : r.code)).sort();
      expect(codes).toEqual(['ok', 'redemption_exceeds_holding']);
      // 6,000 units at 1,100.00 is $6.6M, all of it capital: $3.4M of cost is still held.
      expect(await costHeld(id)).toBe(340_000_000n);
    } finally {
      await other.close();
      await other.db.close();
    }
  });
});

/** Records every read made through the ledger's pool-bound `read` until restored. */
function watchPoolReads(ledger: LedgerService): { calls: string[]; restore(): void } {
  const original = ledger.read;
  const calls: string[] = [];
  const watched = Object.fromEntries(
    Object.entries(original).map(([name, fn]) => [
      name,
      (...args: unknown[]) => {
        calls.push(name);
        return (fn as (...a: unknown[]) => unknown)(...args);
      },
    ]),
  ) as unknown as LedgerReads;
  Object.defineProperty(ledger, 'read', { value: watched });
  return { calls, restore: () => Object.defineProperty(ledger, 'read', { value: original }) };
}

/** A second server on the same database, with its own pool: its writes really contend. */
async function besideServer(k: TestKazna): Promise<Kazna> {
  return assemble({
    db: openDb({ connectionString: k.database.url, max: 4 }),
    clock: k.clock,
    random: seededRandom(2),
    dataDir: k.dataDir,
    logger: false,
    webDir: null,
    timers: false,
  });
}
