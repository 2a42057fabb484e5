import type { Action } from '../../../src/core/identity.ts';
import { useCallback, useEffect, useState } from 'react';
import type { z } from 'zod';
import {
  RiskAlertsJson,
  RiskLimitsJson,
  RiskReports2Json,
  RiskReportsJson,
  RiskReportsPostJson,
} from '../../../src/risk/answers.ts';
import { fetchAnswer, parseAnswer, type Problem } from '../api.ts';
import { PersonName, useDates } from '../console/names.tsx';
import { useI18n } from '../portal/i18n.ts';
import { Empty, Loading, ProblemNote } from '../ui/common.tsx';
import { restoreSession, whoAmI, type Me } from './LoginSession.ts';
import { useFigures } from './risk/format.ts';
import {
  AlertList,
  LimitTable,
  LiquidityTable,
  StressTable,
  Tiles,
  VarOverTime,
  VarTable,
  StoredReport,
  type RiskReport,
} from './risk/sections.tsx';

/**
 * The risk dashboard: the latest recorded report (VaR by three methods, expected shortfall, the
 * stress library, the liquidity ladder, limit usage), VaR over the recorded days, the alerts with
 * their acknowledgement, and a form to run and record a report for a day.
 */
interface Loaded {
  readonly reports: z.output<typeof RiskReportsJson>['reports'];
  readonly latest: RiskReport | null;
  readonly limits: z.output<typeof RiskLimitsJson>;
  readonly alerts: z.output<typeof RiskAlertsJson>;
}

function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

async function latestReport(id: string): Promise<{ report: RiskReport } | { problem: Problem }> {
  const path = `/risk/reports/${id}`;
  const r = await fetchAnswer(path, RiskReports2Json);
  if (!r.ok) return { problem: r.problem };
  const report = parseAnswer(StoredReport, r.value.report, path);
  return report.ok ? { report: report.value } : { problem: report.problem };
}

async function load(currency: string): Promise<{ data: Loaded } | { problem: Problem }> {
  const list = await fetchAnswer(`/risk/reports?currency=${currency}`, RiskReportsJson);
  if (!list.ok) return { problem: list.problem };
  const reports = list.value.reports;
  const first = reports[0];
  const latest = first === undefined ? null : await latestReport(first.id);
  if (latest !== null && 'problem' in latest) return latest;
  const limits = await fetchAnswer('/risk/limits', RiskLimitsJson);
  if (!limits.ok) return { problem: limits.problem };
  const to = first?.day ?? new Date().toISOString().slice(0, 10);
  const alerts = await fetchAnswer(
    `/risk/alerts?from=${addDays(to, -90)}&to=${to}`,
    RiskAlertsJson,
  );
  if (!alerts.ok) return { problem: alerts.problem };
  return {
    data: {
      reports,
      latest: latest === null ? null : latest.report,
      limits: limits.value,
      alerts: alerts.value,
    },
  };
}

function RunForm(props: { currency: string; onDone: () => void; onProblem: (p: Problem) => void }) {
  const { t } = useI18n();
  const f = useFigures();
  const [day, setDay] = useState(addDays(new Date().toISOString().slice(0, 10), -1));
  const [paths, setPaths] = useState(20_000);
  const [running, setRunning] = useState(false);
  const run = async (): Promise<void> => {
    setRunning(true);
    const r = await fetchAnswer('/risk/reports', RiskReportsPostJson, {
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
          {t('risk.run.day')}
          <input
            type="date"
            value={day}
            onChange={(e) => {
              setDay(e.target.value);
            }}
          />
        </label>
        <label>
          {t('risk.run.paths')}
          <select
            value={paths}
            onChange={(e) => {
              setPaths(Number(e.target.value));
            }}
          >
            {[5_000, 20_000, 100_000].map((n) => (
              <option key={n} value={n}>
                {f.num(n)}
              </option>
            ))}
          </select>
        </label>
        <button disabled={running} onClick={() => void run()}>
          {running ? t('risk.run.running') : t('risk.run.submit', { currency: props.currency })}
        </button>
      </div>
      <p className="muted">
        {t('risk.run.help')}
        {running ? ` ${t('risk.run.slow')}` : ''}
      </p>
    </div>
  );
}

function NoReport({ currency, canRun }: { currency: string; canRun: boolean }) {
  const { t } = useI18n();
  return (
    <Empty>
      <strong>{t('risk.none.title', { currency })}</strong>{' '}
      {canRun ? t('risk.none.run') : t('risk.none.ask')} {t('risk.none.needs')}
    </Empty>
  );
}

export default function Risk() {
  const { t } = useI18n();
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
  const can = (action: Action): boolean => me?.permissions.includes(action) === true;
  const latest = data?.latest ?? null;
  return (
    <div className="risk">
      <h1>{t('page.risk')}</h1>
      <p className="muted">
        {t('risk.lead')}{' '}
        <select
          aria-label={t('risk.currency')}
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
      <ProblemNote problem={problem} />
      {data === null && problem === null ? <Loading /> : null}
      {data !== null && latest === null ? (
        <NoReport currency={currency} canRun={can('risk.reports.run')} />
      ) : null}
      {latest === null || data === null ? null : <Dashboard data={data} latest={latest} />}
      {data === null ? null : (
        <>
          <h2>{t('risk.alerts')}</h2>
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
          <h2>{t('risk.run.title')}</h2>
          <RunForm currency={currency} onDone={refresh} onProblem={setProblem} />
        </>
      ) : null}
    </div>
  );
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A person, or the scheduled job (the daily run and the demo's loader are not people). */
function RunBy({ id }: { id: string }) {
  const { t } = useI18n();
  return UUID.test(id) ? <PersonName id={id} /> : <>{t('risk.runByJob')}</>;
}

function ReportLine({ data, latest }: { data: Loaded; latest: RiskReport }) {
  const { t } = useI18n();
  const dates = useDates();
  const summary = data.reports[0];
  return (
    <p className="muted">
      {t('risk.reportOf', { day: dates.day(latest.day) })}
      {latest.stale ? <span className="badge warn">{t('risk.stale')}</span> : null}
      {summary === undefined ? null : (
        <>
          {'. '}
          {t('risk.runBy')} <RunBy id={summary.runBy} />, {dates.time(summary.runAt)}; SHA-256{' '}
          <code className="hash">{summary.reportSha256.slice(0, 16)}…</code>
        </>
      )}
    </p>
  );
}

function Dashboard({ data, latest }: { data: Loaded; latest: RiskReport }) {
  const { t } = useI18n();
  return (
    <>
      <Tiles report={latest} />
      <ReportLine data={data} latest={latest} />
      <h2>{t('risk.varTitle')}</h2>
      <VarTable report={latest} />
      <h2>{t('risk.varOverTime')}</h2>
      <VarOverTime reports={data.reports} />
      <h2>{t('risk.limits')}</h2>
      <LimitTable limits={data.limits} report={latest} />
      <div className="grid2">
        <div>
          <h2>{t('risk.stress')}</h2>
          <StressTable report={latest} />
        </div>
        <div>
          <h2>{t('risk.liquidity')}</h2>
          <LiquidityTable report={latest} />
        </div>
      </div>
    </>
  );
}
