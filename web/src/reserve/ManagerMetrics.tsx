import { LineChart } from '../pages/charts.tsx';
import { useApi } from '../useApi.ts';
import { Badge, ChartData, Empty, Loading, ProblemNote } from './common.tsx';
import { percentOf, ratio, SOURCE_LABELS, usd } from './format.ts';
import type {
  FeeLine,
  HedgeMetrics,
  ManagerView,
  NavStatement,
  PerformanceRow,
  VentureMetrics,
} from './types.ts';

/**
 * The figures of one manager: its NAV series, the fee check, where its value came from, and its
 * returns (TWR, IRR and, for a venture fund, the multiples).
 */
export function NavChart({ id, kind }: { id: string; kind: string }) {
  const { data, problem } = useApi<{ statements: NavStatement[] }>(`/reserve/managers/${id}/nav`);
  if (problem !== null) return <ProblemNote problem={problem} />;
  if (data === null) return <Loading />;
  const s = data.statements;
  if (s.length === 0)
    return (
      <Empty>
        No NAV statement yet. Statements are entered by hand or imported from CSV or JSON.
      </Empty>
    );
  const perUnit = kind === 'hedge_fund' && s.every((x) => x.navPerUnit !== null);
  const series = perUnit
    ? [{ name: 'NAV per unit (USD)', values: s.map((x) => Number(x.navPerUnit)) }]
    : [{ name: 'Fund NAV (USD)', values: s.map((x) => Number(x.nav)) }];
  return (
    <>
      <LineChart
        labels={s.map((x) => x.period)}
        series={series}
        title={`${series[0]?.name ?? 'NAV'} over ${s.length} statements`}
      />
      <ChartData summary={`The ${s.length} statements as a table`}>
        <table>
          <thead>
            <tr>
              <th>Period</th>
              <th>Day</th>
              <th className="num">Fund NAV</th>
              <th className="num">Units</th>
              <th className="num">NAV per unit</th>
              <th className="num">Mgmt fee</th>
              <th className="num">Perf. fee</th>
              <th>SHA-256</th>
            </tr>
          </thead>
          <tbody>
            {s.map((x) => (
              <tr key={x.id}>
                <td>{x.period}</td>
                <td>{x.day}</td>
                <td className="num">{x.nav}</td>
                <td className="num">{x.units ?? '—'}</td>
                <td className="num">{x.navPerUnit ?? '—'}</td>
                <td className="num">{x.managementFee}</td>
                <td className="num">{x.performanceFee}</td>
                <td className="hash">{x.sha256.slice(0, 12)}…</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ChartData>
      <p className="muted">
        <a href={`/api/v1/reserve/managers/${id}/nav?format=csv`}>NAV statements (CSV)</a>
      </p>
    </>
  );
}

export function FeeCheck({ id }: { id: string }) {
  const { data, problem } = useApi<{ lines: FeeLine[]; flagged: number }>(
    `/reserve/managers/${id}/fee-check`,
  );
  if (problem !== null)
    return problem.code === 'no_statements' ? (
      <Empty>No NAV statement yet, so there are no fees to check.</Empty>
    ) : (
      <ProblemNote problem={problem} />
    );
  if (data === null) return <Loading />;
  return (
    <>
      <p>
        {data.flagged === 0 ? (
          <Badge tone="ok">every reported fee matches the recomputation</Badge>
        ) : (
          <Badge tone="bad">{data.flagged} statement(s) differ from the recomputed fees</Badge>
        )}
      </p>
      <table>
        <thead>
          <tr>
            <th>Statement day</th>
            <th className="num">Mgmt recomputed</th>
            <th className="num">Mgmt reported</th>
            <th className="num">Difference</th>
            <th className="num">Perf. recomputed</th>
            <th className="num">Perf. reported</th>
            <th className="num">Difference</th>
          </tr>
        </thead>
        <tbody>
          {data.lines.map((l) => (
            <tr key={l.day} className={l.flagged ? 'breach' : ''}>
              <td>
                {l.day} {l.flagged ? <Badge tone="bad">flagged</Badge> : null}
              </td>
              <td className="num">{usd(l.expected.management, true)}</td>
              <td className="num">{usd(l.reported.management, true)}</td>
              <td className="num">{usd(l.managementDifference, true)}</td>
              <td className="num">{usd(l.expected.performance, true)}</td>
              <td className="num">{usd(l.reported.performance, true)}</td>
              <td className="num">{usd(l.performanceDifference, true)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

/**
 * Why an IRR cannot be given, in words. No rate solves flows that never change sign, and none that
 * is meaningful solves flows spanning a day or two (a subscription and a valuation on the same day
 * have no time for a rate to act on): both are "too early", not failures.
 */
const IRR_WHY: Readonly<Record<string, string>> = {
  xirr_needs_a_sign_change: 'too early: no value has come back or been valued yet',
  xirr_did_not_converge: 'too early: the flows span too little time for an annual rate',
};

/** An IRR, or why there is none, said in words. */
function irrText(irr: number | null, error: string | null): string {
  if (irr !== null) return percentOf(irr, 2);
  return error === null ? '—' : `— (${IRR_WHY[error] ?? error.replaceAll('_', ' ')})`;
}

function HedgeSourceRows({ row }: { row: PerformanceRow }) {
  const h = row.hedge;
  if (h === null) return null;
  return (
    <>
      {Object.entries(h.bySource)
        .filter(([, m]) => m.paidIn !== '0' || m.value !== '0')
        .map(([source, m]) => (
          <tr key={source}>
            <td>{SOURCE_LABELS[source] ?? source}</td>
            <td className="num">{usd(m.value)}</td>
            <td className="num">{usd(m.paidIn)}</td>
            <td className="num">{usd(m.paidOut)}</td>
            <td className="num">{usd(m.gain)}</td>
            <td className="num">{usd(m.fees)}</td>
            <td className="num">{percentOf(m.twr, 2)}</td>
            <td className="num">{irrText(m.irr, m.irrError)}</td>
          </tr>
        ))}
    </>
  );
}

/**
 * How much of this manager's NAV came from each funding source and how it has done: for a hedge
 * fund the metrics per source; for a venture fund the value per source (its multiples are the
 * fund's).
 */
export function Attribution({ view, row }: { view: ManagerView; row: PerformanceRow | undefined }) {
  const value = view.position?.bySource ?? [];
  if (value.length === 0) return <Empty>The reserve holds nothing with this manager yet.</Empty>;
  if (row?.hedge != null)
    return (
      <table>
        <caption className="muted" style={{ textAlign: 'left' }}>
          Each unit keeps its source pro rata through NAV changes, fees and redemptions.
        </caption>
        <thead>
          <tr>
            <th>Funding source</th>
            <th className="num">Value now</th>
            <th className="num">Paid in</th>
            <th className="num">Paid out</th>
            <th className="num">Gain</th>
            <th className="num">Fees</th>
            <th className="num">TWR</th>
            <th className="num">IRR</th>
          </tr>
        </thead>
        <tbody>
          <HedgeSourceRows row={row} />
        </tbody>
      </table>
    );
  return (
    <table>
      <thead>
        <tr>
          <th>Funding source</th>
          <th className="num">Value now</th>
        </tr>
      </thead>
      <tbody>
        {value.map((v) => (
          <tr key={v.source}>
            <td>{SOURCE_LABELS[v.source] ?? v.source}</td>
            <td className="num">{usd(v.value)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function HedgeFigures({ m }: { m: HedgeMetrics }) {
  return (
    <dl className="kv">
      <dt>Paid in · paid out</dt>
      <dd>
        {usd(m.paidIn)} · {usd(m.paidOut)}
      </dd>
      <dt>Value · gain</dt>
      <dd>
        {usd(m.value)} · {usd(m.gain)}
      </dd>
      <dt>Fees borne</dt>
      <dd>{usd(m.fees)}</dd>
      <dt>Time-weighted return</dt>
      <dd>{percentOf(m.twr, 2)}</dd>
      <dt>IRR (XIRR on dated flows)</dt>
      <dd>{irrText(m.irr, m.irrError)}</dd>
    </dl>
  );
}

function VentureFigures({ v }: { v: VentureMetrics }) {
  return (
    <dl className="kv">
      <dt>Called · unfunded</dt>
      <dd>
        {usd(v.called)} · {usd(v.unfunded)}
      </dd>
      <dt>Distributed · residual value</dt>
      <dd>
        {usd(v.distributed)} · {usd(v.residual)}{' '}
        <span className="muted">(NAV of {v.residualDay ?? '—'})</span>
      </dd>
      <dt>TVPI · DPI · RVPI</dt>
      <dd>
        {ratio(v.tvpi)} · {ratio(v.dpi)} · {ratio(v.rvpi)}
      </dd>
      <dt>IRR (XIRR on dated flows)</dt>
      <dd>{irrText(v.irr, v.irrError)}</dd>
    </dl>
  );
}

export function PerformancePanel({
  view,
  row,
}: {
  view: ManagerView;
  row: PerformanceRow | undefined;
}) {
  if (view.venture !== null) return <VentureFigures v={view.venture} />;
  if (row?.hedge != null) return <HedgeFigures m={row.hedge.total} />;
  return <Empty>No performance yet: the reserve has not subscribed to this fund.</Empty>;
}
