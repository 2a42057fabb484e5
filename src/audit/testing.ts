import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { manualClock, type ManualClock } from '../core/clock.ts';
import type { Db } from '../db/pool.ts';
import { appendAudit } from './append.ts';
import type { Projector } from './replay.ts';
import { createAuditService, type AuditService } from './service.ts';

/** Test helpers for the audit domain: a service on a test database, and a superuser to tamper with. */
export interface AuditFixture {
  readonly audit: AuditService;
  readonly clock: ManualClock;
  readonly dataDir: string;
  /** Appends `n` entries, one transaction each, as another domain would. */
  append(n: number, action?: string): Promise<void>;
}

export async function auditFixture(
  db: Db,
  projectors: readonly Projector[] = [],
): Promise<AuditFixture> {
  const clock = manualClock();
  const dataDir = await mkdtemp(join(tmpdir(), 'kazna-audit-'));
  const audit = await createAuditService({ db, clock, dataDir, logKeyFile: null, projectors });
  let counter = 0;
  return {
    audit,
    clock,
    dataDir,
    append: async (n, action = 'test.entry.added') => {
      for (let i = 0; i < n; i++) {
        const k = counter++;
        clock.advance(1000);
        await db.write((tx) =>
          appendAudit(tx, clock, {
            actor: k % 2 === 0 ? 'user-a' : 'user-b',
            action,
            subjects: [`case:${k % 3}`],
            payload: { k, note: `entry number ${k}` },
          }),
        );
      }
    },
  };
}

/**
 * A connection without the application role: it can UPDATE and DELETE the append-only tables, as an
 * attacker with database superuser rights could. Tamper tests use it; nothing else should.
 */
export async function superuser<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}
