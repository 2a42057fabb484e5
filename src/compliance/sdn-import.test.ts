import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { haveSharedData, sharedDataPath } from '../../test/support/shared-data.ts';
import { freshDatabase, testTargets, type TestDatabase } from '../../test/support/targets.ts';

/**
 * The one full-size import: `kazna sanctions import` on the 121 MB SDN XML (bzip2), run as a child
 * process so its peak memory is its own. Checked against the per-asset lists extracted from the same
 * 2025-11-19 document. Runs on the first target only: the file is what is being tested, not SQL.
 */
const SDN = ['sanctions', 'sdn_advanced.xml.bz2'];
const LISTS = ['sanctions', 'ofac_digital_currency_addresses'];
const PEAK_RSS_BYTES_MAX = 250_000_000;
const BIN = join(import.meta.dirname, '..', '..', 'bin', 'kazna.js');

interface ImportSummary {
  created: boolean;
  snapshot: { version: string; issuedOn: string; contentSha256: string; entryCount: number };
  addressesByAsset: Record<string, number>;
  durationMs: number;
  peakRssBytes: number;
}

describe.runIf(haveSharedData(...SDN) && haveSharedData(...LISTS))(
  'kazna sanctions import of the 2025-11-19 SDN advanced XML',
  () => {
    const target = testTargets()[0];
    let t: TestDatabase;
    let summary: ImportSummary;
    let stderr: string;

    beforeAll(async () => {
      if (target === undefined) throw new Error('no test target');
      t = await freshDatabase(target);
      const dataDir = await mkdtemp(join(tmpdir(), 'kazna-sdn-'));
      const run = await promisify(execFile)(
        process.execPath,
        [BIN, 'sanctions', 'import', sharedDataPath(...SDN), '--json'],
        {
          env: {
            ...process.env,
            DATABASE_URL: t.url,
            KAZNA_DATA_DIR: dataDir,
            KAZNA_LOG: 'off',
            KAZNA_DEMO: 'off',
          },
          maxBuffer: 16 * 1024 * 1024,
        },
      );
      summary = JSON.parse(run.stdout) as ImportSummary;
      stderr = run.stderr;
      process.stdout.write(
        `sdn import: ${summary.durationMs} ms, peak RSS ${(summary.peakRssBytes / 1e6).toFixed(0)} MB\n`,
      );
    }, 600_000);
    afterAll(async () => {
      await t.drop();
    });

    it('yields, for each of the 19 assets, exactly the addresses of its list file', async () => {
      const dir = sharedDataPath(...LISTS);
      const files = (await readdir(dir)).filter((f) => f.startsWith('sanctioned_addresses_'));
      expect(files).toHaveLength(19);
      const rows = await t.db.query<{ asset: string; address: string }>(
        'SELECT asset, address FROM compliance_sanctions_entries WHERE version = 1',
      );
      for (const file of files) {
        const asset = /^sanctioned_addresses_(\w+)\.txt$/.exec(file)?.[1] ?? '';
        const text = await readFile(join(dir, file), 'utf8');
        const expected = new Set(
          text
            .split('\n')
            .map((l) => l.trim())
            .filter((l) => l !== ''),
        );
        const got = new Set(rows.filter((r) => r.asset === asset).map((r) => r.address));
        expect([asset, [...got].sort()]).toEqual([asset, [...expected].sort()]);
        expect(summary.addressesByAsset[asset]).toBe(expected.size);
      }
      expect(Object.keys(summary.addressesByAsset)).toHaveLength(19);
    });

    it('records the issue date and the hash of the document it read', async () => {
      const checksum = await readFile(
        sharedDataPath('sanctions', 'sdn_advanced_checksum.txt'),
        'utf8',
      );
      expect(summary.created).toBe(true);
      expect(summary.snapshot).toMatchObject({ version: '1', issuedOn: '2025-11-19' });
      expect(checksum).toContain(summary.snapshot.contentSha256);
    });

    it('streams: peak memory stays under 250 MB', () => {
      expect(summary.peakRssBytes).toBeGreaterThan(0);
      expect(summary.peakRssBytes).toBeLessThan(PEAK_RSS_BYTES_MAX);
    });

    it('draws its progress without a terminal', () => {
      expect(stderr).toMatch(/sanctions \|.*\| \d+%/);
    });
  },
);
