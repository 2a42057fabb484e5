import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, testTargets, type TestDatabase } from '../../test/support/targets.ts';
import { manualClock } from '../core/clock.ts';
import { ok } from '../core/result.ts';
import { appendAudit } from './append.ts';
import { leafHash, nodeHash } from './entry.ts';

describe.each(testTargets())('appendAudit on $label PostgreSQL', (target) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await freshDatabase(target);
  });
  afterAll(async () => {
    await t.drop();
  });

  it('links entries, keeps perfect subtrees, and rolls back with a refused command', async () => {
    const clock = manualClock();
    for (let i = 0; i < 5; i++) {
      await t.db.write((tx) =>
        appendAudit(tx, clock, {
          actor: 'system',
          action: 'test.entry.added',
          subjects: [],
          payload: { i },
        }),
      );
    }
    const refused = await t.db.command(async (tx) => {
      await appendAudit(tx, clock, {
        actor: 'system',
        action: 'test.entry.added',
        subjects: [],
        payload: {},
      });
      return { ok: false as const, code: 'refused', message: 'no' };
    });
    expect(refused.ok).toBe(false);
    const accepted = await t.db.command(async () => Promise.resolve(ok(1)));
    expect(accepted.ok).toBe(true);
    const rows = await t.db.query<{ seq: bigint; entry: string; prev_hash: Buffer; hash: Buffer }>(
      'SELECT seq, entry, prev_hash, hash FROM audit_entries ORDER BY seq',
    );
    expect(rows.map((r) => r.seq)).toEqual([0n, 1n, 2n, 3n, 4n]);
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i]!;
      expect(Buffer.from(leafHash(new TextEncoder().encode(r.entry)))).toEqual(r.hash);
      if (i > 0) expect(r.prev_hash).toEqual(rows[i - 1]!.hash);
    }
    const nodes = await t.db.query<{ level: number; idx: bigint; hash: Buffer }>(
      'SELECT level, idx, hash FROM audit_merkle_nodes ORDER BY level, idx',
    );
    expect(nodes.map((n) => `${n.level}/${n.idx}`)).toEqual([
      '0/0',
      '0/1',
      '0/2',
      '0/3',
      '0/4',
      '1/0',
      '1/1',
      '2/0',
    ]);
    const l = rows.map((r) => new Uint8Array(r.hash));
    const expected = nodeHash(nodeHash(l[0]!, l[1]!), nodeHash(l[2]!, l[3]!));
    expect(Buffer.from(expected)).toEqual(nodes.find((n) => n.level === 2)!.hash);
  });
});
