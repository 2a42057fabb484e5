import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, testTargets, type TestDatabase } from '../../test/support/targets.ts';
import type { Report } from '../../verifier/src/report.ts';
import { SYSTEM } from '../core/identity.ts';
import { auditFixture, superuser, type AuditFixture } from '../../test/support/audit.ts';
import { verifyLog } from './verify.ts';

/**
 * The streamed verification (COPY, runs examined on worker threads, stored nodes compared per run)
 * must find exactly what the paged one finds. Runs of 4 entries put a log of 40 across ten runs, so
 * tampering lands at a run's first row, inside a run, in its stored subtrees, and splits runs.
 */
describe.each(testTargets())('streamed verification on $label PostgreSQL', (target) => {
  let t: TestDatabase;
  let f: AuditFixture;

  beforeAll(async () => {
    t = await freshDatabase(target);
    f = await auditFixture(t.db);
    await f.append(20);
    await f.audit.checkpoint(SYSTEM);
    await f.append(17);
    await f.audit.checkpoint(SYSTEM);
  });
  afterAll(async () => {
    await t.drop();
  });

  const su = (sql: string) => superuser(t.url, (c) => c.query(sql));
  const sorted = (r: Report) => r.findings.map((x) => JSON.stringify(x)).sort();

  async function both(): Promise<[Report, Report]> {
    const streamed = await verifyLog(t.db, { runLevel: 2, workers: 2 });
    const inline = await verifyLog(t.db, { runLevel: 2, workers: 0 });
    const paged = await verifyLog(t.db, { streamed: false });
    expect(sorted(inline)).toEqual(sorted(streamed));
    expect(sorted(streamed)).toEqual(sorted(paged));
    expect(streamed.firstBadEntry).toEqual(paged.firstBadEntry);
    expect([streamed.ok, streamed.size, streamed.root]).toEqual([paged.ok, paged.size, paged.root]);
    return [streamed, paged];
  }

  it('agrees on an intact log', async () => {
    const [streamed] = await both();
    expect(streamed.ok).toBe(true);
    expect(streamed.size).toBe(40);
  });

  it('agrees on a payload changed inside a run and a column changed at a run’s first row', async () => {
    await su(
      "UPDATE audit_entries SET entry = replace(entry, 'number 12', 'number 99') WHERE seq = 13",
    );
    await su("UPDATE audit_entries SET actor = 'mallory' WHERE seq = 8");
    const [streamed] = await both();
    expect(streamed.findings.map((x) => x.code)).toEqual(
      expect.arrayContaining(['entry_hash_mismatch', 'entry_column_mismatch', 'entry_link_broken']),
    );
  });

  it('agrees on stored tree nodes rewritten and removed', async () => {
    await su(
      'UPDATE audit_merkle_nodes SET hash = sha256(hash) WHERE (level, idx) IN ((1, 9), (0, 30))',
    );
    await su('DELETE FROM audit_merkle_nodes WHERE level = 2 AND idx = 5');
    const [streamed] = await both();
    expect(streamed.findings.map((x) => x.code)).toEqual(
      expect.arrayContaining(['merkle_node_mismatch', 'merkle_leaf_mismatch']),
    );
  });

  it('agrees on an entry removed, which leaves the runs after it unaligned', async () => {
    await su('DELETE FROM audit_entries WHERE seq = 22');
    const [streamed] = await both();
    expect(streamed.findings.map((x) => x.code)).toContain('entry_missing');
  });
});
