import type { z } from 'zod';
import {
  ReserveManagersFeeCheckJson,
  ReserveManagersNavJson,
  type FiguresJson,
  type VentureMetricsJson,
} from '../../../src/reserve/answers.ts';
import { LineChart } from '../pages/charts.tsx';
import { WholeMoney } from '../ui/money.tsx';
import { useApi } from '../useApi.ts';
import {
  Badge,
  ChartData,
  codeKey,
  Empty,
  Loading,
  ProblemNote,
  useFmt,
  type Fmt,
} from './common.tsx';
import type { ManagerView, PerformanceRow } from './types.ts';

/**
 * The figures of one manager: its NAV series, the fee check, where its value came from, and its
 * returns (TWR, IRR and, for a venture fund, the multiples).
 */
type Figures = z.output<typeof FiguresJson>;
type VentureMetrics = z.output<typeof VentureMetricsJson>;

export function NavChart({ id, kind }: { id: string; kind: string }) {
  const f = useFmt();
  const { t } = f;
  const { data, problem } = useApi(`/reserve/managers/${id}/nav`, ReserveManagersNavJson);
  if (problem !== null) return <ProblemNote problem={problem} />;
  if (data === null) return <Loading />;
  const s = data.statements;
  if (s.length === 0) return <Empty>{t('reserve.nav.none')}</Empty>;
  const perUnit = kind === 'hedge_fund' && s.every((x) => x.navPerUnit !== null);
  const series = perUnit
    ? [{ name: t('reserve.nav.perUnitUsd'), values: s.map((x) => Number(x.navPerUnit)) }]
    : [{ name: t('reserve.nav.fundUsd'), values: s.map((x) => Number(x.nav)) }];
  return (
    <>
      <LineChart
        labels={s.map((x) => x.period)}
        series={series}
        title={t('reserve.nav.chart', {
          series: series[0]?.name ?? '',
          count: String(s.length),
        })}
      />
      <ChartData summary={t('reserve.nav.asTable', { count: String(s.length) })}>
        <table>
          <thead>
            <tr>
              <th>{t('reserve.col.period')}</th>
              <th>{t('reserve.col.day')}</th>
              <th className="num">{t('reserve.col.fundNav')}</th>
              <th className="num">{t('reserve.col.units')}</th>
              <th className="num">{t('reserve.col.navPerUnit')}</th>
              <th className="num">{t('reserve.col.mgmtFee')}</th>
              <th className="num">{t('reserve.col.perfFee')}</th>
              <th>SHA-256</th>
            </tr>
          </thead>
          <tbody>
            {s.map((x) => (
              <tr key={x.id}>
                <td>{x.period}</td>
                <td>{f.day(x.day)}</td>
                <td className="num">
                  <WholeMoney whole={x.nav} asset="USD" />
                </td>
                <td className="num">{x.units === null ? '—' : f.num(x.units)}</td>
                <td className="num">
                  {x.navPerUnit === null ? '—' : <WholeMoney whole={x.navPerUnit} asset="USD" />}
                </td>
                <td className="num">
                  <WholeMoney whole={x.managementFee} asset="USD" />
                </td>
                <td className="num">
                  <WholeMoney whole={x.performanceFee} asset="USD" />
                </td>
                <td className="hash">{x.sha256.slice(0, 12)}…</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ChartData>
      <p className="muted">
        <a href={`/api/v1/reserve/managers/${id}/nav?format=csv`}>{t('reserve.nav.csv')}</a>
      </p>
    </>
  );
}

function usdOrDash(f: Fmt, cents: string | null): string {
  return cents === null ? '—' : f.usd(cents, true);
}

export function FeeCheck({ id }: { id: string }) {
  const f = useFmt();
  const { t } = f;
  const { data, problem } = useApi(
    `/reserve/managers/${id}/fee-check`,
    ReserveManagersFeeCheckJson,
  );
  if (problem !== null)
    return problem.code === 'no_statements' ? (
      <Empty>{t('reserve.fees.none')}</Empty>
    ) : (
      <ProblemNote problem={problem} />
    );
  if (data === null) return <Loading />;
  return (
    <>
      <p>
        {data.flagged === 0 ? (
          <Badge tone="ok">{t('reserve.fees.allMatch')}</Badge>
        ) : (
          <Badge tone="bad">{t('reserve.fees.differ', { count: String(data.flagged) })}</Badge>
        )}
      </p>
      <table>
        <thead>
          <tr>
            <th>{t('reserve.col.statementDay')}</th>
            <th className="num">{t('reserve.col.mgmtRecomputed')}</th>
            <th className="num">{t('reserve.col.mgmtReported')}</th>
            <th className="num">{t('reserve.col.difference')}</th>
            <th className="num">{t('reserve.col.perfRecomputed')}</th>
            <th className="num">{t('reserve.col.perfReported')}</th>
            <th className="num">{t('reserve.col.difference')}</th>
          </tr>
        </thead>
        <tbody>
          {data.lines.map((l) => (
            <tr key={l.day} className={l.flagged ? 'breach' : ''}>
              <td>
                {f.day(l.day)}{' '}
                {l.flagged ? <Badge tone="bad">{t('reserve.fees.flagged')}</Badge> : null}
              </td>
              <td className="num">{usdOrDash(f, l.expected?.management ?? null)}</td>
              <td className="num">{usdOrDash(f, l.reported?.management ?? null)}</td>
              <td className="num">{usdOrDash(f, l.managementDifference)}</td>
              <td className="num">{usdOrDash(f, l.expected?.performance ?? null)}</td>
              <td className="num">{usdOrDash(f, l.reported?.performance ?? null)}</td>
              <td className="num">{usdOrDash(f, l.performanceDifference)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

/**
 * An IRR, or why there is none, in words. No rate solves flows that never change sign, and none
 * that is meaningful solves flows spanning a day or two (a subscription and a valuation on the
 * same day have no time for a rate to act on): both are "too early", not failures.
 */
function irrText(f: Fmt, irr: number | null, error: string | null): string {
  if (irr !== null) return f.percentOf(irr, 2);
  if (error === null) return f.t('reserve.irr.none');
  return f.t(codeKey('reserve.irr', error));
}

/** A TWR, or why there is none. */
function twrText(f: Fmt, twr: number | null): string {
  return twr === null ? f.t('reserve.twr.none') : f.percentOf(twr, 2);
}

function HedgeSourceRows({ row, f }: { row: PerformanceRow; f: Fmt }) {
  const h = row.hedge;
  if (h === null) return null;
  return (
    <>
      {Object.entries(h.bySource)
        .filter(([, m]) => m.paidIn !== '0' || m.value !== '0')
        .map(([source, m]) => (
          <tr key={source}>
            <td>{f.t(codeKey('reserve.source', source))}</td>
            <td className="num">{f.usd(m.value)}</td>
            <td className="num">{f.usd(m.paidIn)}</td>
            <td className="num">{f.usd(m.paidOut)}</td>
            <td className="num">{f.usd(m.gain)}</td>
            <td className="num">{f.usd(m.fees)}</td>
            <td className="num">{twrText(f, m.twr)}</td>
            <td className="num">{irrText(f, m.irr, m.irrError)}</td>
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
  const f = useFmt();
  const { t } = f;
  const value = view.position?.bySource ?? [];
  if (value.length === 0) return <Empty>{t('reserve.holdsNothing')}</Empty>;
  if (row?.hedge != null)
    return (
      <table>
        <caption className="muted" style={{ textAlign: 'left' }}>
          {t('reserve.attribution.caption')}
        </caption>
        <thead>
          <tr>
            <th>{t('reserve.col.source')}</th>
            <th className="num">{t('reserve.col.valueNow')}</th>
            <th className="num">{t('reserve.col.paidIn')}</th>
            <th className="num">{t('reserve.col.paidOut')}</th>
            <th className="num">{t('reserve.col.gain')}</th>
            <th className="num">{t('reserve.col.fees')}</th>
            <th className="num">{t('reserve.col.twr')}</th>
            <th className="num">{t('reserve.col.irr')}</th>
          </tr>
        </thead>
        <tbody>
          <HedgeSourceRows row={row} f={f} />
        </tbody>
      </table>
    );
  return (
    <table>
      <thead>
        <tr>
          <th>{t('reserve.col.source')}</th>
          <th className="num">{t('reserve.col.valueNow')}</th>
        </tr>
      </thead>
      <tbody>
        {value.map((v) => (
          <tr key={v.source}>
            <td>{t(codeKey('reserve.source', v.source))}</td>
            <td className="num">{f.usd(v.value)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function HedgeFigures({ m }: { m: Figures }) {
  const f = useFmt();
  const { t } = f;
  return (
    <dl className="kv">
      <dt>{t('reserve.fig.paid')}</dt>
      <dd>
        {f.usd(m.paidIn)} · {f.usd(m.paidOut)}
      </dd>
      <dt>{t('reserve.fig.valueGain')}</dt>
      <dd>
        {f.usd(m.value)} · {f.usd(m.gain)}
      </dd>
      <dt>{t('reserve.fig.fees')}</dt>
      <dd>{f.usd(m.fees)}</dd>
      <dt>{t('reserve.fig.twr')}</dt>
      <dd>{twrText(f, m.twr)}</dd>
      <dt>{t('reserve.fig.irr')}</dt>
      <dd>{irrText(f, m.irr, m.irrError)}</dd>
    </dl>
  );
}

function VentureFigures({ v }: { v: VentureMetrics }) {
  const f = useFmt();
  const { t } = f;
  return (
    <dl className="kv">
      <dt>{t('reserve.fig.called')}</dt>
      <dd>
        {f.usd(v.called)} · {f.usd(v.unfunded)}
      </dd>
      <dt>{t('reserve.fig.distributed')}</dt>
      <dd>
        {f.usd(v.distributed)} · {f.usd(v.residual)}{' '}
        <span className="muted">
          {t('reserve.fig.navOf', {
            day: v.residualDay === null ? '—' : f.day(v.residualDay),
          })}
        </span>
      </dd>
      <dt>{t('reserve.fig.multiples')}</dt>
      <dd>
        {f.ratio(v.tvpi)} · {f.ratio(v.dpi)} · {f.ratio(v.rvpi)}
      </dd>
      <dt>{t('reserve.fig.irr')}</dt>
      <dd>{irrText(f, v.irr, v.irrError)}</dd>
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
  const { t } = useFmt();
  if (view.venture !== null) return <VentureFigures v={view.venture} />;
  if (row?.hedge != null) return <HedgeFigures m={row.hedge.total} />;
  return <Empty>{t('reserve.perf.none')}</Empty>;
}
