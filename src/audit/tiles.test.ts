import { readFile, writeFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ed25519 } from '@noble/curves/ed25519.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testKazna, testTargets, type TestKazna } from '../../test/support/targets.ts';
import { fromHex } from '../../verifier/src/hex.ts';
import {
  cosignatureV1Message,
  formatVerifierKey,
  noteVerifier,
  parseCheckpointText,
  parseNote,
  parseVerifierKey,
  SIG_COSIGNATURE_V1,
  signatureLine,
  verifyCheckpointNote,
} from '../../verifier/src/note.ts';
import { checkLeavesInTiles, verifyTiledLog } from '../../verifier/src/tiled-log.ts';
import { runTiles, tileFetcher } from '../../verifier/src/tiles-cli.ts';
import { SYSTEM } from '../core/identity.ts';
import { approver, type Approver } from '../../test/support/governance.ts';
import { appendAudit } from './append.ts';
import { createLogTiles, exportTiles } from './tiles.ts';

/** A witness speaking c2sp.org/tlog-witness: it returns cosignature/v1 lines over the note text. */
function witness(name: string) {
  const secret = ed25519.utils.randomSecretKey();
  const v = noteVerifier(name, ed25519.getPublicKey(secret), SIG_COSIGNATURE_V1);
  return {
    vkey: formatVerifierKey(v),
    cosign: (noteText: string, time: bigint) => {
      const stamp = new Uint8Array(8);
      new DataView(stamp.buffer).setBigUint64(0, time);
      const sig = ed25519.sign(cosignatureV1Message(noteText, time), secret);
      return signatureLine(name, v.keyId, new Uint8Array([...stamp, ...sig]));
    },
  };
}

async function appendMany(k: TestKazna, n: number, payload: object = {}): Promise<void> {
  await k.db.write(async (tx) => {
    for (let i = 0; i < n; i++)
      await appendAudit(tx, k.clock, {
        actor: 'system',
        action: 'test.tile.entry',
        subjects: [],
        payload: { i, ...payload },
      });
  });
}

function runCli(args: string[]): Promise<{ code: number; text: string }> {
  let text = '';
  return runTiles(args, { write: (t) => (text += t) }).then((code) => ({ code, text }));
}

describe.each(testTargets())('the log as C2SP tiles on $label PostgreSQL', (target) => {
  let k: TestKazna;
  let auditor: Approver;
  let base: string;
  let dir: string;

  beforeAll(async () => {
    k = await testKazna(target);
    auditor = await approver(k, 'tiles-auditor', ['auditor']);
    // Two full tiles and a partial one, so tiles at level 0 and 1 are both exercised.
    await appendMany(k, 300);
    await appendMany(k, 300);
    await k.services.audit.checkpoint(SYSTEM);
    base = `${await k.app.listen({ port: 0, host: '127.0.0.1' })}/log`;
    dir = await mkdtemp(join(tmpdir(), 'kazna-tiles-'));
  });
  afterAll(async () => {
    await k.close();
  });

  it('serves a checkpoint note the log key signs, named by the origin', async () => {
    const res = await fetch(`${base}/checkpoint`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    const note = await res.text();
    const latest = await k.services.audit.latestCheckpoint();
    expect(note.split('\n').slice(0, 2)).toEqual(['localhost:3000/log', String(latest?.size)]);
    const key = parseVerifierKey(k.services.audit.verifierKey());
    expect(key).not.toBeNull();
    if (key === null) return;
    expect(verifyCheckpointNote(note, key)?.problems).toEqual([]);
    expect(Buffer.from(key.publicKey).toString('hex')).toBe(
      (await k.services.audit.keys()).find((x) => x.current)?.publicKey,
    );
  });

  it('serves hash tiles publicly and immutably, entry bundles only to auditors', async () => {
    const full = await fetch(`${base}/tile/0/000`);
    expect(full.status).toBe(200);
    expect(full.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect((await full.arrayBuffer()).byteLength).toBe(8192);
    expect((await fetch(`${base}/tile/entries/000`)).status).toBe(401);
    const bundle = await fetch(`${base}/tile/entries/000`, { headers: auditor.headers });
    expect(bundle.status).toBe(200);
    expect((await fetch(`${base}/tile/0/x001/000`)).status).toBe(404);
    expect((await fetch(`${base}/tile/0/0`)).status).toBe(400);
    expect((await fetch(`${base}/tile/0/000.p/256`)).status).toBe(400);
  });

  it('verifies over HTTP with the standalone verifier, and from a static export', async () => {
    const live = await verifyTiledLog(
      tileFetcher(base, auditor.headers['authorization']?.slice(7)),
    );
    expect(live.problems).toEqual([]);
    expect(live.log?.findings).toEqual([]);
    expect(live.ok).toBe(true);
    const done = await exportTiles(k.db, createLogTiles(k.db, k.services.audit), dir, {
      entries: true,
    });
    expect(done?.size).toBe(live.size);
    const vkey = k.services.audit.verifierKey();
    expect((await runCli([dir, '--key', vkey])).code).toBe(0);
    const stranger = formatVerifierKey(
      noteVerifier(
        k.services.audit.logOrigin,
        ed25519.getPublicKey(ed25519.utils.randomSecretKey()),
      ),
    );
    const wrongKey = await runCli([dir, '--key', stranger]);
    expect(wrongKey.code).toBe(1);
    expect(wrongKey.text).toContain('no signature by the log key');
  });

  it('verifies a checkpoint a witness cosigned, and requires the cosignature when asked', async () => {
    const w = witness('witness.example/w1');
    const note = await readFile(join(dir, 'checkpoint'), 'utf8');
    const text = parseNote(note)?.text ?? '';
    const cosigned = note + w.cosign(text, 1_700_000_000n);
    const file = join(dir, '..', `${dir.split('/').at(-1) ?? ''}-cosigned.note`);
    await writeFile(file, cosigned);
    const ok = await runCli([dir, '--checkpoint', file, '--witness', w.vkey, '--witnesses', '1']);
    expect(ok.text).toContain('cosigned by witness.example/w1 at 1700000000');
    expect(ok.code).toBe(0);
    expect((await runCli([dir, '--witness', w.vkey, '--witnesses', '1'])).code).toBe(1);
    const other = witness('witness.example/w1');
    const forged = await runCli([
      dir,
      '--checkpoint',
      file,
      '--witness',
      other.vkey,
      '--witnesses',
      '1',
    ]);
    expect(forged.code).toBe(1);
  });

  it('finds leaves in the public hash tiles alone, as the portal does', async () => {
    const note = await (await fetch(`${base}/checkpoint`)).text();
    const cp = parseCheckpointText(parseNote(note)?.text ?? '');
    if (cp === null) throw new Error('no checkpoint');
    const entry = await k.services.audit.entry(300);
    const leafHash = fromHex(entry?.hash ?? '');
    const anonymous = tileFetcher(base);
    const found = await checkLeavesInTiles(anonymous, cp, [
      { seq: 300, leafHash },
      { seq: 301, leafHash },
      {
        seq: cp.size - 1,
        leafHash: fromHex((await k.services.audit.entry(cp.size - 1))?.hash ?? ''),
      },
    ]);
    expect(found.problems).toEqual([]);
    expect(found.rootMatches).toBe(true);
    expect(found.included).toEqual([300, cp.size - 1]);
    const wrongRoot = await checkLeavesInTiles(anonymous, { ...cp, root: leafHash }, [
      { seq: 300, leafHash },
    ]);
    expect(wrongRoot).toMatchObject({ rootMatches: false, included: [] });
  });

  it('names the tile of an entry changed in a mirror', async () => {
    const path = join(dir, 'tile/entries/001');
    const original = await readFile(path);
    const changed = Buffer.from(original);
    changed[100] = (changed[100] ?? 0) ^ 1;
    await writeFile(path, changed);
    const r = await runCli([dir]);
    await writeFile(path, original);
    expect(r.code).toBe(1);
    expect(r.text).toContain('tile/0/001 hash');
  });

  it('serves a bundle holding an entry over 64 KiB only in the wide encoding, and still verifies', async () => {
    await appendMany(k, 1, { big: 'x'.repeat(70_000) });
    await k.services.audit.checkpoint(SYSTEM);
    const size = (await k.services.audit.latestCheckpoint())?.size ?? 0;
    const path = `002.p/${String(size - 512)}`;
    const narrow = await fetch(`${base}/tile/entries/${path}`, { headers: auditor.headers });
    expect(narrow.status).toBe(404);
    expect(((await narrow.json()) as { code: string }).code).toBe('entry_too_long_for_bundle');
    const wide = await fetch(`${base}/entries-u32/${path}`, { headers: auditor.headers });
    expect(wide.status).toBe(200);
    const out = await mkdtemp(join(tmpdir(), 'kazna-tiles-wide-'));
    const done = await exportTiles(k.db, createLogTiles(k.db, k.services.audit), out, {
      entries: true,
    });
    expect(done?.wideOnly).toBe(1);
    const r = await runCli([out]);
    expect(r.text).toContain('ok:');
    expect(r.code).toBe(0);
  });
});
