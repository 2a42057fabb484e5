import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runKazna, serve, type Served } from './support/process.ts';
import { freshDatabase, testTargets } from './support/targets.ts';

/**
 * The foundation's promises, checked on the real binary: a fresh data folder starts and serves, a
 * restart reuses it without a new initdb or a second demo, a concurrent start is refused, and a
 * changed migration stops `kazna migrate`.
 */
// Each case spawns real processes; on a loaded two-core machine a start can take tens of seconds.
const PROCESS_TIMEOUT_MS = 180_000;

describe('kazna serve on the embedded PostgreSQL', { timeout: PROCESS_TIMEOUT_MS }, () => {
  let dataDir: string;
  let first: Served;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'kazna-serve-'));
    first = await serve({ KAZNA_DATA_DIR: dataDir });
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('creates the database, loads the demo, and serves the API and the web app', async () => {
    expect(first.output()).toContain('created a new embedded PostgreSQL cluster');
    expect(first.output()).toMatch(/demo: /);
    const ready = await fetch(`${first.url}/readyz`);
    expect(ready.status).toBe(200);
    const doc = (await (await fetch(`${first.url}/api/v1/openapi.json`)).json()) as {
      openapi: string;
    };
    expect(doc.openapi).toBe('3.1.0');
    const page = await fetch(`${first.url}/`);
    expect(page.headers.get('content-type')).toContain('text/html');
  });

  it('refuses a second concurrent start on the same data folder', async () => {
    const second = await runKazna(['serve'], { KAZNA_DATA_DIR: dataDir, PORT: '0' });
    expect(second.code).toBe(1);
    expect(second.stderr).toMatch(/already using the data folder/);
  });

  it('stops cleanly on SIGTERM and restarts on the same folder without initdb or a second demo', async () => {
    expect(await first.stop('SIGTERM')).toBe(0);
    const again = await serve({ KAZNA_DATA_DIR: dataDir });
    try {
      expect(again.output()).not.toContain('created a new embedded PostgreSQL cluster');
      expect(again.output()).not.toMatch(/demo: /);
      expect((await fetch(`${again.url}/readyz`)).status).toBe(200);
    } finally {
      expect(await again.stop('SIGINT')).toBe(0);
    }
    const demo = await runKazna(['demo', '--json'], { KAZNA_DATA_DIR: dataDir });
    expect(demo.code).toBe(0);
    const report = JSON.parse(demo.stdout) as { loaded: string[]; skipped: string[] };
    expect(report.loaded).toEqual([]);
    expect(report.skipped.length).toBeGreaterThan(0);
  });
});

describe.each(testTargets())(
  'kazna migrate on $label PostgreSQL',
  { timeout: PROCESS_TIMEOUT_MS },
  (target) => {
    it('applies nothing twice and refuses, naming the file, when an applied migration changed', async () => {
      const t = await freshDatabase(target);
      try {
        const env = { DATABASE_URL: t.url };
        const clean = await runKazna(['migrate', '--json'], env);
        expect(clean.code).toBe(0);
        expect(JSON.parse(clean.stdout)).toMatchObject({ applied: [] });
        // As the schema owner, record a different checksum: the file on disk no longer matches history.
        const owner = new pg.Client({ connectionString: t.url });
        await owner.connect();
        await owner.query(
          "UPDATE schema_migrations SET checksum = 'edited' WHERE name = '0001_core.sql'",
        );
        await owner.end();
        const refused = await runKazna(['migrate'], env);
        expect(refused.code).toBe(1);
        expect(refused.stderr).toContain('0001_core.sql');
        expect(refused.stderr).toMatch(/changed after it was applied/);
      } finally {
        await t.drop();
      }
    });

    it('exits 2 on a usage error and 0 on --help', async () => {
      expect((await runKazna(['migrate', '--no-such-flag'], {})).code).toBe(2);
      expect((await runKazna(['no-such-command'], {})).code).toBe(2);
      expect((await runKazna(['--help'], {})).code).toBe(0);
      expect((await runKazna(['migrate', '--help'], {})).code).toBe(0);
    });
  },
);
