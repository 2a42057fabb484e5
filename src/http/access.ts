/**
 * Every route under /api/v1 declares who may call it, in its route `config.access`: either `public`
 * (no login, reveals nothing private) or an action from this list. The governance domain maps roles
 * to actions and enforces it on every request, denying by default; `buildHttp` refuses to start if a
 * route forgot to declare its access.
 */
export const ACTIONS = [
  'audit.read',
  'audit.checkpoint',
  'audit.witness',
  'audit.keys.rotate',
  'ledger.read',
  'ledger.account.open',
  'ledger.transfer.create',
  'governance.self',
  'governance.users.manage',
  'governance.approvals.read',
  'governance.approvals.request',
  'governance.approvals.vote',
  'governance.approvals.execute',
  'governance.policy.read',
  'governance.policy.change',
  'governance.whitelist.manage',
  'seizures.read',
  'seizures.intake',
  'seizures.legal.transition',
  'seizures.custody.handoff',
  'seizures.restitution.manage',
  'compliance.read',
  'compliance.sanctions.import',
  'compliance.alerts.manage',
  'compliance.registry.manage',
  'market.read',
  'market.prices.write',
  'risk.read',
  'risk.limits.manage',
  'risk.reports.run',
  'risk.alerts.acknowledge',
  'reserve.read',
  'reserve.manage',
  'reserve.managers.manage',
  'transparency.reports.publish',
  'chain.read',
  'chain.custody.sign',
  'chain.reconcile',
  'simulator.run',
  /** Prometheus metrics at `/metrics`: request counts by route and status, gauges. */
  'metrics.read',
] as const;
export type Action = (typeof ACTIONS)[number];
export type Access = 'public' | Action;

export type Role =
  | 'enforcement_officer'
  | 'court_registrar'
  | 'custody_officer'
  | 'investment_officer'
  | 'investment_committee'
  | 'risk_officer'
  | 'compliance_officer'
  | 'auditor'
  | 'administrator';

/** Who is making a request. `system` and `demo` are for work Kazna does on its own behalf. */
export interface Actor {
  readonly kind: 'user' | 'token' | 'system' | 'anonymous';
  /**
   * User id (for an API token, the id of the user who owns it), `system`, `demo` or `anonymous`;
   * this is what audit entries record.
   */
  readonly id: string;
  /** For API tokens: the token's id, so every action taken with it names the token as well. */
  readonly tokenId?: string;
  readonly roles: readonly Role[];
  readonly organisationId: string | null;
  /** For API tokens: the only actions this caller may use, on top of its roles. */
  readonly scopes?: readonly Action[];
}

export const ANONYMOUS: Actor = {
  kind: 'anonymous',
  id: 'anonymous',
  roles: [],
  organisationId: null,
};
export const SYSTEM: Actor = { kind: 'system', id: 'system', roles: [], organisationId: null };

/**
 * Data scoping: an officer sees its own organisation's records; the auditor sees everything.
 * Domains filter their reads with `visibleOrganisations(request.actor)` or check one record with
 * `canSeeOrganisation`. The role -> action matrix itself is in `src/governance/matrix.ts`.
 */
export function visibleOrganisations(actor: Actor): 'all' | readonly string[] {
  if (actor.kind === 'system' || actor.roles.includes('auditor')) return 'all';
  return actor.organisationId === null ? [] : [actor.organisationId];
}

export function canSeeOrganisation(actor: Actor, organisationId: string | null): boolean {
  const visible = visibleOrganisations(actor);
  return visible === 'all' || (organisationId !== null && visible.includes(organisationId));
}

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    actor: Actor;
  }
}
