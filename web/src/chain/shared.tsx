import { fromBaseUnits } from '../portal/format.ts';
import { navigate } from '../router.ts';
import { useApi } from '../useApi.ts';
import { Empty } from '../pages/seizures-ui.tsx';

/** Pieces shared by the Signing and Reconciliation pages of the chain domain. */
export const SUBPAGES = [
  { path: '/custody', label: 'Lots and hand-offs' },
  { path: '/custody/signing', label: 'Signing' },
  { path: '/custody/reconciliation', label: 'Reconciliation' },
] as const;

export function CustodyTabs({ current }: { current: string }) {
  return (
    <nav className="tabs" aria-label="Custody views" style={{ display: 'flex', gap: 16 }}>
      {SUBPAGES.map((p) => (
        <a
          key={p.path}
          href={p.path}
          aria-current={p.path === current ? 'page' : undefined}
          style={p.path === current ? { fontWeight: 600 } : undefined}
          onClick={(e) => {
            e.preventDefault();
            navigate(p.path);
          }}
        >
          {p.label}
        </a>
      ))}
    </nav>
  );
}

/** Base units as the API sends them, shown in whole units of the asset. */
export function units(text: string | null | undefined, asset: string): string {
  if (text === null || text === undefined) return '—';
  return `${fromBaseUnits(text, asset)} ${asset}`;
}

/** The chains this server has nodes for; null while loading. */
export function useChainAssets(): string[] | null {
  return useApi<{ assets: string[] }>('/chain/status').data?.assets ?? null;
}

export function NoNodes() {
  return (
    <Empty>
      <p>
        <strong>No chain node is configured on this server.</strong> Kazna reads chains only through
        nodes the state runs; until one is named, nothing can be prepared, broadcast or reconciled.
      </p>
      <p>
        Set <code>KAZNA_CHAIN_CONFIG</code> to a JSON file that lists the nodes and restart: for
        Bitcoin-like chains a <code>utxo</code> entry per asset (asset, network, url, username,{' '}
        <code>passwordEnv</code> naming the variable holding the password); for Ethereum an{' '}
        <code>evm</code> entry with its url and the <code>tokens</code> (asset and contract). The
        chain design note (docs/design/chain.md) shows the whole file.
      </p>
    </Empty>
  );
}
