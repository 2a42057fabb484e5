import { readFileSync } from 'node:fs';
import { loadSharedSeries } from '../test/support/shared-prices.ts';
import { parseScenario, type Scenario } from '../src/simulator/model.ts';
import { fillPath, pathSource, type PathSource } from '../src/simulator/paths.ts';
import { stream, streamKeyOf } from '../src/simulator/rng.ts';
import { runSimulation } from '../src/simulator/run.ts';
import { newTrace } from '../src/simulator/strategies/common.ts';
import { compile } from '../src/simulator/strategies/compile.ts';
import { planOf } from '../src/simulator/engine.ts';
import { nowMs, type Bench } from './harness.ts';

/**
 * The policy simulator at full size: 6 strategies x 10,000 Monte Carlo paths x 10 years of daily
 * steps, on 1 and on 2 worker threads, against a naive baseline measured in the same run. The
 * baseline runs the same strategy models but the obvious way: it keeps every daily value of every
 * path and sorts each day's column for its quantiles and computes returns with array methods. It
 * runs on fewer paths and is reported per path.
 */
const PATHS = Number(process.env['KAZNA_BENCH_SIM_PATHS'] ?? 10_000);
const NAIVE_PATHS = Math.max(50, Math.round(PATHS / 20));
const KEEP = ['auction', 'otc', 'quiet', 'hold', 'hedge', 'venture'];

function scenario(): Scenario {
  const text = readFileSync(
    new URL('../src/simulator/scenarios/reference.json', import.meta.url),
    'utf8',
  );
  const raw = JSON.parse(text) as { strategies: { id: string }[] };
  const parsed = parseScenario({
    ...raw,
    strategies: raw.strategies.filter((s) => KEEP.includes(s.id)),
  });
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.value;
}

function quantileOf(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(q * (s.length - 1))] ?? Number.NaN;
}

/** The obvious implementation: whole matrices of plain arrays, a sort per day and per metric. */
function naive(s: Scenario, source: PathSource, paths: number): number {
  const days = source.kind === 'bootstrap' ? source.days : source.btc.length - 1;
  const plan = planOf(s, days);
  const runners = s.strategies.map((x) => compile(x, plan));
  const matrix: number[][][] = s.strategies.map(() => []);
  const btc = new Float64Array(days + 1);
  const eth = new Float64Array(days + 1);
  for (let p = 0; p < paths; p++) {
    fillPath(source, stream(1, p, 0), btc, eth);
    runners.forEach((run, k) => {
      const tr = newTrace(days);
      run([btc, eth], stream(1, p, streamKeyOf(s.strategies[k]?.id ?? '')), tr);
      matrix[k]?.push(Array.from(tr.value));
    });
  }
  let checksum = 0;
  for (const values of matrix) {
    for (let t = 0; t <= days; t++) {
      const column = values.map((v) => v[t] ?? 0);
      checksum += quantileOf(column, 0.05) + quantileOf(column, 0.5) + quantileOf(column, 0.95);
    }
    const returns = values.map((v) =>
      v.slice(1).map((x, i) => ((v[i] ?? 0) > 0 ? Math.log(x / (v[i] ?? 1)) : 0)),
    );
    checksum += quantileOf(
      returns.map((r) => quantileOf(r, 0.05)),
      0.5,
    );
  }
  return checksum;
}

export const simulatorBench: Bench = async (ctx) => {
  let btc;
  let eth;
  try {
    btc = await loadSharedSeries('BTC');
    eth = await loadSharedSeries('ETH');
  } catch {
    ctx.progress('simulator: the shared price series are missing; skipped');
    return;
  }
  const s = scenario();
  const source = pathSource(s, { btc, eth });
  if (!source.ok) throw new Error(source.message);
  const label = `${KEEP.length} strategies x ${PATHS} paths x 3650 days`;

  ctx.progress(`simulator: naive baseline on ${NAIVE_PATHS} paths`);
  let t0 = nowMs();
  naive(s, source.value, NAIVE_PATHS);
  const naivePerPath = (nowMs() - t0) / NAIVE_PATHS;

  const timed = async (workers: number): Promise<{ wall: number; cpu: number }> => {
    ctx.progress(`simulator: ${label}, ${workers} worker(s)`);
    const c0 = process.cpuUsage();
    t0 = nowMs();
    const r = await runSimulation(s, { btc, eth }, { paths: PATHS, seed: 1, workers });
    if (!r.ok) throw new Error(r.message);
    return { wall: (nowMs() - t0) / 1000, cpu: process.cpuUsage(c0).user / 1e6 };
  };
  const one = await timed(1);
  const two = await timed(2);
  ctx.report({ name: `simulate ${label}, 1 worker, wall`, value: one.wall, unit: 's' });
  ctx.report({
    name: `simulate ${label}, 2 workers, wall`,
    value: two.wall,
    unit: 's',
    baseline: { name: '1 worker', value: one.wall },
    note: 'lower is better; 0.5 is a perfect 2x speed-up',
  });
  // The machine is shared: CPU time shows the work itself, whatever else is running.
  ctx.report({ name: `simulate ${label}, 1 worker, cpu`, value: one.cpu, unit: 's' });
  ctx.report({
    name: `simulate ${label}, 2 workers, cpu`,
    value: two.cpu,
    unit: 's',
    baseline: { name: '1 worker', value: one.cpu },
    note: 'near 1 means no work is duplicated across workers',
  });
  ctx.report({
    name: 'simulate ms per path (1 worker, wall)',
    value: (one.wall * 1000) / PATHS,
    unit: 'ms',
    baseline: { name: 'naive', value: naivePerPath },
    note: 'lower is better',
  });
};
