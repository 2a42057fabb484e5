import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Command } from '@commander-js/extra-typings';
import cliProgress from 'cli-progress';
import { configOrFail, type WithKazna } from '../cli/run.ts';
import { CliFailure, printJson, printLine } from '../cli/io.ts';
import { snapshotView } from './routes.ts';
import { SYSTEM } from '../core/identity.ts';
import type { Result } from '../core/result.ts';
import type { SanctionsFile, SanctionsFileError } from './sanctions-file.ts';

/**
 * `kazna sanctions import FILE`: streams the OFAC SDN advanced XML (plain or .bz2) or a per-asset
 * address list into the next list version. The file is read and checked before the database is
 * touched, so a bad file imports nothing. The progress bar goes to stderr and falls back to a line
 * every few seconds when there is no terminal (CI logs, pipes).
 */
export function registerComplianceCommands(program: Command, withKazna: WithKazna): void {
  const sanctions = program.command('sanctions').description('sanctions lists used for screening');
  sanctions
    .command('import')
    .description(
      'import an OFAC SDN advanced XML (plain or .bz2) or sanctioned_addresses_<ASSET>.txt',
    )
    .argument('<file>', 'the file to import')
    .option('--asset <code>', 'the asset of an address list whose file name does not say it')
    .option('--json', 'print the result as JSON')
    .option('--no-progress', 'do not draw a progress bar')
    .action(async (file, options) => {
      const config = configOrFail();
      const started = performance.now();
      const { file: parsed, parserPeakRssBytes } = await readWithProgress(
        file,
        options.asset,
        options.progress,
      );
      await withKazna(config, async (kazna) => {
        const report = await kazna.services.compliance.importSanctions(SYSTEM, parsed);
        const summary = {
          created: report.created,
          snapshot: snapshotView(report.snapshot),
          addressesByAsset: countByAsset(parsed),
          durationMs: Math.round(performance.now() - started),
          // Peak resident memory of the parser process, so operators can see the import streamed.
          parserPeakRssBytes,
          peakRssBytes: process.resourceUsage().maxRSS * 1024,
        };
        if (options.json === true) printJson(summary);
        else printSummary(summary.snapshot, report.created, summary.durationMs);
      });
    });
}

/** What the parser child reports: the parsed file and its own peak memory. */
interface ChildReport {
  readonly result: Result<SanctionsFile, SanctionsFileError>;
  readonly peakRssBytes: number;
}

const CHILD = fileURLToPath(new URL('./read-file-child.ts', import.meta.url));
/**
 * The parser's process keeps V8's young generation small: the document streams through in short-lived
 * slices, and a large semi-space only lets garbage pile up between scavenges (peak RSS 214 MB with the
 * default, 182 MB with 2 MB, on the 121 MB SDN document).
 */
export const PARSER_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=2'];

/**
 * Parses in a child process: the streamed SDN file then never shares a heap with the database and
 * HTTP stack this process has loaded, so its peak memory is the parser's alone (under 250 MB).
 */
async function readWithProgress(
  path: string,
  asset: string | undefined,
  progress: boolean,
): Promise<{ file: SanctionsFile; parserPeakRssBytes: number }> {
  const bar = new cliProgress.SingleBar(
    {
      format: 'sanctions |{bar}| {percentage}% {value}/{total} bytes',
      noTTYOutput: true,
      notTTYSchedule: 2000,
      stream: process.stderr,
    },
    cliProgress.Presets.shades_classic,
  );
  const state = { started: false };
  const report = await runChild(
    [...PARSER_NODE_FLAGS, CHILD, path, ...(asset === undefined ? [] : [asset]), '--progress'],
    (read, total) => {
      if (!progress) return;
      if (!state.started) bar.start(total, 0);
      state.started = true;
      bar.update(read);
    },
  );
  if (state.started) bar.stop();
  if (!report.result.ok) throw new CliFailure(report.result.message, 1, report.result.code);
  return { file: report.result.value, parserPeakRssBytes: report.peakRssBytes };
}

function runChild(
  args: string[],
  onProgress: (read: number, total: number) => void,
): Promise<ChildReport> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      const lines = stderr.split('\n');
      stderr = lines.pop() ?? '';
      for (const line of lines) {
        const p = /^\{"read":(\d+),"total":(\d+)\}$/.exec(line);
        if (p !== null) onProgress(Number(p[1]), Number(p[2]));
      }
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) {
        reject(new Error(`the sanctions parser exited with ${String(code)}: ${stderr}`));
        return;
      }
      resolve(JSON.parse(stdout) as ChildReport);
    });
  });
}

function countByAsset(file: SanctionsFile): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const a of file.assets) counts[a] = 0;
  for (const e of file.entries) counts[e.asset] = (counts[e.asset] ?? 0) + 1;
  return counts;
}

function printSummary(s: ReturnType<typeof snapshotView>, created: boolean, ms: number): void {
  if (!created) {
    printLine(`sanctions: ${s.fileName} is already list version ${s.version}; nothing imported`);
    return;
  }
  const issued = s.issuedOn === null ? '' : `, issued ${s.issuedOn}`;
  printLine(
    `sanctions: list version ${s.version} from ${s.fileName}${issued}: ${s.entryCount} addresses ` +
      `(+${s.addedCount} -${s.removedCount}) in ${(ms / 1000).toFixed(1)} s`,
  );
}
