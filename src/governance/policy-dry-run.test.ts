import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testKazna, testTargets, type TestKazna } from '../../test/support/targets.ts';
import {
  approver,
  RECORDING_REFUSALS,
  recordingExecutor,
  type Approver,
} from '../../test/support/governance.ts';
import { GovernancePolicyDryRunRecentPostJson } from './answers.ts';
import { DEFAULT_POLICY } from './defaults.ts';
import type { PolicyDocument } from './policy.ts';

/**
 * The dry run of a draft policy against the last requests: each request decided by the policy in
 * force and by the draft, side by side, with nothing recorded; a malformed draft is a 422.
 */
function withOrdinaryQuorum(count: number, timeLockSeconds?: number): PolicyDocument {
  return {
    ...DEFAULT_POLICY,
    rules: DEFAULT_POLICY.rules.map((r) =>
      r.id === 'ordinary-money' && r.outcome.kind === 'quorum'
        ? {
            ...r,
            outcome: {
              kind: 'quorum',
              quorum: {
                ...r.outcome.quorum,
                groups: [{ role: 'investment_committee', count }],
                ...(timeLockSeconds === undefined ? {} : { timeLockSeconds }),
              },
            },
          }
        : r,
    ),
  };
}

describe.each(testTargets())('policy dry run against recent requests on $label', (target) => {
  let k: TestKazna;
  let officer: Approver;

  beforeAll(async () => {
    k = await testKazna(target);
    k.services.governance.registerExecutor(
      'ledger.test.move',
      recordingExecutor([]),
      RECORDING_REFUSALS,
    );
    officer = await approver(k, 'officer', ['investment_officer']);
    for (const amount of ['100', '2000000']) {
      const r = await k.services.governance.request(officer.actor, 'ledger.test.move', {
        asset: 'USD',
        amount,
      });
      if (!r.ok) throw new Error(r.message);
    }
  });
  afterAll(async () => {
    await k.close();
  });

  async function dryRunRecent(policy: unknown, limit?: number) {
    return k.app.inject({
      method: 'POST',
      url: '/api/v1/governance/policy/dry-run-recent',
      headers: officer.headers,
      payload: { policy, ...(limit === undefined ? {} : { limit }) },
    });
  }

  async function counts(): Promise<string> {
    const [r] = await k.db.query<{ requests: string; audit: string }>(
      `SELECT (SELECT count(*) FROM gov_approval_requests)::text AS requests,
              (SELECT count(*) FROM audit_entries)::text AS audit`,
    );
    return JSON.stringify(r);
  }

  it('shows which recent requests a draft decides differently, and by which rule', async () => {
    const before = await counts();
    const res = await dryRunRecent(withOrdinaryQuorum(2, 3600));
    expect(res.statusCode, res.body).toBe(200);
    const body = GovernancePolicyDryRunRecentPostJson.parse(res.json());
    expect(body.policyVersion).toBe(1);
    // Newest first: the large one is decided by `large-value` either way, the small one changes.
    const [large, small] = body.requests;
    expect(large?.current.ruleId).toBe('large-value');
    expect(large?.changed).toBe(false);
    expect(small?.current.ruleId).toBe('ordinary-money');
    expect(small?.candidate.ruleId).toBe('ordinary-money');
    expect(small?.changed).toBe(true);
    expect(small?.candidate.outcome).toMatchObject({
      kind: 'quorum',
      quorum: { groups: [{ role: 'investment_committee', count: 2 }], timeLockSeconds: 3600 },
    });
    expect(await counts()).toBe(before);
  });

  it('finds no change for the policy in force, and honours the limit', async () => {
    const res = await dryRunRecent(DEFAULT_POLICY, 1);
    expect(res.statusCode, res.body).toBe(200);
    const body = GovernancePolicyDryRunRecentPostJson.parse(res.json());
    expect(body.requests).toHaveLength(1);
    expect(body.requests.every((r) => !r.changed)).toBe(true);
  });

  it('refuses a malformed draft with 422 content_invalid', async () => {
    const broken = { ...DEFAULT_POLICY, rules: [{ id: '', match: {}, outcome: { kind: 'x' } }] };
    const res = await dryRunRecent(broken);
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ code: 'content_invalid' });
    expect((await dryRunRecent(DEFAULT_POLICY, 0)).statusCode).toBe(400);
  });
});
