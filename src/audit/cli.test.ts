import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, testTargets, type TestDatabase } from '../../test/support/targets.ts';
import type { Report } from '../../verifier/src/report.ts';
import { SYSTEM } from '../core/identity.ts';
import { runVerify, type Out } from './cli.ts';
import type { Projector } from './replay.ts';
import { auditFixture, superuser, type AuditFixture } from '../../test/support/audit.ts';

function capture(): Out & { lines: string[]; values: unknown[]; ticks: number } {
  const o = {
    lines: [] as string[],
    values: [] as unknown[],
    ticks: 0,
    line: (t: string) => o.lines.push(t),
    json: (v: unknown) => o.values.push(v),
    progress: () => {
      o.ticks++;
    },
  };
  return o;
}

/** Counts entries per action while replaying, and compares with the live table. */
const counting: Projector = {
  name: 'counting',
  start: () => {
    const counts = new Map<string, number>();
    return {
      apply: (e) => counts.set(e.action, (counts.get(e.action) ?? 0) + 1),
      compare: async (db) => {
        const rows = await db.query<{ action: string; n: bigint }>(
          'SELECT action, count(*) AS n FROM audit_entries GROUP BY action',
        );
        return rows
          .filter((r) => counts.get(r.action) !== Number(r.n))
          .map((r) => `${r.action}: replay ${counts.get(r.action) ?? 0}, table ${r.n}`);
      },
    };
  },
};

describe.each(testTargets())('kazna audit verify on $label PostgreSQL', (target) => {
  let t: TestDatabase;
  let f: AuditFixture;
  let dir: string;

  beforeAll(async () => {
    t = await freshDatabase(target);
    f = await auditFixture(t.db, [counting]);
    dir = await mkdtemp(join(tmpdir(), 'kazna-cli-'));
    await f.append(30);
    await f.audit.checkpoint(SYSTEM);
  });
  afterAll(async () => {
    await t.drop();
  });

  it('passes, replays projectors, reports progress and saves the state checkpoint', async () => {
    const out = capture();
    const state = join(dir, 'state.json');
    expect(await runVerify(f.audit, { replay: true, state }, out)).toBe(0);
    expect(out.lines[0]).toMatch(/^ok: 32 entries, 1 checkpoints/);
    expect(out.ticks).toBeGreaterThan(0);
    expect(JSON.parse(await readFile(state, 'utf8'))).toMatchObject({ body: { size: '31' } });
  });

  it('fails with exit 1 and names the first bad entry with evidence, as text and JSON', async () => {
    await superuser(t.url, (c) =>
      c.query(
        "UPDATE audit_entries SET entry = replace(entry, 'number 12', 'number 13') WHERE seq = 13",
      ),
    );
    const out = capture();
    expect(await runVerify(f.audit, {}, out)).toBe(1);
    expect(out.lines[0]).toMatch(/^FAILED/);
    expect(out.lines[1]).toMatch(/^first bad entry: 13 \(entry_hash_mismatch\)/);
    expect(out.lines[2]).toMatch(/^ {2}expected [0-9a-f]{64}$/);
    expect(out.lines[3]).toMatch(/^ {2}found {4}[0-9a-f]{64}$/);
    const json = capture();
    expect(await runVerify(f.audit, { json: true }, json)).toBe(1);
    expect((json.values[0] as Report).firstBadEntry?.seq).toBe(13);
  });

  it('replay catches a live table that no longer follows from the log', async () => {
    await superuser(t.url, (c) =>
      c.query("UPDATE audit_entries SET action = 'test.entry.changed' WHERE seq = 20"),
    );
    const json = capture();
    expect(await runVerify(f.audit, { json: true, replay: true }, json)).toBe(1);
    const report = json.values[0] as Report;
    expect(report.findings.map((x) => x.code)).toEqual(
      expect.arrayContaining(['entry_column_mismatch', 'replay_mismatch']),
    );
  });

  it('a state file from an earlier run exposes a rollback', async () => {
    await superuser(t.url, async (c) => {
      await c.query('DELETE FROM audit_checkpoints');
      await c.query('DELETE FROM audit_entries WHERE seq >= 25');
    });
    const out = capture();
    expect(await runVerify(f.audit, { state: join(dir, 'state.json') }, out)).toBe(1);
    expect(out.lines.join('\n')).toContain('log_rolled_back');
  });
});
