import { z } from 'zod';
import type { Db } from '../db/pool.ts';
import { readMigrations } from '../db/migrate.ts';
import { databaseRole, type ReplicaStatus } from '../db/replica.ts';
import type { KaznaApp } from './app.ts';
import type { Metrics } from './metrics.ts';
import { sendProblem } from './problem.ts';

/**
 * Liveness, readiness and metrics: outside `/api/v1` because orchestrators expect them at the root.
 * The probes are anonymous; metrics need a token (see below).
 */
export function healthRoutes(
  app: KaznaApp,
  metrics: Metrics,
  db: Db,
  replica?: () => ReplicaStatus,
): void {
  const Health = z.object({ status: z.literal('ok') });
  app.get('/healthz', { schema: { response: { 200: Health } } }, () => ({ status: 'ok' as const }));

  // The migration files cannot change under a running server, so read them once, not per probe.
  const expected = readMigrations().then((files) => files.map((f) => f.name));
  app.get('/readyz', async (_request, reply) => {
    try {
      const rows = await db.query<{ name: string }>('SELECT name FROM schema_migrations');
      const applied = new Set(rows.map((r) => r.name));
      const pending = (await expected).filter((name) => !applied.has(name));
      if (pending.length > 0) {
        return await sendProblem(
          reply,
          503,
          'migrations_pending',
          `not applied: ${pending.join(', ')}`,
        );
      }
      // Which server answered (primary, or a replica a failover left us on) and, with a read
      // replica, how far behind it is and whether the public reads use it.
      const role = await databaseRole(db);
      return {
        ...{ status: 'ready', database: 'reachable', migrations: 'applied', role },
        ...(replica === undefined ? {} : { readReplica: replica() }),
      };
    } catch {
      return sendProblem(reply, 503, 'database_unreachable', 'the database did not answer');
    }
  });

  // Route names, traffic and error rates describe the deployment: only a caller allowed
  // `metrics.read` (the auditor, the administrator, or a service account scoped to it) scrapes them.
  app.get('/metrics', { config: { access: 'metrics.read' } }, async (_request, reply) => {
    return reply.type('text/plain; version=0.0.4').send(metrics.render());
  });
}
