import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Json } from '../core/canonical.ts';
import { testKazna, testTargets, type TestKazna } from '../../test/support/targets.ts';
import { canonicalBytes } from '../../verifier/src/canonical.ts';
import { verifyEd25519 } from '../../verifier/src/signature.ts';
import { DEFAULT_POLICY } from './defaults.ts';
import { requestHash } from './model.ts';
import {
  approver,
  installPolicy,
  RECORDING_REFUSALS,
  recordingExecutor,
  type Approver,
} from '../../test/support/governance.ts';

/**
 * Forgeries and replays are refused and execute nothing; every decision is in the audit log, and
 * each approval's signature verifies with the standalone verifier from the log entry alone.
 */
interface View {
  id: string;
  requestHash: string;
  status: string;
  value: unknown;
}

describe.each(testTargets())('signed approvals on $label PostgreSQL', (target) => {
  let k: TestKazna;
  let ic1: Approver;
  let ic2: Approver;
  let risk: Approver;
  let ops: Approver;
  const runs: Json[] = [];

  beforeAll(async () => {
    k = await testKazna(target);
    k.services.governance.registerExecutor(
      'test.move',
      recordingExecutor(runs),
      RECORDING_REFUSALS,
    );
    await installPolicy(k, {
      ...DEFAULT_POLICY,
      rules: [
        {
          id: 'move',
          match: { actions: ['test.move'] },
          outcome: {
            kind: 'quorum',
            quorum: {
              groups: [
                { role: 'investment_committee', count: 1 },
                { role: 'risk_officer', count: 1 },
              ],
            },
          },
        },
      ],
    });
    ic1 = await approver(k, 'ic1', ['investment_committee']);
    ic2 = await approver(k, 'ic2', ['investment_committee']);
    risk = await approver(k, 'risk', ['risk_officer']);
    ops = await approver(k, 'ops', ['investment_officer']);
  });
  afterAll(async () => {
    await k.close();
  });

  async function create(content: Json): Promise<View> {
    const res = await k.app.inject({
      method: 'POST',
      url: '/api/v1/governance/approvals',
      headers: ic1.headers,
      payload: { kind: 'test.move', content },
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json<View>();
  }

  async function vote(who: Approver, id: string, body: Record<string, string>) {
    return k.app.inject({
      method: 'POST',
      url: `/api/v1/governance/approvals/${id}/votes`,
      headers: who.headers,
      payload: { decision: 'approve', ...body },
    });
  }

  async function executions(id: string): Promise<number> {
    const rows = await k.db.query('SELECT 1 FROM gov_executions WHERE request_id = $1', [id]);
    return rows.length;
  }

  it('shows what a request moves in the reporting currency, and nothing for one without an amount', async () => {
    const priced = await create({ asset: 'USD', amount: '1250.50' });
    const read = await k.app.inject({
      method: 'GET',
      url: `/api/v1/governance/approvals/${priced.id}`,
      headers: ic2.headers,
    });
    expect(read.json()).toMatchObject({ value: { currency: 'USD', units: '125050' } });
    const listed = await k.app.inject({
      method: 'GET',
      url: '/api/v1/governance/approvals',
      headers: ic2.headers,
    });
    const row = listed.json<{ id: string; value: unknown }[]>().find((r) => r.id === priced.id);
    expect(row?.value).toEqual({ currency: 'USD', units: '125050' });
    expect((await create({ n: 2 })).value).toBeNull();
  });

  it('refuses a forged session cookie and a forged bearer token', async () => {
    const r = await create({ n: 1 });
    for (const headers of [
      { cookie: '__Host-kazna_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' },
      { authorization: 'Bearer kzn_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' },
    ]) {
      const res = await k.app.inject({
        method: 'POST',
        url: `/api/v1/governance/approvals/${r.id}/execute`,
        headers,
      });
      expect(res.statusCode).toBe(401);
      expect(res.json()).toMatchObject({ code: 'authentication_required' });
    }
    expect(await executions(r.id)).toBe(0);
  });

  it('refuses a tampered signature', async () => {
    const r = await create({ n: 2 });
    const good = ic2.sign(r.requestHash, 'approve');
    const tampered = (good.startsWith('0') ? '1' : '0') + good.slice(1);
    const res = await vote(ic2, r.id, { signatureHex: tampered });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ code: 'signature_invalid' });
    // A valid signature of the other decision does not count either.
    const flipped = await vote(ic2, r.id, { signatureHex: ic2.sign(r.requestHash, 'reject') });
    expect(flipped.json()).toMatchObject({ code: 'signature_invalid' });
    expect((await vote(ic2, r.id, { signatureHex: good })).statusCode).toBe(201);
  });

  it('refuses an approval replayed against another request hash; nothing executes', async () => {
    const a = await create({ n: 3 });
    const b = await create({ n: 3 });
    expect(a.requestHash).not.toBe(b.requestHash);
    const sigA = ic2.sign(a.requestHash, 'approve');
    const riskA = risk.sign(a.requestHash, 'approve');
    expect((await vote(ic2, b.id, { signatureHex: sigA })).json()).toMatchObject({
      code: 'signature_invalid',
    });
    const named = await vote(risk, b.id, { signatureHex: riskA, requestHash: a.requestHash });
    expect(named.json()).toMatchObject({ code: 'request_hash_mismatch' });
    const exec = await k.app.inject({
      method: 'POST',
      url: `/api/v1/governance/approvals/${b.id}/execute`,
      headers: ops.headers,
    });
    expect(exec.json()).toMatchObject({ code: 'quorum_not_reached' });
    expect(await executions(b.id)).toBe(0);
    const votes = await k.db.query('SELECT 1 FROM gov_approval_votes WHERE request_id = $1', [
      b.id,
    ]);
    expect(votes).toHaveLength(0);
  });

  it('records every decision, and each signature verifies offline', async () => {
    const r = await create({ n: 4, asset: 'USD', amount: '10' });
    for (const who of [ic2, risk]) {
      const res = await vote(who, r.id, {
        signatureHex: who.sign(r.requestHash, 'approve'),
        requestHash: r.requestHash,
      });
      expect(res.statusCode, res.body).toBe(201);
    }
    const exec = await k.app.inject({
      method: 'POST',
      url: `/api/v1/governance/approvals/${r.id}/execute`,
      headers: ops.headers,
    });
    expect(exec.statusCode, exec.body).toBe(200);
    const rows = await k.db.query<{ entry: string }>(
      'SELECT entry FROM audit_entries WHERE $1 = ANY(subjects) ORDER BY seq',
      [r.id],
    );
    const entries = rows.map(
      (row) => JSON.parse(row.entry) as { action: string; payload: Record<string, string> },
    );
    expect(entries.map((e) => e.action)).toEqual([
      'governance.approval.requested',
      'governance.approval.signed',
      'governance.approval.signed',
      'governance.approval.quorum_reached',
      'governance.approval.executed',
    ]);
    const requested = entries[0]!.payload as unknown as {
      id: string;
      kind: string;
      content: Json;
      initiatorId: string;
      policyVersion: number;
      createdAt: string;
      expiresAt: string;
      requestHash: string;
    };
    // The hash follows from the logged content alone.
    const rebuilt = requestHash({
      ...requested,
      createdAt: new Date(requested.createdAt),
      expiresAt: new Date(requested.expiresAt),
    });
    expect(rebuilt).toBe(requested.requestHash);
    const keys = await k.db.query<{ entry: string }>(
      "SELECT entry FROM audit_entries WHERE action = 'governance.key.registered'",
    );
    const registered = new Set(
      keys.map(
        (row) =>
          (JSON.parse(row.entry) as { payload: { publicKeyHex: string } }).payload.publicKeyHex,
      ),
    );
    for (const e of entries.filter((x) => x.action === 'governance.approval.signed')) {
      const p = e.payload;
      const message = canonicalBytes({
        domain: 'kazna.approval.v1',
        decision: p['decision'],
        requestHash: requested.requestHash,
      });
      expect(new TextDecoder().decode(message)).toBe(p['signedMessage']);
      expect(registered.has(p['publicKeyHex']!)).toBe(true);
      expect(verifyEd25519(p['publicKeyHex']!, message, p['signatureHex']!)).toBe(true);
      const other = canonicalBytes({
        domain: 'kazna.approval.v1',
        decision: 'approve',
        requestHash: '0'.repeat(64),
      });
      expect(verifyEd25519(p['publicKeyHex']!, other, p['signatureHex']!)).toBe(false);
    }
  });
});
