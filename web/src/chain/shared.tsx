import { ChainStatusJson } from '../../../src/chain/answers.ts';
import { useI18n, type Key } from '../portal/i18n.ts';
import { Empty, Link } from '../ui/common.tsx';
import { useApi } from '../useApi.ts';

/** Pieces shared by the Signing and Reconciliation pages of the chain domain. */
export const SUBPAGES: readonly { path: string; label: Key }[] = [
  { path: '/custody', label: 'chain.tabLots' },
  { path: '/custody/signing', label: 'page.signing' },
  { path: '/custody/reconciliation', label: 'page.reconciliation' },
];

export function CustodyTabs({ current }: { current: string }) {
  const { t } = useI18n();
  return (
    <nav className="tabs" aria-label={t('chain.tabs')} style={{ display: 'flex', gap: 16 }}>
      {SUBPAGES.map((p) =>
        p.path === current ? (
          <a key={p.path} href={p.path} aria-current="page" style={{ fontWeight: 600 }}>
            {t(p.label)}
          </a>
        ) : (
          <Link key={p.path} to={p.path}>
            {t(p.label)}
          </Link>
        ),
      )}
    </nav>
  );
}

/** The chains this server has nodes for; null while loading. */
export function useChainAssets(): readonly string[] | null {
  return useApi('/chain/status', ChainStatusJson).data?.assets ?? null;
}

export function NoNodes() {
  const { t } = useI18n();
  return (
    <Empty>
      <strong>{t('chain.noNodes')}</strong> {t('chain.noNodesWhy')}{' '}
      {t('chain.noNodesHow', { variable: 'KAZNA_CHAIN_CONFIG' })}
    </Empty>
  );
}
