import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../core/clock.ts';
import { SYSTEM } from '../core/identity.ts';
import { seededRandom } from '../core/random.ts';
import { openDb, type Db } from '../db/pool.ts';
import type { Kazna } from '../kazna.ts';
import { assemble } from '../main.ts';
import { freshDatabase, testTargets, type TestDatabase } from '../../test/support/targets.ts';

/**
 * The login limits are counted in PostgreSQL, each attempt claiming its place atomically before its
 * password is checked: a burst of simultaneous wrong passwords split over two Kazna instances on one
 * database (each with its own connection pool, as two processes would have) gets at most the limit
 * of 401s, and an instance started afterwards (a restart) still sees the lock.
 */
const PASSWORD = 'correct horse battery staple';

describe.each(testTargets())('login limits across instances on $label PostgreSQL', (target) => {
  let database: TestDatabase;
  let dataDir = '';
  const clock = manualClock();
  const open: { kazna: Kazna; db: Db }[] = [];
  let a: Kazna;
  let b: Kazna;

  async function instance(seed: number): Promise<Kazna> {
    const db = openDb({ connectionString: database.url, max: 5 });
    const kazna = await assemble({
      db,
      clock,
      random: seededRandom(seed),
      dataDir,
      logger: false,
      webDir: null,
    });
    open.push({ kazna, db });
    return kazna;
  }

  beforeAll(async () => {
    database = await freshDatabase(target);
    dataDir = await mkdtemp(join(tmpdir(), 'kazna-data-'));
    a = await instance(11);
    b = await instance(12);
    for (const name of ['rita', 'sam', 'tess']) {
      const user = await a.services.governance.createUser(SYSTEM, {
        username: name,
        displayName: name,
        organisationId: null,
        password: PASSWORD,
        roles: ['risk_officer'],
      });
      if (!user.ok) throw new Error(user.message);
    }
  });
  afterAll(async () => {
    for (const { kazna, db } of open) {
      await kazna.close();
      await db.close();
    }
    await database.drop();
  });

  const login = (k: Kazna, username: string, password: string, from = '127.0.0.1') =>
    k.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username, password },
      remoteAddress: from,
    });

  /** 40 wrong passwords at once, alternating between the two instances. */
  async function burst(usernames: (i: number) => string, from: string) {
    const all = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        login(i % 2 === 0 ? a : b, usernames(i), 'wrong password!', from),
      ),
    );
    return {
      unauthorised: all.filter((r) => r.statusCode === 401).length,
      refused: all.filter((r) => r.statusCode === 429),
    };
  }

  it.each([
    {
      burstOf: 'one account',
      address: '10.2.0.1',
      names: () => 'rita',
      limit: 5,
      code: 'account_locked',
    },
    {
      burstOf: 'forty accounts',
      address: '10.2.0.2',
      names: (i: number) => `x${String(i)}`,
      limit: 10,
      code: 'rate_limited',
    },
  ])(
    'answers 40 simultaneous failed logins for $burstOf with at most $limit 401s',
    async ({ address, names, limit, code }) => {
      clock.advance(16 * 60_000);
      // sam has logged in from the address before; tess never has.
      expect((await login(a, 'sam', PASSWORD, address)).statusCode).toBe(200);
      const { unauthorised, refused } = await burst(names, address);
      expect(unauthorised).toBe(limit);
      expect(refused).toHaveLength(40 - limit);
      for (const r of refused) {
        expect(r.headers['content-type']).toContain('application/problem+json');
        expect(r.json()).toMatchObject({ code });
        expect(Number(r.headers['retry-after'])).toBeGreaterThan(0);
      }
      // Another account from the noisy address: in if it logged in from there before.
      expect((await login(b, 'sam', PASSWORD, address)).statusCode).toBe(200);
      const tess = await login(b, 'tess', PASSWORD, address);
      expect(tess.statusCode).toBe(code === 'rate_limited' ? 429 : 200);
    },
  );

  it('keeps the lock across instances and over a restart, and lifts it when it runs out', async () => {
    clock.advance(16 * 60_000);
    await burst(() => 'rita', '10.2.0.3');
    expect((await login(a, 'rita', PASSWORD)).json()).toMatchObject({ code: 'account_locked' });
    expect((await login(b, 'rita', PASSWORD)).json()).toMatchObject({ code: 'account_locked' });
    const restarted = await instance(13);
    expect((await login(restarted, 'rita', PASSWORD)).statusCode).toBe(429);
    clock.advance(15 * 60_000);
    expect((await login(restarted, 'rita', PASSWORD)).statusCode).toBe(200);
    const locks = await database.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM audit_entries WHERE action = 'governance.account.locked'",
    );
    expect(locks[0]?.n).toBe(2);
  });
});
