import { compact, FanChart, LineChart, SERIES_COLOURS, type Fan } from '../charts.tsx';

/** What a finished simulator job carries (src/simulator/run.ts, stats.ts, inflows.ts). */
export interface StrategyReport {
  readonly id: string;
  readonly kind: string;
  readonly label: string | null;
  readonly fan: Fan;
}

export interface RunResult {
  readonly engineVersion: number;
  readonly parameters: Record<string, unknown> & { name: string };
  readonly seed: number;
  readonly paths: number;
  readonly inputHash: string;
  readonly inflowSource: {
    readonly used: Record<string, { lots: number; quantity: string }>;
    readonly skipped: Record<string, number>;
  } | null;
  /** The market store's sources of the prices the run drew on, per asset. */
  readonly priceSources?: Readonly<Record<string, readonly string[]>>;
  readonly report: {
    readonly start: string;
    readonly end: string;
    readonly reportingCurrency: string;
    readonly contributed: { p50: number };
    readonly grid: { days: number[]; dates: string[] };
    readonly strategies: readonly StrategyReport[];
    readonly table: { columns: readonly string[]; rows: readonly (readonly (string | number)[])[] };
  };
}

const COLUMN_LABEL: Readonly<Record<string, string>> = {
  strategy: 'Strategy',
  kind: 'Kind',
  terminal_p5: 'End value p5',
  terminal_p50: 'End value median',
  terminal_p95: 'End value p95',
  cagr_p50: 'CAGR median',
  volatility: 'Volatility',
  max_drawdown_p50: 'Max drawdown',
  var95: 'VaR 95% (horizon)',
  cvar95: 'ES 95% (horizon)',
  daily_var95: 'Daily VaR 95%',
  liquid_30d_end: 'Cash in 30 d (end)',
  fees_paid: 'Fees paid',
  failures_expected: 'Failures expected',
};

const SHARES = new Set([
  'cagr_p50',
  'volatility',
  'max_drawdown_p50',
  'daily_var95',
  'liquid_30d_end',
]);

function cell(column: string, v: string | number): string {
  if (typeof v === 'string') return v;
  if (SHARES.has(column)) return `${(v * 100).toFixed(1)}%`;
  if (column === 'failures_expected') return v.toFixed(2);
  return compact(v);
}

/** The medians side by side on one scale, then each strategy's fan on its own scale. */
export function FanCharts({ result }: { result: RunResult }) {
  const { report } = result;
  return (
    <>
      <LineChart
        title="Median value by strategy"
        labels={report.grid.dates}
        series={report.strategies.map((s) => ({ name: s.label ?? s.id, values: s.fan.p50 }))}
      />
      <div className="grid2">
        {report.strategies.map((s, k) => (
          <FanChart
            key={s.id}
            title={s.label ?? s.id}
            labels={report.grid.dates}
            fan={s.fan}
            colour={SERIES_COLOURS[k % SERIES_COLOURS.length] ?? '#0b6e4f'}
          />
        ))}
      </div>
    </>
  );
}

export function ComparisonTable({ result }: { result: RunResult }) {
  const { columns, rows } = result.report.table;
  const best = columns.indexOf('terminal_p50');
  const top = Math.max(...rows.map((r) => Number(r[best] ?? 0)));
  return (
    <div style={{ overflowX: 'auto' }}>
      <table>
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c} className={c === 'strategy' || c === 'kind' ? '' : 'num'}>
                {COLUMN_LABEL[c] ?? c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={String(r[0])}>
              {r.map((v, i) => {
                const c = columns[i] ?? '';
                const strong = i === best && Number(v) === top;
                return (
                  <td key={c} className={c === 'strategy' || c === 'kind' ? '' : 'num'}>
                    {strong ? <strong>{cell(c, v)}</strong> : cell(c, v)}
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

/** Seed, hash and parameters: everything needed to rerun this result and get the same bits. */
export function Reproducibility({ result }: { result: RunResult }) {
  const file = `data:application/json;charset=utf-8,${encodeURIComponent(
    JSON.stringify(result.parameters, null, 2),
  )}`;
  const used = result.inflowSource;
  return (
    <div className="card">
      <p>
        Engine v{result.engineVersion}, seed <strong>{result.seed}</strong>,{' '}
        {result.paths.toLocaleString('en-US')} paths, {result.report.start} to {result.report.end},
        values in {result.report.reportingCurrency}.
      </p>
      <p>
        Input hash (SHA-256 of parameters, seed, paths and engine version):{' '}
        <code className="hash">{result.inputHash}</code>
      </p>
      {used === null ? null : (
        <p>
          Inflows from the forfeited lots held now:{' '}
          {Object.entries(used.used)
            .map(([a, u]) => `${u.quantity} ${a} in ${u.lots} lot${u.lots === 1 ? '' : 's'}`)
            .join(', ')}
          {Object.keys(used.skipped).length === 0
            ? ''
            : `; not modelled: ${Object.entries(used.skipped)
                .map(([a, n]) => `${n} ${a} lot${n === 1 ? '' : 's'}`)
                .join(', ')}`}
          .
        </p>
      )}
      <p>
        <a href={file} download="scenario.json">
          Download the exact parameters
        </a>{' '}
        and rerun with{' '}
        <code>
          kazna simulate --scenario scenario.json --paths {result.paths} --seed {result.seed}
        </code>{' '}
        to get the same input hash and the same figures, bit for bit.
      </p>
    </div>
  );
}
