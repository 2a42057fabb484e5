import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runKazna } from '../../test/support/process.ts';
import { freshDatabase, testTargets, type TestDatabase } from '../../test/support/targets.ts';
import { verifyPorDocument } from '../../verifier/src/por.ts';

/** `kazna transparency …` through the real binary, on a fresh database with nothing in it. */
describe.each(testTargets())('kazna transparency on $label PostgreSQL', (target) => {
  let t: TestDatabase;
  let env: Record<string, string>;
  let dir: string;

  beforeAll(async () => {
    t = await freshDatabase(target);
    dir = await mkdtemp(join(tmpdir(), 'kazna-transparency-'));
    env = { DATABASE_URL: t.url, KAZNA_DATA_DIR: dir };
  });
  afterAll(() => t.drop());

  it('refuses a bad period as a usage error and an empty one with its code', async () => {
    const bad = await runKazna(['transparency', 'report', '--period', '2026-13'], env);
    expect(bad.code).toBe(2);
    const empty = await runKazna(
      ['transparency', 'report', '--period', '2026-10', '--publish'],
      env,
    );
    expect(empty.code).toBe(1);
    expect(empty.stderr).toContain('nothing was held or moved in 2026-10');
  }, 60_000);

  it('publishes a signed proof of reserves that the verifier accepts', async () => {
    const out = join(dir, 'por.json');
    const r = await runKazna(['transparency', 'por', '--out', out], env);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /^proof of reserves [0-9a-f-]{36} \(\d{4}-\d{2}-\d{2}\), audit entry \d+/,
    );
    const doc: unknown = JSON.parse(await readFile(out, 'utf8'));
    expect(verifyPorDocument(doc).problems).toEqual([]);
  }, 60_000);
});
