import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runKazna, serve, type Served } from './support/process.ts';

/**
 * The command line beside a running server on the same data folder: commands that only read use
 * the server's database read-only; a command that writes is refused with exit 2 and says how to
 * run it. Before the server starts, the CLI writes some state of its own to read back.
 */
const TIMEOUT_MS = 240_000;

describe(
  'kazna commands while kazna serve runs on the same data folder',
  { timeout: TIMEOUT_MS },
  () => {
    let dataDir: string;
    let server: Served;
    let accountId: string;
    const env = (): Record<string, string> => ({ KAZNA_DATA_DIR: dataDir });

    beforeAll(async () => {
      dataDir = await mkdtemp(join(tmpdir(), 'kazna-beside-'));
      const opened = await runKazna(
        [
          ...['ledger', 'open', '--asset', 'USD', '--owner-kind', 'reserve'],
          ...['--owner-ref', 'beside-test', '--type', 'asset', '--json'],
        ],
        env(),
      );
      expect(opened.code, opened.stderr).toBe(0);
      accountId = (JSON.parse(opened.stdout) as { id: string }).id;
      server = await serve({ ...env(), KAZNA_DEMO: 'off' });
    }, TIMEOUT_MS);
    afterAll(async () => {
      await server.stop('SIGTERM');
      await rm(dataDir, { recursive: true, force: true });
    });

    it('verifies the audit log with --replay', async () => {
      const r = await runKazna(['audit', 'verify', '--replay', '--json'], env());
      expect(r.code, r.stderr).toBe(0);
      const report = JSON.parse(r.stdout) as { ok: boolean; entriesChecked: number };
      expect(report.ok).toBe(true);
      expect(report.entriesChecked).toBeGreaterThan(0);
    });

    it('exports the audit log', async () => {
      const out = join(dataDir, '..', `${dataDir.split('/').pop() ?? ''}-bundle.json`);
      try {
        const r = await runKazna(['audit', 'export', '--out', out], env());
        expect(r.code, r.stderr).toBe(0);
        const bundle = JSON.parse(await readFile(out, 'utf8')) as { entries: unknown[] };
        expect(bundle.entries.length).toBeGreaterThan(0);
      } finally {
        await rm(out, { force: true });
      }
    });

    it('reads a ledger balance', async () => {
      const r = await runKazna(['ledger', 'balance', accountId, '--json'], env());
      expect(r.code, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout)).toMatchObject({ id: accountId, balance: '0' });
    });

    it('refuses a command that writes with exit 2, saying how to run it', async () => {
      const r = await runKazna(
        [
          ...['ledger', 'open', '--asset', 'USD', '--owner-kind', 'reserve'],
          ...['--owner-ref', 'beside-test-2', '--type', 'asset'],
        ],
        env(),
      );
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/a running Kazna \(pid \d+\) owns the data folder/);
      expect(r.stderr).toMatch(/through that server .* or stop it, run the command/);
      // And the server is still fine, with nothing written.
      expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
      const list = await runKazna(['ledger', 'accounts', '--json'], env());
      const accounts = (JSON.parse(list.stdout) as { accounts: { owner: { ref: string } }[] })
        .accounts;
      expect(accounts.map((a) => a.owner.ref)).toEqual(['beside-test']);
    });
  },
);
