import { z } from 'zod';
import type { Db } from '../db/pool.ts';
import { readMigrations } from '../db/migrate.ts';
import { databaseRole, type ReplicaStatus } from '../db/replica.ts';
import type { KaznaApp } from './app.ts';
import type { Metrics } from './metrics.ts';
import { csvText, PROBLEMS, problemSchema } from './answers.ts';
import { sendProblem } from './problem.ts';

/**
 * Liveness, readiness and metrics: outside `/api/v1` because orchestrators expect them at the root.
 * The probes are anonymous; metrics need a token (see below).
 */
export interface HealthOptions {
  /** How often readiness is re-checked against the database, in the background. */
  readonly readinessEveryMs?: number;
}

type Readiness =
  | { readonly ready: true; readonly role: 'primary' | 'replica' }
  | { readonly ready: false; readonly code: string; readonly detail: string };

export function healthRoutes(
  app: KaznaApp,
  metrics: Metrics,
  db: Db,
  replica?: () => ReplicaStatus,
  options: HealthOptions = {},
): void {
  const Health = z.object({ status: z.literal('ok') });
  app.get('/healthz', { schema: { response: { 200: Health, ...PROBLEMS } } }, () => ({
    status: 'ok' as const,
  }));
  const Ready = z.object({
    status: z.literal('ready'),
    database: z.literal('reachable'),
    migrations: z.literal('applied'),
    role: z.enum(['primary', 'replica']),
    readReplica: z
      .object({
        lagSeconds: z.number().nullable(),
        serving: z.enum(['replica', 'primary']),
        maxLagSeconds: z.number(),
      })
      .optional(),
  });

  // Probes come often and from many places; a query per probe made readiness cost as much as a
  // real request. The answer is kept here and refreshed on a timer instead, so a probe is a read
  // of memory and a lost database shows within one refresh interval.
  const readiness = readinessWatch(db, options.readinessEveryMs ?? 1000);
  app.addHook('onClose', (_app, done) => {
    readiness.stop();
    done();
  });
  const readyAnswers = { 200: Ready, 503: problemSchema, ...PROBLEMS };
  app.get('/readyz', { schema: { response: readyAnswers } }, async (_request, reply) => {
    const state = readiness.now() ?? (await readiness.next());
    if (!state.ready) return sendProblem(reply, 503, state.code, state.detail);
    // Which server answered (primary, or a replica a failover left us on) and, with a read
    // replica, how far behind it is and whether the public reads use it.
    return {
      ...({
        status: 'ready',
        database: 'reachable',
        migrations: 'applied',
        role: state.role,
      } as const),
      ...(replica === undefined ? {} : { readReplica: replica() }),
    };
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

interface ReadinessWatch {
  /** The latest answer, or null before the first check finished. */
  now(): Readiness | null;
  /** The answer of the check under way (or a new one). */
  next(): Promise<Readiness>;
  stop(): void;
}

function readinessWatch(db: Db, everyMs: number): ReadinessWatch {
  // The migration files cannot change under a running server, so read them once.
  const expected = readMigrations().then((files) => files.map((f) => f.name));
  let latest: Readiness | null = null;
  let running: Promise<Readiness> | null = null;
  const check = (): Promise<Readiness> => {
    running ??= checkReadiness(db, expected).then((r) => {
      latest = r;
      running = null;
      return r;
    });
    return running;
  };
  void check();
  const timer = setInterval(() => void check(), everyMs);
  // A probe's cache must not keep the process alive.
  timer.unref();
  return {
    now: () => latest,
    next: check,
    stop: () => {
      clearInterval(timer);
    },
  };
}

async function checkReadiness(db: Db, expected: Promise<string[]>): Promise<Readiness> {
  try {
    const rows = await db.query<{ name: string }>('SELECT name FROM schema_migrations');
    const applied = new Set(rows.map((r) => r.name));
    const pending = (await expected).filter((name) => !applied.has(name));
    if (pending.length > 0)
      return {
        ready: false,
        code: 'migrations_pending',
        detail: `not applied: ${pending.join(', ')}`,
      };
    return { ready: true, role: await databaseRole(db) };
  } catch {
    return { ready: false, code: 'database_unreachable', detail: 'the database did not answer' };
  }
}
