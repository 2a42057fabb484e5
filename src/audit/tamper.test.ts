import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { freshDatabase, testTargets, type TestDatabase } from '../../test/support/targets.ts';
import { verifyBundle } from '../../verifier/src/bundle.ts';
import type { SignedCheckpoint } from '../../verifier/src/formats.ts';
import { canonicalize } from '../core/canonical.ts';
import { SYSTEM } from '../core/identity.ts';
import { encodeEntry, leafHash } from './entry.ts';
import { generateKey } from './keys.ts';
import { auditFixture, superuser, type AuditFixture } from '../../test/support/audit.ts';

/**
 * Each test writes a log with two checkpoints (sizes 11 and 22: 10 entries, the log key's entry, then
 * the first checkpoint's own entry and 10 more entries; the second checkpoint's entry ends the log at
 * 23), tampers with it through a superuser connection the application role cannot use, and
 * shows that `verify` catches it and names the right entry, and that the standalone verifier catches
 * it in an exported bundle.
 */
describe.each(testTargets())('tamper detection on $label PostgreSQL', (target) => {
  let t: TestDatabase;
  let f: AuditFixture;
  let first: SignedCheckpoint;
  let second: SignedCheckpoint;

  beforeEach(async () => {
    t = await freshDatabase(target);
    f = await auditFixture(t.db);
    await f.append(10);
    first = await f.audit.checkpoint(SYSTEM);
    await f.append(10);
    second = await f.audit.checkpoint(SYSTEM);
  });
  afterEach(async () => {
    await t.drop();
  });

  const su = <T>(fn: Parameters<typeof superuser<T>>[1]) => superuser(t.url, fn);

  it('passes an untouched log, in the database and as a bundle', async () => {
    expect(first.body.size).toBe('11');
    expect(second.body.size).toBe('22');
    const report = await f.audit.verify();
    expect(report.findings).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.size).toBe(23);
    const bundle = verifyBundle(await f.audit.exportBundle());
    expect(bundle.findings).toEqual([]);
    expect(bundle.root).toBe(report.root);
    // Ranges carry the tree's left edge, so checkpoints inside them are still rebuilt and checked.
    for (const from of [0, 5, 13, 20]) {
      const range = verifyBundle(await f.audit.exportBundle({ from, to: 22 }));
      expect([from, range.findings]).toEqual([from, []]);
      expect(range.root).toBe(second.body.root);
    }
  });

  it('the application role cannot update or delete the log', async () => {
    await expect(t.db.query("UPDATE audit_entries SET actor = 'x' WHERE seq = 3")).rejects.toThrow(
      /permission denied/,
    );
    await expect(t.db.query('DELETE FROM audit_entries WHERE seq = 3')).rejects.toThrow(
      /permission denied/,
    );
    await expect(t.db.query('DELETE FROM audit_checkpoints')).rejects.toThrow(/permission denied/);
  });

  it('1) one changed byte of one payload', async () => {
    await su((c) =>
      c.query(
        "UPDATE audit_entries SET entry = replace(entry, 'entry number 6', 'entry number 7') WHERE seq = 7",
      ),
    );
    const report = await f.audit.verify();
    expect(report.ok).toBe(false);
    expect(report.firstBadEntry).toMatchObject({ seq: 7, code: 'entry_hash_mismatch' });
    expect(report.firstBadEntry?.expected).not.toBe(report.firstBadEntry?.found);
    const bundle = verifyBundle(await f.audit.exportBundle());
    expect(bundle.ok).toBe(false);
    expect(bundle.firstBadEntry?.seq).toBe(8); // the next entry's link no longer matches
    expect(bundle.findings.map((x) => x.code)).toContain('checkpoint_root_mismatch');
  });

  it('1b) a changed payload with its hash column rewritten to match', async () => {
    await su(async (c) => {
      const { rows } = await c.query<{ entry: string }>(
        'SELECT entry FROM audit_entries WHERE seq = 7',
      );
      const forged = rows[0]!.entry.replace('entry number 6', 'entry number 7');
      await c.query('UPDATE audit_entries SET entry = $1, hash = $2 WHERE seq = 7', [
        forged,
        Buffer.from(leafHash(new TextEncoder().encode(forged))),
      ]);
    });
    const report = await f.audit.verify();
    expect(report.firstBadEntry?.seq).toBe(7);
    expect(report.findings.map((x) => x.code)).toEqual(
      expect.arrayContaining([
        'merkle_leaf_mismatch',
        'entry_link_broken',
        'checkpoint_root_mismatch',
      ]),
    );
  });

  it('2) a deleted entry', async () => {
    await su((c) => c.query('DELETE FROM audit_entries WHERE seq = 4'));
    const report = await f.audit.verify();
    expect(report.firstBadEntry).toMatchObject({ seq: 4, code: 'entry_missing' });
    const bundle = verifyBundle(await f.audit.exportBundle());
    expect(bundle.firstBadEntry).toMatchObject({ seq: 4, code: 'entry_seq_mismatch' });
  });

  it('3) a forged entry inserted in the middle', async () => {
    await su(async (c) => {
      await c.query('UPDATE audit_entries SET seq = seq + 1000 WHERE seq >= 8');
      await c.query('UPDATE audit_entries SET seq = seq - 999 WHERE seq >= 1008');
      const { rows } = await c.query<{ hash: Buffer }>(
        'SELECT hash FROM audit_entries WHERE seq = 7',
      );
      const entry = encodeEntry({
        seq: 8n,
        recordedAt: '2025-01-01T00:00:07.500Z',
        actor: 'user-a',
        action: 'test.entry.added',
        subjects: [],
        payload: { forged: true },
        prevHash: new Uint8Array(rows[0]!.hash),
      });
      const hash = Buffer.from(leafHash(new TextEncoder().encode(entry)));
      await c.query(
        `INSERT INTO audit_entries (seq, recorded_at, actor, action, subjects, entry, prev_hash, hash)
         VALUES (8, '2025-01-01T00:00:07.500Z', 'user-a', 'test.entry.added', '{}', $1, $2, $3)`,
        [entry, rows[0]!.hash, hash],
      );
    });
    const report = await f.audit.verify();
    expect(report.firstBadEntry).toMatchObject({ seq: 8, code: 'merkle_leaf_mismatch' });
    const bundle = verifyBundle(await f.audit.exportBundle());
    expect(bundle.ok).toBe(false);
    expect(bundle.firstBadEntry?.seq).toBe(9); // the entry after the forgery no longer links
    expect(bundle.findings.map((x) => x.code)).toContain('checkpoint_root_mismatch');
  });

  it('4) two entries swapped', async () => {
    await su(async (c) => {
      await c.query('UPDATE audit_entries SET seq = 100 WHERE seq = 3');
      await c.query('UPDATE audit_entries SET seq = 3 WHERE seq = 5');
      await c.query('UPDATE audit_entries SET seq = 5 WHERE seq = 100');
    });
    const report = await f.audit.verify();
    expect(report.firstBadEntry).toMatchObject({
      seq: 3,
      code: 'entry_seq_mismatch',
      expected: '3',
      found: '5',
    });
    const bundle = verifyBundle(await f.audit.exportBundle());
    expect(bundle.firstBadEntry).toMatchObject({ seq: 3, code: 'entry_seq_mismatch' });
    const range = verifyBundle(await f.audit.exportBundle({ from: 2, to: 23 }));
    expect(range.firstBadEntry).toMatchObject({ seq: 3, code: 'entry_seq_mismatch' });
  });

  it('5) the tail truncated after a published checkpoint (a rollback)', async () => {
    const bundleBefore = await f.audit.exportBundle();
    await su(async (c) => {
      await c.query('DELETE FROM audit_checkpoints WHERE size > 11');
      await c.query('DELETE FROM audit_entries WHERE seq >= 15');
      await c.query('DELETE FROM audit_merkle_nodes WHERE (idx + 1) * (1::bigint << level) > 15');
      const { rows } = await c.query<{ hash: Buffer }>(
        'SELECT hash FROM audit_entries WHERE seq = 14',
      );
      await c.query('UPDATE audit_head SET size = 15, head_hash = $1', [rows[0]!.hash]);
    });
    // The truncated log is self-consistent, but its head was never signed at that size: the head's
    // signature gives it away, and the checkpoint seen before exposes the rollback too.
    expect((await f.audit.verify()).findings.map((x) => x.code)).toEqual([
      'head_signature_invalid',
    ]);
    const report = await f.audit.verify({ trusted: [second] });
    expect(report.ok).toBe(false);
    expect(report.findings[0]).toMatchObject({
      code: 'log_rolled_back',
      checkpointSize: 22,
      found: '15',
    });
    const bundle = verifyBundle(await f.audit.exportBundle(), { trusted: [second] });
    expect(bundle.findings.map((x) => x.code)).toEqual(['log_rolled_back']);
    expect(verifyBundle(bundleBefore, { trusted: [second] }).ok).toBe(true);
  });

  it('6) a checkpoint replaced by one signed with another key', async () => {
    const rogue = generateKey().key;
    const body = { ...second.body, keyId: rogue.keyId, root: first.body.root };
    const text = canonicalize(body);
    await su((c) =>
      c.query(
        'UPDATE audit_checkpoints SET body = $1, signature = $2, key_id = $3, root = $4 WHERE size = 22',
        [
          text,
          Buffer.from(rogue.sign(new TextEncoder().encode(text))),
          rogue.keyId,
          Buffer.from(first.body.root, 'hex'),
        ],
      ),
    );
    const report = await f.audit.verify();
    expect(report.ok).toBe(false);
    expect(report.findings.map((x) => x.code)).toEqual(
      expect.arrayContaining(['checkpoint_key_unknown', 'checkpoint_root_mismatch']),
    );
    expect(report.findings.find((x) => x.code === 'checkpoint_key_unknown')).toMatchObject({
      checkpointSize: 22,
      found: rogue.keyId,
    });
    const bundle = verifyBundle(await f.audit.exportBundle());
    expect(bundle.findings.find((x) => x.code === 'checkpoint_key_unknown')?.checkpointSize).toBe(
      22,
    );
  });

  it('7) an altered signature', async () => {
    await su((c) =>
      c.query(
        'UPDATE audit_checkpoints SET signature = set_byte(signature, 10, (get_byte(signature, 10) # 1)) WHERE size = 11',
      ),
    );
    const report = await f.audit.verify();
    expect(report.findings).toEqual([
      expect.objectContaining({ code: 'checkpoint_signature_invalid', checkpointSize: 11 }),
    ]);
    const bundle = verifyBundle(await f.audit.exportBundle());
    expect(bundle.findings.map((x) => [x.code, x.checkpointSize])).toEqual([
      ['checkpoint_signature_invalid', 11],
    ]);
  });

  it("8) an old checkpoint's root rewritten", async () => {
    const fake = '00'.repeat(32);
    await su((c) =>
      c.query(
        'UPDATE audit_checkpoints SET root = $1, body = replace(body, $2, $3) WHERE size = 11',
        [Buffer.from(fake, 'hex'), first.body.root, fake],
      ),
    );
    const report = await f.audit.verify();
    const codes = report.findings.map((x) => [x.code, x.checkpointSize]);
    expect(codes).toEqual(
      expect.arrayContaining([
        ['checkpoint_signature_invalid', 11],
        ['checkpoint_root_mismatch', 11],
      ]),
    );
    const bundle = verifyBundle(await f.audit.exportBundle());
    expect(bundle.findings.map((x) => [x.code, x.checkpointSize])).toEqual(
      expect.arrayContaining([
        ['checkpoint_signature_invalid', 11],
        ['checkpoint_root_mismatch', 11],
      ]),
    );
  });

  it('8b) only the root column rewritten, beside an intact signed body', async () => {
    await su((c) =>
      c.query(
        "UPDATE audit_checkpoints SET root = '\\x00' || substring(root from 2) WHERE size = 11",
      ),
    );
    const report = await f.audit.verify();
    expect(report.findings).toEqual([
      expect.objectContaining({ code: 'checkpoint_stored_mismatch', checkpointSize: 11 }),
    ]);
  });
});
