import type { Json } from '../core/canonical.ts';
import { canonicalize } from '../core/canonical.ts';
import type { Clock } from '../core/clock.ts';
import { sha256Hex } from '../core/hash.ts';
import type { Actor } from '../core/identity.ts';
import type { IdSource } from '../core/ids.ts';
import { err, ok, type Result } from '../core/result.ts';
import { appendAudit } from '../audit/append.ts';
import type { Db } from '../db/pool.ts';
import { NO_HISTORY_MESSAGE, type HistorySource } from './history.ts';
import { needsEth, type Scenario } from './model.ts';
import type { History } from './paths.ts';
import {
  resolveInflows,
  type ForfeitedLotsSource,
  type InflowError,
  type InflowSource,
} from './inflows.ts';
import { jobRunner, type JobView } from './jobs.ts';
import {
  replayDisposal,
  usdOnly,
  type FxLookup,
  type ReplayError,
  type ReplayReport,
} from './replay.ts';
import { runSimulation, type RunError, type RunOptions, type RunResult } from './run.ts';
import {
  findStudy,
  insertStudy,
  listStudies,
  nextVersion,
  type StudyRow,
  type StudySummary,
} from './store.ts';

/**
 * The simulator's commands. Runs and replays are pure computations (no state changes, no audit);
 * saving a study runs the scenario, then stores parameters, seed and report as the next version of
 * that name, with its audit entry, in one transaction.
 */
export type SimulatorError =
  RunError | ReplayError | InflowError | 'price_history_unavailable' | 'simulator_busy';

/**
 * A run's result, with where its inflows came from when not from the scenario itself, and the
 * market store's sources of the prices it drew on (`demo-generated` marks the demo's own).
 */
export type ServiceRunResult = RunResult & {
  readonly inflowSource: InflowSource | null;
  readonly priceSources: Readonly<Record<string, readonly string[]>>;
};

export interface SaveStudyInput {
  readonly name: string;
  readonly scenario: unknown;
  readonly seed: number;
  readonly paths: number;
}

export interface SimulatorService {
  run(input: unknown, options: RunOptions): Promise<Result<ServiceRunResult, SimulatorError>>;
  /** Starts a run in the background for `owner`; poll it with `job`. Errors: simulator_busy. */
  startJob(
    owner: string,
    input: unknown,
    options: RunOptions,
  ): Result<{ readonly id: string }, SimulatorError>;
  job(owner: string, id: string): JobView<ServiceRunResult> | null;
  replay(input: unknown): Promise<Result<ReplayReport, SimulatorError>>;
  /** Errors: every `run` error; the name must be 1-200 characters (`scenario_invalid`). */
  saveStudy(actor: Actor, input: SaveStudyInput): Promise<Result<StudySummary, SimulatorError>>;
  study(id: string): Promise<StudyRow | null>;
  studies(limit: number): Promise<StudySummary[]>;
}

export interface SimulatorDeps {
  readonly db: Db;
  readonly clock: Clock;
  readonly ids: IdSource;
  readonly history: HistorySource;
  /** Worker threads for large runs (paths above `inlinePathsMax`). */
  readonly workers?: number;
  /** The seizures domain's forfeited lots, for scenarios with `inflow: 'forfeited_lots'`. */
  readonly forfeitedLots?: ForfeitedLotsSource;
  /** FX from the market store, for replays of sales in other currencies (default: USD only). */
  readonly usdIn?: FxLookup;
}

const INLINE_PATHS_MAX = 500;

/** The sources of the series a scenario drew on: BTC always, ETH when it needs it. */
function usedSources(s: Scenario, history: History): Record<string, readonly string[]> {
  const sources = history.sources ?? {};
  return Object.fromEntries(
    (needsEth(s) ? ['BTC', 'ETH'] : ['BTC']).map((a) => [a, sources[a] ?? []]),
  );
}

/** A run with its inflows resolved first (from the forfeited lots when the scenario asks). */
async function runWithInflows(
  deps: SimulatorDeps,
  input: unknown,
  options: RunOptions,
): Promise<Result<ServiceRunResult, SimulatorError>> {
  const history = await deps.history();
  if (history === null) return err('price_history_unavailable', NO_HISTORY_MESSAGE);
  const resolved = await resolveInflows(input, deps.forfeitedLots);
  if (!resolved.ok) return resolved;
  // Large runs never block the server's event loop; the worker count does not change results.
  const r = await runSimulation(resolved.value.scenario, history, {
    ...options,
    threaded: options.paths > INLINE_PATHS_MAX,
  });
  if (!r.ok) return r;
  return ok({
    ...r.value,
    inflowSource: resolved.value.source,
    priceSources: usedSources(r.value.parameters, history),
  });
}

export function createSimulator(deps: SimulatorDeps): SimulatorService {
  const workersFor = (paths: number): number =>
    paths > INLINE_PATHS_MAX ? Math.max(1, deps.workers ?? 2) : 1;

  const run = (input: unknown, options: RunOptions) => runWithInflows(deps, input, options);
  const jobs = jobRunner<ServiceRunResult>(deps.ids);

  async function saveStudy(
    actor: Actor,
    input: SaveStudyInput,
  ): Promise<Result<StudySummary, SimulatorError>> {
    const name = input.name.trim();
    if (name.length === 0 || name.length > 200) {
      return err('scenario_invalid', 'a study name is 1 to 200 characters');
    }
    const result = await run(input.scenario, {
      paths: input.paths,
      seed: input.seed,
      workers: workersFor(input.paths),
    });
    if (!result.ok) return result;
    const r = result.value;
    const reportHash = sha256Hex(canonicalize(r.report));
    return deps.db.command(async (tx) => {
      const version = await nextVersion(tx, name);
      const id = deps.ids.next<'study'>();
      const savedAt = deps.clock.now().toISOString();
      const payload = {
        id,
        name,
        version,
        engineVersion: r.engineVersion,
        parameters: r.parameters as unknown as Json,
        seed: r.seed,
        paths: r.paths,
        inputHash: r.inputHash,
        reportHash,
      };
      const entry = await appendAudit(tx, deps.clock, {
        actor,
        action: 'simulator.study.saved',
        subjects: [id],
        payload,
      });
      const row: StudyRow = {
        ...payload,
        parameters: r.parameters,
        report: r.report,
        savedBy: actor.id,
        savedAt,
        auditSeq: entry.seq.toString(),
      };
      await insertStudy(tx, row);
      return ok({ ...payload, savedBy: actor.id, savedAt, auditSeq: row.auditSeq });
    });
  }

  return {
    run,
    replay: async (input) => {
      const history = await deps.history();
      if (history === null) return err('price_history_unavailable', NO_HISTORY_MESSAGE);
      return replayDisposal(input, history, deps.usdIn ?? usdOnly);
    },
    saveStudy,
    startJob: (owner, input, options) =>
      jobs.start(owner, options.paths, (onPaths) => run(input, { ...options, onPaths })),
    job: (owner, id) => jobs.view(owner, id),
    study: (id) => findStudy(deps.db, id),
    studies: (limit) => listStudies(deps.db, limit),
  };
}
