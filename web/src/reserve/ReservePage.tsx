import { useEffect } from 'react';
import { restoreSession } from '../pages/LoginSession.ts';
import { usePath } from '../router.ts';
import { SubNav } from './common.tsx';
import { Disposals } from './Disposals.tsx';
import { ManagerPage } from './ManagerPage.tsx';
import { ManagerList } from './Managers.tsx';
import { Overview } from './Overview.tsx';
import { Policies } from './Policies.tsx';
import { RebalancingView } from './Rebalancing.tsx';

/**
 * The reserve's pages under /reserve (overview, rebalancing, disposals, policy history) and
 * /managers (the list and one manager's page), chosen by path.
 */
const TABS: readonly [string, string][] = [
  ['/reserve', 'Overview'],
  ['/reserve/rebalancing', 'Rebalancing'],
  ['/reserve/disposals', 'Disposals'],
  ['/reserve/policies', 'Policy history'],
  ['/managers', 'Managers'],
];

function Body({ path }: { path: string }) {
  if (path === '/reserve/rebalancing') return <RebalancingView />;
  if (path === '/reserve/disposals') return <Disposals />;
  if (path === '/reserve/policies') return <Policies />;
  if (path.startsWith('/managers/')) {
    const id = path.slice('/managers/'.length);
    return <ManagerPage key={id} id={id} />;
  }
  if (path === '/managers') return <ManagerList />;
  return <Overview />;
}

const TITLES: Readonly<Record<string, [string, string]>> = {
  '/reserve': [
    'Reserve',
    'The allocation against the policy: gold, foreign currency and crypto through funds.',
  ],
  '/reserve/rebalancing': [
    'Rebalancing',
    'Current against target, and the moves each manager’s terms allow.',
  ],
  '/reserve/disposals': [
    'Disposals',
    'Forfeited lots sold by sealed-bid auction or OTC tranches, each step approved.',
  ],
  '/reserve/policies': [
    'Allocation policy',
    'Every version of the targets, bands and caps; changes go through approval.',
  ],
  '/managers': [
    'Managers',
    'External hedge and venture funds: terms, NAVs, flows, fee checks and due diligence.',
  ],
};

export default function ReservePage() {
  const path = usePath().replace(/\/$/, '') || '/';
  const at = path.startsWith('/managers') ? '/managers' : path;
  // The forms post with the session's CSRF token, which a reload keeps only in session storage.
  useEffect(restoreSession, []);
  const [title, lead] = TITLES[at] ?? TITLES['/reserve'] ?? ['Reserve', ''];
  return (
    <div className="reserve-page">
      <h1>{title}</h1>
      <p className="lead">{lead}</p>
      <SubNav items={TABS} at={at} />
      <Body path={path} />
    </div>
  );
}
