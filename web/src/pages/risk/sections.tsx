import { useState } from 'react';
import type { z } from 'zod';
import {
  ListedAlertJson,
  ReportSummaryJson,
  RiskAlertsAcknowledgePostJson,
  RiskReportJson,
  StoredLimitJson,
  StressShockJson,
  VarFigureJson,
} from '../../../../src/risk/answers.ts';
import { fetchAnswer, type Problem } from '../../api.ts';
import { useDates } from '../../console/names.tsx';
import { useI18n, type Key } from '../../portal/i18n.ts';
import { Empty } from '../../ui/common.tsx';
import { LineChart, ShareBar } from '../charts.tsx';
import { useFigures } from './format.ts';
import { useRiskWords } from './words.ts';

/** The parts of the risk dashboard, each reading one piece of the latest recorded report. */
/** Reports recorded before the shares and correlations were added lack them. */
export const StoredReport = RiskReportJson.partial({ shares: true, correlation: true });
export type RiskReport = z.output<typeof StoredReport>;
type VarFigure = z.output<typeof VarFigureJson>;
type StressShock = z.output<typeof StressShockJson>;
type StoredLimit = z.output<typeof StoredLimitJson>;
type Alert = z.output<typeof ListedAlertJson>;
type ReportSummary = z.output<typeof ReportSummaryJson>;

const METHODS = ['historical', 'parametric', 'monte_carlo'] as const;
/** The market store's source of the demo's prices, which are generated, never real. */
const DEMO_SOURCE = 'demo-generated';

export function Tiles({ report }: { report: RiskReport }) {
  const { t } = useI18n();
  const f = useFigures();
  const dates = useDates();
  const w = useRiskWords();
  const total = Number(report.total);
  const worst = [...report.stress].sort((a, b) => a.pnl - b.pnl)[0];
  const var99 = report.var.find(
    (v) => v.method === 'historical' && v.confidence === 0.99 && v.horizonDays === 1,
  );
  const liquid30 = report.liquidity.rungs.find((r) => r.days === 30);
  const share = (x: number): string => (total > 0 ? f.pct(x / total) : t('risk.noValue'));
  return (
    <div className="tiles">
      <Tile
        testId="risk-total"
        label={
          <>
            {t('risk.tile.total')} (<time dateTime={report.day}>{dates.day(report.day)}</time>)
          </>
        }
        value={f.amount(total, report.currency)}
      />
      <Tile label={t('risk.tile.var')} value={var99 ? share(var99.var) : t('risk.noVar')} />
      <Tile
        label={t('risk.tile.worst', { name: worst === undefined ? '—' : w.stressName(worst) })}
        value={worst ? f.pct(worst.pnlFraction) : t('risk.noStress')}
      />
      <Tile
        label={t('risk.tile.cash30')}
        value={liquid30 ? share(Number(liquid30.cumulative)) : t('risk.noRung')}
      />
      <Tile label={t('risk.tile.breaches')} value={f.num(report.breaches.length)} />
    </div>
  );
}

function Tile(props: { label: React.ReactNode; value: string; testId?: string }) {
  return (
    <div className="tile" data-testid={props.testId}>
      <div className="label">{props.label}</div>
      <div className="value">{props.value}</div>
    </div>
  );
}

export function VarTable({ report }: { report: RiskReport }) {
  const { t } = useI18n();
  const f = useFigures();
  const w = useRiskWords();
  const total = Number(report.total);
  const find = (m: VarFigure['method'], c: number, h: number) =>
    report.var.find((v) => v.method === m && v.confidence === c && v.horizonDays === h);
  const cell = (x: VarFigure | undefined, key: 'var' | 'cvar') =>
    x === undefined
      ? t('risk.notComputed')
      : `${f.amount(x[key], report.currency)}${total > 0 ? ` (${f.pct(x[key] / total)})` : ''}`;
  const rows = METHODS.flatMap((m) => [0.95, 0.99].map((c) => ({ m, c })));
  return (
    <table>
      <thead>
        <tr>
          <th>{t('risk.col.method')}</th>
          <th className="num">{t('risk.col.confidence')}</th>
          <th className="num">{t('risk.col.var1')}</th>
          <th className="num">{t('risk.col.es1')}</th>
          <th className="num">{t('risk.col.var10')}</th>
          <th className="num">{t('risk.col.es10')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(({ m, c }) => (
          <tr key={`${m}-${String(c)}`}>
            <td>{w.method(m)}</td>
            <td className="num">{f.pct(c, 0)}</td>
            <td className="num">{cell(find(m, c, 1), 'var')}</td>
            <td className="num">{cell(find(m, c, 1), 'cvar')}</td>
            <td className="num">{cell(find(m, c, 10), 'var')}</td>
            <td className="num">{cell(find(m, c, 10), 'cvar')}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** A summary's VaR figures, which the list route answers as stored (unchecked JSON). */
function summaryVar(r: ReportSummary): readonly VarFigure[] {
  const parsed = VarFigureJson.array().safeParse(r.var);
  return parsed.success ? parsed.data : [];
}

/** VaR 99% 1-day as a share of value, per method, over the recorded days (oldest first). */
export function VarOverTime({ reports }: { reports: readonly ReportSummary[] }) {
  const { t } = useI18n();
  const f = useFigures();
  const dates = useDates();
  const w = useRiskWords();
  if (reports.length < 2) return <Empty>{t('risk.varOverTime.one')}</Empty>;
  const days = [...reports].reverse();
  const series = METHODS.map((m) => ({
    name: t('risk.varOverTime.series', { method: w.method(m) }),
    values: days.map((r) => {
      const x = summaryVar(r).find(
        (v) => v.method === m && v.confidence === 0.99 && v.horizonDays === 1,
      );
      const total = Number(r.total);
      return x === undefined || total <= 0 ? 0 : x.var / total;
    }),
  }));
  return (
    <LineChart
      title={t('risk.varOverTime.chart')}
      labels={days.map((r) => dates.day(r.day))}
      series={series}
      format={(v) => f.pct(v)}
    />
  );
}

/**
 * Where a historical scenario's shocks came from: measured on the market store's prices (marked
 * when those are the demo's generated ones), or the documented figure when the store lacks them.
 */
function ShockSources({ shocks }: { shocks: readonly StressShock[] }) {
  const { t } = useI18n();
  const f = useFigures();
  const measured = shocks.filter((x) => x.from === 'series');
  const documented = shocks.filter((x) => x.from === 'fallback');
  const list = (xs: readonly StressShock[]): string =>
    xs.map((x) => `${x.factor} ${f.pct(x.shock)}`).join(', ');
  const generated = measured.some((x) => x.sources?.includes(DEMO_SOURCE) === true);
  return (
    <span className="muted" data-shocks>
      {measured.length > 0
        ? `${t('risk.shocks.measured', { list: list(measured) })}${
            generated ? ` ${t('risk.shocks.generated')}` : ''
          }`
        : null}
      {measured.length > 0 && documented.length > 0 ? '; ' : null}
      {documented.length > 0 ? t('risk.shocks.documented', { list: list(documented) }) : null}
    </span>
  );
}

export function StressTable({ report }: { report: RiskReport }) {
  const { t } = useI18n();
  const f = useFigures();
  const w = useRiskWords();
  const rows = [...report.stress].sort((a, b) => a.pnl - b.pnl);
  return (
    <table data-list="stress">
      <thead>
        <tr>
          <th>{t('risk.col.scenario')}</th>
          <th>{t('risk.col.kind')}</th>
          <th>{t('risk.col.shocks')}</th>
          <th className="num">{t('risk.col.pnl')}</th>
          <th className="num">{t('risk.col.share')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((s) => (
          <tr key={s.id}>
            <td>{w.stressName(s)}</td>
            <td>
              <span className="badge">{w.stressKind(s.kind)}</span>
            </td>
            <td>{s.shocks === undefined ? null : <ShockSources shocks={s.shocks} />}</td>
            <td className="num">{f.amount(s.pnl, report.currency)}</td>
            <td className="num">
              {f.pct(s.pnlFraction)}
              <ShareBar share={s.pnlFraction} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function LiquidityTable({ report }: { report: RiskReport }) {
  const { t } = useI18n();
  const f = useFigures();
  const total = Number(report.total);
  const share = (x: string): string => (total > 0 ? f.pct(Number(x) / total) : t('risk.noValue'));
  return (
    <table>
      <thead>
        <tr>
          <th>{t('risk.col.within')}</th>
          <th className="num">{t('risk.col.cash')}</th>
          <th className="num">{t('risk.col.share')}</th>
        </tr>
      </thead>
      <tbody>
        {report.liquidity.rungs.map((r) => (
          <tr key={r.days}>
            <td>{t('risk.days', { days: f.num(r.days) })}</td>
            <td className="num">{f.amount(r.cumulative, report.currency)}</td>
            <td className="num">
              {share(r.cumulative)}
              <ShareBar share={total > 0 ? Number(r.cumulative) / total : 0} />
            </td>
          </tr>
        ))}
        <tr>
          <td>{t('risk.illiquid')}</td>
          <td className="num">{f.amount(report.liquidity.illiquid, report.currency)}</td>
          <td className="num">{share(report.liquidity.illiquid)}</td>
        </tr>
      </tbody>
    </table>
  );
}

/** What the report measured against a limit, in bps of value, where the report carries it. */
function measuredBps(l: StoredLimit['limit'], report: RiskReport): number | null {
  const total = Number(report.total);
  if (total <= 0) return null;
  if (l.kind === 'var') {
    const x = report.var.find(
      (v) =>
        v.method === l.method && v.confidence === l.confidence && v.horizonDays === l.horizonDays,
    );
    return x === undefined ? null : Math.round((x.var / total) * 10_000);
  }
  if (l.kind === 'liquidity_min') {
    const r = report.liquidity.rungs.find((x) => x.days === l.days);
    return r === undefined ? null : Math.round((Number(r.cumulative) / total) * 10_000);
  }
  if (l.kind === 'crypto_cap') return report.shares?.cryptoBps ?? null;
  return largestManager(report)?.bps ?? null;
}

/** Why a limit has no measure in this report, in words. */
function unmeasured(l: StoredLimit['limit'], report: RiskReport): Key {
  if (Number(report.total) <= 0) return 'risk.why.noValue';
  if (l.kind === 'crypto_cap' || l.kind === 'manager_concentration') return 'risk.why.noShares';
  return 'risk.why.notInReport';
}

/** The manager with the largest share of the report's total, as the Managers page lists it. */
function largestManager(report: RiskReport): { name: string; bps: number } | null {
  const all = Object.entries(report.shares?.managersBps ?? {}).sort((a, b) => b[1] - a[1]);
  const [first] = all;
  return first === undefined ? null : { name: first[0], bps: first[1] };
}

function LimitRow({ s, report }: { s: StoredLimit; report: RiskReport }) {
  const { t } = useI18n();
  const f = useFigures();
  const w = useRiskWords();
  const breaches = report.breaches.filter((b) => b.limitId === s.id);
  const threshold = s.limit.kind === 'liquidity_min' ? s.limit.minBps : s.limit.maxBps;
  const measured = breaches[0]?.measuredBps ?? measuredBps(s.limit, report);
  // A maximum is used up by what is measured; a minimum by how much of the measure it needs.
  const usage =
    measured === null || measured === 0 || threshold === 0
      ? null
      : s.limit.kind === 'liquidity_min'
        ? threshold / measured
        : measured / threshold;
  const largest = s.limit.kind === 'manager_concentration' ? largestManager(report) : null;
  return (
    <tr className={breaches.length > 0 ? 'breach' : ''}>
      <td>
        {w.limitName(s.limit)}
        {largest === null ? null : (
          <div className="muted">{t('risk.largest', { name: largest.name })}</div>
        )}
        {breaches.map((b) => (
          <div key={b.subject} className="muted">
            {w.breachText(b.kind, b.subject, b.measuredBps, b.thresholdBps)}
          </div>
        ))}
      </td>
      <td className="num">{f.pct(threshold / 10_000, 2)}</td>
      <td className="num">
        {measured === null ? t(unmeasured(s.limit, report)) : f.pct(measured / 10_000, 2)}
      </td>
      <td className="num">
        {usage === null ? '—' : f.pct(usage, 0)}
        {usage === null ? null : <ShareBar share={usage} />}
      </td>
      <td>
        {breaches.length > 0 ? (
          <span className="badge bad">{t('risk.status.breach')}</span>
        ) : (
          <span className="badge ok">{t('risk.status.within')}</span>
        )}
      </td>
    </tr>
  );
}

export function LimitTable(p: { limits: readonly StoredLimit[]; report: RiskReport }) {
  const { t } = useI18n();
  if (p.limits.length === 0) return <Empty>{t('risk.limits.none')}</Empty>;
  return (
    <table>
      <thead>
        <tr>
          <th>{t('risk.col.limit')}</th>
          <th className="num">{t('risk.col.threshold')}</th>
          <th className="num">{t('risk.col.measured')}</th>
          <th className="num">{t('risk.col.usage')}</th>
          <th>{t('risk.col.status')}</th>
        </tr>
      </thead>
      <tbody>
        {p.limits.map((s) => (
          <LimitRow key={s.id} s={s} report={p.report} />
        ))}
      </tbody>
    </table>
  );
}

/** "123 bps" as the alert stores it, as a share of value; anything else as it came. */
function bpsText(text: string, pct: (x: number, d?: number) => string): string {
  const m = /^(-?\d+) bps$/.exec(text);
  return m?.[1] === undefined ? text : pct(Number(m[1]) / 10_000, 2);
}

function AlertState(p: {
  alert: Alert;
  canAcknowledge: boolean;
  note: string;
  onNote: (v: string) => void;
  onAcknowledge: () => void;
}) {
  const { t } = useI18n();
  const dates = useDates();
  const ack = p.alert.acknowledgement;
  if (ack !== null)
    return (
      <span title={ack.note}>
        <span className="badge ok">{t('risk.alert.acknowledged')}</span> {dates.day(ack.at)}
        {ack.note === '' ? null : ` — ${ack.note}`}
      </span>
    );
  if (!p.canAcknowledge) return <span className="badge warn">{t('risk.alert.open')}</span>;
  return (
    <span className="form-row">
      <input
        aria-label={t('risk.alert.note')}
        placeholder={t('risk.alert.note')}
        value={p.note}
        onChange={(e) => {
          p.onNote(e.target.value);
        }}
      />
      <button onClick={p.onAcknowledge}>{t('risk.alert.acknowledge')}</button>
    </span>
  );
}

export function AlertList(props: {
  alerts: readonly Alert[];
  canAcknowledge: boolean;
  onChanged: () => void;
  onProblem: (p: Problem) => void;
}) {
  const { t } = useI18n();
  const f = useFigures();
  const dates = useDates();
  const w = useRiskWords();
  const [notes, setNotes] = useState<Record<string, string>>({});
  if (props.alerts.length === 0) return <Empty>{t('risk.alerts.none')}</Empty>;
  const acknowledge = async (id: string): Promise<void> => {
    const r = await fetchAnswer(`/risk/alerts/${id}/acknowledge`, RiskAlertsAcknowledgePostJson, {
      method: 'POST',
      body: JSON.stringify({ note: notes[id] ?? '' }),
    });
    if (r.ok) props.onChanged();
    else props.onProblem(r.problem);
  };
  return (
    <table>
      <thead>
        <tr>
          <th>{t('risk.col.day')}</th>
          <th>{t('risk.col.alert')}</th>
          <th className="num">{t('risk.col.measured')}</th>
          <th className="num">{t('risk.col.threshold')}</th>
          <th>{t('risk.col.acknowledged')}</th>
        </tr>
      </thead>
      <tbody>
        {props.alerts.map((a) => (
          <tr key={a.id} className={a.acknowledgement === null ? 'breach' : ''}>
            <td>{dates.day(a.day)}</td>
            <td>{w.alertText(a)}</td>
            <td className="num">{bpsText(a.measured, f.pct)}</td>
            <td className="num">{bpsText(a.threshold, f.pct)}</td>
            <td>
              <AlertState
                alert={a}
                canAcknowledge={props.canAcknowledge}
                note={notes[a.id] ?? ''}
                onNote={(v) => {
                  setNotes({ ...notes, [a.id]: v });
                }}
                onAcknowledge={() => void acknowledge(a.id)}
              />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
