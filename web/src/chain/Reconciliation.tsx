import { useState } from 'react';
import { api, type Problem } from '../api.ts';
import { useApi } from '../useApi.ts';
import { can, Empty, ProblemLine, shortId, useMe, when } from '../pages/seizures-ui.tsx';
import { CustodyTabs, NoNodes, units, useChainAssets } from './shared.tsx';

/**
 * Reconciliation: for each watched wallet, the ledger balance against the chain at the height last
 * scanned, differences highlighted, the alerts they raised, and "reconcile now" for roles that may.
 */
interface Scan {
  readonly from: number;
  readonly to: number;
  readonly blocksRead: number;
  readonly reorg: boolean;
}
interface RunRow {
  readonly walletId: string | null;
  readonly accountId: string | null;
  readonly asset: string;
  readonly height: number | null;
  readonly ledger: string;
  readonly external: string;
  readonly difference: string;
  readonly scan: Scan | null;
}
interface Run {
  readonly id: string;
  readonly trigger: string;
  readonly source: string;
  readonly started_at: string;
  readonly differences: number;
  readonly rows: RunRow[];
}
interface Wallet {
  readonly id: string;
  readonly label: string;
  readonly asset: string;
  readonly addresses: string[];
}
interface Alert {
  readonly id: string;
  readonly asset: string;
  readonly walletId: string | null;
  readonly difference: string;
  readonly raisedAt: string;
}

/** The newest chain row per wallet and asset, with when its run happened. */
function latestRows(runs: readonly Run[]): { row: RunRow; at: string }[] {
  const seen = new Map<string, { row: RunRow; at: string }>();
  for (const r of runs) {
    if (r.source !== 'chain') continue;
    for (const row of r.rows) {
      const key = `${row.walletId ?? ''}:${row.asset}`;
      if (!seen.has(key)) seen.set(key, { row, at: r.started_at });
    }
  }
  return [...seen.values()];
}

function scanText(s: Scan | null): string {
  if (s === null) return 'state read at that block';
  const read = s.blocksRead === 0 ? 'no new block' : `blocks ${String(s.from)}–${String(s.to)}`;
  return s.reorg ? `${read} (reorg detected, rescanned)` : read;
}

function Results({ runs, wallets }: { runs: readonly Run[]; wallets: readonly Wallet[] }) {
  const rows = latestRows(runs);
  const label = (id: string | null) => wallets.find((w) => w.id === id)?.label ?? shortId(id ?? '');
  if (rows.length === 0)
    return (
      <Empty>
        No reconciliation yet. Wallets with a ledger account are compared with the chain when
        someone reconciles or on the schedule (<code>reconcileIntervalSeconds</code>).
      </Empty>
    );
  return (
    <table>
      <thead>
        <tr>
          <th>Wallet</th>
          <th>Asset</th>
          <th>Ledger</th>
          <th>On chain</th>
          <th>Difference</th>
          <th>Last scanned height</th>
          <th>Scan</th>
          <th>When</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(({ row, at }) => {
          const differs = row.difference !== '0';
          return (
            <tr
              key={`${row.walletId ?? ''}:${row.asset}`}
              className={differs ? 'differs' : undefined}
            >
              <td>{label(row.walletId)}</td>
              <td>{row.asset}</td>
              <td>{units(row.ledger, row.asset)}</td>
              <td>{units(row.external, row.asset)}</td>
              <td style={differs ? { color: 'var(--bad, #b00020)', fontWeight: 600 } : undefined}>
                {differs ? units(row.difference, row.asset) : 'none'}
              </td>
              <td>{row.height ?? '—'}</td>
              <td className="muted">{scanText(row.scan)}</td>
              <td>{when(at)}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function Alerts({ alerts, wallets }: { alerts: readonly Alert[]; wallets: readonly Wallet[] }) {
  if (alerts.length === 0) return <Empty>No difference has been found so far.</Empty>;
  const label = (id: string | null) => wallets.find((w) => w.id === id)?.label ?? '—';
  return (
    <table>
      <thead>
        <tr>
          <th>Raised</th>
          <th>Wallet</th>
          <th>Difference (chain − ledger)</th>
        </tr>
      </thead>
      <tbody>
        {[...alerts].reverse().map((a) => (
          <tr key={a.id}>
            <td>{when(a.raisedAt)}</td>
            <td>{label(a.walletId)}</td>
            <td style={{ color: 'var(--bad, #b00020)' }}>{units(a.difference, a.asset)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export default function Reconciliation() {
  const me = useMe();
  const assets = useChainAssets();
  const runs = useApi<{ runs: Run[] }>('/chain/reconciliations');
  const wallets = useApi<{ wallets: Wallet[] }>('/chain/wallets');
  const alerts = useApi<{ alerts: Alert[] }>('/chain/alerts');
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  const reconcile = async (): Promise<void> => {
    setBusy(true);
    setProblem(null);
    const r = await api('/chain/reconciliations', { method: 'POST', body: '{}' });
    setBusy(false);
    if (!r.ok) setProblem(r.problem);
    runs.reload();
    alerts.reload();
  };
  const noNodes = assets !== null && assets.length === 0;
  const w = wallets.data?.wallets ?? [];
  return (
    <section>
      <h1>Reconciliation</h1>
      <CustodyTabs current="/custody/reconciliation" />
      <p className="muted">
        Each watched wallet&apos;s ledger balance against the chain. Only blocks not scanned before
        are read; a reorg is detected by block hash and rescanned.
      </p>
      <ProblemLine problem={problem ?? runs.problem ?? wallets.problem ?? alerts.problem} />
      {noNodes ? <NoNodes /> : null}
      {!can(me, 'chain.reconcile') || noNodes ? null : (
        <p>
          <button disabled={busy} onClick={() => void reconcile()}>
            {busy ? 'Reconciling…' : 'Reconcile now'}
          </button>{' '}
          <span className="muted">
            {w.length === 1 ? '1 wallet watched' : `${String(w.length)} wallets watched`}
          </span>
        </p>
      )}
      <h2>Per wallet</h2>
      {runs.data === null ? null : <Results runs={runs.data.runs} wallets={w} />}
      <h2>Alerts</h2>
      {alerts.data === null ? null : <Alerts alerts={alerts.data.alerts} wallets={w} />}
    </section>
  );
}
