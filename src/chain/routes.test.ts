import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testKazna, testTargets, testUser, type TestKazna } from '../../test/support/targets.ts';

/**
 * The chain routes without nodes: access per action, problems with their codes, and the statement
 * reconciliation, which needs only the ledger.
 */
describe.each(testTargets())('chain routes ($label)', (target) => {
  let k: TestKazna;
  let custody: Record<string, string>;
  let auditor: Record<string, string>;

  beforeAll(async () => {
    k = await testKazna(target);
    custody = { ...(await testUser(k, 'custody_officer')).headers };
    auditor = { ...(await testUser(k, 'auditor')).headers };
  });
  afterAll(() => k.close());

  it('refuses custody steps to a reader and answers unknown ids with their code', async () => {
    const id = '01900000-0000-7000-8000-000000000000';
    const denied = await k.app.inject({
      method: 'POST',
      url: `/api/v1/chain/custody/${id}/prepare`,
      headers: auditor,
      payload: {},
    });
    expect(denied.statusCode).toBe(403);
    const missing = await k.app.inject({
      method: 'POST',
      url: `/api/v1/chain/custody/${id}/prepare`,
      headers: custody,
      payload: {},
    });
    expect(missing.statusCode, missing.body).toBe(404);
    expect(missing.json<{ code: string }>().code).toBe('custody_tx_not_found');
    const wallets = await k.app.inject({
      method: 'GET',
      url: '/api/v1/chain/wallets',
      headers: custody,
    });
    expect(wallets.json()).toEqual({ wallets: [] });
  });

  it('reconciles a custodian statement and raises an alert for a difference', async () => {
    const opened = await k.services.ledger.openAccount(
      { id: 'test' },
      { asset: 'BTC', owner: { kind: 'custodian', ref: 'statement-test' }, type: 'asset' },
    );
    if (!opened.ok) throw new Error(opened.message);
    const csv = `account_id,asset,balance\n${opened.value.id},BTC,0.5\n`;
    const r = await k.app.inject({
      method: 'POST',
      url: '/api/v1/chain/reconciliations/statements',
      headers: custody,
      payload: { name: 'custodian-2025-01', csv },
    });
    expect(r.statusCode, r.body).toBe(201);
    expect(
      r.json<{ alertIds: string[]; rows: { difference: string }[] }>().rows[0]?.difference,
    ).toBe('50000000');
    const bad = await k.app.inject({
      method: 'POST',
      url: '/api/v1/chain/reconciliations/statements',
      headers: custody,
      payload: { name: 'x', csv: 'account_id,asset,balance\nnope,BTC,1e5\n' },
    });
    expect(bad.json<{ code: string }>().code).toBe('statement_invalid');
    const alerts = await k.app.inject({
      method: 'GET',
      url: '/api/v1/chain/alerts',
      headers: auditor,
    });
    expect(alerts.json<{ alerts: unknown[] }>().alerts).toHaveLength(1);
    // The history the Reconciliation page reads answers JSON (its audit sequence is a bigint).
    const runs = await k.app.inject({
      method: 'GET',
      url: '/api/v1/chain/reconciliations',
      headers: auditor,
    });
    expect(runs.statusCode, runs.body).toBe(200);
    const [run] = runs.json<{ runs: { source: string; rows: { difference: string }[] }[] }>().runs;
    expect(run?.source).toBe('statement:custodian-2025-01');
    expect(run?.rows[0]?.difference).toBe('50000000');
  });

  it('says which chains have a node and lists no custody move without one', async () => {
    const status = await k.app.inject({
      method: 'GET',
      url: '/api/v1/chain/status',
      headers: auditor,
    });
    expect(status.json()).toEqual({ assets: [] });
    const moves = await k.app.inject({
      method: 'GET',
      url: '/api/v1/chain/custody',
      headers: auditor,
    });
    expect(moves.statusCode, moves.body).toBe(200);
    expect(moves.json()).toEqual({ custody: [] });
  });
});
