import { systemClock } from '../../src/core/clock.ts';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { SYSTEM } from '../../src/core/identity.ts';
import type { Checks } from './checks.ts';
import { sleep, type Node } from './cluster.ts';
import { bothHealthy, openAccount, secs, type Users } from './failover.ts';
import type { Setup } from './run.ts';
import { balancer } from './stream.ts';

type Log = (line: string) => void;

/** One transfer through the instances, retried on 503 like the streaming clients; its answer. */
async function transferOnce(
  setup: Setup,
  users: Users,
  accounts: { from: string; to: string },
  note: string,
): Promise<{ ms: number; auditSeq: string }> {
  const call = balancer(setup.instances);
  const t0 = systemClock.now().getTime();
  const body = {
    id: crypto.randomUUID(),
    debitAccountId: accounts.from,
    creditAccountId: accounts.to,
    asset: 'BTC',
    amount: '0.001',
    code: 'ha.single',
    reason: note,
  };
  for (;;) {
    const r = await call('POST', '/ledger/transfers', users.officer, body);
    if (r.statusCode === 201 || r.statusCode === 200) {
      return {
        ms: systemClock.now().getTime() - t0,
        auditSeq: (r.json() as { auditSeq: string }).auditSeq,
      };
    }
    if (r.statusCode !== 503) throw new Error(`transfer: ${r.body}`);
    await sleep(100);
  }
}

async function syncNames(setup: Setup, primary: Node): Promise<string> {
  const [row] = await setup.cluster.sql<{ s: string }>(
    primary,
    'SELECT current_setting($$synchronous_standby_names$$) AS s',
  );
  return row?.s ?? '?';
}

/**
 * The only standby stops. pg_auto_failover with one standby (number_sync_standbys 0, its default)
 * keeps commits waiting until the monitor calls the standby unhealthy, then moves the primary to
 * wait_primary and clears synchronous_standby_names: writes continue, acknowledged by one machine.
 * docs/operations.md says the same; this measures the wait and checks the setting.
 */
export async function standbyStop(
  setup: Setup,
  users: Users,
  result: Checks,
  log: Log,
): Promise<void> {
  const { cluster } = setup;
  const primary = await cluster.primary();
  const standby = cluster.nodes.find((n) => n !== primary);
  if (primary === null || standby === undefined) throw new Error('no primary/standby');
  const accounts = {
    from: await openAccount(setup, users, false),
    to: await openAccount(setup, users, true),
  };
  const before = await syncNames(setup, primary);
  const stoppedAt = systemClock.now().getTime();
  cluster.stop(standby);
  const stopMs = systemClock.now().getTime() - stoppedAt;
  const first = await transferOnce(setup, users, accounts, 'standby stopped: first write');
  const waited = first.ms + stopMs;
  const after = await syncNames(setup, primary);
  const second = await transferOnce(setup, users, accounts, 'standby stopped: second write');
  log(
    `standby stopped: synchronous_standby_names '${before}' -> '${after}'; the first write waited ` +
      `${secs(waited)} (standby shutdown ${secs(stopMs)} included), the next took ${secs(second.ms)}`,
  );
  result.check('with the standby up, commits are synchronous', before !== '', before);
  result.check(
    'without the standby, writes wait, then continue asynchronously (as docs/operations.md says)',
    after === '' && cluster.state().includes('wait_primary'),
    `synchronous_standby_names '${after}'`,
  );
  cluster.start(standby);
  const back = await cluster.waitFor(() => bothHealthy(cluster.state()), 180_000);
  const again = await syncNames(setup, primary);
  log(`standby back after ${secs(back)}; synchronous_standby_names '${again}'`);
  result.check('the returning standby is synchronous again', again !== '', again);
}

/**
 * PITR to a moment between two known writes: the restored log must hold the first and end there.
 */
export async function restoreDrill(
  setup: Setup,
  users: Users,
  result: Checks,
  log: Log,
): Promise<void> {
  const { cluster } = setup;
  const [k] = setup.instances;
  if (k === undefined) throw new Error('no instance');
  const checkpoint = await k.services.audit.checkpoint(SYSTEM);
  const accounts = {
    from: await openAccount(setup, users, false),
    to: await openAccount(setup, users, true),
  };
  const a = await transferOnce(setup, users, accounts, 'drill: before the target');
  await sleep(1000);
  const primary = await cluster.primary();
  if (primary === null) throw new Error('no primary');
  const [t] = await cluster.sql<{ t: string }>(primary, `SELECT clock_timestamp()::text AS t`);
  await sleep(1000);
  const b = await transferOnce(setup, users, accounts, 'drill: after the target');
  const [sw] = await cluster.sql<{ f: string }>(
    primary,
    'SELECT pg_walfile_name(pg_switch_wal()) AS f',
  );
  await cluster.waitFor(async () => {
    const [r] = await cluster.sql<{ w: string | null }>(
      primary,
      'SELECT last_archived_wal AS w FROM pg_stat_archiver',
    );
    return (r?.w ?? '') >= (sw?.f ?? 'z');
  }, 60_000);
  log(
    `drill: checkpoint ${String(checkpoint.size)}; entry ${a.auditSeq} before ${t?.t ?? '?'}, entry ${b.auditSeq} after`,
  );
  const out = spawnSync(
    join(import.meta.dirname, '..', '..', 'ops', 'restore-drill.sh'),
    [
      ...['--backup', setup.base, '--archive', cluster.archive, '--target-time', t?.t ?? ''],
      ...['--port', String((cluster.nodes.at(-1)?.port ?? 26400) + 8)],
    ],
    { env: { ...process.env, KAZNA_DATA_DIR: setup.dataDir }, encoding: 'utf8' },
  );
  const text = `${out.stdout}${out.stderr}`;
  log(`restore drill output:\n${text.trim()}`);
  const last = /last-entry: (\d+)/.exec(text)?.[1];
  result.check('restore drill: verify --replay passes on the restored cluster', out.status === 0);
  result.check(
    'restore drill: the restored log ends exactly at the target',
    last === a.auditSeq && BigInt(b.auditSeq) > BigInt(a.auditSeq),
    `last entry ${last ?? '-'}, expected ${a.auditSeq} (the next write was ${b.auditSeq})`,
  );
}

/**
 * The public portal's requests per second from the replica against the same route on the
 * primary, in the same run, while a client keeps writing.
 */
export async function benchPortal(
  setup: Setup,
  users: Users,
  result: Checks,
  log: Log,
): Promise<void> {
  const [onReplica, onPrimary] = setup.instances;
  if (onReplica === undefined || onPrimary === undefined) throw new Error('two instances');
  const ready = await onReplica.app.inject({ url: '/readyz' });
  log(`/readyz (replica-reading instance): ${ready.body}`);
  const body = ready.json<{
    role?: string;
    readReplica?: { serving: string; lagSeconds: number | null };
  }>();
  result.check(
    '/readyz reports the role and the replica lag',
    body.role === 'primary' && typeof body.readReplica?.lagSeconds === 'number',
    ready.body,
  );
  const accounts = {
    from: await openAccount(setup, users, false),
    to: await openAccount(setup, users, true),
  };
  const writing = { on: true };
  const writer = (async () => {
    while (writing.on) await transferOnce(setup, users, accounts, 'bench: background write');
  })();
  const url = '/api/v1/public/enforcement';
  const rate = async (k: typeof onReplica): Promise<number> => {
    let done = 0;
    let bad = 0;
    const statuses = new Set<number>();
    const until = systemClock.now().getTime() + 4000;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (systemClock.now().getTime() < until) {
          const r = await k.app.inject({ url });
          statuses.add(r.statusCode);
          // A 404 (no figures for the day yet) is read from the database all the same.
          if (r.statusCode < 500) done++;
          else bad++;
        }
      }),
    );
    log(`portal: statuses ${[...statuses].join(', ')}; ${String(bad)} failed`);
    return done / 4;
  };
  await rate(onPrimary); // warm-up
  const primaryRps = await rate(onPrimary);
  const replicaRps = await rate(onReplica);
  writing.on = false;
  await writer;
  log(
    `bench ${url}: replica ${replicaRps.toFixed(1)} req/s, primary ${primaryRps.toFixed(1)} req/s ` +
      `(replica/primary ${(replicaRps / primaryRps).toFixed(2)}x)`,
  );
  result.check(
    'portal served from the replica and from the primary',
    replicaRps > 0 && primaryRps > 0,
  );
}
