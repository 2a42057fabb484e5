import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Json } from '../core/canonical.ts';
import { testKazna, testTargets, type TestKazna } from '../../test/support/targets.ts';
import { DEFAULT_POLICY } from './defaults.ts';
import { visibleStatus } from './model.ts';
import {
  approver,
  installPolicy,
  RECORDING_REFUSALS,
  recordingExecutor,
  type Approver,
} from '../../test/support/governance.ts';

/**
 * Quorum rules as a table: each scenario is a list of steps, each with the code it must produce.
 * `ok` means the step succeeded; any other value is the expected error code.
 */
type Who = 'ic1' | 'ic2' | 'ic3' | 'risk' | 'comp';
type Step =
  | { readonly who: Who; readonly do: 'request'; readonly kind: string; readonly expect?: string }
  | { readonly who: Who; readonly do: 'approve' | 'reject'; readonly expect: string }
  | { readonly who: Who; readonly do: 'execute'; readonly expect: string }
  | { readonly do: 'advance'; readonly seconds: number }
  | { readonly do: 'status'; readonly expect: string }
  | { readonly do: 'executions'; readonly expect: number };

const SCENARIOS: readonly (readonly [string, readonly Step[]])[] = [
  [
    'the initiator never approves (approver_is_initiator)',
    [
      { who: 'ic1', do: 'request', kind: 'test.one' },
      { who: 'ic1', do: 'approve', expect: 'approver_is_initiator' },
      { do: 'status', expect: 'pending' },
    ],
  ],
  [
    'each person votes once (already_voted)',
    [
      { who: 'ic1', do: 'request', kind: 'test.sub' },
      { who: 'ic2', do: 'approve', expect: 'ok' },
      { who: 'ic2', do: 'approve', expect: 'already_voted' },
      { who: 'ic2', do: 'reject', expect: 'already_voted' },
    ],
  ],
  [
    'sub-quorums: 2 of investment_committee AND 1 risk_officer',
    [
      { who: 'ic1', do: 'request', kind: 'test.sub' },
      { who: 'ic2', do: 'approve', expect: 'ok' },
      { who: 'ic3', do: 'approve', expect: 'ok' },
      { do: 'status', expect: 'pending' },
      { who: 'ic2', do: 'execute', expect: 'quorum_not_reached' },
      { who: 'risk', do: 'approve', expect: 'ok' },
      { do: 'status', expect: 'approved' },
      { who: 'ic2', do: 'execute', expect: 'ok' },
      { do: 'executions', expect: 1 },
    ],
  ],
  [
    'one person counts for one sub-quorum only',
    [
      { who: 'risk', do: 'request', kind: 'test.sub' },
      { who: 'ic1', do: 'approve', expect: 'ok' },
      { who: 'comp', do: 'approve', expect: 'approver_not_eligible' },
      { do: 'status', expect: 'pending' },
    ],
  ],
  [
    'a named veto rejects',
    [
      { who: 'ic1', do: 'request', kind: 'test.sub' },
      { who: 'ic2', do: 'approve', expect: 'ok' },
      { who: 'comp', do: 'reject', expect: 'ok' },
      { do: 'status', expect: 'rejected' },
      { who: 'ic3', do: 'approve', expect: 'request_rejected' },
      { who: 'ic2', do: 'execute', expect: 'request_rejected' },
      { do: 'executions', expect: 0 },
    ],
  ],
  [
    'a rejection without a veto is recorded but does not reject',
    [
      { who: 'ic1', do: 'request', kind: 'test.sub' },
      { who: 'ic2', do: 'reject', expect: 'ok' },
      { do: 'status', expect: 'pending' },
    ],
  ],
  [
    'requests expire',
    [
      { who: 'ic1', do: 'request', kind: 'test.one' },
      { do: 'advance', seconds: 3600 },
      { who: 'ic2', do: 'approve', expect: 'request_expired' },
      { who: 'ic2', do: 'execute', expect: 'request_expired' },
      { do: 'status', expect: 'expired' },
    ],
  ],
  [
    'a time lock runs after the quorum and before execution',
    [
      { who: 'ic1', do: 'request', kind: 'test.lock' },
      { who: 'ic2', do: 'approve', expect: 'ok' },
      { do: 'status', expect: 'approved' },
      { who: 'ic2', do: 'execute', expect: 'time_lock_active' },
      { do: 'advance', seconds: 3599 },
      { who: 'ic2', do: 'execute', expect: 'time_lock_active' },
      { do: 'advance', seconds: 1 },
      { who: 'ic2', do: 'execute', expect: 'ok' },
      { do: 'executions', expect: 1 },
    ],
  ],
  [
    'execution without a quorum (quorum_not_reached)',
    [
      { who: 'ic1', do: 'request', kind: 'test.one' },
      { who: 'ic1', do: 'execute', expect: 'quorum_not_reached' },
      { do: 'executions', expect: 0 },
    ],
  ],
  [
    'execution happens exactly once (already_executed)',
    [
      { who: 'ic1', do: 'request', kind: 'test.one' },
      { who: 'ic2', do: 'approve', expect: 'ok' },
      { who: 'ic1', do: 'execute', expect: 'ok' },
      { who: 'ic2', do: 'execute', expect: 'already_executed' },
      { who: 'ic3', do: 'approve', expect: 'already_executed' },
      { do: 'executions', expect: 1 },
    ],
  ],
  [
    'a policy block is refused and recorded (policy_blocked)',
    [{ who: 'ic1', do: 'request', kind: 'test.blocked', expect: 'policy_blocked' }],
  ],
  [
    'a kind without an executor is refused (unknown_request_kind)',
    [{ who: 'ic1', do: 'request', kind: 'test.nobody', expect: 'unknown_request_kind' }],
  ],
];

describe.each(testTargets())('approval quorums on $label PostgreSQL', (target) => {
  let k: TestKazna;
  let people: Record<Who, Approver>;
  const runs: Json[] = [];

  beforeAll(async () => {
    k = await testKazna(target);
    const gov = k.services.governance;
    for (const kind of ['test.one', 'test.sub', 'test.lock', 'test.blocked']) {
      gov.registerExecutor(kind, recordingExecutor(runs), RECORDING_REFUSALS);
    }
    await installPolicy(k, {
      ...DEFAULT_POLICY,
      rules: [
        {
          id: 'sub',
          match: { actions: ['test.sub'] },
          outcome: {
            kind: 'quorum',
            quorum: {
              groups: [
                { role: 'investment_committee', count: 2 },
                { role: 'risk_officer', count: 1 },
              ],
              vetoRoles: ['compliance_officer'],
            },
          },
        },
        {
          id: 'one',
          match: { actions: ['test.one'] },
          outcome: {
            kind: 'quorum',
            quorum: {
              groups: [{ role: 'investment_committee', count: 1 }],
              expiresInSeconds: 3600,
            },
          },
        },
        {
          id: 'lock',
          match: { actions: ['test.lock'] },
          outcome: {
            kind: 'quorum',
            quorum: { groups: [{ role: 'investment_committee', count: 1 }], timeLockSeconds: 3600 },
          },
        },
      ],
    });
    people = {
      ic1: await approver(k, 'ic1', ['investment_committee']),
      ic2: await approver(k, 'ic2', ['investment_committee']),
      ic3: await approver(k, 'ic3', ['investment_committee']),
      risk: await approver(k, 'risk', ['risk_officer']),
      comp: await approver(k, 'comp', ['compliance_officer']),
    };
  });
  afterAll(async () => {
    await k.close();
  });

  it.each(SCENARIOS)('%s', async (_name, steps) => {
    const gov = k.services.governance;
    let requestId = '';
    let hash = '';
    let runsBefore = runs.length;
    for (const [i, step] of steps.entries()) {
      const where = `step ${i} (${step.do})`;
      let code = 'ok';
      switch (step.do) {
        case 'request': {
          runsBefore = runs.length;
          const r = await gov.request(people[step.who].actor, step.kind, { step: i, k: step.kind });
          if (r.ok) {
            requestId = r.value.request.id;
            hash = r.value.request.requestHash;
          } else code = r.code;
          expect(code, where).toBe(step.expect ?? 'ok');
          break;
        }
        case 'approve':
        case 'reject': {
          const p = people[step.who];
          const r = await gov.vote(p.actor, requestId, {
            decision: step.do,
            signatureHex: p.sign(hash, step.do),
          });
          expect(r.ok ? 'ok' : r.code, where).toBe(step.expect);
          break;
        }
        case 'execute': {
          const r = await gov.execute(people[step.who].actor, requestId);
          expect(r.ok ? 'ok' : r.code, where).toBe(step.expect);
          break;
        }
        case 'advance':
          k.clock.advance(step.seconds * 1000);
          break;
        case 'status': {
          const res = await k.app.inject({ url: `/api/v1/governance/approvals/${requestId}` });
          expect(res.statusCode, where).toBe(401);
          const v = await gov.get(requestId);
          expect(v === null ? 'missing' : visibleStatus(v.request, k.clock.now()), where).toBe(
            step.expect,
          );
          break;
        }
        case 'executions':
          expect(runs.length - runsBefore, where).toBe(step.expect);
          break;
      }
    }
  });

  it('records a policy block in the audit log even though the request is refused', async () => {
    const rows = await k.db.query<{ entry: string }>(
      "SELECT entry FROM audit_entries WHERE action = 'governance.approval.requested'",
    );
    const blocked = rows.map((r) => JSON.parse(r.entry) as { payload: { status: string } });
    expect(blocked.some((e) => e.payload.status === 'blocked')).toBe(true);
  });

  it('rolls the execution record back when the executor refuses, answering its status', async () => {
    const gov = k.services.governance;
    const r = await gov.request(people.ic1.actor, 'test.one', { fail: true });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const { id, requestHash } = r.value.request;
    const voted = await gov.vote(people.ic2.actor, id, {
      decision: 'approve',
      signatureHex: people.ic2.sign(requestHash, 'approve'),
    });
    expect(voted.ok).toBe(true);
    // Through the route: the kind's refusal answers with the status its registration gave it.
    const officer = await approver(k, 'executing-officer', ['investment_officer']);
    const executed = await k.app.inject({
      method: 'POST',
      url: `/api/v1/governance/approvals/${id}/execute`,
      headers: officer.headers,
    });
    expect([executed.statusCode, executed.json<{ code: string }>().code]).toEqual([
      RECORDING_REFUSALS.refusals.test_failure,
      'test_failure',
    ]);
    const rows = await k.db.query('SELECT 1 FROM gov_executions WHERE request_id = $1', [id]);
    expect(rows).toHaveLength(0);
    expect((await gov.get(id))?.request.status).toBe('approved');
  });
});
