import { ed25519 } from '@noble/curves/ed25519.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CliFailure } from '../src/cli/io.ts';
import { sha256 } from '../src/core/hash.ts';
import { loadDemo } from '../src/demo/demo.ts';
import { DEMO_LOGINS } from '../src/demo/logins.ts';
import { approvalMessage } from '../src/governance/model.ts';
import { transferCli, type LedgerOut } from '../src/ledger/cli.ts';
import { loginAs, testKazna, testTargets, type TestKazna } from './support/targets.ts';

/**
 * No one moves reserve money alone. On the demo, the investment officer (who holds
 * `ledger.transfer.create`) tries to move $10M out of the reserve's dollar account through every
 * door that books a transfer by hand: the single route, the batch route and the CLI. Each answer is
 * a request waiting for the quorum (202) or a refusal; no balance changes; the officer can neither
 * vote on nor execute the request alone. Every transfer the demo booked names what cleared it.
 */
const PASSWORD = DEMO_LOGINS.find((l) => l.username === 'investment')?.password ?? '';

describe.each(testTargets())('no one moves reserve money alone, on $label PostgreSQL', (target) => {
  let k: TestKazna;
  let officer: Record<string, string>;
  let fx: string;
  let manager: string;

  beforeAll(async () => {
    k = await testKazna(target);
    await loadDemo(k, () => undefined);
    officer = (await loginAs(k, 'investment', PASSWORD)).headers;
    fx = await account(`owner_kind = 'reserve' AND owner_ref = 'fx' AND asset = 'USD'`);
    manager = await account(`owner_kind = 'manager' AND asset = 'USD'`);
  }, 300_000);
  afterAll(async () => {
    await k.close();
  });

  async function account(where: string): Promise<string> {
    const rows = await k.db.query<{ id: string }>(
      `SELECT id FROM ledger_accounts WHERE ${where} ORDER BY opened_at LIMIT 1`,
    );
    const id = rows[0]?.id;
    if (id === undefined) throw new Error(`the demo has no account where ${where}`);
    return id;
  }

  /** Every account's balances and the number of transfers: what a movement would change. */
  async function books(): Promise<unknown[]> {
    return k.db.query(
      `SELECT id, debits_posted::text, credits_posted::text, debits_pending::text, credits_pending::text,
              (SELECT count(*)::int FROM ledger_transfers) AS transfers
         FROM ledger_accounts ORDER BY id`,
    );
  }

  const tenMillion = () => ({
    kind: 'single',
    asset: 'USD',
    debitAccountId: manager,
    creditAccountId: fx,
    amount: '10000000.00',
    code: 'reserve.allocation',
    reason: 'an officer acting alone',
  });

  it('turns a transfer out of the reserve into a request for the quorum, and moves nothing', async () => {
    const before = await books();
    const single = await k.app.inject({
      method: 'POST',
      url: '/api/v1/ledger/transfers',
      headers: officer,
      payload: tenMillion(),
    });
    expect(single.statusCode, single.body).toBe(202);
    const batch = await k.app.inject({
      method: 'POST',
      url: '/api/v1/ledger/transfers/batch',
      headers: officer,
      payload: { transfers: [tenMillion()] },
    });
    expect(batch.statusCode, batch.body).toBe(202);
    expect(await books()).toEqual(before);

    for (const res of [single, batch]) {
      const answer = res.json<{ policy: { ruleId?: string } | null; approval: { id: string } }>();
      expect(answer.policy?.ruleId).toBe('large-value');
      const id = answer.approval.id;
      const signatureHex = await officerSignature(id);
      const vote = await k.app.inject({
        method: 'POST',
        url: `/api/v1/governance/approvals/${id}/votes`,
        headers: officer,
        payload: { decision: 'approve', signatureHex },
      });
      expect(vote.statusCode, vote.body).toBe(403);
      expect(vote.json()).toMatchObject({ code: 'approver_is_initiator' });
      const execute = await k.app.inject({
        method: 'POST',
        url: `/api/v1/governance/approvals/${id}/execute`,
        headers: officer,
      });
      expect(execute.statusCode, execute.body).toBeGreaterThanOrEqual(400);
      expect(execute.statusCode).toBeLessThan(500);
    }
    expect(await books()).toEqual(before);
  });

  it('asks for a quorum even for a small amount out of the reserve to a manager', async () => {
    const before = await books();
    const res = await k.app.inject({
      method: 'POST',
      url: '/api/v1/ledger/transfers',
      headers: officer,
      payload: { ...tenMillion(), amount: '5000.00' },
    });
    expect(res.statusCode, res.body).toBe(202);
    expect(await books()).toEqual(before);
  });

  it('refuses the same transfer from the CLI, which cannot ask for a quorum', async () => {
    const before = await books();
    const out: LedgerOut = { line: () => undefined, json: () => undefined };
    const t = tenMillion();
    const options = { debit: manager, credit: fx, asset: t.asset, amount: t.amount, json: true };
    const refused = transferCli(
      k.services.ledger,
      k.ids,
      { ...options, kind: t.kind, code: t.code, reason: t.reason },
      out,
    );
    await expect(refused).rejects.toBeInstanceOf(CliFailure);
    await expect(refused).rejects.toMatchObject({ exitCode: 1 });
    expect(await books()).toEqual(before);
  });

  it('names, on every transfer the demo booked, the approval or the policy rule that cleared it', async () => {
    const rows = await k.db.query<{ kind: string; clearance: string | null }>(
      `SELECT kind, clearance FROM ledger_transfers`,
    );
    expect(rows.length).toBeGreaterThan(10);
    const uncleared = rows.filter(
      (r) => (r.kind === 'single' || r.kind === 'pending') && r.clearance === null,
    );
    expect(uncleared).toEqual([]);
    for (const r of rows.filter((x) => x.clearance !== null))
      expect(r.clearance).toMatch(/^(approval:|policy:\d+\/[a-z0-9-]+)/);
  });

  /** A correct signature of the request by the officer's own key (registered for the purpose). */
  async function officerSignature(requestId: string): Promise<string> {
    const secret = sha256(new TextEncoder().encode('an officer’s own key'));
    const publicKeyHex = Buffer.from(ed25519.getPublicKey(secret)).toString('hex');
    await k.app.inject({
      method: 'POST',
      url: '/api/v1/governance/keys',
      headers: officer,
      payload: { publicKeyHex, password: PASSWORD },
    });
    const view = await k.services.governance.get(requestId);
    const hash = view?.request.requestHash ?? '';
    return Buffer.from(ed25519.sign(approvalMessage(hash, 'approve'), secret)).toString('hex');
  }
});
