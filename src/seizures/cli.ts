import { readFile, writeFile } from 'node:fs/promises';
import type { Command } from '@commander-js/extra-typings';
import cliProgress from 'cli-progress';
import { configOrFail, type WithKazna } from '../cli/run.ts';
import { CliFailure, printJson, printLine } from '../cli/io.ts';
import { SYSTEM } from '../core/identity.ts';
import { CSV_HEADER, errorReport, validateCsv } from './import.ts';

/**
 * `kazna cases import FILE.csv`: validates every row before touching the database. By default any
 * bad row imports nothing and writes FILE.csv.errors.csv (one line per bad row, exit 1);
 * `--skip-invalid` imports the good rows and still writes the report. The progress bar goes to
 * stderr and prints a line every two seconds when there is no terminal.
 */
export function registerSeizuresCommands(program: Command, withKazna: WithKazna): void {
  const cases = program.command('cases').description('seizure cases and their lots');
  cases
    .command('import')
    .description(`import lots from CSV with the header ${CSV_HEADER.join(',')}`)
    .argument('<file>', 'the CSV file')
    .option('--skip-invalid', 'import the valid rows even if some are invalid')
    .option('--json', 'print the result as JSON')
    .option('--no-progress', 'do not draw a progress bar')
    .action(async (file, o) => {
      const config = configOrFail();
      const checked = validateCsv(await readFile(file, 'utf8'));
      if (!checked.ok) throw new CliFailure(checked.message, 1, checked.code);
      const { rows, errors } = checked.value;
      const reportPath = `${file}.errors.csv`;
      if (errors.length > 0) await writeFile(reportPath, errorReport(errors));
      if (errors.length > 0 && o.skipInvalid !== true) {
        throw new CliFailure(
          `${errors.length} invalid row(s), nothing imported; see ${reportPath}`,
          1,
          'rows_invalid',
        );
      }
      await withKazna(config, async (kazna) => {
        const bar = new cliProgress.SingleBar(
          {
            format: 'import |{bar}| {value}/{total} lots',
            noTTYOutput: true,
            notTTYSchedule: 2000,
            stream: process.stderr,
          },
          cliProgress.Presets.shades_classic,
        );
        if (o.progress) bar.start(rows.length, 0);
        const r = await kazna.services.seizures.importRows(SYSTEM, rows, (done) => {
          if (o.progress) bar.update(done);
        });
        if (o.progress) bar.stop();
        if (!r.ok) throw new CliFailure(r.message, 1, r.code);
        const summary = { imported: r.value.lots, skipped: errors.length };
        if (o.json === true) printJson(summary);
        else printLine(`imported ${summary.imported} lot(s), skipped ${summary.skipped}`);
      });
    });
}
