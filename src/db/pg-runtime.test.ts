import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startEmbedded } from './embedded.ts';
import { EmbeddedLayoutError } from './pg-runtime.ts';

/**
 * A layout that cannot work is refused before anything is created, in one sentence that names
 * what to set. (`test/first-run.test.ts` starts the layouts that do work, from a fresh checkout.)
 */
const isRoot = process.getuid?.() === 0;
if (!isRoot)
  process.stdout.write('notice: the embedded layout checks under root are skipped: not root\n');

describe.runIf(isRoot)('the embedded PostgreSQL under root', () => {
  const outer = mkdtempSync(join(tmpdir(), 'kazna-layout-'));
  afterAll(() => {
    rmSync(outer, { recursive: true, force: true });
  });

  it('refuses, naming KAZNA_PG_HOME, when the postgres user can reach neither place', async () => {
    // Both inside a folder only root can enter (mkdtemp makes it 0700).
    const dataDir = join(outer, 'data');
    const pgHome = join(outer, 'pg-home');
    mkdirSync(pgHome, { mode: 0o711 });
    const started = startEmbedded({ dataDir, pgHome });
    await expect(started).rejects.toBeInstanceOf(EmbeddedLayoutError);
    await expect(started).rejects.toThrow(/cannot enter|can enter neither/);
    await expect(started).rejects.toThrow(/set KAZNA_PG_HOME/);
    // Nothing was set up: no password, no cluster, and the lock was released.
    expect(readdirSync(dataDir)).toEqual([]);
    expect(readdirSync(pgHome)).toEqual([]);
  });
});
