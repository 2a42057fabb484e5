import { ACTIONS, type Action, type Actor, type Role } from '../http/access.ts';

/**
 * The role -> action matrix, written by hand and reviewed as a table. A role holds an action only if
 * it is listed here (deny by default); `*.read` grants every read action, so a new domain's read
 * routes are visible to the auditor without an edit here, while every new write needs a grant.
 */
export const ROLES = [
  'enforcement_officer',
  'court_registrar',
  'custody_officer',
  'investment_officer',
  'investment_committee',
  'risk_officer',
  'compliance_officer',
  'auditor',
  'administrator',
] as const satisfies readonly Role[];

type Grant = Action | '*.read';

const APPROVER: readonly Action[] = [
  'governance.self',
  'governance.approvals.read',
  'governance.approvals.request',
  'governance.approvals.vote',
  'governance.policy.read',
];

export const ROLE_GRANTS: Readonly<Record<Role, readonly Grant[]>> = {
  enforcement_officer: [
    ...APPROVER,
    'seizures.read',
    'seizures.intake',
    'seizures.custody.handoff',
    'compliance.read',
    'chain.read',
  ],
  court_registrar: [
    ...APPROVER,
    'seizures.read',
    'seizures.legal.transition',
    'seizures.restitution.manage',
  ],
  custody_officer: [
    ...APPROVER,
    'governance.approvals.execute',
    'governance.whitelist.manage',
    'seizures.read',
    'seizures.custody.handoff',
    'ledger.read',
    'ledger.account.open',
    'chain.read',
    'chain.custody.sign',
    'chain.reconcile',
    'market.read',
  ],
  investment_officer: [
    ...APPROVER,
    'governance.approvals.execute',
    'ledger.read',
    'ledger.transfer.create',
    'reserve.read',
    'reserve.manage',
    'market.read',
    'risk.read',
    'compliance.read',
    'transparency.reports.publish',
    'simulator.run',
  ],
  investment_committee: [
    ...APPROVER,
    'governance.policy.change',
    'ledger.read',
    'reserve.read',
    'reserve.managers.manage',
    'market.read',
    'risk.read',
    'simulator.run',
  ],
  risk_officer: [
    ...APPROVER,
    'risk.read',
    'risk.limits.manage',
    'risk.reports.run',
    'risk.alerts.acknowledge',
    'market.read',
    'market.prices.write',
    'reserve.read',
    'ledger.read',
    'simulator.run',
  ],
  compliance_officer: [
    ...APPROVER,
    'governance.whitelist.manage',
    'compliance.read',
    'compliance.sanctions.import',
    'compliance.alerts.manage',
    'compliance.registry.manage',
    'seizures.read',
    'chain.read',
    'ledger.read',
    'transparency.reports.publish',
  ],
  // Reads everything and changes nothing. Co-signing a checkpoint is an attestation about the log,
  // not a change to anything the log records.
  auditor: ['governance.self', '*.read', 'audit.witness'],
  // Manages people and roles, never money: a role change is itself an approval request.
  administrator: [
    'governance.self',
    'governance.users.manage',
    'governance.approvals.read',
    'governance.approvals.request',
    'governance.approvals.vote',
    'governance.policy.read',
    'audit.checkpoint',
    'audit.keys.rotate',
    // Runs the service, so watches it; the auditor reads metrics through `*.read`.
    'metrics.read',
  ],
};

function expand(grants: readonly Grant[]): ReadonlySet<Action> {
  const out = new Set<Action>();
  for (const g of grants) {
    if (g === '*.read') for (const a of ACTIONS) if (a.endsWith('.read')) out.add(a);
    if (g !== '*.read') out.add(g);
  }
  return out;
}

const EXPANDED = new Map<Role, ReadonlySet<Action>>(
  ROLES.map((role) => [role, expand(ROLE_GRANTS[role])]),
);

export function isRole(text: string): text is Role {
  return (ROLES as readonly string[]).includes(text);
}

export function roleCan(role: Role, action: Action): boolean {
  return EXPANDED.get(role)?.has(action) === true;
}

/** The actions an actor may use: the union over its roles, narrowed by a token's scopes. */
export function permissionsOf(actor: Actor): Action[] {
  if (actor.kind === 'system') return [...ACTIONS];
  const granted = ACTIONS.filter((a) => actor.roles.some((r) => roleCan(r, a)));
  const scopes = actor.scopes;
  return scopes === undefined ? granted : granted.filter((a) => scopes.includes(a));
}

export function can(actor: Actor, action: Action): boolean {
  if (actor.kind === 'system') return true;
  if (actor.scopes !== undefined && !actor.scopes.includes(action)) return false;
  return actor.roles.some((r) => roleCan(r, action));
}
