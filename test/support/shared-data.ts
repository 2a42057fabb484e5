import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * Real market and sanctions data lives beside the checkout (`../shared/data`), never in the repo.
 * Tests that need it skip with a printed notice when it is missing, and fail under CI=true, where a
 * missing folder means a broken setup rather than a newcomer's laptop.
 */
export const SHARED_DATA_DIR = resolve(
  process.env['KAZNA_SHARED_DATA'] ?? join(import.meta.dirname, '..', '..', '..', 'shared', 'data'),
);

export function sharedDataPath(...parts: string[]): string {
  return join(SHARED_DATA_DIR, ...parts);
}

/** True when the data is present. Otherwise prints why the caller skips, or throws under CI. */
export function haveSharedData(...parts: string[]): boolean {
  const path = sharedDataPath(...parts);
  if (existsSync(path)) return true;
  if (process.env['CI'] === 'true') {
    throw new Error(`shared data is missing under CI: ${path} (set KAZNA_SHARED_DATA)`);
  }
  process.stdout.write(`notice: skipping tests that need ${path}; it is not present\n`);
  return false;
}
