import { lazy, type ComponentType, type LazyExoticComponent } from 'react';

/**
 * Every page of the app, in navigation order. A domain adds its page by adding one entry here; an
 * area whose page does not exist yet shows an empty state saying what will live there.
 */
export interface PageEntry {
  readonly path: string;
  readonly label: string;
  /** `public` pages need no login; `internal` pages are for officials. */
  readonly area: 'public' | 'internal';
  /** One sentence shown under the title and in the empty state. */
  readonly summary: string;
  readonly component?: LazyExoticComponent<ComponentType>;
}

export const PAGES: readonly PageEntry[] = [
  {
    path: '/',
    label: 'Home',
    area: 'public',
    summary: 'What Kazna is and where to look.',
    component: lazy(() => import('./Landing.tsx')),
  },
  {
    path: '/login',
    label: 'Log in',
    area: 'public',
    summary: 'Officials log in here; the public portal needs no login.',
    component: lazy(() => import('./Login.tsx')),
  },
  {
    path: '/transparency',
    label: 'Transparency',
    area: 'public',
    summary:
      'The reserve, enforcement statistics and signed reports that anyone can verify offline.',
    component: lazy(() => import('../portal/Portal.tsx')),
  },
  {
    path: '/cases',
    label: 'Cases',
    area: 'internal',
    summary: 'Enforcement operations, cases and seized lots with their legal status.',
    component: lazy(() => import('./Cases.tsx')),
  },
  {
    path: '/custody',
    label: 'Custody',
    area: 'internal',
    summary: 'Who holds each lot, hand-offs between agencies, and on-chain evidence.',
    component: lazy(() => import('./Custody.tsx')),
  },
  {
    path: '/custody/signing',
    label: 'Signing',
    area: 'internal',
    summary:
      'Custody moves prepared for offline signing, their quorum, broadcast and confirmations.',
    component: lazy(() => import('../chain/Signing.tsx')),
  },
  {
    path: '/custody/reconciliation',
    label: 'Reconciliation',
    area: 'internal',
    summary: 'Ledger against chain for each watched wallet, with differences and alerts.',
    component: lazy(() => import('../chain/Reconciliation.tsx')),
  },
  {
    path: '/exchanges',
    label: 'Exchanges',
    area: 'internal',
    summary:
      'Illegal exchanges shut down by enforcement operations, with filters and a CSV export.',
    component: lazy(() => import('./Exchanges.tsx')),
  },
  {
    path: '/restitution',
    label: 'Restitution',
    area: 'internal',
    summary:
      'Victims’ claims by case: amounts claimed, approved and paid, and where payouts come from.',
    component: lazy(() => import('./Restitution.tsx')),
  },
  {
    path: '/ledger',
    label: 'Ledger',
    area: 'internal',
    summary: 'Accounts, balances and transfers in the double-entry book of record.',
    component: lazy(() => import('./Ledger.tsx')),
  },
  {
    path: '/approvals',
    label: 'Approvals',
    area: 'internal',
    summary: 'Requests waiting for your vote, with their content hash and the rule that applied.',
    component: lazy(() => import('./Approvals.tsx')),
  },
  {
    path: '/policy',
    label: 'Policy',
    area: 'internal',
    summary: 'The transaction policy in force, a dry run, and proposals for the admin quorum.',
    component: lazy(() => import('./Policy.tsx')),
  },
  {
    path: '/security',
    label: 'Security',
    area: 'internal',
    summary: 'Your passkeys, API tokens and approval signing keys; register and revoke them.',
    component: lazy(() => import('./Security.tsx')),
  },
  {
    path: '/reserve',
    label: 'Reserve',
    area: 'internal',
    summary: 'Allocation against policy: gold, foreign currency and indirect crypto exposure.',
    component: lazy(() => import('../reserve/ReservePage.tsx')),
  },
  {
    path: '/managers',
    label: 'Managers',
    area: 'internal',
    summary: 'External hedge and venture funds: mandates, terms, NAVs, flows and fee checks.',
    component: lazy(() => import('../reserve/ReservePage.tsx')),
  },
  {
    path: '/market',
    label: 'Market',
    area: 'internal',
    summary: 'Prices and FX in the market store, and imports of daily price files with a preview.',
    component: lazy(() => import('./Market.tsx')),
  },
  {
    path: '/risk',
    label: 'Risk',
    area: 'internal',
    summary: 'VaR and CVaR, stress tests, the liquidity ladder and limit usage.',
    component: lazy(() => import('./Risk.tsx')),
  },
  {
    path: '/simulator',
    label: 'Simulator',
    area: 'internal',
    summary: 'Compare auction, OTC, holding, funds and ETFs on seeded Monte Carlo paths.',
    component: lazy(() => import('./Simulator.tsx')),
  },
  {
    path: '/compliance',
    label: 'Compliance',
    area: 'internal',
    summary: 'Sanctions lists, screening results and alerts, and the exchange registry.',
  },
  {
    path: '/audit',
    label: 'Audit',
    area: 'internal',
    summary:
      'The tamper-evident log: entries, checkpoints, witnesses and proofs verified in your browser.',
    component: lazy(() => import('./Audit.tsx')),
  },
];
