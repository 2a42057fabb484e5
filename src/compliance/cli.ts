import type { Command } from '@commander-js/extra-typings';
import cliProgress from 'cli-progress';
import { configOrFail, withKazna } from '../cli/core-commands.ts';
import { CliFailure, printJson, printLine } from '../cli/io.ts';
import { SYSTEM } from '../http/access.ts';
import { snapshotView } from './routes.ts';
import { readSanctionsFile, type SanctionsFile } from './sanctions-file.ts';

/**
 * `kazna sanctions import FILE`: streams the OFAC SDN advanced XML (plain or .bz2) or a per-asset
 * address list into the next list version. The file is read and checked before the database is
 * touched, so a bad file imports nothing. The progress bar goes to stderr and falls back to a line
 * every few seconds when there is no terminal (CI logs, pipes).
 */
export function registerComplianceCommands(program: Command): void {
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
      const parsed = await readWithProgress(file, options.asset, options.progress);
      await withKazna(config, async (kazna) => {
        const report = await kazna.services.compliance.importSanctions(SYSTEM, parsed);
        const summary = {
          created: report.created,
          snapshot: snapshotView(report.snapshot),
          addressesByAsset: countByAsset(parsed),
          durationMs: Math.round(performance.now() - started),
          // Peak resident memory of this process, so operators can see the import stayed streamed.
          peakRssBytes: process.resourceUsage().maxRSS * 1024,
        };
        if (options.json === true) printJson(summary);
        else printSummary(summary.snapshot, report.created, summary.durationMs);
      });
    });
}

async function readWithProgress(
  path: string,
  asset: string | undefined,
  progress: boolean,
): Promise<SanctionsFile> {
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
  const result = await readSanctionsFile(path, {
    ...(asset === undefined ? {} : { asset }),
    onProgress: (read, total) => {
      if (!progress) return;
      if (!state.started) bar.start(total, 0);
      state.started = true;
      bar.update(read);
    },
  });
  if (state.started) bar.stop();
  if (!result.ok) throw new CliFailure(result.message, 1, result.code);
  return result.value;
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
