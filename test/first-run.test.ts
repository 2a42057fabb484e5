import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import {
  chmodSync,
  chownSync,
  copyFileSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  statSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { freshWebBundle } from './support/browser.ts';

/**
 * A newcomer's first run: a fresh checkout in a folder only its owner can enter (what `mktemp -d`
 * makes, and what `/root/kazna` is inside `/root`), then `npm start`, which must reach /readyz.
 * As root, the embedded PostgreSQL runs as the `postgres` user, which cannot enter that folder;
 * as an ordinary user it runs as that user. CI runs as root, and creates an ordinary user for the
 * second half; elsewhere that half runs when the machine has such a user, and says so when not.
 */
const ROOT = join(import.meta.dirname, '..');
const TIMEOUT_MS = 240_000;
const isRoot = process.getuid?.() === 0;
const cleanups: (() => void)[] = [];
afterAll(() => {
  for (const clean of cleanups.reverse()) clean();
});

interface User {
  readonly name: string;
  readonly uid: number;
  readonly gid: number;
}

/** An ordinary user to run as: one the machine has, or, under CI as root, one made for the test. */
function ordinaryUser(): User | null {
  const find = (): User | null => {
    for (const line of readFileSync('/etc/passwd', 'utf8').split('\n')) {
      const [name = '', , uid = '', gid = '', , , shell = ''] = line.split(':');
      const u = Number(uid);
      if (u >= 1000 && u < 65534 && !/nologin|false$/.test(shell))
        return { name, uid: u, gid: Number(gid) };
    }
    return null;
  };
  const found = find();
  if (found !== null || !isRoot || process.env['CI'] !== 'true') return found;
  execFileSync('useradd', ['--shell', '/bin/sh', 'kazna-firstrun']);
  return find();
}

const user = isRoot ? ordinaryUser() : null;
if (!isRoot)
  process.stdout.write('notice: the first-run test as root is skipped: this test is not root\n');
else if (user === null)
  process.stdout.write(
    'notice: the first-run test as an ordinary user is skipped: the machine has none ' +
      '(under CI=true it creates one)\n',
  );

/** PATH without node_modules/.bin: what a user's shell has before `npm start` adds its own. */
function shellEnv(home: string): NodeJS.ProcessEnv {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.toLowerCase().startsWith('npm_')),
  );
  const path = (process.env['PATH'] ?? '')
    .split(delimiter)
    .filter((d) => !d.includes('node_modules'))
    .join(delimiter);
  return { ...env, PATH: path, HOME: home, npm_config_cache: join(home, '.npm') };
}

/**
 * The working tree as a fresh clone of it would look (tracked and new files, nothing ignored),
 * with node_modules and the built web app hard-linked from this checkout instead of reinstalled
 * and rebuilt. `owner` gets the files (not the links, which share this checkout's inodes).
 */
async function freshCheckout(parent: string, owner: User | null): Promise<string> {
  const dir = join(parent, 'kazna');
  const listed = execFileSync(
    'git',
    ['ls-files', '-z', '--cached', '--others', '--exclude-standard'],
    { cwd: ROOT },
  );
  for (const file of listed.toString().split('\0')) {
    if (file === '' || !existsSync(join(ROOT, file))) continue;
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    copyFileSync(join(ROOT, file), join(dir, file));
  }
  if (owner !== null) execFileSync('chown', ['-R', `${owner.uid}:${owner.gid}`, parent]);
  await freshWebBundle();
  linkOrCopy(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  linkOrCopy(join(ROOT, 'web', 'dist'), join(dir, 'web', 'dist'));
  return dir;
}

/** Hard links when the temporary folder is on this checkout's file system, a copy otherwise. */
function linkOrCopy(from: string, to: string): void {
  try {
    execFileSync('cp', ['-al', from, to], { stdio: 'ignore' });
  } catch {
    rmSync(to, { recursive: true, force: true });
    execFileSync('cp', ['-a', from, to]);
  }
}

/** True while any process of the group is alive. */
function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * `npm start` in `dir` (as `as`) until /readyz answers; then SIGTERM to the whole process group,
 * as Ctrl-C in a terminal would, and a wait until every process of it (Kazna, PostgreSQL) is gone.
 */
async function npmStart(
  dir: string,
  env: NodeJS.ProcessEnv,
  as: User | null,
): Promise<{ readyz: number; output: string; stopped: boolean }> {
  const child = spawn('npm', ['start'], {
    cwd: dir,
    detached: true,
    env: { ...env, PORT: '0', KAZNA_DEMO: 'off', KAZNA_LOG: 'off' },
    ...(as === null ? {} : { uid: as.uid, gid: as.gid }),
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const exited = once(child, 'exit');
  const pid = child.pid ?? 0;
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setInterval(() => {
        const m = /Kazna is running at (\S+)/.exec(output);
        if (m?.[1] !== undefined) {
          clearInterval(timer);
          resolve(m[1]);
        }
      }, 200);
      void exited.then(() => {
        clearInterval(timer);
        reject(new Error(`npm start exited:\n${output}`));
      });
    });
    const readyz = (await fetch(`${url}/readyz`)).status;
    process.kill(-pid, 'SIGTERM');
    for (let i = 0; i < 600 && groupAlive(pid); i++) await sleep(100);
    return { readyz, output, stopped: !groupAlive(pid) };
  } finally {
    if (groupAlive(pid)) process.kill(-pid, 'SIGKILL');
  }
}

/** Nothing in the data folder may be read by others: it holds the log key and the password. */
function expectClosedToOthers(dataDir: string): void {
  expect(statSync(dataDir).mode & 0o004).toBe(0);
  for (const name of readdirSync(dataDir)) {
    const s = lstatSync(join(dataDir, name));
    if (!s.isSymbolicLink()) expect(s.mode & 0o044, name).toBe(0);
  }
}

function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  cleanups.push(() => {
    rmSync(dir, { recursive: true, force: true });
  });
  return dir;
}

describe('npm start from a fresh checkout in a folder only its owner can enter', () => {
  it.runIf(isRoot)(
    'as root: reaches /readyz, with the database where the postgres user can reach it',
    { timeout: TIMEOUT_MS },
    async () => {
      const parent = tempDir('kazna-firstrun-root-');
      expect(statSync(parent).mode & 0o777).toBe(0o700);
      // Where the database and a copy of the binaries go; 0711, as Kazna makes /var/lib/kazna.
      const pgHome = tempDir('kazna-firstrun-pghome-');
      chmodSync(pgHome, 0o711);
      const dir = await freshCheckout(parent, null);
      const env = { ...shellEnv(parent), KAZNA_PG_HOME: pgHome };
      const run = await npmStart(dir, env, null);
      expect(run.readyz, run.output).toBe(200);
      expect(run.stopped, run.output).toBe(true);
      expect(run.output).toContain('stopping');
      // The postgres user could not enter the checkout: the cluster and the binaries moved.
      expect(readlinkSync(join(dir, 'data', 'pg')).startsWith(join(pgHome, 'clusters'))).toBe(true);
      expect(readdirSync(pgHome).some((n) => n.startsWith('runtime-'))).toBe(true);
      expectClosedToOthers(join(dir, 'data'));
    },
  );

  it.runIf(user !== null || !isRoot)(
    'as an ordinary user: reaches /readyz, with the database in the data folder',
    { timeout: TIMEOUT_MS },
    async () => {
      const parent = tempDir('kazna-firstrun-user-');
      if (user !== null) chownSync(parent, user.uid, user.gid);
      expect(statSync(parent).mode & 0o777).toBe(0o700);
      const dir = await freshCheckout(parent, user);
      const run = await npmStart(dir, shellEnv(parent), user);
      expect(run.readyz, run.output).toBe(200);
      expect(run.stopped, run.output).toBe(true);
      expect(run.output).toContain('stopping');
      expect(lstatSync(join(dir, 'data', 'pg')).isDirectory()).toBe(true);
      expectClosedToOthers(join(dir, 'data'));
      // The server ran as that user, so the user (not root) owns what it created.
      if (user !== null) expect(statSync(join(dir, 'data', 'pg')).uid).toBe(user.uid);
    },
  );
});

/** npm must be on the plain PATH; the whole point is to run it the way a user does. */
if (spawnSync('npm', ['--version'], { env: shellEnv(tmpdir()) }).status !== 0)
  throw new Error('npm is not on PATH outside node_modules/.bin');
