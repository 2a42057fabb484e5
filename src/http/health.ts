import { z } from 'zod';
import type { Db } from '../db/pool.ts';
import { readMigrations } from '../db/migrate.ts';
import type { KaznaApp } from './app.ts';
import type { Metrics } from './metrics.ts';
import { csvText, PROBLEMS, problemSchema } from './answers.ts';
import { sendProblem } from './problem.ts';

/**
 * Liveness, readiness and metrics: outside `/api/v1` because orchestrators expect them at the root.
 * The probes are anonymous; metrics need a token (see below).
 */
export function healthRoutes(app: KaznaApp, metrics: Metrics, db: Db): void {
  const Health = z.object({ status: z.literal('ok') });
  app.get('/healthz', { schema: { response: { 200: Health, ...PROBLEMS } } }, () => ({
    status: 'ok' as const,
  }));
  const Ready = z.object({
    status: z.literal('ready'),
    database: z.literal('reachable'),
    migrations: z.literal('applied'),
  });

  // The migration files cannot change under a running server, so read them once, not per probe.
  const expected = readMigrations().then((files) => files.map((f) => f.name));
  const readyAnswers = { 200: Ready, 503: problemSchema, ...PROBLEMS };
  app.get('/readyz', { schema: { response: readyAnswers } }, async (_request, reply) => {
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
      return { status: 'ready', database: 'reachable', migrations: 'applied' } as const;
    } catch {
      return sendProblem(reply, 503, 'database_unreachable', 'the database did not answer');
    }
  });

  // Route names, traffic and error rates describe the deployment: only a caller allowed
  // `metrics.read` (the auditor, the administrator, or a service account scoped to it) scrapes them.
  const text = {
    description: 'Prometheus text format',
    content: { 'text/plain': { schema: csvText } },
  };
  app.get(
    '/metrics',
    { config: { access: 'metrics.read' }, schema: { response: { 200: text, ...PROBLEMS } } },
    async (_request, reply) => reply.type('text/plain; version=0.0.4').send(metrics.render()),
  );
}
