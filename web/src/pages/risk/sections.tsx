import { useState } from 'react';
import { api, type Problem } from '../../api.ts';
import { LineChart, ShareBar } from '../charts.tsx';
import {
  DEMO_SOURCE,
  METHOD_LABEL,
  money,
  pct,
  type Alert,
  type StressShock,
  type ReportSummary,
  type RiskReport,
  type StoredLimit,
  type VarFigure,
} from './types.ts';

/** The parts of the risk dashboard, each reading one piece of the latest recorded report. */
export function Tiles({ report }: { report: RiskReport }) {
  const total = Number(report.total);
  const worst = [...report.stress].sort((a, b) => a.pnl - b.pnl)[0];
  const var99 = report.var.find(
    (v) => v.method === 'historical' && v.confidence === 0.99 && v.horizonDays === 1,
  );
  const liquid30 = report.liquidity.rungs.find((r) => r.days === 30);
  const share = (x: number): string => (total > 0 ? pct(x / total) : '—');
  return (
    <div className="tiles">
      <Tile label={`Total value (${report.day})`} value={money(total, report.currency)} />
      <Tile label="Historical VaR 99%, 1 day" value={var99 ? share(var99.var) : '—'} />
      <Tile
        label={`Worst stress: ${worst?.name ?? '—'}`}
        value={worst ? pct(worst.pnlFraction) : '—'}
      />
      <Tile
        label="Cash within 30 days"
        value={liquid30 ? share(Number(liquid30.cumulative)) : '—'}
      />
      <Tile label="Limit breaches" value={String(report.breaches.length)} />
    </div>
  );
}

function Tile(props: { label: string; value: string }) {
  return (
    <div className="tile">
      <div className="label">{props.label}</div>
      <div className="value">{props.value}</div>
    </div>
  );
}

export function VarTable({ report }: { report: RiskReport }) {
  const total = Number(report.total);
  const find = (m: VarFigure['method'], c: number, h: number) =>
    report.var.find((v) => v.method === m && v.confidence === c && v.horizonDays === h);
  const cell = (f: VarFigure | undefined, key: 'var' | 'cvar') =>
    f === undefined
      ? '—'
      : `${money(f[key], report.currency)}${total > 0 ? ` (${pct(f[key] / total)})` : ''}`;
  const rows = (['historical', 'parametric', 'monte_carlo'] as const).flatMap((m) =>
    [0.95, 0.99].map((c) => ({ m, c })),
  );
  return (
    <table>
      <thead>
        <tr>
          <th>Method</th>
          <th className="num">Confidence</th>
          <th className="num">VaR 1 day</th>
          <th className="num">ES 1 day</th>
          <th className="num">VaR 10 days</th>
          <th className="num">ES 10 days</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(({ m, c }) => (
          <tr key={`${m}-${c}`}>
            <td>{METHOD_LABEL[m]}</td>
            <td className="num">{pct(c, 0)}</td>
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

/** VaR 99% 1-day as a share of value, per method, over the recorded days (oldest first). */
export function VarOverTime({ reports }: { reports: readonly ReportSummary[] }) {
  if (reports.length < 2) {
    return (
      <p className="empty">
        One report so far. The chart fills in as a report is recorded each day (the daily run,
        <code> kazna risk report --date D</code>, or the form below).
      </p>
    );
  }
  const days = [...reports].reverse();
  const series = (['historical', 'parametric', 'monte_carlo'] as const).map((m) => ({
    name: `${METHOD_LABEL[m]} VaR 99% 1d`,
    values: days.map((r) => {
      const f = r.var.find((v) => v.method === m && v.confidence === 0.99 && v.horizonDays === 1);
      const total = Number(r.total);
      return f === undefined || total <= 0 ? 0 : (f.var / total) * 100;
    }),
  }));
  return (
    <LineChart
      title="VaR over time, % of value"
      labels={days.map((r) => r.day)}
      series={series}
      format={(v) => `${v.toFixed(1)}%`}
    />
  );
}

/**
 * Where a historical scenario's shocks came from: measured on the market store's prices (marked
 * when those are the demo's generated ones), or the documented figure when the store lacks them.
 */
function ShockSources({ shocks }: { shocks: readonly StressShock[] }) {
  const measured = shocks.filter((x) => x.from === 'series');
  const documented = shocks.filter((x) => x.from === 'fallback');
  const list = (xs: readonly StressShock[]): string =>
    xs.map((x) => `${x.factor} ${pct(x.shock)}`).join(', ');
  const generated = measured.some((x) => x.sources?.includes(DEMO_SOURCE) === true);
  return (
    <span className="muted" data-shocks>
      {measured.length > 0 ? (
        <>
          {list(measured)} from the market store
          {generated ? ' (generated demo prices)' : ''}
        </>
      ) : null}
      {measured.length > 0 && documented.length > 0 ? '; ' : null}
      {documented.length > 0 ? <>{list(documented)} documented</> : null}
    </span>
  );
}

export function StressTable({ report }: { report: RiskReport }) {
  const rows = [...report.stress].sort((a, b) => a.pnl - b.pnl);
  return (
    <table data-list="stress">
      <thead>
        <tr>
          <th>Scenario</th>
          <th>Kind</th>
          <th>Shocks</th>
          <th className="num">P&amp;L</th>
          <th className="num">Share of value</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((s) => (
          <tr key={s.id}>
            <td>{s.name}</td>
            <td>
              <span className="badge">{s.kind}</span>
            </td>
            <td>{s.shocks === undefined ? null : <ShockSources shocks={s.shocks} />}</td>
            <td className="num">{money(s.pnl, report.currency)}</td>
            <td className="num">
              {pct(s.pnlFraction)}
              <ShareBar share={s.pnlFraction} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function LiquidityTable({ report }: { report: RiskReport }) {
  const total = Number(report.total);
  return (
    <table>
      <thead>
        <tr>
          <th>Within</th>
          <th className="num">Cash obtainable</th>
          <th className="num">Share of value</th>
        </tr>
      </thead>
      <tbody>
        {report.liquidity.rungs.map((r) => (
          <tr key={r.days}>
            <td>{r.days === 1 ? '1 day' : `${r.days} days`}</td>
            <td className="num">{money(r.cumulative, report.currency)}</td>
            <td className="num">
              {total > 0 ? pct(Number(r.cumulative) / total) : '—'}
              <ShareBar share={total > 0 ? Number(r.cumulative) / total : 0} />
            </td>
          </tr>
        ))}
        <tr>
          <td>Illiquid (venture, side pockets, restricted)</td>
          <td className="num">{money(report.liquidity.illiquid, report.currency)}</td>
          <td className="num">
            {total > 0 ? pct(Number(report.liquidity.illiquid) / total) : '—'}
          </td>
        </tr>
      </tbody>
    </table>
  );
}

function limitName(l: StoredLimit['limit']): string {
  switch (l.kind) {
    case 'var':
      return `${METHOD_LABEL[l.method]} VaR ${l.confidence * 100}% ${l.horizonDays}d, at most`;
    case 'crypto_cap':
      return 'Crypto exposure (look-through), at most';
    case 'manager_concentration':
      return 'Any one manager, at most';
    case 'liquidity_min':
      return `Cash within ${l.days} days, at least`;
  }
}

/** What the report measured against a limit, in bps of value, where the report carries it. */
function measuredBps(l: StoredLimit['limit'], report: RiskReport): number | null {
  const total = Number(report.total);
  if (total <= 0) return null;
  if (l.kind === 'var') {
    const f = report.var.find(
      (v) =>
        v.method === l.method && v.confidence === l.confidence && v.horizonDays === l.horizonDays,
    );
    return f === undefined ? null : Math.round((f.var / total) * 10_000);
  }
  if (l.kind === 'liquidity_min') {
    const r = report.liquidity.rungs.find((x) => x.days === l.days);
    return r === undefined ? null : Math.round((Number(r.cumulative) / total) * 10_000);
  }
  if (l.kind === 'crypto_cap') return report.shares?.cryptoBps ?? null;
  return largestManager(report)?.bps ?? null;
}

/** The manager with the largest share of the report's total, as the Managers page lists it. */
function largestManager(report: RiskReport): { name: string; bps: number } | null {
  const all = Object.entries(report.shares?.managersBps ?? {}).sort((a, b) => b[1] - a[1]);
  const [first] = all;
  return first === undefined ? null : { name: first[0], bps: first[1] };
}

export function LimitTable({
  limits,
  report,
}: {
  limits: readonly StoredLimit[];
  report: RiskReport;
}) {
  if (limits.length === 0)
    return (
      <p className="empty">
        No limits are set. A risk officer sets them with <code>POST /api/v1/risk/limits</code> (a
        VaR limit, the crypto cap, manager concentration, a liquidity minimum), in basis points of
        value.
      </p>
    );
  return (
    <table>
      <thead>
        <tr>
          <th>Limit</th>
          <th className="num">Threshold</th>
          <th className="num">Measured</th>
          <th className="num">Usage</th>
          <th>Status</th>
        </tr>
      </thead>
      <tbody>
        {limits.map((s) => {
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
          return (
            <tr key={s.id} className={breaches.length > 0 ? 'breach' : ''}>
              <td>
                {limitName(s.limit)}
                {s.limit.kind === 'manager_concentration' && largestManager(report) !== null ? (
                  <div className="muted">largest: {largestManager(report)?.name}</div>
                ) : null}
                {breaches.map((b) => (
                  <div key={b.subject} className="muted">
                    {b.message}
                  </div>
                ))}
              </td>
              <td className="num">{(threshold / 100).toFixed(2)}%</td>
              <td className="num">
                {measured === null ? 'within' : `${(measured / 100).toFixed(2)}%`}
              </td>
              <td className="num">
                {usage === null ? '—' : pct(usage, 0)}
                {usage === null ? null : <ShareBar share={usage} />}
              </td>
              <td>
                {breaches.length > 0 ? (
                  <span className="badge bad">breach</span>
                ) : (
                  <span className="badge ok">within</span>
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

export function AlertList(props: {
  alerts: readonly Alert[];
  canAcknowledge: boolean;
  onChanged: () => void;
  onProblem: (p: Problem) => void;
}) {
  const [notes, setNotes] = useState<Record<string, string>>({});
  if (props.alerts.length === 0)
    return (
      <p className="empty">
        No alerts in the last 90 days: no limit was breached by a recorded report.
      </p>
    );
  const acknowledge = async (id: string): Promise<void> => {
    const r = await api(`/risk/alerts/${id}/acknowledge`, {
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
          <th>Day</th>
          <th>Alert</th>
          <th className="num">Measured</th>
          <th className="num">Threshold</th>
          <th>Acknowledged</th>
        </tr>
      </thead>
      <tbody>
        {props.alerts.map((a) => (
          <tr key={a.id} className={a.acknowledgement === null ? 'breach' : ''}>
            <td>{a.day}</td>
            <td>{a.detail.message ?? `${a.kind}: ${a.subject}`}</td>
            <td className="num">{a.measured}</td>
            <td className="num">{a.threshold}</td>
            <td>
              {a.acknowledgement !== null ? (
                <span title={a.acknowledgement.note}>
                  <span className="badge ok">acknowledged</span> {a.acknowledgement.at.slice(0, 10)}
                  {a.acknowledgement.note === '' ? null : ` — ${a.acknowledgement.note}`}
                </span>
              ) : props.canAcknowledge ? (
                <span className="form-row">
                  <input
                    placeholder="note (what will be done)"
                    value={notes[a.id] ?? ''}
                    onChange={(e) => {
                      setNotes({ ...notes, [a.id]: e.target.value });
                    }}
                  />
                  <button onClick={() => void acknowledge(a.id)}>Acknowledge</button>
                </span>
              ) : (
                <span className="badge warn">open</span>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
