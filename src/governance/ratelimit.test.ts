import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../core/clock.ts';
import { seededRandom } from '../core/random.ts';
import { openDb, type Db } from '../db/pool.ts';
import { SYSTEM } from '../http/access.ts';
import { assemble, type Kazna } from '../main.ts';
import { freshDatabase, testTargets, type TestDatabase } from '../../test/support/targets.ts';

/**
 * The login rate limit is counted in PostgreSQL: two Kazna instances on one database (each with its
 * own connection pool, as two processes would have) share it, and an instance started afterwards
 * (a restart) still sees the failures of the last minute.
 */
const PASSWORD = 'correct horse battery staple';

describe.each(testTargets())('login rate limit across instances on $label PostgreSQL', (target) => {
  let database: TestDatabase;
  let dataDir = '';
  const clock = manualClock();
  const open: { kazna: Kazna; db: Db }[] = [];

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
  });
  afterAll(async () => {
    for (const { kazna, db } of open) {
      await kazna.close();
      await db.close();
    }
    await database.drop();
  });

  const login = (k: Kazna, username: string, password: string) =>
    k.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password } });

  it('shares the count between two instances and keeps it over a restart', async () => {
    const a = await instance(11);
    const b = await instance(12);
    const user = await a.services.governance.createUser(SYSTEM, {
      username: 'rita',
      displayName: 'rita',
      organisationId: null,
      password: PASSWORD,
      roles: ['risk_officer'],
    });
    expect(user.ok).toBe(true);
    // Failures for a missing user: they count towards the address's limit but lock no account.
    const statuses: number[] = [];
    for (const k of [a, b, a, b, a, b, a, b, a]) {
      statuses.push((await login(k, 'nobody', 'wrong password!')).statusCode);
    }
    expect(statuses).toEqual(Array<number>(9).fill(401));
    // A success is not a failure: nine so far, so rita still gets in.
    expect((await login(b, 'rita', PASSWORD)).statusCode).toBe(200);
    expect((await login(b, 'nobody', 'wrong password!')).statusCode).toBe(401);
    // Ten failures in the minute, five through each instance: both now refuse.
    expect((await login(b, 'rita', PASSWORD)).json()).toMatchObject({ code: 'rate_limited' });
    expect((await login(a, 'rita', PASSWORD)).json()).toMatchObject({ code: 'rate_limited' });

    const restarted = await instance(13);
    expect((await login(restarted, 'rita', PASSWORD)).statusCode).toBe(429);
    clock.advance(61_000);
    expect((await login(restarted, 'rita', PASSWORD)).statusCode).toBe(200);
    const rows = await database.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM gov_login_failures',
    );
    expect(rows[0]?.n).toBe(10);
  });
});
