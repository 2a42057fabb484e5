import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Quiet installs: on a machine whose own Node is older than the Node 24 that `npm ci` brings, npm
 * runs on the old one and would warn about every package that asks for a newer engine, although
 * Kazna itself always runs on the Node 24 in node_modules. `.npmrc` keeps those warnings out of
 * `npm ci` and `npx kazna`.
 */
const ROOT = join(import.meta.dirname, '..');

/** PATH without node_modules/.bin, and the major version of the `node` it finds, if any. */
function systemPath(): { path: string; major: number } | null {
  const dirs = (process.env['PATH'] ?? '')
    .split(delimiter)
    .filter((d) => d !== '' && !d.includes('node_modules'));
  const path = dirs.join(delimiter);
  const version = spawnSync('node', ['--version'], { env: { ...process.env, PATH: path } });
  const npm = spawnSync('npm', ['--version'], { env: { ...process.env, PATH: path } });
  if (version.status !== 0 || npm.status !== 0) return null;
  const major = Number(/^v(\d+)/.exec(version.stdout.toString())?.[1]);
  return Number.isInteger(major) ? { path, major } : null;
}

const system = systemPath();
const older = system !== null && system.major < 24;
if (!older) {
  process.stdout.write(
    'notice: skipping the quiet-install test: no Node older than 24 with npm on PATH ' +
      '(it checks what a machine with an older Node prints)\n',
  );
}

/** The environment of a user's shell: no `npm_*` variables from the npm that runs this test. */
function shellEnv(): NodeJS.ProcessEnv {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.toLowerCase().startsWith('npm_')),
  );
  return { ...env, PATH: system?.path ?? '' };
}

function run(command: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(command, args, {
    cwd,
    env: { ...shellEnv(), ...env },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

describe.runIf(older)('installing and running with an older system Node', () => {
  it('npm ci prints no EBADENGINE line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kazna-install-'));
    try {
      for (const f of ['package.json', 'package-lock.json', '.npmrc'])
        if (existsSync(join(ROOT, f))) copyFileSync(join(ROOT, f), join(dir, f));
      // A dry run resolves the whole tree from the lockfile and checks every engine, as `npm ci`
      // does, without downloading or installing anything.
      const r = run('npm', ['ci', '--dry-run', '--ignore-scripts', '--no-audit', '--no-fund'], dir);
      expect(r.status, r.output).toBe(0);
      expect(r.output).not.toContain('EBADENGINE');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('npx kazna --help prints the help and no EBADENGINE line', () => {
    // The first `npx kazna` on a machine links the project into npx's cache, which checks engines;
    // an empty cache makes this run that first one.
    const cache = mkdtempSync(join(tmpdir(), 'kazna-npx-cache-'));
    try {
      const r = run('npx', ['kazna', '--help'], ROOT, { npm_config_cache: cache });
      expect(r.status, r.output).toBe(0);
      expect(r.output).toContain('Usage: kazna');
      expect(r.output).not.toContain('EBADENGINE');
    } finally {
      rmSync(cache, { recursive: true, force: true });
    }
  });
});
