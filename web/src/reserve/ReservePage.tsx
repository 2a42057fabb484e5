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

export default function ReservePage() {
  const path = usePath().replace(/\/$/, '') || '/';
  const at = path.startsWith('/managers') ? '/managers' : path;
  return (
    <div>
      <SubNav items={TABS} at={at} />
      <Body path={path} />
    </div>
  );
}
