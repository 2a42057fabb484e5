import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * What the browser tests share: Debian's Chromium, launched headless through playwright-core, and a
 * web bundle at least as new as its sources. Without Chromium a browser test skips with a notice,
 * except under CI, where the missing package is a failure of the install step.
 */
export const CHROMIUM = '/usr/bin/chromium';
export const LAUNCH_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
const ROOT = join(import.meta.dirname, '..', '..');
export const ARTIFACTS = join(ROOT, 'artifacts');

export function haveChromium(what: string): boolean {
  if (existsSync(CHROMIUM)) return true;
  if (process.env['CI'] === 'true') throw new Error(`${CHROMIUM} is missing under CI`);
  process.stdout.write(`notice: skipping ${what}; ${CHROMIUM} is not installed\n`);
  return false;
}

function newest(path: string): number {
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  return readdirSync(path).reduce((m, name) => Math.max(m, newest(join(path, name))), 0);
}

function bundleIsFresh(): boolean {
  const index = join(ROOT, 'web', 'dist', 'index.html');
  if (!existsSync(index)) return false;
  const sources = Math.max(
    newest(join(ROOT, 'web', 'src')),
    newest(join(ROOT, 'web', 'index.html')),
    newest(join(ROOT, 'verifier', 'src')),
  );
  return statSync(index).mtimeMs >= sources;
}

/**
 * Builds web/dist when a source is newer than the last build, as `kazna serve` would need. Test
 * files run in parallel workers, so the build holds a lock (an atomic mkdir): two builds writing
 * the same folder at once leave a bundle that neither finished.
 */
export async function freshWebBundle(): Promise<void> {
  const lock = join(ROOT, 'web', '.build-lock');
  for (let waited = 0; ; waited += 250) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (waited > 180_000) throw new Error(`the web build lock ${lock} was held for 3 minutes`);
      await sleep(250);
    }
  }
  try {
    if (bundleIsFresh()) return;
    const { build } = await import('vite');
    await build({ root: join(ROOT, 'web'), logLevel: 'warn' });
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}
