import { PROBLEMS } from '../http/answers.ts';
import type { Action, Actor } from '../core/identity.ts';
import type { Compliance } from '../compliance/service.ts';
import type { Governance } from '../governance/service.ts';
import type { KaznaApp } from '../http/app.ts';
import type { Risk } from '../risk/service.ts';
import type { Seizures } from '../seizures/service.ts';
import type { Transparency } from '../transparency/service.ts';
import { DirectoryJson as directory, MyTasksJson as tasks, type MyTasks } from './answers.ts';

export type { MyTasks } from './answers.ts';
import { awaitingSignature, awaitingVote, reportsDue } from './tasks.ts';

/**
 * The officials' console's own reads: who I am (by name, with my organisation), what is waiting for
 * me, and the names of the people and organisations other pages show by id. Each list in "my
 * tasks" is read only when the caller may read it, so the answer never widens what a role sees.
 */
export interface ConsoleDeps {
  readonly governance: Governance;
  readonly seizures: Seizures;
  readonly risk: Risk;
  readonly compliance: Compliance;
  readonly transparency: Transparency;
  /** The role matrix's answer, passed in by main.ts: governance keeps the matrix to itself. */
  readonly can: (actor: Actor, action: Action) => boolean;
}

export function consoleRoutes(api: KaznaApp, d: ConsoleDeps): void {
  api.get(
    '/me/tasks',
    { config: { access: 'governance.self' }, schema: { response: { 200: tasks, ...PROBLEMS } } },
    (request) => myTasks(d, request.actor),
  );
  // Names for the ids other answers carry (voters, actors, officers); no usernames or roles.
  api.get(
    '/directory',
    {
      config: { access: 'governance.self' },
      schema: { response: { 200: directory, ...PROBLEMS } },
    },
    async () => ({
      people: (await d.governance.users()).map((u) => ({
        id: u.id,
        displayName: u.displayName,
        organisationId: u.organisationId,
      })),
      organisations: (await d.governance.organisations()).map(({ id, code, name }) => ({
        id,
        code,
        name,
      })),
    }),
  );
}

async function whoIs(d: ConsoleDeps, actor: Actor): Promise<MyTasks['person']> {
  const user = await d.governance.userById(actor.id);
  const orgs = await d.governance.organisations();
  const org = orgs.find((o) => o.id === actor.organisationId);
  return {
    id: actor.id,
    username: user?.username ?? actor.id,
    displayName: user?.displayName ?? actor.id,
    roles: [...actor.roles],
    organisation: org === undefined ? null : { id: org.id, code: org.code, name: org.name },
  };
}

async function approvalsFor(d: ConsoleDeps, actor: Actor): Promise<MyTasks['approvals']> {
  if (!d.can(actor, 'governance.approvals.vote')) return [];
  const now = d.governance.now();
  return (await d.governance.list('pending'))
    .map((v) => ({ ...v.request, votes: v.votes }))
    .filter((r) => awaitingVote(actor, r, now))
    .map((r) => ({
      id: r.id,
      kind: r.kind,
      createdAt: r.createdAt.toISOString(),
      expiresAt: r.expiresAt.toISOString(),
    }));
}

async function handoffsFor(d: ConsoleDeps, actor: Actor): Promise<MyTasks['handoffs']> {
  // Being named by the proposal is what lets an officer sign it; reading seizures is enough.
  if (!d.can(actor, 'seizures.read')) return [];
  const pending = await d.seizures.handoffs(actor, { state: 'pending', limit: 500 });
  return pending
    .filter((h) => awaitingSignature(actor, h))
    .map((h) => ({
      id: h.id,
      lotCount: h.lotIds.length,
      fromOrganisationId: h.fromOrganisationId,
      toOrganisationId: h.toOrganisationId,
      at: h.at.toISOString(),
    }));
}

async function riskAlertsFor(d: ConsoleDeps, actor: Actor): Promise<MyTasks['riskAlerts']> {
  if (!d.can(actor, 'risk.alerts.acknowledge')) return [];
  const to = d.governance.now().toISOString().slice(0, 10);
  const from = new Date(Date.parse(to) - 90 * 86_400_000).toISOString().slice(0, 10);
  return (await d.risk.alerts(from, to))
    .filter((a) => a.acknowledgement === null)
    .map((a) => ({ id: a.id, kind: a.kind, subject: a.subject, day: a.day }));
}

async function complianceAlertsFor(
  d: ConsoleDeps,
  actor: Actor,
): Promise<MyTasks['complianceAlerts']> {
  if (!d.can(actor, 'compliance.alerts.manage')) return [];
  const open = await d.compliance.alerts({ status: 'open', limit: 500 });
  return open.map((a) => ({ id: a.id, address: a.address, raisedAt: a.raisedAt }));
}

async function claimsFor(d: ConsoleDeps, actor: Actor): Promise<MyTasks['claims']> {
  if (!d.can(actor, 'seizures.restitution.manage')) return [];
  const claims = await d.seizures.claimList(actor, { status: 'registered', limit: 500 });
  return claims.map((c) => ({ id: c.id, claimantRef: c.claimantRef, caseId: c.caseId }));
}

async function reportsFor(d: ConsoleDeps, actor: Actor): Promise<MyTasks['reports']> {
  if (!d.can(actor, 'transparency.reports.publish')) return [];
  const published = (await d.transparency.reports({ limit: 500 })).map((r) => r.period);
  return reportsDue(published, d.governance.now()).map((period) => ({ period }));
}

async function myTasks(d: ConsoleDeps, actor: Actor): Promise<MyTasks> {
  const [who, approvals, handoffs, riskAlerts, complianceAlerts, claims, reports] =
    await Promise.all([
      whoIs(d, actor),
      approvalsFor(d, actor),
      handoffsFor(d, actor),
      riskAlertsFor(d, actor),
      complianceAlertsFor(d, actor),
      claimsFor(d, actor),
      reportsFor(d, actor),
    ]);
  return { person: who, approvals, handoffs, riskAlerts, complianceAlerts, claims, reports };
}
