import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { haveSharedData, sharedDataPath } from '../../test/support/shared-data.ts';
import { testKazna, testTargets, type TestKazna } from '../../test/support/targets.ts';
import { SYSTEM } from '../core/identity.ts';
import type { Result } from '../core/result.ts';
import type { SanctionsFile } from './sanctions-file.ts';
import { PARSER_NODE_FLAGS } from './cli.ts';

/**
 * The one full-size read: the 121 MB SDN XML (bzip2) streamed in a child process of its own, so its
 * peak memory is the parser's, then stored through the service and checked against the per-asset
 * lists extracted from the same 2025-11-19 document. The CLI around it is tested on a small list.
 * Runs on the first target only: the file is what is being tested, not SQL.
 */
const SDN = ['sanctions', 'sdn_advanced.xml.bz2'];
const LISTS = ['sanctions', 'ofac_digital_currency_addresses'];
const PEAK_RSS_BYTES_MAX = 250_000_000;
const BIN = join(import.meta.dirname, '..', '..', 'bin', 'kazna.js');
const CHILD = join(import.meta.dirname, 'read-file-child.ts');
const run = promisify(execFile);

interface ChildReport {
  result: Result<SanctionsFile, string>;
  durationMs: number;
  peakRssBytes: number;
}

describe.runIf(haveSharedData(...SDN) && haveSharedData(...LISTS))(
  'kazna sanctions import of the 2025-11-19 SDN advanced XML',
  () => {
    const target = testTargets()[0];
    let k: TestKazna;
    let child: ChildReport;
    let file: SanctionsFile;

    beforeAll(async () => {
      if (target === undefined) throw new Error('no test target');
      k = await testKazna(target);
      const out = await run(
        process.execPath,
        [...PARSER_NODE_FLAGS, CHILD, sharedDataPath(...SDN)],
        {
          maxBuffer: 16 * 1024 * 1024,
        },
      );
      child = JSON.parse(out.stdout) as ChildReport;
      if (!child.result.ok) throw new Error(child.result.message);
      file = child.result.value;
      await k.services.compliance.importSanctions(SYSTEM, file);
      process.stdout.write(
        `sdn stream: ${child.durationMs} ms, peak RSS ${(child.peakRssBytes / 1e6).toFixed(0)} MB\n`,
      );
    }, 600_000);
    afterAll(() => k.close());

    it('yields, for each of the 19 assets, exactly the addresses of its list file', async () => {
      const dir = sharedDataPath(...LISTS);
      const files = (await readdir(dir)).filter((f) => f.startsWith('sanctioned_addresses_'));
      expect(files).toHaveLength(19);
      const rows = await k.db.query<{ asset: string; address: string }>(
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
      }
      expect(file.assets).toHaveLength(19);
    });

    it('records the issue date and the hash of the document it read', async () => {
      const checksum = await readFile(
        sharedDataPath('sanctions', 'sdn_advanced_checksum.txt'),
        'utf8',
      );
      const current = await k.services.compliance.currentSnapshot();
      expect(current).toMatchObject({ version: 1n, issuedOn: '2025-11-19', entryCount: 758 });
      expect(checksum).toContain(current?.contentSha256);
    });

    it('streams: peak memory stays under 250 MB', () => {
      expect(child.peakRssBytes).toBeGreaterThan(0);
      expect(child.peakRssBytes).toBeLessThan(PEAK_RSS_BYTES_MAX);
    });

    it('imports through the CLI, drawing its progress without a terminal', async () => {
      const dataDir = await mkdtemp(join(tmpdir(), 'kazna-cli-'));
      const list = sharedDataPath(...LISTS, 'sanctioned_addresses_TRX.txt');
      const out = await run(process.execPath, [BIN, 'sanctions', 'import', list, '--json'], {
        env: {
          ...process.env,
          DATABASE_URL: k.database.url,
          KAZNA_DATA_DIR: dataDir,
          KAZNA_LOG: 'off',
          KAZNA_DEMO: 'off',
        },
      });
      expect(JSON.parse(out.stdout)).toMatchObject({
        created: true,
        snapshot: { version: '2', sourceKind: 'address_list', entryCount: 758, removedCount: 0 },
        addressesByAsset: { TRX: 29 },
      });
      // The CLI parses in a child process of its own and reports that process's peak memory.
      const report = JSON.parse(out.stdout) as { parserPeakRssBytes: number };
      expect(report.parserPeakRssBytes).toBeLessThan(PEAK_RSS_BYTES_MAX);
      expect(out.stderr).toMatch(/sanctions \|.*\| 100%/);
    });
  },
);
