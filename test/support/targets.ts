import { randomBytes } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import { manualClock, type ManualClock } from '../../src/core/clock.ts';
import { seededRandom } from '../../src/core/random.ts';
import { openDb, type Db } from '../../src/db/pool.ts';
import type { Kazna } from '../../src/kazna.ts';
import { assemble, type Deps } from '../../src/main.ts';

export { authHeaders, loginAs, testUser } from './auth.ts';

/** Where integration tests run: always the embedded PostgreSQL, and a server when one is configured. */
export interface TestTarget {
  readonly label: 'embedded' | 'server';
  readonly adminUrl: string;
  readonly template: string;
}

export function testTargets(): TestTarget[] {
  return inject('kaznaTestTargets');
}

export interface TestDatabase {
  readonly url: string;
  readonly db: Db;
  drop(): Promise<void>;
}

/** A fresh, migrated database cloned from the run's template. */
export async function freshDatabase(target: TestTarget): Promise<TestDatabase> {
  const name = `kazna_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: target.adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${target.template}`);
  } finally {
    await admin.end();
  }
  const u = new URL(target.adminUrl);
  u.pathname = `/${name}`;
  const url = u.toString();
  const db = openDb({ connectionString: url, max: 20 });
  return {
    url,
    db,
    drop: async () => {
      await db.close();
      const c = new pg.Client({ connectionString: target.adminUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).finally(() => c.end());
    },
  };
}

export interface TestKazna extends Kazna {
  readonly clock: ManualClock;
  readonly database: TestDatabase;
  readonly dataDir: string;
}

/** Kazna assembled in process on a fresh database, with a manual clock and seeded randomness. */
export async function testKazna(
  target: TestTarget,
  seed = 1,
  extra: Pick<Deps, 'evidenceDir'> = {},
): Promise<TestKazna> {
  const database = await freshDatabase(target);
  const clock = manualClock();
  const dataDir = await mkdtemp(join(tmpdir(), 'kazna-data-'));
  const kazna = await assemble({
    db: database.db,
    clock,
    random: seededRandom(seed),
    dataDir,
    logger: false,
    webDir: null,
    ...extra,
  });
  const closeApp = (): Promise<void> => kazna.close();
  return {
    ...kazna,
    clock,
    database,
    dataDir,
    close: async () => {
      await closeApp();
      await database.drop();
    },
  };
}
