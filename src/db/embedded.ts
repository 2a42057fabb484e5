import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, open, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import pg from 'pg';
import { assert } from '../core/assert.ts';
import { DEFAULT_PG_HOME, initCluster, planLayout, startServer } from './pg-runtime.ts';

/**
 * The default database: a real PostgreSQL whose binaries ship inside an npm package, so a newcomer
 * installs nothing. Its data lives under `<dataDir>/pg` (see `pg-runtime.ts` for root). A lock file
 * keeps a second Kazna process off the same folder: two servers on one data directory is how
 * embedded databases get corrupted. The lock also names the port, so a read-only command can reach
 * the database of the process that holds it (`runningInstance`).
 */
export interface EmbeddedDb {
  readonly url: string;
  /** True when this start ran initdb (a brand-new data folder). */
  readonly initialised: boolean;
  stop(): Promise<void>;
}

export class DataDirLockedError extends Error {
  override name = 'DataDirLockedError';
  readonly dataDir: string;
  readonly pid: number;
  constructor(dataDir: string, pid: number) {
    super(
      `another Kazna process (pid ${pid}) is already using the data folder ${dataDir}; ` +
        'stop it first, or set KAZNA_DATA_DIR to another folder',
    );
    this.dataDir = dataDir;
    this.pid = pid;
  }
}

export interface EmbeddedOptions {
  readonly dataDir: string;
  readonly database?: string;
  readonly log?: (line: string) => void;
  /** KAZNA_PG_HOME: where, under root, the database goes when the data folder is out of reach. */
  readonly pgHome?: string;
}

const LOCK_FILE = 'kazna.lock';
const PASSWORD_FILE = 'pg-password';

export async function startEmbedded(options: EmbeddedOptions): Promise<EmbeddedDb> {
  const dataDir = resolve(options.dataDir);
  // The log key and the database password live here: nobody else may list or read it.
  await mkdir(dirname(dataDir), { recursive: true });
  if (!existsSync(dataDir)) await mkdir(dataDir, { mode: 0o700 });
  const lock = await takeLock(dataDir);
  try {
    return await startLocked(dataDir, options, lock);
  } catch (error) {
    await lock.release();
    throw error;
  }
}

async function startLocked(
  dataDir: string,
  options: EmbeddedOptions,
  lock: Lock,
): Promise<EmbeddedDb> {
  const layout = await planLayout(dataDir, options.pgHome ?? DEFAULT_PG_HOME);
  // As root with the cluster in place, the postgres user passes through the folder, never lists it.
  if (layout.runAs !== null && !layout.relocated) await chmod(dataDir, 0o711);
  const password = await readOrCreateSecret(join(dataDir, PASSWORD_FILE));
  const log = options.log ?? (() => undefined);
  const initialised = !existsSync(join(layout.cluster, 'PG_VERSION'));
  if (initialised) await initCluster(layout, join(dataDir, 'pg'), password, log);
  await stopOrphan(layout.cluster);
  const port = await freePort();
  const server = await startServer(layout, port, log);
  await lock.record(port);
  const database = options.database ?? 'kazna';
  const base = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}`;
  try {
    await ensureDatabase(`${base}/postgres`, database);
  } catch (error) {
    await server.stop();
    throw error;
  }
  return {
    url: `${base}/${database}`,
    initialised,
    stop: async () => {
      await server.stop();
      await lock.release();
    },
  };
}

/**
 * The database of the live Kazna process that holds the data folder's lock, for read-only use
 * beside it; null when no live process holds it. `port` is null while that process is starting.
 */
export async function runningInstance(
  dataDir: string,
  database = 'kazna',
): Promise<{ readonly pid: number; readonly url: string | null } | null> {
  const dir = resolve(dataDir);
  const text = await readFile(join(dir, LOCK_FILE), 'utf8').catch(() => null);
  if (text === null) return null;
  const [pidText = '', portText = ''] = text.split('\n');
  const pid = Number.parseInt(pidText, 10);
  if (!Number.isInteger(pid) || !isAlive(pid)) return null;
  const port = Number.parseInt(portText, 10);
  const password = await readFile(join(dir, PASSWORD_FILE), 'utf8').catch(() => null);
  if (!Number.isInteger(port) || password === null) return { pid, url: null };
  const user = `postgres:${encodeURIComponent(password.trim())}`;
  return { pid, url: `postgres://${user}@127.0.0.1:${port}/${database}` };
}

interface Lock {
  /** Adds the database's port, for `runningInstance`. */
  record(port: number): Promise<void>;
  release(): Promise<void>;
}

async function takeLock(dataDir: string): Promise<Lock> {
  const lockPath = join(dataDir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(lockPath, 'wx', 0o600);
      await handle.writeFile(`${process.pid}\n`);
      await handle.close();
      return {
        record: (port) => writeFile(lockPath, `${process.pid}\n${port}\n`, { mode: 0o600 }),
        release: () => rm(lockPath, { force: true }),
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const pid = Number.parseInt((await readFile(lockPath, 'utf8').catch(() => '')).trim(), 10);
      if (Number.isInteger(pid) && pid !== process.pid && isAlive(pid)) {
        throw new DataDirLockedError(dataDir, pid);
      }
      // The holder died without cleaning up (kill -9, power loss): the lock is stale.
      await rm(lockPath, { force: true });
    }
  }
  throw new Error(`could not take the lock ${lockPath}`);
}

/** A Kazna killed with -9 leaves its postgres running; stop it before starting our own. */
async function stopOrphan(pgDir: string): Promise<void> {
  const pidFile = join(pgDir, 'postmaster.pid');
  const text = await readFile(pidFile, 'utf8').catch(() => null);
  if (text === null) return;
  const pid = Number.parseInt(text.split('\n')[0] ?? '', 10);
  if (!Number.isInteger(pid) || !isAlive(pid)) return;
  process.kill(pid, 'SIGINT');
  for (let i = 0; i < 300 && isAlive(pid); i++) await new Promise((r) => setTimeout(r, 100));
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function readOrCreateSecret(path: string): Promise<string> {
  const existing = await readFile(path, 'utf8').catch(() => null);
  if (existing !== null && existing.trim().length > 0) return existing.trim();
  const secret = randomBytes(24).toString('base64url');
  await writeFile(path, `${secret}\n`, { mode: 0o600 });
  return secret;
}

export async function freePort(): Promise<number> {
  const [port] = await freePorts(1);
  assert(port !== undefined, 'one port was asked for');
  return port;
}

/** Distinct free ports, all held until the last one is picked. */
export async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from({ length: count }, () => {
      const srv = createServer();
      return new Promise<Server>((listening, reject) => {
        srv.once('error', reject);
        srv.listen(0, '127.0.0.1', () => {
          listening(srv);
        });
      });
    }),
  );
  const ports = servers.map((srv) => {
    const address = srv.address();
    return typeof address === 'object' && address !== null ? address.port : 0;
  });
  await Promise.all(servers.map((srv) => new Promise((closed) => srv.close(closed))));
  return ports;
}

export async function ensureDatabase(adminUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rows } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (rows.length === 0) await client.query(`CREATE DATABASE ${pg.escapeIdentifier(database)}`);
  } finally {
    await client.end();
  }
}
