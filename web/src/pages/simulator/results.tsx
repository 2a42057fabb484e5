import type { z } from 'zod';
import type { SimulationRunJson } from '../../../../src/simulator/answers.ts';
import { useDates } from '../../console/names.tsx';
import { useI18n, type Key } from '../../portal/i18n.ts';
import { FanChart, LineChart, SERIES_COLOURS } from '../charts.tsx';
import { useFigures } from '../risk/format.ts';

/** What a finished simulator job carries (src/simulator/run.ts, stats.ts, inflows.ts). */
type RunResult = z.output<typeof SimulationRunJson>;

const COLUMN_KEYS: Readonly<Record<string, Key>> = {
  strategy: 'sim.col.strategy',
  kind: 'sim.col.kind',
  terminal_p5: 'sim.col.terminal_p5',
  terminal_p50: 'sim.col.terminal_p50',
  terminal_p95: 'sim.col.terminal_p95',
  cagr_p50: 'sim.col.cagr_p50',
  volatility: 'sim.col.volatility',
  max_drawdown_p50: 'sim.col.max_drawdown_p50',
  var95: 'sim.col.var95',
  cvar95: 'sim.col.cvar95',
  daily_var95: 'sim.col.daily_var95',
  liquid_30d_end: 'sim.col.liquid_30d_end',
  fees_paid: 'sim.col.fees_paid',
  failures_expected: 'sim.col.failures_expected',
};

/** The reference scenario's strategies, named by id (the scenario file names them in English). */
const LABEL_KEYS: Readonly<Record<string, Key>> = {
  auction: 'sim.strategy.auction',
  otc: 'sim.strategy.otc',
  quiet: 'sim.strategy.quiet',
  hold: 'sim.strategy.hold',
  hedge: 'sim.strategy.hedge',
  venture: 'sim.strategy.venture',
  etf: 'sim.strategy.etf',
  mix: 'sim.strategy.mix',
};

const KIND_KEYS: Readonly<Record<string, Key>> = {
  auction: 'sim.kind.auction',
  otc: 'sim.kind.otc',
  quiet: 'sim.kind.quiet',
  direct: 'sim.kind.direct',
  hedge_funds: 'sim.kind.hedge_funds',
  venture_funds: 'sim.kind.venture_funds',
  etf_equities: 'sim.kind.etf_equities',
  mix: 'sim.kind.mix',
};

export function useStrategyWords() {
  const { t } = useI18n();
  const known = (keys: Readonly<Record<string, Key>>, code: string): Key | undefined =>
    Object.hasOwn(keys, code) ? keys[code] : undefined;
  return {
    label: (s: { id: string; label?: string | null | undefined }): string => {
      const key = known(LABEL_KEYS, s.id);
      return key === undefined ? (s.label ?? s.id) : t(key);
    },
    kind: (kind: string): string => {
      const key = known(KIND_KEYS, kind);
      return key === undefined ? kind : t(key);
    },
  };
}

const SHARES = new Set([
  'cagr_p50',
  'volatility',
  'max_drawdown_p50',
  'daily_var95',
  'liquid_30d_end',
]);

/** The medians side by side on one scale, then each strategy's fan on its own scale. */
export function FanCharts({ result }: { result: RunResult }) {
  const { t } = useI18n();
  const dates = useDates();
  const w = useStrategyWords();
  const { report } = result;
  const labels = report.grid.dates.map((d) => dates.day(d));
  return (
    <>
      <p className="muted">{t('sim.chartsNote')}</p>
      <LineChart
        title={t('sim.medianChart')}
        labels={labels}
        series={report.strategies.map((s) => ({ name: w.label(s), values: s.fan.p50 }))}
      />
      <div className="grid2">
        {report.strategies.map((s, k) => (
          <FanChart
            key={s.id}
            title={w.label(s)}
            labels={labels}
            fan={s.fan}
            colour={SERIES_COLOURS[k % SERIES_COLOURS.length] ?? '#0b6e4f'}
          />
        ))}
      </div>
    </>
  );
}

export function ComparisonTable({ result }: { result: RunResult }) {
  const { t } = useI18n();
  const f = useFigures();
  const w = useStrategyWords();
  const { columns, rows } = result.report.table;
  const best = columns.indexOf('terminal_p50');
  const top = Math.max(...rows.map((r) => Number(r[best] ?? 0)));
  const strategies = result.report.strategies;
  const cell = (column: string, v: string | number, row: number): string => {
    if (column === 'strategy') {
      const s = strategies[row];
      return s === undefined ? String(v) : w.label(s);
    }
    if (column === 'kind') return w.kind(String(v));
    if (typeof v === 'string') return v;
    if (SHARES.has(column)) return f.pct(v);
    if (column === 'failures_expected') return f.num(v, 2);
    return f.compact(v);
  };
  const columnName = (c: string): string => {
    const key = Object.hasOwn(COLUMN_KEYS, c) ? COLUMN_KEYS[c] : undefined;
    return key === undefined ? c : t(key);
  };
  const numeric = (c: string): string => (c === 'strategy' || c === 'kind' ? '' : 'num');
  return (
    <div style={{ overflowX: 'auto' }}>
      <table>
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c} className={numeric(c)}>
                {columnName(c)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r, row) => (
            <tr key={String(r[0])}>
              {r.map((v, i) => {
                const c = columns[i] ?? '';
                const strong = i === best && Number(v) === top;
                return (
                  <td key={c} className={numeric(c)}>
                    {strong ? <strong>{cell(c, v, row)}</strong> : cell(c, v, row)}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The forfeited lots a run drew its coins from, and those of assets it does not model. */
function InflowLine({ used }: { used: NonNullable<RunResult['inflowSource']> }) {
  const { t } = useI18n();
  const f = useFigures();
  const drawn = Object.entries(used.used).flatMap(([asset, u]) =>
    u === undefined
      ? []
      : [t('sim.inflow.lots', { quantity: u.quantity, asset, lots: f.num(u.lots) })],
  );
  const skipped = Object.entries(used.skipped).map(([asset, n]) =>
    t('sim.inflow.skippedLots', { asset, lots: f.num(n) }),
  );
  return (
    <p>
      {t('sim.inflow', { list: drawn.join(', ') })}
      {skipped.length === 0 ? '' : `; ${t('sim.inflow.skipped', { list: skipped.join(', ') })}`}.
    </p>
  );
}

/** Seed, hash and parameters: everything needed to rerun this result and get the same bits. */
export function Reproducibility({ result }: { result: RunResult }) {
  const { t } = useI18n();
  const f = useFigures();
  const dates = useDates();
  const file = `data:application/json;charset=utf-8,${encodeURIComponent(
    JSON.stringify(result.parameters, null, 2),
  )}`;
  const used = result.inflowSource;
  return (
    <div className="card">
      <p>
        {t('sim.repro.run', {
          engine: String(result.engineVersion),
          seed: String(result.seed),
          paths: f.num(result.paths),
          from: dates.day(result.report.start),
          to: dates.day(result.report.end),
          currency: result.report.reportingCurrency,
        })}
      </p>
      <p>
        {t('sim.repro.hash')} <code className="hash">{result.inputHash}</code>
      </p>
      {used === null ? null : <InflowLine used={used} />}
      <p>
        <a href={file} download="scenario.json">
          {t('sim.repro.download')}
        </a>{' '}
        {t('sim.repro.rerun')}{' '}
        <code>
          kazna simulate --scenario scenario.json --paths {result.paths} --seed {result.seed}
        </code>{' '}
        {t('sim.repro.same')}
      </p>
    </div>
  );
}
