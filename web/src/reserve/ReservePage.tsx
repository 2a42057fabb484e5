import { useEffect } from 'react';
import { useI18n, type Key } from '../portal/i18n.ts';
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
const TABS: readonly [string, Key][] = [
  ['/reserve', 'reserve.tab.overview'],
  ['/reserve/rebalancing', 'reserve.tab.rebalancing'],
  ['/reserve/disposals', 'reserve.tab.disposals'],
  ['/reserve/policies', 'reserve.tab.policies'],
  ['/managers', 'reserve.tab.managers'],
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

const TITLES: Readonly<Record<string, [Key, Key]>> = {
  '/reserve': ['reserve.title.reserve', 'reserve.lead.reserve'],
  '/reserve/rebalancing': ['reserve.title.rebalancing', 'reserve.lead.rebalancing'],
  '/reserve/disposals': ['reserve.title.disposals', 'reserve.lead.disposals'],
  '/reserve/policies': ['reserve.title.policies', 'reserve.lead.policies'],
  '/managers': ['reserve.title.managers', 'reserve.lead.managers'],
};

export default function ReservePage() {
  const path = usePath().replace(/\/$/, '') || '/';
  const at = path.startsWith('/managers') ? '/managers' : path;
  // The forms post with the session's CSRF token, which a reload keeps only in session storage.
  useEffect(restoreSession, []);
  const { t } = useI18n();
  const [title, lead] = TITLES[at] ?? ['reserve.title.reserve', 'reserve.lead.reserve'];
  return (
    <div className="reserve-page">
      <h1>{t(title)}</h1>
      <p className="lead">{t(lead)}</p>
      <SubNav items={TABS.map(([to, key]) => [to, t(key)])} at={at} />
      <Body path={path} />
    </div>
  );
}
