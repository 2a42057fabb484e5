import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import type { Action } from '../../../src/core/identity.ts';
import type { TaskList } from '../console/session.tsx';
import type { Key } from '../portal/i18n.ts';

/**
 * Every page of the app, in navigation order. A domain adds its page by adding one entry here; an
 * area whose page does not exist yet shows an empty state saying what will live there.
 */
export interface PageEntry {
  readonly path: string;
  readonly label: string;
  /** The navigation's label, in the console's language. */
  readonly key: Key;
  /** `public` pages need no login; `internal` pages are for officials. */
  readonly area: 'public' | 'internal';
  /** One sentence shown under the title and in the empty state. */
  readonly summary: string;
  readonly component?: LazyExoticComponent<ComponentType>;
  /**
   * What an official must hold to use the page: every action its reads need. The navigation offers
   * an internal page only to those who hold them all, so no page answers a role with a refusal.
   */
  readonly requires?: readonly Action[];
  /** The list of "my tasks" that is done on this page; its count shows beside the link. */
  readonly tasks?: TaskList;
}

export const PAGES: readonly PageEntry[] = [
  {
    path: '/',
    label: 'Home',
    key: 'page.home',
    area: 'public',
    summary: 'What Kazna is and where to look.',
    component: lazy(() => import('./Landing.tsx')),
  },
  {
    path: '/login',
    label: 'Log in',
    key: 'page.login',
    area: 'public',
    summary: 'Officials log in here; the public portal needs no login.',
    component: lazy(() => import('./Login.tsx')),
  },
  {
    path: '/transparency',
    label: 'Transparency',
    key: 'page.transparency',
    area: 'public',
    summary:
      'The reserve, enforcement statistics and signed reports that anyone can verify offline.',
    component: lazy(() => import('../portal/Portal.tsx')),
  },
  {
    path: '/tasks',
    label: 'My tasks',
    key: 'page.tasks',
    requires: ['governance.self'],
    area: 'internal',
    summary: 'What waits for your vote, signature or decision, with links to where it is done.',
    component: lazy(() => import('../console/Home.tsx')),
  },
  {
    path: '/cases',
    label: 'Cases',
    key: 'page.cases',
    requires: ['seizures.read'],
    area: 'internal',
    summary: 'Enforcement operations, cases and seized lots with their legal status.',
    component: lazy(() => import('./Cases.tsx')),
  },
  {
    path: '/cases/intake',
    label: 'Record a seizure',
    key: 'page.intake',
    requires: ['seizures.intake', 'seizures.read'],
    area: 'internal',
    summary: 'Register an operation, open a case and record seized lots, one by one or from CSV.',
    component: lazy(() => import('../intake/Intake.tsx')),
  },
  {
    path: '/custody',
    label: 'Custody',
    key: 'page.custody',
    requires: ['seizures.read'],
    tasks: 'handoffs',
    area: 'internal',
    summary: 'Who holds each lot, hand-offs between agencies, and on-chain evidence.',
    component: lazy(() => import('./Custody.tsx')),
  },
  {
    path: '/custody/signing',
    label: 'Signing',
    key: 'page.signing',
    requires: ['chain.read'],
    area: 'internal',
    summary:
      'Custody moves prepared for offline signing, their quorum, broadcast and confirmations.',
    component: lazy(() => import('../chain/Signing.tsx')),
  },
  {
    path: '/custody/reconciliation',
    label: 'Reconciliation',
    key: 'page.reconciliation',
    requires: ['chain.read'],
    area: 'internal',
    summary: 'Ledger against chain for each watched wallet, with differences and alerts.',
    component: lazy(() => import('../chain/Reconciliation.tsx')),
  },
  {
    path: '/exchanges',
    label: 'Exchanges',
    key: 'page.exchanges',
    requires: ['seizures.read', 'compliance.read'],
    area: 'internal',
    summary:
      'Illegal exchanges shut down by enforcement operations, with filters and a CSV export.',
    component: lazy(() => import('./Exchanges.tsx')),
  },
  {
    path: '/restitution',
    label: 'Restitution',
    key: 'page.restitution',
    requires: ['seizures.read'],
    tasks: 'claims',
    area: 'internal',
    summary:
      'Victims’ claims by case: amounts claimed, approved and paid, and where payouts come from.',
    component: lazy(() => import('./Restitution.tsx')),
  },
  {
    path: '/ledger',
    label: 'Ledger',
    key: 'page.ledger',
    requires: ['ledger.read'],
    area: 'internal',
    summary: 'Accounts, balances and transfers in the double-entry book of record.',
    component: lazy(() => import('./Ledger.tsx')),
  },
  {
    path: '/approvals',
    label: 'Approvals',
    key: 'page.approvals',
    requires: ['governance.approvals.read'],
    tasks: 'approvals',
    area: 'internal',
    summary: 'Requests waiting for your vote, with their content hash and the rule that applied.',
    component: lazy(() => import('./Approvals.tsx')),
  },
  {
    path: '/policy',
    label: 'Policy',
    key: 'page.policy',
    requires: ['governance.policy.read'],
    area: 'internal',
    summary: 'The transaction policy in force, a dry run, and proposals for the admin quorum.',
    component: lazy(() => import('./Policy.tsx')),
  },
  {
    path: '/security',
    label: 'Security',
    key: 'page.security',
    requires: ['governance.self'],
    area: 'internal',
    summary: 'Your passkeys, API tokens and approval signing keys; register and revoke them.',
    component: lazy(() => import('./Security.tsx')),
  },
  {
    path: '/admin/users',
    label: 'People',
    key: 'admin.page.users',
    requires: ['governance.users.manage'],
    area: 'internal',
    summary: 'Accounts of officials: create one, propose its roles for approval, unlock it.',
    component: lazy(() => import('../admin/Users.tsx')),
  },
  {
    path: '/admin/organisations',
    label: 'Organisations',
    key: 'admin.page.organisations',
    requires: ['governance.users.manage'],
    area: 'internal',
    summary: 'The agencies whose officials use Kazna, and their people.',
    component: lazy(() => import('../admin/Organisations.tsx')),
  },
  {
    path: '/admin/credentials',
    label: 'Credentials',
    key: 'admin.page.credentials',
    requires: ['governance.users.manage'],
    area: 'internal',
    summary: 'Everyone’s API tokens, signing keys and passkeys, each revocable at once.',
    component: lazy(() => import('../admin/Credentials.tsx')),
  },
  {
    path: '/reserve',
    label: 'Reserve',
    key: 'page.reserve',
    requires: ['reserve.read'],
    area: 'internal',
    summary: 'Allocation against policy: gold, foreign currency and indirect crypto exposure.',
    component: lazy(() => import('../reserve/ReservePage.tsx')),
  },
  {
    path: '/managers',
    label: 'Managers',
    key: 'page.managers',
    requires: ['reserve.read'],
    area: 'internal',
    summary: 'External hedge and venture funds: mandates, terms, NAVs, flows and fee checks.',
    component: lazy(() => import('../reserve/ReservePage.tsx')),
  },
  {
    path: '/market',
    label: 'Market',
    key: 'page.market',
    requires: ['market.read'],
    area: 'internal',
    summary: 'Prices and FX in the market store, and imports of daily price files with a preview.',
    component: lazy(() => import('./Market.tsx')),
  },
  {
    path: '/risk',
    label: 'Risk',
    key: 'page.risk',
    requires: ['risk.read'],
    tasks: 'riskAlerts',
    area: 'internal',
    summary: 'VaR and CVaR, stress tests, the liquidity ladder and limit usage.',
    component: lazy(() => import('./Risk.tsx')),
  },
  {
    path: '/simulator',
    label: 'Simulator',
    key: 'page.simulator',
    requires: ['simulator.run'],
    area: 'internal',
    summary: 'Compare auction, OTC, holding, funds and ETFs on seeded Monte Carlo paths.',
    component: lazy(() => import('./Simulator.tsx')),
  },
  {
    path: '/compliance',
    label: 'Compliance',
    key: 'page.compliance',
    requires: ['compliance.read'],
    tasks: 'complianceAlerts',
    area: 'internal',
    summary: 'Sanctions lists, screening results and alerts, and the exchange registry.',
    component: lazy(() => import('./Screening.tsx')),
  },
  {
    path: '/audit',
    label: 'Audit',
    key: 'page.audit',
    requires: ['audit.read'],
    area: 'internal',
    summary:
      'The tamper-evident log: entries, checkpoints, witnesses and proofs verified in your browser.',
    component: lazy(() => import('./Audit.tsx')),
  },
];
