import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { CHROMIUM, freshWebBundle, LAUNCH_ARGS } from './browser.ts';
import { serve, type Served } from './process.ts';
import { freshDatabase, testTargets } from './targets.ts';

/**
 * What every browser test starts from: a web bundle as new as its sources, the real `kazna serve`
 * with the demo on a fresh database and data folder, and Debian's Chromium. `close` stops whatever
 * was started, also when starting failed part way (then the error is thrown after cleaning up).
 */
export interface E2e {
  readonly served: Served;
  readonly browser: Browser;
  close(): Promise<void>;
}

export async function startE2e(
  env: Record<string, string> = {},
  startTimeoutMs?: number,
): Promise<E2e> {
  await freshWebBundle();
  const [target] = testTargets();
  if (target === undefined) throw new Error('no test target');
  const cleanups: (() => Promise<unknown>)[] = [];
  const close = async (): Promise<void> => {
    for (const c of cleanups.reverse()) await c();
    cleanups.length = 0;
  };
  try {
    const database = await freshDatabase(target);
    cleanups.push(() => database.drop());
    const dataDir = await mkdtemp(join(tmpdir(), 'kazna-e2e-'));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    const served = await serve(
      { DATABASE_URL: database.url, KAZNA_DATA_DIR: dataDir, ...env },
      startTimeoutMs,
    );
    cleanups.push(() => served.stop());
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: LAUNCH_ARGS });
    cleanups.push(() => browser.close());
    return { served, browser, close };
  } catch (error) {
    await close();
    throw error;
  }
}
