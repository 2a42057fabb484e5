import { useEffect, useRef, useState } from 'react';
import { api, type Problem } from '../api.ts';
import { restoreSession } from './LoginSession.ts';
import {
  ComparisonTable,
  FanCharts,
  Reproducibility,
  type RunResult,
} from './simulator/results.tsx';
import './charts.css';

/**
 * The policy simulator: choose strategies from the reference scenario, where the coins come from
 * (the forfeited lots held now, or a typed-in quantity), the horizon, paths and seed; the run goes
 * to the server as a background job whose progress is polled; the result is a fan chart per
 * strategy, a comparison table, and what it takes to reproduce it.
 */
interface Strategy {
  readonly id: string;
  readonly label?: string;
  readonly kind: string;
}

interface Reference extends Record<string, unknown> {
  readonly strategies: readonly Strategy[];
  readonly prices: Record<string, unknown> & { start: string };
}

interface Job {
  readonly id: string;
  readonly status: 'running' | 'done' | 'failed';
  readonly pathsDone: number;
  readonly pathsTotal: number;
  readonly result: RunResult | null;
  readonly problem: { code: string; message: string } | null;
}

interface Choices {
  readonly picked: readonly string[];
  readonly inflow: 'forfeited_lots' | 'typed';
  readonly btc: string;
  readonly years: number;
  readonly paths: number;
  readonly seed: number;
}

const NO_LOTS_HINT =
  '. No BTC or ETH lot is forfeited yet (a court decides that in Cases); choose "A quantity of BTC" to run on a typed-in figure.';

/** The market store's source of the demo's prices, which are generated, never real. */
const DEMO_SOURCE = 'demo-generated';

/** Where the run's prices came from; generated demo prices say so. */
function PriceSources({ sources }: { sources: Readonly<Record<string, readonly string[]>> }) {
  const assets = Object.keys(sources);
  const all = [...new Set(Object.values(sources).flat())];
  return (
    <p className="muted" data-price-sources>
      Prices: daily {assets.join(' and ')} closes from the market store ({all.join(', ')})
      {all.includes(DEMO_SOURCE)
        ? '. These are generated for the demo, not real prices; import real history on the Market page.'
        : '.'}
    </p>
  );
}

function scenarioOf(ref: Reference, c: Choices): Record<string, unknown> {
  // The reference's own inflows are replaced by the choice below.
  const rest = Object.fromEntries(Object.entries(ref).filter(([k]) => k !== 'inflows'));
  const base = {
    ...rest,
    name: `Web run: ${c.picked.join(', ')}`,
    prices: { ...ref.prices, horizonDays: c.years * 365 },
    strategies: ref.strategies.filter((s) => c.picked.includes(s.id)),
  };
  return c.inflow === 'forfeited_lots'
    ? { ...base, inflow: 'forfeited_lots' }
    : { ...base, inflows: [{ date: ref.prices.start, asset: 'BTC', quantity: c.btc }] };
}

function useJob(onProblem: (p: Problem) => void) {
  const [job, setJob] = useState<Job | null>(null);
  const timer = useRef<number | null>(null);
  useEffect(
    () => () => {
      if (timer.current !== null) window.clearTimeout(timer.current);
    },
    [],
  );
  const poll = (id: string): void => {
    void api<Job>(`/simulator/jobs/${id}`).then((r) => {
      if (!r.ok) {
        onProblem(r.problem);
        return;
      }
      setJob(r.value);
      if (r.value.status === 'running')
        timer.current = window.setTimeout(() => {
          poll(id);
        }, 400);
    });
  };
  const start = async (body: unknown): Promise<void> => {
    setJob(null);
    const r = await api<{ id: string }>('/simulator/jobs', {
      method: 'POST',
      body: JSON.stringify(body),
    });
    if (!r.ok) {
      onProblem(r.problem);
      return;
    }
    setJob({
      id: r.value.id,
      status: 'running',
      pathsDone: 0,
      pathsTotal: 1,
      result: null,
      problem: null,
    });
    poll(r.value.id);
  };
  return { job, start };
}

export default function Simulator() {
  const [ref, setRef] = useState<Reference | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  // The reference scenario's own 1,000 BTC by default: it runs on any data set, the demo's
  // included, whose forfeited coins have already gone to the reserve and to sales.
  const [c, setC] = useState<Choices>({
    picked: ['auction', 'otc', 'hold', 'hedge', 'etf'],
    inflow: 'typed',
    btc: '1000',
    years: 5,
    paths: 1000,
    seed: 42,
  });
  const { job, start } = useJob(setProblem);
  useEffect(() => {
    restoreSession();
    void api<Reference>('/simulator/reference-scenario').then((r) => {
      if (r.ok) setRef(r.value);
      else setProblem(r.problem);
    });
  }, []);
  const run = (): void => {
    if (ref === null) return;
    setProblem(null);
    void start({ scenario: scenarioOf(ref, c), paths: c.paths, seed: c.seed, workers: 2 });
  };
  const running = job?.status === 'running';
  return (
    <div>
      <h1>Policy simulator</h1>
      <p className="muted">
        What each way of handling seized crypto would be worth, on Monte Carlo paths bootstrapped
        from the price history in the market store (import it on the Market page). Every strategy
        meets the same paths, so differences are the strategies&apos;.
      </p>
      {problem === null ? null : (
        <p className="error" role="alert">
          {problem.code}: {problem.detail ?? ''}
          {problem.code === 'no_forfeited_lots' ? NO_LOTS_HINT : ''}
        </p>
      )}
      {ref === null ? (
        <p className="muted">Loading the reference scenario…</p>
      ) : (
        <Form reference={ref} choices={c} onChange={setC} running={running} onRun={run} />
      )}
      {job === null ? null : <JobView job={job} />}
    </div>
  );
}

function Form(props: {
  reference: Reference;
  choices: Choices;
  onChange: (c: Choices) => void;
  running: boolean;
  onRun: () => void;
}) {
  const c = props.choices;
  const set = (patch: Partial<Choices>): void => {
    props.onChange({ ...c, ...patch });
  };
  const toggle = (id: string): void => {
    set({ picked: c.picked.includes(id) ? c.picked.filter((x) => x !== id) : [...c.picked, id] });
  };
  return (
    <div className="card">
      <StrategyChecks reference={props.reference} picked={c.picked} onToggle={toggle} />
      <div className="form-row">
        <label>
          Coins
          <select
            value={c.inflow}
            onChange={(e) => {
              set({ inflow: e.target.value as Choices['inflow'] });
            }}
          >
            <option value="forfeited_lots">Forfeited lots held now</option>
            <option value="typed">A quantity of BTC</option>
          </select>
        </label>
        {c.inflow === 'typed' ? (
          <label>
            BTC
            <input
              value={c.btc}
              onChange={(e) => {
                set({ btc: e.target.value });
              }}
              size={10}
            />
          </label>
        ) : null}
        <NumberChoices choices={c} set={set} />
        <button disabled={props.running || c.picked.length === 0} onClick={props.onRun}>
          {props.running ? 'Running…' : 'Run'}
        </button>
      </div>
    </div>
  );
}

function JobView({ job }: { job: Job }) {
  if (job.status === 'running') {
    const share = job.pathsTotal > 0 ? job.pathsDone / job.pathsTotal : 0;
    return (
      <div className="card" aria-live="polite">
        Running: {job.pathsDone.toLocaleString('en-US')} of {job.pathsTotal.toLocaleString('en-US')}{' '}
        paths
        <div className="progress">
          <span style={{ width: `${(share * 100).toFixed(1)}%` }} />
        </div>
      </div>
    );
  }
  if (job.status === 'failed' || job.result === null)
    return (
      <p className="error" role="alert">
        {job.problem?.code ?? 'run_failed'}: {job.problem?.message ?? ''}
        {job.problem?.code === 'no_forfeited_lots' ? NO_LOTS_HINT : ''}
      </p>
    );
  const r = job.result;
  return (
    <>
      <h2>Reserve value over time ({r.report.reportingCurrency})</h2>
      <p className="muted">
        Median value contributed: {Math.round(r.report.contributed.p50).toLocaleString('en-US')}{' '}
        {r.report.reportingCurrency}. The first chart compares medians on one scale; each fan below
        has its own.
      </p>
      {r.priceSources === undefined ? null : <PriceSources sources={r.priceSources} />}
      <FanCharts result={r} />
      <h2>Comparison</h2>
      <ComparisonTable result={r} />
      <h2>Reproduce this result</h2>
      <Reproducibility result={r} />
    </>
  );
}

function StrategyChecks(props: {
  reference: Reference;
  picked: readonly string[];
  onToggle: (id: string) => void;
}) {
  const c = { picked: props.picked };
  const toggle = props.onToggle;
  return (
    <>
      <strong>Strategies</strong>
      <div className="checks">
        {props.reference.strategies.map((s) => (
          <label key={s.id}>
            <input
              type="checkbox"
              checked={c.picked.includes(s.id)}
              onChange={() => {
                toggle(s.id);
              }}
            />{' '}
            {s.label ?? s.id} <span className="muted">({s.kind})</span>
          </label>
        ))}
      </div>
    </>
  );
}

function NumberChoices({
  choices: c,
  set,
}: {
  choices: Choices;
  set: (p: Partial<Choices>) => void;
}) {
  return (
    <>
      <label>
        Horizon
        <select
          value={c.years}
          onChange={(e) => {
            set({ years: Number(e.target.value) });
          }}
        >
          {[1, 3, 5, 10].map((y) => (
            <option key={y} value={y}>
              {y} year{y === 1 ? '' : 's'}
            </option>
          ))}
        </select>
      </label>
      <label>
        Paths
        <select
          value={c.paths}
          onChange={(e) => {
            set({ paths: Number(e.target.value) });
          }}
        >
          {[200, 1000, 5000, 20000].map((n) => (
            <option key={n} value={n}>
              {n.toLocaleString('en-US')}
            </option>
          ))}
        </select>
      </label>
      <label>
        Seed
        <input
          type="number"
          value={c.seed}
          min={0}
          onChange={(e) => {
            set({ seed: Number(e.target.value) });
          }}
        />
      </label>
    </>
  );
}
