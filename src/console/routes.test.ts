import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  authHeaders,
  testKazna,
  testTargets,
  testUser,
  type TestKazna,
} from '../../test/support/targets.ts';
import type { MyTasks } from './routes.ts';
import { lastEndedMonth, lastEndedQuarter, reportsDue } from './tasks.ts';

/**
 * "My tasks": a role change waits for the second administrator and for compliance, not for the
 * administrator who asked nor for roles the quorum does not name; each list is there only for the
 * roles that act on it; and the directory names people without their usernames.
 */
describe.each(testTargets())('console routes ($label)', (target) => {
  let k: TestKazna;

  beforeAll(async () => {
    k = await testKazna(target);
  });
  afterAll(() => k.close());

  async function tasksOf(headers: Record<string, string>): Promise<MyTasks> {
    const r = await k.app.inject({ method: 'GET', url: '/api/v1/me/tasks', headers });
    expect(r.statusCode, r.body).toBe(200);
    return r.json<MyTasks>();
  }

  it('lists a request for the votes it still needs, not for its initiator', async () => {
    const admin = await testUser(k, 'administrator', { name: 'console-admin-1' });
    const admin2 = await testUser(k, 'administrator', { name: 'console-admin-2' });
    const compliance = await testUser(k, 'compliance_officer', { name: 'console-compliance' });
    const risk = await testUser(k, 'risk_officer', { name: 'console-risk' });
    const asked = await k.app.inject({
      method: 'POST',
      url: '/api/v1/governance/approvals',
      headers: { ...admin.headers },
      payload: {
        kind: 'governance.role.change',
        content: { userId: risk.userId, roles: ['risk_officer', 'auditor'] },
      },
    });
    expect(asked.statusCode, asked.body).toBe(201);
    const id = asked.json<{ id: string }>().id;
    expect((await tasksOf({ ...admin.headers })).approvals.map((a) => a.id)).not.toContain(id);
    expect((await tasksOf({ ...admin2.headers })).approvals.map((a) => a.id)).toContain(id);
    expect((await tasksOf({ ...compliance.headers })).approvals.map((a) => a.id)).toContain(id);
    const riskTasks = await tasksOf({ ...risk.headers });
    expect(riskTasks.approvals.map((a) => a.id)).not.toContain(id);
    expect(riskTasks.person).toMatchObject({
      displayName: 'console-risk',
      roles: ['risk_officer'],
    });
  });

  it('gives each list only to the roles that act on it', async () => {
    const auditor = await tasksOf(await authHeaders(k, 'auditor'));
    expect(auditor).toMatchObject({ approvals: [], claims: [], reports: [], riskAlerts: [] });
    const investment = await tasksOf(await authHeaders(k, 'investment_officer'));
    expect(investment.reports.map((r) => r.period)).toEqual(
      reportsDue([], k.services.governance.now()),
    );
  });

  it('names people and organisations without their usernames', async () => {
    const me = await testUser(k, 'court_registrar', { name: 'console-registrar' });
    const r = await k.app.inject({ method: 'GET', url: '/api/v1/directory', headers: me.headers });
    expect(r.statusCode, r.body).toBe(200);
    const body = r.json<{ people: Record<string, unknown>[] }>();
    const found = body.people.find((p) => p['id'] === me.userId);
    expect(found).toEqual({
      id: me.userId,
      displayName: 'console-registrar',
      organisationId: null,
    });
    const anonymous = await k.app.inject({ method: 'GET', url: '/api/v1/directory' });
    expect(anonymous.statusCode).toBe(401);
  });
});

describe('reports due', () => {
  it('names the month and quarter that ended last, until each is published', () => {
    const day = new Date('2026-12-07T10:00:00Z');
    expect(lastEndedMonth(day)).toBe('2026-11');
    expect(lastEndedQuarter(day)).toBe('2026-Q3');
    expect(lastEndedQuarter(new Date('2027-02-01T00:00:00Z'))).toBe('2026-Q4');
    expect(lastEndedMonth(new Date('2027-01-15T00:00:00Z'))).toBe('2026-12');
    expect(reportsDue(['2026-11'], day)).toEqual(['2026-Q3']);
  });
});
