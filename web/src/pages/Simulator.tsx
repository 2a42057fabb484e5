import { useEffect, useRef, useState } from 'react';
import type { z } from 'zod';
import {
  SimulationParametersJson,
  SimulatorJobsJson,
  SimulatorJobsPostJson,
} from '../../../src/simulator/answers.ts';
import { fetchAnswer, type Problem } from '../api.ts';
import { useI18n } from '../portal/i18n.ts';
import { Loading, ProblemNote } from '../ui/common.tsx';
import { restoreSession } from './LoginSession.ts';
import { useFigures } from './risk/format.ts';
import {
  ComparisonTable,
  FanCharts,
  Reproducibility,
  useStrategyWords,
} from './simulator/results.tsx';
import './charts.css';

/**
 * The policy simulator: choose strategies from the reference scenario, where the coins come from
 * (the forfeited lots held now, or a typed-in quantity), the horizon, paths and seed; the run goes
 * to the server as a background job whose progress is polled; the result is a fan chart per
 * strategy, a comparison table, and what it takes to reproduce it.
 */
type Reference = z.output<typeof SimulationParametersJson>;
type Job = z.output<typeof SimulatorJobsJson>;

interface Choices {
  readonly picked: readonly string[];
  readonly inflow: 'forfeited_lots' | 'typed';
  readonly btc: string;
  readonly years: number;
  readonly paths: number;
  readonly seed: number;
}

/** The market store's source of the demo's prices, which are generated, never real. */
const DEMO_SOURCE = 'demo-generated';

/** Where the run's prices came from; generated demo prices say so. */
function PriceSources({ sources }: { sources: Readonly<Record<string, readonly string[]>> }) {
  const { t } = useI18n();
  const assets = Object.keys(sources);
  const all = [...new Set(Object.values(sources).flat())];
  return (
    <p className="muted" data-price-sources>
      {t('sim.prices', { assets: assets.join(', '), sources: all.join(', ') })}
      {all.includes(DEMO_SOURCE) ? ` ${t('sim.prices.generated')}` : ''}
    </p>
  );
}

/** A run that could not start or failed, with what to do when no lot is forfeited yet. */
function RunProblem({ problem }: { problem: Problem }) {
  const { t } = useI18n();
  return (
    <>
      <ProblemNote problem={problem} />
      {problem.code === 'no_forfeited_lots' ? <p className="muted">{t('sim.noLots')}</p> : null}
    </>
  );
}

/** The day the run starts: a bootstrap's own start, a historical replay's first day. */
function startOf(ref: Reference): string {
  return ref.prices.kind === 'bootstrap' ? ref.prices.start : ref.prices.from;
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
    : { ...base, inflows: [{ date: startOf(ref), asset: 'BTC', quantity: c.btc }] };
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
    void fetchAnswer(`/simulator/jobs/${id}`, SimulatorJobsJson).then((r) => {
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
    const r = await fetchAnswer('/simulator/jobs', SimulatorJobsPostJson, {
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
  const { t } = useI18n();
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
    void fetchAnswer('/simulator/reference-scenario', SimulationParametersJson).then((r) => {
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
      <h1>{t('sim.title')}</h1>
      <p className="muted">{t('sim.lead')}</p>
      {problem === null ? null : <RunProblem problem={problem} />}
      {ref === null ? (
        problem === null ? (
          <Loading />
        ) : null
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
  const { t } = useI18n();
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
          {t('sim.coins')}
          <select
            value={c.inflow}
            onChange={(e) => {
              set({ inflow: e.target.value === 'forfeited_lots' ? 'forfeited_lots' : 'typed' });
            }}
          >
            <option value="forfeited_lots">{t('sim.coins.forfeited')}</option>
            <option value="typed">{t('sim.coins.typed')}</option>
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
          {props.running ? t('sim.running') : t('sim.run')}
        </button>
      </div>
    </div>
  );
}

function JobView({ job }: { job: Job }) {
  const { t } = useI18n();
  const f = useFigures();
  if (job.status === 'running') {
    const share = job.pathsTotal > 0 ? job.pathsDone / job.pathsTotal : 0;
    return (
      <div className="card" aria-live="polite">
        {t('sim.progress', { done: f.num(job.pathsDone), total: f.num(job.pathsTotal) })}
        <div className="progress">
          <span style={{ width: `${(share * 100).toFixed(1)}%` }} />
        </div>
      </div>
    );
  }
  if (job.status === 'failed' || job.result === null)
    return (
      <RunProblem
        problem={{
          status: 0,
          code: job.problem?.code ?? 'run_failed',
          detail: job.problem?.message ?? '',
        }}
      />
    );
  const r = job.result;
  const currency = r.report.reportingCurrency;
  return (
    <>
      <h2>{t('sim.valueOverTime', { currency })}</h2>
      <p className="muted">
        {t('sim.contributed', { amount: f.amount(Math.round(r.report.contributed.p50), currency) })}
      </p>
      <PriceSources sources={r.priceSources} />
      <FanCharts result={r} />
      <h2>{t('sim.comparison')}</h2>
      <ComparisonTable result={r} />
      <h2>{t('sim.reproduce')}</h2>
      <Reproducibility result={r} />
    </>
  );
}

function StrategyChecks(props: {
  reference: Reference;
  picked: readonly string[];
  onToggle: (id: string) => void;
}) {
  const { t } = useI18n();
  const w = useStrategyWords();
  return (
    <>
      <strong>{t('sim.strategies')}</strong>
      <div className="checks">
        {props.reference.strategies.map((s) => (
          <label key={s.id}>
            <input
              type="checkbox"
              checked={props.picked.includes(s.id)}
              onChange={() => {
                props.onToggle(s.id);
              }}
            />{' '}
            {w.label(s)} <span className="muted">({w.kind(s.kind)})</span>
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
  const { t } = useI18n();
  const f = useFigures();
  return (
    <>
      <label>
        {t('sim.horizon')}
        <select
          value={c.years}
          onChange={(e) => {
            set({ years: Number(e.target.value) });
          }}
        >
          {[1, 3, 5, 10].map((y) => (
            <option key={y} value={y}>
              {t(y === 1 ? 'sim.year' : 'sim.years', { years: f.num(y) })}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('sim.paths')}
        <select
          value={c.paths}
          onChange={(e) => {
            set({ paths: Number(e.target.value) });
          }}
        >
          {[200, 1000, 5000, 20000].map((n) => (
            <option key={n} value={n}>
              {f.num(n)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('sim.seed')}
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
