import type { DemoStep } from './step.ts';
import { DEMO_LOGINS } from './logins.ts';
import { isRole, SYSTEM, type Role } from '../core/identity.ts';
import type { Kazna } from '../kazna.ts';

/**
 * The demo's organisations and one login per role (plus a second committee member and a second
 * administrator, so the default two-member quorums and a role change, which its initiator never
 * approves, can be shown). The password is printed at start and is for the demo only.
 */
export const DEMO_ORGANISATIONS = [
  { code: 'police', name: 'Police (Ministry of Internal Affairs)', kind: 'enforcement' },
  { code: 'afm', name: 'Agency for Financial Monitoring', kind: 'financial_monitoring' },
  { code: 'prosecutor', name: "Prosecutor General's Office", kind: 'prosecution' },
  { code: 'court', name: 'Specialised Inter-District Court', kind: 'court' },
  { code: 'treasury', name: 'Treasury Committee, Ministry of Finance', kind: 'treasury' },
  {
    code: 'nic',
    name: 'National Investment Corporation (reserve manager)',
    kind: 'reserve_manager',
  },
  {
    code: 'manager-alpha',
    name: 'Alpha Digital Assets Fund (external manager)',
    kind: 'external_manager',
  },
  {
    code: 'manager-beta',
    name: 'Beta Blockchain Ventures (external manager)',
    kind: 'external_manager',
  },
  { code: 'audit-chamber', name: 'Supreme Audit Chamber', kind: 'state_audit' },
] as const;

type OrgCode = (typeof DEMO_ORGANISATIONS)[number]['code'];

const HOME: Readonly<Record<Role, OrgCode>> = {
  enforcement_officer: 'police',
  court_registrar: 'court',
  custody_officer: 'treasury',
  investment_officer: 'nic',
  investment_committee: 'nic',
  risk_officer: 'nic',
  compliance_officer: 'afm',
  auditor: 'audit-chamber',
  administrator: 'nic',
};

async function loadGovernanceDemo(kazna: Kazna): Promise<void> {
  const gov = kazna.services.governance;
  const ids = new Map<string, string>();
  const known = await gov.organisations();
  for (const o of DEMO_ORGANISATIONS) {
    const found = known.find((x) => x.code === o.code);
    const r = found === undefined ? await gov.createOrganisation(SYSTEM, o) : null;
    const id = found?.id ?? (r?.ok === true ? r.value.id : undefined);
    if (id !== undefined) ids.set(o.code, id);
  }
  // A login that exists already (a test made it, or an earlier run) is left as it is.
  const existing = new Set((await gov.users()).map((u) => u.username));
  // Hashing runs on the thread pool, so the users' scrypt hashes are computed in parallel.
  const created = await Promise.all(
    DEMO_LOGINS.filter((login) => !existing.has(login.username)).map(async (login) => {
      if (!isRole(login.role)) throw new Error(`demo login with unknown role ${login.role}`);
      return gov.createUser(SYSTEM, {
        username: login.username,
        displayName: login.username,
        organisationId: ids.get(HOME[login.role]) ?? null,
        password: login.password,
        roles: [login.role],
      });
    }),
  );
  for (const r of created) if (!r.ok) throw new Error(r.message);
  await demoToken(kazna);
}

/** One API token, so the administrator's credentials screen shows one to revoke. */
async function demoToken(kazna: Kazna): Promise<void> {
  const gov = kazna.services.governance;
  const owner = (await gov.users()).find((u) => u.username === 'investment');
  if (owner === undefined) return;
  const held = await gov.credentialsOf(SYSTEM, owner.id);
  if (!held.ok || held.value.tokens.length > 0) return;
  const r = await gov.issueToken(SYSTEM, {
    userId: owner.id,
    label: 'nightly_ledger_export',
    scopes: ['ledger.read'],
    expiresInSeconds: 90 * 86400,
  });
  if (!r.ok) throw new Error(r.message);
}

export const GOVERNANCE_DEMO_STEP: DemoStep = {
  name: 'governance-organisations-and-logins',
  describe: 'organisations and one demo login per role',
  run: loadGovernanceDemo,
};
