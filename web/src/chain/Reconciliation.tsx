import { useState } from 'react';
import { z } from 'zod';
import {
  ChainAlertsJson,
  ChainReconciliationsJson,
  ChainReconciliationsPostJson,
  ChainWalletsJson,
} from '../../../src/chain/answers.ts';
import { fetchAnswer, type Problem } from '../api.ts';
import { shortId, useDates } from '../console/names.tsx';
import { useSession } from '../console/session.tsx';
import { useI18n } from '../portal/i18n.ts';
import { Empty, ProblemNote } from '../ui/common.tsx';
import { Money } from '../ui/money.tsx';
import { DataTable, type Column } from '../ui/table.tsx';
import { useApi } from '../useApi.ts';
import { CustodyTabs, NoNodes, useChainAssets } from './shared.tsx';

/**
 * Reconciliation: for each watched wallet, the ledger balance against the chain at the height last
 * scanned, differences highlighted, the alerts they raised, and "reconcile now" for roles that may.
 */
/** The route declares its runs as open records; the page names the fields it reads of each. */
const RunsJson = ChainReconciliationsJson.extend({
  runs: z.array(
    z.object({
      id: z.string(),
      source: z.string(),
      started_at: z.string(),
      rows: z.array(
        z.object({
          walletId: z.string().nullable(),
          asset: z.string(),
          height: z.number().nullable(),
          ledger: z.string(),
          external: z.string(),
          difference: z.string(),
          scan: z
            .object({
              from: z.number(),
              to: z.number(),
              blocksRead: z.number(),
              reorg: z.boolean(),
            })
            .nullish()
            .transform((v) => v ?? null),
        }),
      ),
    }),
  ),
});
type Run = z.output<typeof RunsJson>['runs'][number];
type RunRow = Run['rows'][number];
type Wallet = z.output<typeof ChainWalletsJson>['wallets'][number];
type Alert = z.output<typeof ChainAlertsJson>['alerts'][number];
type Latest = { readonly row: RunRow; readonly at: string };

/** The newest chain row per wallet and asset, with when its run happened. */
function latestRows(runs: readonly Run[]): Latest[] {
  const seen = new Map<string, Latest>();
  for (const r of runs) {
    if (r.source !== 'chain') continue;
    for (const row of r.rows) {
      const key = `${row.walletId ?? ''}:${row.asset}`;
      if (!seen.has(key)) seen.set(key, { row, at: r.started_at });
    }
  }
  return [...seen.values()];
}

function useScanText(): (s: RunRow['scan']) => string {
  const { t } = useI18n();
  return (s) => {
    if (s === null) return t('recon.stateRead');
    const read =
      s.blocksRead === 0
        ? t('recon.noNewBlock')
        : t('recon.blocks', { from: String(s.from), to: String(s.to) });
    return s.reorg ? t('recon.reorg', { read }) : read;
  };
}

function useWalletLabel(wallets: readonly Wallet[]): (id: string | null) => string {
  return (id) => wallets.find((w) => w.id === id)?.label ?? (id === null ? '—' : shortId(id));
}

const BAD = { color: 'var(--bad, #b00020)', fontWeight: 600 } as const;

function Results({ runs, wallets }: { runs: readonly Run[]; wallets: readonly Wallet[] }) {
  const { t, locale } = useI18n();
  const dates = useDates();
  const scanText = useScanText();
  const label = useWalletLabel(wallets);
  const number = new Intl.NumberFormat(locale);
  const columns: Column<Latest>[] = [
    {
      header: t('recon.wallet'),
      cell: (l) => label(l.row.walletId),
      sort: (l) => label(l.row.walletId),
    },
    { header: t('seizures.asset'), cell: (l) => l.row.asset, sort: (l) => l.row.asset },
    {
      header: t('recon.ledger'),
      numeric: true,
      cell: (l) => <Money baseUnits={l.row.ledger} asset={l.row.asset} />,
    },
    {
      header: t('recon.onChain'),
      numeric: true,
      cell: (l) => <Money baseUnits={l.row.external} asset={l.row.asset} />,
    },
    {
      header: t('recon.difference'),
      numeric: true,
      cell: (l) =>
        l.row.difference === '0' ? (
          t('recon.noDifference')
        ) : (
          <span style={BAD}>
            <Money baseUnits={l.row.difference} asset={l.row.asset} />
          </span>
        ),
    },
    {
      header: t('recon.height'),
      numeric: true,
      cell: (l) => (l.row.height === null ? '—' : number.format(l.row.height)),
    },
    { header: t('recon.scan'), cell: (l) => <span className="muted">{scanText(l.row.scan)}</span> },
    { header: t('recon.when'), cell: (l) => dates.time(l.at), sort: (l) => l.at },
  ];
  return (
    <DataTable
      rows={latestRows(runs)}
      columns={columns}
      rowKey={(l) => `${l.row.walletId ?? ''}:${l.row.asset}`}
      empty={<Empty>{t('recon.none')}</Empty>}
    />
  );
}

function Alerts({ alerts, wallets }: { alerts: readonly Alert[]; wallets: readonly Wallet[] }) {
  const { t } = useI18n();
  const dates = useDates();
  const label = useWalletLabel(wallets);
  const columns: Column<Alert>[] = [
    { header: t('recon.raised'), cell: (a) => dates.time(a.raisedAt), sort: (a) => a.raisedAt },
    { header: t('recon.wallet'), cell: (a) => label(a.walletId), sort: (a) => label(a.walletId) },
    {
      header: t('recon.alertDifference'),
      numeric: true,
      cell: (a) => (
        <span style={BAD}>
          <Money baseUnits={a.difference} asset={a.asset} />
        </span>
      ),
    },
  ];
  return (
    <DataTable
      rows={[...alerts].reverse()}
      columns={columns}
      rowKey={(a) => a.id}
      empty={<Empty>{t('recon.noAlerts')}</Empty>}
    />
  );
}

export default function Reconciliation() {
  const { t, locale } = useI18n();
  const { can } = useSession();
  const assets = useChainAssets();
  const runs = useApi('/chain/reconciliations', RunsJson);
  const wallets = useApi('/chain/wallets', ChainWalletsJson);
  const alerts = useApi('/chain/alerts', ChainAlertsJson);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  const reconcile = async (): Promise<void> => {
    setBusy(true);
    setProblem(null);
    const r = await fetchAnswer('/chain/reconciliations', ChainReconciliationsPostJson, {
      method: 'POST',
      body: '{}',
    });
    setBusy(false);
    if (!r.ok) setProblem(r.problem);
    runs.reload();
    alerts.reload();
  };
  const noNodes = assets !== null && assets.length === 0;
  const w = wallets.data?.wallets ?? [];
  return (
    <section>
      <h1>{t('page.reconciliation')}</h1>
      <CustodyTabs current="/custody/reconciliation" />
      <p className="muted">{t('recon.lead')}</p>
      <ProblemNote problem={problem ?? runs.problem ?? wallets.problem ?? alerts.problem} />
      {noNodes ? <NoNodes /> : null}
      {!can('chain.reconcile') || noNodes ? null : (
        <p>
          <button type="button" disabled={busy} onClick={() => void reconcile()}>
            {busy ? t('recon.busy') : t('recon.now')}
          </button>{' '}
          <span className="muted">
            {t('recon.watched', { count: new Intl.NumberFormat(locale).format(w.length) })}
          </span>
        </p>
      )}
      <h2>{t('recon.perWallet')}</h2>
      {runs.data === null ? null : <Results runs={runs.data.runs} wallets={w} />}
      <h2>{t('recon.alerts')}</h2>
      {alerts.data === null ? null : <Alerts alerts={alerts.data.alerts} wallets={w} />}
    </section>
  );
}
