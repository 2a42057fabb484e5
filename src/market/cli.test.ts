import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, testTargets, type TestDatabase } from '../../test/support/targets.ts';
import { manualClock } from '../core/clock.ts';
import { idSource } from '../core/ids.ts';
import { seededRandom } from '../core/random.ts';
import { runImport } from './cli.ts';
import { createMarket, type Market } from './service.ts';

/** `kazna market import`: the error report is written whether the file is refused or partly imported. */
const FILE = [
  'Date;Open;High;Low;Close;Volume',
  '2024.01.02 00:00;2060;2070;2050;2065.5;100',
  '2024.01.03 00:00;2065;2071;2040;-2041;90',
  '2024.13.04 00:00;2041;2050;2030;2045;80',
  '2024.01.05 00:00;2045;2052;2039;2049.25;70',
].join('\n');

describe.each(testTargets())('kazna market import on $label PostgreSQL', (target) => {
  let database: TestDatabase;
  let market: Market;
  let dir: string;

  beforeAll(async () => {
    database = await freshDatabase(target);
    const clock = manualClock('2024-01-06T00:00:00Z');
    market = createMarket({ db: database.db, clock, ids: idSource(clock, seededRandom(9)) });
    dir = await mkdtemp(join(tmpdir(), 'kazna-market-'));
  });
  afterAll(() => database.drop());

  it('refuses the file, writes one report line per bad row, then imports the good rows with --skip-invalid', async () => {
    const file = join(dir, 'xau.csv');
    await writeFile(file, FILE);
    const options = { asset: 'XAU', format: 'xau_semicolon', json: true } as const;
    await expect(runImport(market, file, options)).rejects.toThrow(/2 row\(s\) are invalid/);
    const report = (await readFile(`${file}.errors.txt`, 'utf8')).trimEnd().split('\n');
    expect(report).toHaveLength(2);
    expect(report[0]).toMatch(/^line 3: price_is_not_positive:/);
    expect(report[1]).toMatch(/^line 4: date_is_invalid:/);
    expect(await market.series('XAU', 'USD', '2024-01-01', '2024-01-31')).toEqual([]);
    expect(await runImport(market, file, { ...options, skipInvalid: true })).toBe(0);
    const days = (await market.series('XAU', 'USD', '2024-01-01', '2024-01-31')).map((p) => p.day);
    expect(days).toEqual(['2024-01-02', '2024-01-05']);
  });

  it('previews a file in its recognised layout and imports nothing', async () => {
    const file = join(dir, 'xau-preview.csv');
    await writeFile(file, FILE.replace('2024.01', '2023.01'));
    const options = { asset: 'XAU', format: 'auto', preview: true, json: true } as const;
    expect(await runImport(market, file, options)).toBe(0);
    expect(await market.series('XAU', 'USD', '2023-01-01', '2023-01-31')).toEqual([]);
  });
});
