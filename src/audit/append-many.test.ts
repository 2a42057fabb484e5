import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, testTargets, type TestDatabase } from '../../test/support/targets.ts';
import { manualClock } from '../core/clock.ts';
import { appendAudit, appendAuditMany } from './append.ts';
import { storedRoot } from './tree.ts';
import { verifyLog } from './verify.ts';

describe.each(testTargets())('appendAuditMany on $label PostgreSQL', (target) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await freshDatabase(target);
  });
  afterAll(async () => {
    await t.drop();
  });

  it('appends a batch in one call, after and before single entries, into a log that verifies', async () => {
    const clock = manualClock();
    const input = (i: number) => ({
      actor: 'system',
      action: 'test.entry.added',
      subjects: [`case:${i % 3}`],
      payload: { i },
    });
    const seqs = await t.db.write(async (tx) => {
      const one = await appendAudit(tx, clock, input(0));
      const many = await appendAuditMany(tx, clock, [1, 2, 3, 4, 5, 6].map(input));
      const last = await appendAudit(tx, clock, input(7));
      return [one, ...many, last].map((a) => a.seq);
    });
    expect(seqs).toEqual([0n, 1n, 2n, 3n, 4n, 5n, 6n, 7n]);
    const more = await t.db.write((tx) => appendAuditMany(tx, clock, [8, 9, 10].map(input)));
    expect(more.map((a) => a.seq)).toEqual([8n, 9n, 10n]);
    expect(await t.db.write((tx) => appendAuditMany(tx, clock, []))).toEqual([]);
    const report = await verifyLog(t.db);
    expect(report.findings).toEqual([]);
    expect(report.size).toBe(11);
    expect(report.root).toBe(Buffer.from(await storedRoot(t.db, 11)).toString('hex'));
  });
});
