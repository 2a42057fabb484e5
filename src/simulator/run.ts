import { canonicalize } from '../core/canonical.ts';
import { sha256Hex } from '../core/hash.ts';
import { err, ok, type Result } from '../core/result.ts';
import { layoutOf, simulatePaths } from './engine.ts';
import { parseScenario, type Scenario, type ScenarioError } from './model.ts';
import { simulateInWorkers } from './parallel.ts';
import { pathSource, sourceDays, type History, type PathSourceError } from './paths.ts';
import { aggregate, type SimulationReport } from './stats.ts';

/**
 * One simulation run: validate everything, build the price source, run the paths (inline or over
 * worker threads), aggregate. The result carries the parameters, the seed and a hash of both, so
 * the run can be repeated and checked: same inputs and seed, same bits.
 */
export const PATHS_MAX = 100_000;
export const WORKERS_MAX = 16;

export interface RunOptions {
  readonly paths: number;
  readonly seed: number;
  readonly workers: number;
  /** Called with how many more paths have finished. */
  readonly onPaths?: (n: number) => void;
  /**
   * Run even a single worker in a thread, so the calling thread stays free (a progress bar, a
   * server). Results are the same bits either way.
   */
  readonly threaded?: boolean;
}

export type RunError = ScenarioError | PathSourceError | 'run_options_invalid';

export interface RunResult {
  readonly engineVersion: 1;
  /** The validated scenario, defaults filled in: what the run actually used. */
  readonly parameters: Scenario;
  readonly seed: number;
  readonly paths: number;
  /** SHA-256 of the canonical (parameters, seed, paths): the run's identity. */
  readonly inputHash: string;
  readonly report: SimulationReport;
}

export function checkOptions(o: RunOptions): Result<RunOptions, 'run_options_invalid'> {
  const bad = (what: string): Result<RunOptions, 'run_options_invalid'> =>
    err('run_options_invalid', what, { paths: o.paths, seed: o.seed, workers: o.workers });
  if (!Number.isInteger(o.paths) || o.paths < 1 || o.paths > PATHS_MAX) {
    return bad(`paths must be an integer from 1 to ${PATHS_MAX}`);
  }
  if (!Number.isInteger(o.seed) || o.seed < 0 || o.seed > 0xffffffff) {
    return bad('seed must be an integer from 0 to 4294967295');
  }
  if (!Number.isInteger(o.workers) || o.workers < 1 || o.workers > WORKERS_MAX) {
    return bad(`workers must be an integer from 1 to ${WORKERS_MAX}`);
  }
  return ok(o);
}

export async function runSimulation(
  input: unknown,
  history: History,
  options: RunOptions,
): Promise<Result<RunResult, RunError>> {
  const checked = checkOptions(options);
  if (!checked.ok) return checked;
  const parsed = parseScenario(input);
  if (!parsed.ok) return parsed;
  const scenario = parsed.value;
  const source = pathSource(scenario, history);
  if (!source.ok) return source;
  const days = sourceDays(source.value);
  const layout = layoutOf(scenario, days);
  const perPath = layout.strategies * layout.record;
  const { paths, seed, workers } = options;
  const onPaths = options.onPaths ?? (() => undefined);
  const records =
    workers <= 1 && options.threaded !== true
      ? simulatePaths(scenario, source.value, seed, 0, paths, () => {
          onPaths(1);
        })
      : await simulateInWorkers(scenario, source.value, seed, paths, workers, perPath, onPaths);
  return ok({
    engineVersion: 1,
    parameters: scenario,
    seed,
    paths,
    inputHash: sha256Hex(canonicalize({ parameters: scenario, seed, paths, engineVersion: 1 })),
    report: aggregate(scenario, layout, records, paths, seed),
  });
}
