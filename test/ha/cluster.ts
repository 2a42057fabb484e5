import { systemClock } from '../../src/core/clock.ts';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, mkdirSync, mkdtempSync, openSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/**
 * A pg_auto_failover formation on loopback ports in a temporary folder: a monitor, a primary and
 * a synchronous standby, every PostgreSQL process under the `postgres` user when we are root
 * (PostgreSQL refuses to run as root). Nothing here replicates or fails over by itself: the
 * monitor and each node's keeper (`pg_autoctl run`) do; this only starts, kills and asks them.
 */
export interface Node {
  readonly name: string;
  readonly port: number;
  readonly pgdata: string;
  readonly url: string;
  keeper: ChildProcess | null;
}

export interface Cluster {
  readonly dir: string;
  readonly archive: string;
  readonly nodes: readonly Node[];
  /** The multi-host URL Kazna gets (superuser; Kazna sets its own role per session). */
  readonly url: string;
  /** The same hosts, preferring a standby: the public reads' URL. */
  readonly readUrl: string;
  primary(): Promise<Node | null>;
  state(): string;
  kill(node: Node): void;
  start(node: Node): void;
  /** `pg_autoctl stop` (a clean shutdown of the node's keeper and PostgreSQL). */
  stop(node: Node): void;
  waitFor(check: () => boolean | Promise<boolean>, timeoutMs: number): Promise<number>;
  sql<R extends pg.QueryResultRow>(node: Node, text: string): Promise<R[]>;
  destroy(): void;
}

const PG_BIN = (() => {
  const versions = readdirSync('/usr/lib/postgresql').sort();
  return join('/usr/lib/postgresql', versions.at(-1) ?? '15', 'bin');
})();
const AS_ROOT = process.getuid?.() === 0;
const DB = 'kazna';

/**
 * The monitor's timings, shortened from the defaults (20 s to call a node unhealthy, 30 s before
 * promoting past a primary that does not answer) so that three failovers fit in a CI run.
 * docs/operations.md gives the production values and what each costs.
 */
const MONITOR_SETTINGS: Readonly<Record<string, string>> = {
  'pgautofailover.health_check_period': '1000',
  'pgautofailover.health_check_timeout': '1000',
  'pgautofailover.health_check_max_retries': '1',
  'pgautofailover.health_check_retry_delay': '500',
  'pgautofailover.node_considered_unhealthy_timeout': '3000',
  'pgautofailover.primary_demote_timeout': '5000',
};

export async function buildCluster(
  basePort: number,
  log: (line: string) => void,
): Promise<Cluster> {
  const dir = mkdtempSync(join(tmpdir(), 'kazna-ha-'));
  const archive = join(dir, 'archive');
  mkdirSync(archive);
  mkdirSync(join(dir, 'run'));
  if (AS_ROOT) spawnSync('chown', ['-R', 'postgres', dir]);
  const env = {
    ...process.env,
    // The PostgreSQL user cannot read root's own folders; give it only the system's.
    PATH: `${PG_BIN}:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin`,
    XDG_CONFIG_HOME: join(dir, 'config'),
    XDG_DATA_HOME: join(dir, 'data'),
    XDG_RUNTIME_DIR: join(dir, 'run'),
  };
  const argv = (cmd: string, args: readonly string[]): [string, string[]] =>
    AS_ROOT ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, [...args]];
  const run = (cmd: string, args: readonly string[]): string => {
    const [c, a] = argv(cmd, args);
    const r = spawnSync(c, a, { env, cwd: dir, encoding: 'utf8' });
    if (r.error !== undefined) throw r.error;
    if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed:\n${r.stderr}`);
    return r.stdout;
  };
  const keepers: ChildProcess[] = [];
  const runKeeper = (pgdata: string, logName: string): ChildProcess => {
    const out = openSync(join(dir, logName), 'a');
    if (AS_ROOT) chownSync(join(dir, logName), uidOf('postgres'), -1);
    const [c, a] = argv('pg_autoctl', ['run', '--pgdata', pgdata]);
    // Its own process group: a kill takes the keeper and its PostgreSQL together, like a machine.
    const child = spawn(c, a, { env, cwd: dir, detached: true, stdio: ['ignore', out, out] });
    keepers.push(child);
    return child;
  };
  const urlOf = (port: number): string => `postgres://postgres@127.0.0.1:${String(port)}/${DB}`;

  const monitorData = join(dir, 'monitor');
  const monitorPort = basePort;
  run('pg_autoctl', [
    ...['create', 'monitor', '--pgdata', monitorData, '--pgport', String(monitorPort)],
    ...['--hostname', '127.0.0.1', '--auth', 'trust', '--no-ssl'],
  ]);
  runKeeper(monitorData, 'monitor.log');
  const monitorUrl = `postgres://postgres@127.0.0.1:${String(monitorPort)}/pg_auto_failover`;
  await waitUp(monitorUrl);
  await withClient(monitorUrl, async (c) => {
    for (const [k, v] of Object.entries(MONITOR_SETTINGS)) {
      await c.query(`ALTER SYSTEM SET ${k} = '${v}'`);
    }
    await c.query('SELECT pg_reload_conf()');
  });
  log(`monitor on ${String(monitorPort)}`);

  const nodes: Node[] = [1, 2].map((i) => ({
    name: `node${String(i)}`,
    port: basePort + i,
    pgdata: join(dir, `node${String(i)}`),
    url: urlOf(basePort + i),
    keeper: null,
  }));
  const [first, second] = nodes as [Node, Node];
  // The first node is initialised here so that it archives its WAL from the first segment on;
  // pg_autoctl adopts an existing data directory, and the standby copies these settings.
  run('initdb', ['-D', first.pgdata, '-U', 'postgres', '--auth=trust']);
  writeFileSync(
    join(first.pgdata, 'postgresql.conf'),
    [
      '',
      'wal_level = replica',
      // `always`: a standby archives what it received too, so no segment is missing from the
      // archive when a primary dies before its archiver copied it. Both write one shared folder,
      // and a file already there is kept.
      'archive_mode = always',
      `archive_command = 'test -f ${archive}/%f || cp %p ${archive}/%f'`,
      'archive_timeout = 60',
      '',
    ].join('\n'),
    { flag: 'a' },
  );
  const monitorArg = `postgres://autoctl_node@127.0.0.1:${String(monitorPort)}/pg_auto_failover`;
  for (const node of [first, second]) {
    run('pg_autoctl', [
      ...['create', 'postgres', '--pgdata', node.pgdata, '--pgport', String(node.port)],
      ...['--hostname', '127.0.0.1', '--auth', 'trust', '--no-ssl', '--dbname', DB],
      ...['--monitor', monitorArg, '--name', node.name],
    ]);
    // The keeper gives up a primary it cannot reach the monitor from after this long.
    run('pg_autoctl', [
      ...['config', 'set', '--pgdata', node.pgdata],
      ...['timeout.network_partition_timeout', '3'],
    ]);
    node.keeper = runKeeper(node.pgdata, `${node.name}.log`);
    await waitUp(node.url);
    log(`${node.name} on ${String(node.port)}`);
  }

  const state = (): string => run('pg_autoctl', ['show', 'state', '--pgdata', monitorData]);
  const cluster: Cluster = {
    dir,
    archive,
    nodes,
    url: `postgres://postgres@${nodes.map((n) => `127.0.0.1:${String(n.port)}`).join(',')}/${DB}?target_session_attrs=read-write`,
    readUrl: `postgres://postgres@${nodes.map((n) => `127.0.0.1:${String(n.port)}`).join(',')}/${DB}?target_session_attrs=prefer-standby`,
    primary: async () => {
      for (const n of nodes) if ((await roleOf(n.url)) === 'primary') return n;
      return null;
    },
    state,
    kill: (node) => {
      if (node.keeper?.pid !== undefined) process.kill(-node.keeper.pid, 'SIGKILL');
      node.keeper = null;
    },
    start: (node) => {
      node.keeper = runKeeper(node.pgdata, `${node.name}.log`);
    },
    stop: (node) => {
      run('pg_autoctl', ['stop', '--pgdata', node.pgdata]);
      node.keeper = null;
    },
    waitFor: async (check, timeoutMs) => {
      const t0 = systemClock.now().getTime();
      for (;;) {
        if (
          await Promise.resolve()
            .then(check)
            .catch(() => false)
        )
          return systemClock.now().getTime() - t0;
        if (systemClock.now().getTime() - t0 > timeoutMs) throw new Error(`timed out:\n${state()}`);
        await sleep(100);
      }
    },
    sql: <R extends pg.QueryResultRow>(node: Node, text: string) =>
      withClient(node.url, async (c) => (await c.query<R>(text)).rows),
    destroy: () => {
      for (const k of keepers) {
        try {
          if (k.pid !== undefined) process.kill(-k.pid, 'SIGKILL');
        } catch {
          // Already gone.
        }
      }
    },
  };
  await cluster.waitFor(() => /\|\s*primary\s*\|\s*primary\s*$/m.test(state()), 120_000);
  await cluster.waitFor(() => /\|\s*secondary\s*\|\s*secondary\s*$/m.test(state()), 120_000);
  return cluster;
}

export async function roleOf(url: string): Promise<'primary' | 'replica' | null> {
  return withClient(url, async (c) => {
    const r = await c.query<{ r: boolean }>('SELECT pg_is_in_recovery() AS r');
    return r.rows[0]?.r === true ? ('replica' as const) : ('primary' as const);
  }).catch(() => null);
}

export async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  c.on('error', () => undefined);
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end().catch(() => undefined);
  }
}

async function waitUp(url: string): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if ((await roleOf(url)) !== null) return;
    await sleep(200);
  }
  throw new Error(`${url} did not come up`);
}

function uidOf(user: string): number {
  return Number(spawnSync('id', ['-u', user], { encoding: 'utf8' }).stdout.trim());
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

export { PG_BIN, AS_ROOT };
