import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testKazna, testTargets, testUser, type TestKazna } from '../../test/support/targets.ts';
import { formatAmount } from '../core/money.ts';
import { allowDirectPostings } from '../../test/support/governance.ts';

/** The HTTP edge: decimal strings in and out, problems for refusals, idempotency, statements, CSV. */
describe.each(testTargets())('ledger routes on $label', (target) => {
  let k: TestKazna;
  let custody: Record<string, string>;
  let investment: Record<string, string>;
  let auditor: Record<string, string>;
  let a: string;
  let b: string;

  beforeAll(async () => {
    k = await testKazna(target);
    await allowDirectPostings(k);
    custody = { ...(await testUser(k, 'custody_officer')).headers };
    investment = { ...(await testUser(k, 'investment_officer')).headers };
    auditor = { ...(await testUser(k, 'auditor')).headers };
    a = await open({ kind: 'agency', ref: 'afm' }, false);
    b = await open({ kind: 'reserve', ref: 'btc-bucket' }, true);
  });
  afterAll(() => k.close());

  async function open(owner: { kind: string; ref: string }, limited: boolean): Promise<string> {
    const r = await k.app.inject({
      method: 'POST',
      url: '/api/v1/ledger/accounts',
      headers: custody,
      payload: {
        asset: 'BTC',
        owner,
        type: 'liability',
        flags: { debitsMustNotExceedCredits: limited },
      },
    });
    expect(r.statusCode, r.body).toBe(201);
    return r.json<{ id: string }>().id;
  }

  const move = (over: Record<string, unknown> = {}) => ({
    debitAccountId: a,
    creditAccountId: b,
    asset: 'BTC',
    amount: '1.5',
    code: 'seizure.intake',
    reason: 'lot 1 into the bucket',
    refs: { caseId: 'case-1', lotId: 'lot-1' },
    ...over,
  });
  const post = (
    payload: unknown,
    headers: Record<string, string> = investment,
    url = '/api/v1/ledger/transfers',
  ) => k.app.inject({ method: 'POST', url, headers, payload: payload as Record<string, unknown> });

  it('moves an exact decimal amount and links the transfer to its audit entry', async () => {
    const r = await post(move());
    expect(r.statusCode, r.body).toBe(201);
    const t = r.json<{
      id: string;
      amount: string;
      auditSeq: string;
      links: { audit: string };
    }>();
    expect(t.amount).toBe('1.5');
    expect(t.links.audit).toBe(`/audit/entries/${t.auditSeq}`);
    const got = await k.app.inject({ url: `/api/v1/ledger/transfers/${t.id}`, headers: auditor });
    expect(got.json()).toMatchObject({ id: t.id, amount: '1.5', refs: { caseId: 'case-1' } });
    const acct = await k.app.inject({ url: `/api/v1/ledger/accounts/${b}`, headers: auditor });
    expect(acct.json()).toMatchObject({
      balances: { creditsPosted: '1.5' },
      balance: '1.5',
      available: '1.5',
    });
  });

  it('answers a retried Idempotency-Key with the first result, and a changed body with 409', async () => {
    const headers = { ...investment, 'idempotency-key': 'retry-1' };
    const first = await post(move({ amount: '0.25' }), headers);
    const again = await post(move({ amount: '0.25' }), headers);
    expect([first.statusCode, again.statusCode]).toEqual([201, 200]);
    expect(again.json<{ id: string; replayed: boolean }>().replayed).toBe(true);
    expect(again.json<{ id: string }>().id).toBe(first.json<{ id: string }>().id);
    const changed = await post(move({ amount: '0.26' }), headers);
    expect(changed.statusCode).toBe(409);
    expect(changed.json()).toMatchObject({
      code: 'exists_with_different_fields',
      evidence: { differs: ['amount'] },
    });
  });

  it('refuses too many decimals, an overdraw in a batch, and a caller without the action', async () => {
    const scale = await post(move({ amount: '0.000000001' }));
    expect([scale.statusCode, scale.json<{ code: string }>().code]).toEqual([
      422,
      'amount_exceeds_asset_scale',
    ]);
    const batch = await post(
      { transfers: [move(), move({ debitAccountId: b, creditAccountId: a, amount: '1000' })] },
      investment,
      '/api/v1/ledger/transfers/batch',
    );
    expect(batch.statusCode).toBe(409);
    expect(batch.json()).toMatchObject({
      code: 'linked_transfer_failed',
      evidence: { index: 1, code: 'exceeds_credits' },
    });
    const denied = await post(move(), auditor);
    expect(denied.statusCode).toBe(403);
  });

  it.each([
    ['a hundred nines', '9'.repeat(100)],
    ['9.99e69 written out', `999${'0'.repeat(67)}`],
    ['one satoshi over 21 million', '21000000.00000001'],
  ])('refuses %s BTC with 400 amount_exceeds_maximum, alone or in a batch', async (_n, amount) => {
    const before = await k.db.query<{ n: bigint }>('SELECT count(*) AS n FROM ledger_transfers');
    const one = await post(move({ amount }));
    expect(one.statusCode, one.body).toBe(400);
    expect(one.json()).toMatchObject({
      code: 'amount_exceeds_maximum',
      evidence: { maximum: '21000000' },
    });
    const batch = await post(
      { transfers: [move(), move({ amount })] },
      investment,
      '/api/v1/ledger/transfers/batch',
    );
    expect(batch.statusCode, batch.body).toBe(400);
    const after = await k.db.query<{ n: bigint }>('SELECT count(*) AS n FROM ledger_transfers');
    expect(after).toEqual(before);
  });

  it('serves totals per asset that agree with the accounts, debits equal to credits', async () => {
    const r = await k.app.inject({ url: '/api/v1/ledger/totals', headers: auditor });
    expect(r.statusCode, r.body).toBe(200);
    const [sums] = await k.db.query<{ d: string; c: string }>(
      "SELECT sum(debits_posted)::text d, sum(credits_posted)::text c FROM ledger_accounts WHERE asset = 'BTC'",
    );
    const btc = r.json<{ assets: { asset: string; balances: Record<string, string> }[] }>().assets;
    expect(btc).toHaveLength(1);
    expect(btc[0]?.asset).toBe('BTC');
    expect(btc[0]?.balances['creditsPosted']).not.toBe('0');
    expect(btc[0]?.balances).toEqual({
      debitsPending: '0',
      debitsPosted: formatAmount(BigInt(sums?.d ?? '-1'), 'BTC'),
      creditsPending: '0',
      creditsPosted: formatAmount(BigInt(sums?.c ?? '-1'), 'BTC'),
    });
    expect(btc[0]?.balances['debitsPosted']).toBe(btc[0]?.balances['creditsPosted']);
  });

  it('serves a paginated statement with running balances, a CSV export and balances as of a past time', async () => {
    const before = k.clock.now().toISOString();
    k.clock.advance(60_000);
    expect((await post(move({ amount: '2' }))).statusCode).toBe(201);
    const page1 = await k.app.inject({
      url: `/api/v1/ledger/accounts/${b}/statement?limit=2`,
      headers: auditor,
    });
    const body1 = page1.json<{ entries: { balance: string }[]; next: string }>();
    expect(body1.entries.map((e) => e.balance)).toEqual(['1.5', '1.75']);
    const page2 = await k.app.inject({
      url: `/api/v1/ledger/accounts/${b}/statement?limit=2&after=${body1.next}`,
      headers: auditor,
    });
    expect(page2.json<{ entries: { balance: string }[] }>().entries.map((e) => e.balance)).toEqual([
      '3.75',
    ]);
    const csv = await k.app.inject({
      url: `/api/v1/ledger/accounts/${b}/statement?format=csv`,
      headers: auditor,
    });
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.body.trim().split('\r\n');
    expect(lines.length).toBe(4);
    expect(lines[3]).toContain(',3.75000000');
    const past = await k.app.inject({
      url: `/api/v1/ledger/accounts/${b}?at=${before}`,
      headers: auditor,
    });
    expect(past.json()).toMatchObject({ balance: '1.75', asOf: before });
  });
});
