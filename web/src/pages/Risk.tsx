import { useCallback, useEffect, useState } from 'react';
import { PersonName } from '../console/names.tsx';
import { api, type Problem } from '../api.ts';
import { restoreSession, whoAmI, type Me } from './LoginSession.ts';
import {
  AlertList,
  LimitTable,
  LiquidityTable,
  StressTable,
  Tiles,
  VarOverTime,
  VarTable,
} from './risk/sections.tsx';
import type { Alert, ReportSummary, RiskReport, StoredLimit } from './risk/types.ts';

/**
 * The risk dashboard: the latest recorded report (VaR by three methods, expected shortfall, the
 * stress library, the liquidity ladder, limit usage), VaR over the recorded days, the alerts with
 * their acknowledgement, and a form to run and record a report for a day.
 */
interface Loaded {
  readonly reports: readonly ReportSummary[];
  readonly latest: RiskReport | null;
  readonly limits: readonly StoredLimit[];
  readonly alerts: readonly Alert[];
}

function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

async function load(currency: string): Promise<{ data: Loaded } | { problem: Problem }> {
  const list = await api<{ reports: ReportSummary[] }>(`/risk/reports?currency=${currency}`);
  if (!list.ok) return { problem: list.problem };
  const reports = list.value.reports;
  const first = reports[0];
  const latest =
    first === undefined ? null : await api<{ report: RiskReport }>(`/risk/reports/${first.id}`);
  if (latest !== null && !latest.ok) return { problem: latest.problem };
  const limits = await api<StoredLimit[]>('/risk/limits');
  if (!limits.ok) return { problem: limits.problem };
  const to = first?.day ?? new Date().toISOString().slice(0, 10);
  const alerts = await api<Alert[]>(`/risk/alerts?from=${addDays(to, -90)}&to=${to}`);
  if (!alerts.ok) return { problem: alerts.problem };
  return {
    data: {
      reports,
      latest: latest === null ? null : latest.value.report,
      limits: limits.value,
      alerts: alerts.value,
    },
  };
}

function RunForm(props: { currency: string; onDone: () => void; onProblem: (p: Problem) => void }) {
  const [day, setDay] = useState(addDays(new Date().toISOString().slice(0, 10), -1));
  const [paths, setPaths] = useState(20_000);
  const [running, setRunning] = useState(false);
  const run = async (): Promise<void> => {
    setRunning(true);
    const r = await api('/risk/reports', {
      method: 'POST',
      body: JSON.stringify({ date: day, currency: props.currency, paths }),
    });
    setRunning(false);
    if (r.ok) props.onDone();
    else props.onProblem(r.problem);
  };
  return (
    <div className="card">
      <div className="form-row">
        <label>
          Day
          <input
            type="date"
            value={day}
            onChange={(e) => {
              setDay(e.target.value);
            }}
          />
        </label>
        <label>
          Monte Carlo paths
          <select
            value={paths}
            onChange={(e) => {
              setPaths(Number(e.target.value));
            }}
          >
            {[5_000, 20_000, 100_000].map((n) => (
              <option key={n} value={n}>
                {n.toLocaleString('en-US')}
              </option>
            ))}
          </select>
        </label>
        <button disabled={running} onClick={() => void run()}>
          {running ? 'Running…' : `Run and record the report (${props.currency})`}
        </button>
      </div>
      <p className="muted">
        Values the reserve&apos;s holdings at that day&apos;s prices, runs VaR, stress tests and the
        liquidity ladder, and records every limit breach as an alert in the audit log.
        {running ? ' Monte Carlo runs on worker threads; 100,000 paths take a few seconds.' : ''}
      </p>
    </div>
  );
}

export default function Risk() {
  const [currency, setCurrency] = useState('USD');
  const [data, setData] = useState<Loaded | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [me, setMe] = useState<Me | null>(null);
  const refresh = useCallback(() => {
    void load(currency).then((r) => {
      if ('problem' in r) setProblem(r.problem);
      else {
        setProblem(null);
        setData(r.data);
      }
    });
  }, [currency]);
  useEffect(() => {
    restoreSession();
    void whoAmI().then((r) => {
      if (r.ok) setMe(r.value);
    });
  }, []);
  useEffect(refresh, [refresh]);
  const can = (action: string): boolean => me?.permissions.includes(action) === true;
  const latest = data?.latest ?? null;
  return (
    <div className="risk">
      <h1>Risk</h1>
      <p className="muted">
        What the reserve could lose, and how quickly it could get cash. Reporting currency{' '}
        <select
          aria-label="Reporting currency"
          value={currency}
          onChange={(e) => {
            setCurrency(e.target.value);
          }}
        >
          {['USD', 'KZT', 'EUR'].map((c) => (
            <option key={c}>{c}</option>
          ))}
        </select>
      </p>
      {problem === null ? null : (
        <p className="error" role="alert">
          {problem.code}: {problem.detail ?? ''}
        </p>
      )}
      {data === null && problem === null ? <p className="muted">Loading…</p> : null}
      {data !== null && latest === null ? (
        <div className="empty">
          <strong>No risk report has been recorded in {currency} yet.</strong>
          <p>
            {can('risk.reports.run')
              ? 'Run one for a day with the form below.'
              : 'A risk officer runs one from this page, or the daily job runs kazna risk report --date D.'}{' '}
            A report needs prices for the day (Market imports) and values what the reserve holds.
          </p>
        </div>
      ) : null}
      {latest === null || data === null ? null : <Dashboard data={data} latest={latest} />}
      {data === null ? null : (
        <>
          <h2>Alerts</h2>
          <AlertList
            alerts={data.alerts}
            canAcknowledge={can('risk.alerts.acknowledge')}
            onChanged={refresh}
            onProblem={setProblem}
          />
        </>
      )}
      {can('risk.reports.run') ? (
        <>
          <h2>Run a report</h2>
          <RunForm currency={currency} onDone={refresh} onProblem={setProblem} />
        </>
      ) : null}
    </div>
  );
}

function Dashboard({ data, latest }: { data: Loaded; latest: RiskReport }) {
  const summary = data.reports[0];
  return (
    <>
      <Tiles report={latest} />
      <p className="muted">
        Report of {latest.day}
        {latest.stale ? <span className="badge warn">stale prices</span> : null}, run by{' '}
        {summary === undefined ? '—' : <PersonName id={summary.runBy} />} at{' '}
        {summary?.runAt.slice(0, 16).replace('T', ' ') ?? '—'} UTC; SHA-256{' '}
        <code className="hash">{summary?.reportSha256.slice(0, 16) ?? ''}…</code>
      </p>
      <h2>Value at risk and expected shortfall</h2>
      <VarTable report={latest} />
      <h2>VaR over time</h2>
      <VarOverTime reports={data.reports} />
      <h2>Limits</h2>
      <LimitTable limits={data.limits} report={latest} />
      <div className="grid2">
        <div>
          <h2>Stress tests</h2>
          <StressTable report={latest} />
        </div>
        <div>
          <h2>Liquidity ladder</h2>
          <LiquidityTable report={latest} />
        </div>
      </div>
    </>
  );
}
