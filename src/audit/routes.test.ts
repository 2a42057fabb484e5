import { ed25519 } from '@noble/curves/ed25519.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testKazna, testTargets, type TestKazna } from '../../test/support/targets.ts';
import { verifyBundle, verifyProofDocument } from '../../verifier/src/bundle.ts';
import { cosignatureMessage, type CheckpointBody } from '../../verifier/src/formats.ts';
import { keyIdOf } from '../../verifier/src/signature.ts';
import { sha256 } from '../core/hash.ts';
import { SYSTEM } from '../core/identity.ts';
import { approver, type Approver } from '../../test/support/governance.ts';
import type { CheckpointView } from './model.ts';
import { appendAudit } from './append.ts';
import { startCheckpointTimer } from './service.ts';

function witnessKey(name: string) {
  const secret = sha256(new TextEncoder().encode(`witness ${name}`));
  const publicKey = Buffer.from(ed25519.getPublicKey(secret)).toString('hex');
  return {
    publicKey,
    witnessId: keyIdOf(publicKey),
    cosign: (body: CheckpointBody) =>
      Buffer.from(ed25519.sign(cosignatureMessage(body), secret)).toString('hex'),
  };
}

describe.each(testTargets())('audit API on $label PostgreSQL', (target) => {
  let k: TestKazna;
  let admin: Approver;
  let auditor: Approver;
  const get = (url: string, headers: Record<string, string> = {}) =>
    k.app.inject({ method: 'GET', url: `/api/v1${url}`, headers });
  const post = (url: string, body: unknown, headers: Readonly<Record<string, string>> = {}) =>
    k.app.inject({
      method: 'POST',
      url: `/api/v1${url}`,
      headers: { ...headers },
      payload: body as object,
    });

  beforeAll(async () => {
    k = await testKazna(target);
    admin = await approver(k, 'audit-admin', ['administrator']);
    auditor = await approver(k, 'audit-auditor', ['auditor']);
  });
  afterAll(async () => {
    await k.close();
  });

  it('makes a checkpoint on demand, after registering the log key in the log', async () => {
    expect((await post('/audit/checkpoints', {})).statusCode).toBe(401);
    const res = await post('/audit/checkpoints', {}, admin.headers);
    expect(res.statusCode).toBe(201);
    const cp = res.json<CheckpointView>();
    const keys = (await get('/audit/keys')).json<{
      keys: { keyId: string; current: boolean; introducedAt: number }[];
    }>();
    expect(keys.keys).toHaveLength(1);
    expect(keys.keys[0]).toMatchObject({ keyId: cp.body.keyId, current: true });
    // The log begins with its key: it signs every head from the first write on.
    expect(keys.keys[0]!.introducedAt).toBe(0);
    expect((await get('/audit/checkpoints/latest')).json<CheckpointView>().size).toBe(cp.size);
  });

  it('refuses impossible proofs with a 4xx and a clear code', async () => {
    // The latest checkpoint's own entry follows it, so the log holds size + 1 entries.
    const size = (await get('/audit/checkpoints/latest')).json<CheckpointView>().size;
    const cases: [string, number, string][] = [
      [`/audit/proofs/inclusion?index=${size}&size=${size}`, 400, 'index_not_below_size'],
      ['/audit/proofs/inclusion?index=0&size=0', 400, 'size_zero'],
      [`/audit/proofs/inclusion?index=0&size=${size + 2}`, 404, 'size_exceeds_log'],
      ['/audit/proofs/consistency?from=3&to=2', 400, 'old_size_exceeds_new_size'],
      ['/audit/proofs/consistency?from=0&to=2', 400, 'size_zero'],
      [`/audit/proofs/consistency?from=1&to=${size + 5}`, 404, 'size_exceeds_log'],
      ['/audit/proofs/inclusion?index=-1&size=2', 400, 'request_invalid'],
    ];
    for (const [url, status, code] of cases) {
      const res = await get(url);
      expect([url, res.statusCode, res.json<{ code: string }>().code]).toEqual([url, status, code]);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
  });

  it('serves proofs that verify against the signed checkpoint', async () => {
    const cp = (await get('/audit/checkpoints/latest')).json<CheckpointView>();
    for (let i = 0; i < cp.size; i++) {
      const res = await get(`/audit/proofs/inclusion?index=${i}&size=${cp.size}`);
      const doc = res.json<{ root: string; checkpoint: CheckpointView }>();
      expect(doc.root).toBe(cp.body.root);
      expect(doc.checkpoint.signature).toBe(cp.signature);
      expect(verifyProofDocument(doc)).toBe(true);
    }
    const c = (await get(`/audit/proofs/consistency?from=1&to=${cp.size}`)).json<unknown>();
    expect(verifyProofDocument(c)).toBe(true);
  });

  it('registers witnesses, takes their cosignatures, and verification can require k of them', async () => {
    const chamber = witnessKey('audit chamber');
    const ombudsman = witnessKey('ombudsman');
    expect(
      (await post('/audit/witnesses', { name: 'x', publicKey: chamber.publicKey })).statusCode,
    ).toBe(401);
    const bad = await post(
      '/audit/witnesses',
      { name: 'x', publicKey: 'ab'.repeat(32) },
      auditor.headers,
    );
    expect([bad.statusCode, bad.json<{ code: string }>().code]).toEqual([
      400,
      'witness_key_invalid',
    ]);
    const reg = await post(
      '/audit/witnesses',
      { name: 'State Audit Chamber', publicKey: chamber.publicKey },
      auditor.headers,
    );
    expect(reg.statusCode).toBe(201);
    expect(
      (
        await post(
          '/audit/witnesses',
          { name: 'again', publicKey: chamber.publicKey },
          auditor.headers,
        )
      ).statusCode,
    ).toBe(409);
    await post(
      '/audit/witnesses',
      { name: 'Ombudsman', publicKey: ombudsman.publicKey },
      auditor.headers,
    );
    const cp = (await post('/audit/checkpoints', {}, admin.headers)).json<CheckpointView>();
    const url = `/audit/checkpoints/${cp.size}/cosignatures`;
    const forged = await post(url, {
      witnessId: chamber.witnessId,
      signature: ombudsman.cosign(cp.body),
    });
    expect([forged.statusCode, forged.json<{ code: string }>().code]).toEqual([
      422,
      'cosignature_invalid',
    ]);
    const missing = await post('/audit/checkpoints/999999/cosignatures', {
      witnessId: chamber.witnessId,
      signature: chamber.cosign(cp.body),
    });
    expect(missing.json<{ code: string }>().code).toBe('checkpoint_not_found');
    const good = await post(url, {
      witnessId: chamber.witnessId,
      signature: chamber.cosign(cp.body),
    });
    expect(good.statusCode).toBe(201);
    expect(good.json<CheckpointView>().cosignatures).toHaveLength(1);
    expect(
      (await post(url, { witnessId: chamber.witnessId, signature: chamber.cosign(cp.body) }))
        .statusCode,
    ).toBe(409);
    const one = await k.services.audit.verify({ requireWitnesses: 1 });
    expect(one.ok).toBe(true);
    expect(one.witnessed).toEqual({ size: cp.size, witnesses: [chamber.witnessId] });
    const two = await k.services.audit.verify({ requireWitnesses: 2 });
    expect(two.findings.map((f) => f.code)).toEqual(['witnesses_insufficient']);
    await post(url, { witnessId: ombudsman.witnessId, signature: ombudsman.cosign(cp.body) });
    expect((await k.services.audit.verify({ requireWitnesses: 2 })).ok).toBe(true);
    const bundle = (await get('/audit/export', auditor.headers)).json<unknown>();
    expect(verifyBundle(bundle, { requireWitnesses: 2 }).ok).toBe(true);
    expect(verifyBundle(bundle, { requireWitnesses: 3 }).ok).toBe(false);
  });

  it('rotates the log key as a log entry endorsed by the old key', async () => {
    expect((await post('/audit/keys/rotate', {}, auditor.headers)).statusCode).toBe(403);
    const before = (await get('/audit/keys')).json<{ keys: { keyId: string }[] }>().keys;
    const res = await post('/audit/keys/rotate', {}, admin.headers);
    expect(res.statusCode).toBe(201);
    const keys = (await get('/audit/keys')).json<{
      keys: { keyId: string; current: boolean; previousKeyId: string }[];
    }>().keys;
    expect(keys).toHaveLength(before.length + 1);
    expect(keys.at(-1)).toMatchObject({ current: true, previousKeyId: before.at(-1)!.keyId });
    const cp = (await post('/audit/checkpoints', {}, admin.headers)).json<CheckpointView>();
    expect(cp.body.keyId).toBe(keys.at(-1)!.keyId);
    const report = await k.services.audit.verify();
    expect(report.findings).toEqual([]);
  });

  it('lists entries with filters and a cursor, for readers only', async () => {
    expect((await get('/audit/entries')).statusCode).toBe(401);
    type Page = {
      entries: { seq: number; action: string; actor: string; subjects: string[] }[];
      nextCursor: number | null;
    };
    const all = (await get('/audit/entries?limit=500', auditor.headers)).json<Page>();
    expect(all.entries.length).toBeGreaterThan(5);
    expect(all.entries[0]!.seq).toBeGreaterThan(all.entries[1]!.seq);
    const audits = (
      await get('/audit/entries?action=audit&order=asc', auditor.headers)
    ).json<Page>();
    expect(audits.entries.every((e) => e.action.startsWith('audit.'))).toBe(true);
    expect(audits.entries[0]!.action).toBe('audit.log_key.generated');
    const witness = (
      await get('/audit/entries?action=audit.witness.registered', auditor.headers)
    ).json<Page>();
    expect(witness.entries).toHaveLength(2);
    const bySubject = (
      await get(
        `/audit/entries?subject=${encodeURIComponent(witness.entries[0]!.subjects[0]!)}`,
        auditor.headers,
      )
    ).json<Page>();
    expect(bySubject.entries.map((e) => e.action)).toEqual([
      'audit.checkpoint.cosigned',
      'audit.witness.registered',
    ]);
    const byActor = (
      await get(`/audit/entries?actor=${auditor.actor.id}`, auditor.headers)
    ).json<Page>();
    expect(byActor.entries.map((e) => e.action).sort()).toEqual([
      'audit.witness.registered',
      'audit.witness.registered',
    ]);
    const seen: number[] = [];
    let cursor: number | null = null;
    do {
      const page: Page = (
        await get(
          `/audit/entries?limit=3&order=asc${cursor === null ? '' : `&cursor=${cursor}`}`,
          auditor.headers,
        )
      ).json<Page>();
      seen.push(...page.entries.map((e) => e.seq));
      cursor = page.nextCursor;
    } while (cursor !== null);
    expect(seen).toEqual([...all.entries.map((e) => e.seq)].reverse());
    const future = (
      await get('/audit/entries?from=2999-01-01T00:00:00Z', auditor.headers)
    ).json<Page>();
    expect(future.entries).toEqual([]);
    const one = await get(`/audit/entries/${seen[0]!}`, auditor.headers);
    expect(one.json<{ entry: string }>().entry).toContain('"v":2');
    expect((await get('/audit/entries/999999', auditor.headers)).statusCode).toBe(404);
  });

  it('signs checkpoints on a timer only when the log has grown', async () => {
    let tick: (() => void) | null = null;
    let stopped = false;
    const stop = startCheckpointTimer(k.services.audit, 60, SYSTEM, (fn, ms) => {
      expect(ms).toBe(60_000);
      tick = fn;
      return () => {
        stopped = true;
      };
    });
    const before = (await k.services.audit.checkpoints({ limit: 500 })).length;
    tick!();
    await new Promise((r) => setTimeout(r, 300));
    expect((await k.services.audit.checkpoints({ limit: 500 })).length).toBe(before);
    await k.db.write((tx) =>
      appendAudit(tx, k.clock, {
        actor: 'system',
        action: 'test.entry.added',
        subjects: [],
        payload: {},
      }),
    );
    tick!();
    await new Promise((r) => setTimeout(r, 300));
    const after = await k.services.audit.checkpoints({ limit: 500 });
    expect(after.length).toBe(before + 1);
    tick!();
    await new Promise((r) => setTimeout(r, 300));
    expect((await k.services.audit.checkpoints({ limit: 500 })).length).toBe(before + 1);
    stop();
    expect(stopped).toBe(true);
    expect(
      startCheckpointTimer(k.services.audit, 0, SYSTEM, () => {
        throw new Error('must not schedule');
      }),
    ).toBeTypeOf('function');
  });
});
