import { LineChart } from '../pages/charts.tsx';
import { useApi } from '../useApi.ts';
import { Badge, ChartData, Empty, Loading, ProblemNote } from './common.tsx';
import {
  multiples,
  percentOf,
  ratio,
  SOURCE_LABELS,
  twrFromNav,
  usd,
  xirr,
  type DatedFlow,
} from './format.ts';
import type { FeeLine, Flow, ManagerView, NavStatement, PerformanceRow } from './types.ts';

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

const IN = new Set(['subscription', 'capital_call']);
const OUT = new Set(['redemption', 'distribution']);

/** Paid in and paid out by funding source, from each flow's source. */
function bySourceFlows(flows: readonly Flow[]) {
  const m = new Map<string, { paidIn: bigint; paidOut: bigint }>();
  for (const f of flows) {
    const e = m.get(f.fundingSource) ?? { paidIn: 0n, paidOut: 0n };
    if (IN.has(f.kind)) e.paidIn += BigInt(f.value);
    if (OUT.has(f.kind)) e.paidOut += BigInt(f.value);
    m.set(f.fundingSource, e);
  }
  return m;
}

export function Attribution({ view }: { view: ManagerView }) {
  const value = view.position?.bySource ?? [];
  if (value.length === 0) return <Empty>The reserve holds nothing with this manager yet.</Empty>;
  const flows = bySourceFlows(view.flows);
  const total = value.reduce((s, v) => s + BigInt(v.value), 0n);
  return (
    <table>
      <caption className="muted" style={{ textAlign: 'left' }}>
        Each unit keeps its source pro rata through NAV changes, fees and redemptions.
      </caption>
      <thead>
        <tr>
          <th>Funding source</th>
          <th className="num">Value now</th>
          <th className="num">Share of NAV</th>
          <th className="num">Paid in</th>
          <th className="num">Paid out</th>
          <th className="num">Gain</th>
          <th className="num">Multiple</th>
        </tr>
      </thead>
      <tbody>
        {value.map((v) => {
          const f = flows.get(v.source) ?? { paidIn: 0n, paidOut: 0n };
          const gain = BigInt(v.value) + f.paidOut - f.paidIn;
          const mult =
            f.paidIn > 0n ? Number(BigInt(v.value) + f.paidOut) / Number(f.paidIn) : null;
          return (
            <tr key={v.source}>
              <td>{SOURCE_LABELS[v.source] ?? v.source}</td>
              <td className="num">{usd(v.value)}</td>
              <td className="num">
                {total > 0n ? ((Number(BigInt(v.value)) / Number(total)) * 100).toFixed(1) : '0'}%
              </td>
              <td className="num">{usd(f.paidIn.toString())}</td>
              <td className="num">{usd(f.paidOut.toString())}</td>
              <td className="num">{usd(gain.toString())}</td>
              <td className="num">{ratio(mult)}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function datedFlows(view: ManagerView, day: string): DatedFlow[] {
  const out: DatedFlow[] = view.flows.flatMap((f) =>
    IN.has(f.kind)
      ? [{ day: f.day, amount: -Number(BigInt(f.value)) / 100 }]
      : OUT.has(f.kind)
        ? [{ day: f.day, amount: Number(BigInt(f.value)) / 100 }]
        : [],
  );
  if (view.position !== null) out.push({ day, amount: Number(BigInt(view.position.value)) / 100 });
  return out;
}

export function PerformancePanel(props: {
  view: ManagerView;
  row: PerformanceRow | undefined;
  navPerUnit: readonly string[];
  day: string;
}) {
  const { view, row } = props;
  const irr = xirr(datedFlows(view, props.day));
  const twr = twrFromNav(props.navPerUnit);
  const c = view.commitment;
  const m = c === null ? null : multiples(c.called, c.distributed, view.position?.value ?? '0');
  return (
    <dl className="kv">
      {row === undefined ? null : (
        <>
          <dt>Paid in · paid out</dt>
          <dd>
            {usd(row.paidIn)} · {usd(row.paidOut)}
          </dd>
          <dt>Gain</dt>
          <dd>{usd(row.gain)}</dd>
          <dt>Fees borne</dt>
          <dd>{usd(row.feesBorne)}</dd>
        </>
      )}
      {view.manager.kind === 'hedge_fund' ? (
        <>
          <dt>TWR of the fund (NAV per unit, whole series)</dt>
          <dd>{percentOf(twr, 2)}</dd>
        </>
      ) : null}
      <dt>IRR of the reserve’s flows (XIRR, value today as the last flow)</dt>
      <dd>{percentOf(irr, 2)}</dd>
      {c === null || m === null ? null : (
        <>
          <dt>Commitment · called · unfunded</dt>
          <dd>
            {usd(c.committed)} · {usd(c.called)} · {usd(c.unfunded)}
          </dd>
          <dt>TVPI · DPI · RVPI</dt>
          <dd>
            {ratio(m.tvpi)} · {ratio(m.dpi)} · {ratio(m.rvpi)}
          </dd>
        </>
      )}
    </dl>
  );
}
