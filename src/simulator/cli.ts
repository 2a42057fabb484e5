import { readFile } from 'node:fs/promises';
import type { Command } from '@commander-js/extra-typings';
import cliProgress from 'cli-progress';
import { CliFailure, EXIT_USAGE, printJson, printLine } from '../cli/io.ts';
import { configOrFail, type WithKazna } from '../cli/run.ts';
import type { Kazna } from '../kazna.ts';
import { NO_HISTORY_MESSAGE, storeHistory } from './history.ts';
import { resolveInflows, type ForfeitedLotsSource, type InflowSource } from './inflows.ts';
import type { History } from './paths.ts';
import { replayLines, type ReplayReport } from './replay.ts';
import { runSimulation, type RunResult } from './run.ts';
import { csvOf } from './stats.ts';

/**
 * `kazna simulate --scenario FILE --paths N --seed S --workers W [--json|--csv] [--save NAME]`
 * and `kazna simulate-replay --file FILE [--json]`. Both read the market store's prices (and, for
 * `"inflow": "forfeited_lots"`, the forfeited lots), so they also run beside a server on the same
 * data folder; `--save` stores the run as a versioned study (an audit entry), which writes.
 */
function integer(name: string): (text: string) => number {
  return (text) => {
    if (!/^\d+$/.test(text))
      throw new CliFailure(`${name} must be a whole number`, EXIT_USAGE, 'run_options_invalid');
    return Number.parseInt(text, 10);
  };
}

async function readJson(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new CliFailure(`cannot read ${path}`, EXIT_USAGE, 'file_unreadable');
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new CliFailure(`${path} is not valid JSON`, EXIT_USAGE, 'malformed_json');
  }
}

/** A progress bar on stderr; without a TTY it prints a plain line every two seconds. */
function progressBar(total: number): { tick: (n: number) => void; stop: () => void } {
  const bar = new cliProgress.SingleBar(
    {
      format: 'simulate [{bar}] {percentage}% | {value}/{total} paths | eta {eta}s',
      noTTYOutput: true,
      notTTYSchedule: 2000,
      stream: process.stderr,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0);
  let done = 0;
  return {
    tick: (n) => {
      done += n;
      bar.update(done);
    },
    stop: () => {
      bar.stop();
    },
  };
}

function printReport(r: RunResult, history: History): void {
  const report = r.report;
  printLine(
    `${report.scenario}: ${report.paths} path(s), seed ${report.seed}, ${report.start} to ${report.end}`,
  );
  const sources = Object.entries(history.sources ?? {})
    .filter(([, list]) => list.length > 0)
    .map(([asset, list]) => `${asset} ${list.join(', ')}`);
  printLine(`prices from the market store: ${sources.join('; ')}`);
  printLine(
    `values in ${report.reportingCurrency} millions; input hash ${r.inputHash.slice(0, 16)}…`,
  );
  const m = (x: number): string => (x / 1e6).toFixed(1).padStart(10);
  const pct = (x: number): string => `${(x * 100).toFixed(1)}%`.padStart(8);
  printLine(
    `${'strategy'.padEnd(12)}${'p5'.padStart(10)}${'median'.padStart(10)}${'p95'.padStart(10)}${'CAGR'.padStart(8)}${'vol'.padStart(8)}${'maxDD'.padStart(8)}${'VaR95'.padStart(10)}${'CVaR95'.padStart(10)}${'liq30d'.padStart(8)}${'fees'.padStart(10)}${'fails'.padStart(7)}`,
  );
  for (const s of report.strategies) {
    const liquid = s.liquidShare30d.mean[s.liquidShare30d.mean.length - 1] ?? 0;
    printLine(
      `${s.id.padEnd(12)}${m(s.terminalValue.p5)}${m(s.terminalValue.p50)}${m(s.terminalValue.p95)}${pct(s.cagr.p50)}${pct(s.volatility)}${pct(s.maxDrawdown.p50)}${m(s.horizonVar95)}${m(s.horizonCvar95)}${pct(liquid)}${m(s.feesPaid)}${s.failuresExpected.toFixed(2).padStart(7)}`,
    );
  }
}

export function registerSimulatorCommands(program: Command, withKazna: WithKazna): void {
  program
    .command('simulate')
    .description('compare disposal and holding strategies on history or Monte Carlo paths')
    .requiredOption('--scenario <file>', 'scenario JSON (see docs/design/simulator.md)')
    .option('--paths <n>', 'Monte Carlo paths', integer('--paths'), 1000)
    .option('--seed <s>', 'seed (0 to 4294967295)', integer('--seed'), 1)
    .option('--workers <w>', 'worker threads', integer('--workers'), 1)
    .option('--json', 'print the full result as JSON')
    .option('--csv', 'print the comparison table as CSV')
    .option('--save <name>', 'save the run as a versioned study in the database')
    .action(async (o) => {
      const input = await readJson(o.scenario);
      await withKazna(configOrFail(), simulate, o.save === undefined ? 'read' : 'write');
      async function simulate(kazna: Kazna): Promise<void> {
        const history = await historyOrFail(kazna);
        const resolved = await resolveInflows(input, forfeitedLotsIfAsked(kazna, input));
        if (!resolved.ok)
          throw new CliFailure(`${resolved.code}: ${resolved.message}`, 1, resolved.code);
        const source = resolved.value.source;
        if (source !== null && o.json !== true && o.csv !== true) printInflowSource(source);
        const bar = progressBar(o.paths);
        const result = await runSimulation(resolved.value.scenario, history, {
          paths: o.paths,
          seed: o.seed,
          workers: o.workers,
          onPaths: bar.tick,
          threaded: true,
        }).finally(bar.stop);
        if (!result.ok) throw new CliFailure(`${result.code}: ${result.message}`, 1, result.code);
        if (o.json === true) printJson(result.value);
        else if (o.csv === true) process.stdout.write(csvOf(result.value.report));
        else printReport(result.value, history);
        if (o.save !== undefined) await save(kazna, o.save, input, o.paths, o.seed);
      }
    });

  program
    .command('simulate-replay')
    .description('value a real disposal schedule at market and against alternative strategies')
    .requiredOption(
      '--file <file>',
      'replay JSON: asset, holding, sales, valuationDate, cashYield, alternatives',
    )
    .option('--json', 'print the result as JSON')
    .action(async (o) => {
      const input = await readJson(o.file);
      await withKazna(configOrFail(), replay, 'read');
      async function replay(kazna: Kazna): Promise<void> {
        const r = await kazna.services.simulator.replay(input);
        if (!r.ok) throw new CliFailure(`${r.code}: ${r.message}`, 1, r.code);
        if (o.json === true) printJson(r.value);
        else printReplay(r.value);
      }
    });
}

async function historyOrFail(kazna: Kazna): Promise<History> {
  const history = await storeHistory(kazna.services.market)();
  if (history === null) throw new CliFailure(NO_HISTORY_MESSAGE, 1, 'price_history_unavailable');
  return history;
}

/** The forfeited lots held now, when the scenario asks for them. */
function forfeitedLotsIfAsked(kazna: Kazna, input: unknown): ForfeitedLotsSource | undefined {
  const asks =
    input !== null &&
    typeof input === 'object' &&
    (input as Record<string, unknown>)['inflow'] === 'forfeited_lots';
  if (!asks) return undefined;
  return () =>
    kazna.services.seizures.lots(
      { kind: 'system', id: 'cli', roles: [], organisationId: null },
      { status: 'forfeited', limit: 10_000 },
    );
}

function printInflowSource(source: InflowSource): void {
  for (const [asset, u] of Object.entries(source.used))
    printLine(`inflow from ${u.lots} forfeited ${asset} lot(s): ${u.quantity} ${asset}`);
  for (const [asset, n] of Object.entries(source.skipped))
    printLine(`left out: ${n} forfeited ${asset} lot(s), an asset the simulator does not model`);
}

async function save(
  kazna: Kazna,
  name: string,
  scenario: unknown,
  paths: number,
  seed: number,
): Promise<void> {
  const saved = await kazna.services.simulator.saveStudy(
    { kind: 'system', id: 'cli', roles: [], organisationId: null },
    { name, scenario, paths, seed },
  );
  if (!saved.ok) throw new CliFailure(`${saved.code}: ${saved.message}`, 1, saved.code);
  printLine(`saved study "${saved.value.name}" version ${saved.value.version} (${saved.value.id})`);
}

function printReplay(v: ReplayReport): void {
  for (const line of replayLines(v)) printLine(line);
}
