import { writeFile } from 'node:fs/promises';
import type { Command } from '@commander-js/extra-typings';
import { configOrFail, type WithKazna } from '../cli/run.ts';
import { CliFailure, EXIT_FAILURE, EXIT_USAGE, printJson, printLine } from '../cli/io.ts';
import { SYSTEM } from '../core/identity.ts';
import type { Kazna } from '../kazna.ts';

/**
 * `kazna transparency report --period 2026-10 [--publish] [--out FILE] [--json]`: builds the monthly
 * (YYYY-MM) or quarterly (YYYY-Qn) report, signed; with --publish it is recorded and served publicly,
 * without it is a draft for preview. `kazna transparency por [--out FILE] [--json]` builds, signs and
 * publishes a proof of reserves. Check either with `kazna-verifier report|por FILE`.
 */
export function registerTransparencyCommands(program: Command, withKazna: WithKazna): void {
  const t = program
    .command('transparency')
    .description('transparency: signed periodic reports and proof of reserves');
  t.command('report')
    .description('build a signed monthly or quarterly report; --publish records it')
    .requiredOption('--period <period>', 'YYYY-MM (monthly) or YYYY-Qn (quarterly)')
    .option('--publish', 'record and publish it (default: an unpublished draft)')
    .option('--out <file>', 'write the bundle JSON to this file')
    .option('--json', 'print the bundle as JSON')
    .action(async (o) => {
      // A draft only reads (once the log has the report key), so it also runs beside a server.
      await withKazna(configOrFail(), draftOrPublish, o.publish === true ? 'write' : 'read');
      async function draftOrPublish(kazna: Kazna): Promise<void> {
        const publish = o.publish === true;
        const r = await kazna.services.transparency.report(SYSTEM, o.period, publish);
        if (!r.ok)
          throw new CliFailure(
            r.message,
            r.code === 'period_invalid' ? EXIT_USAGE : EXIT_FAILURE,
            r.code,
          );
        if (o.out !== undefined) await writeFile(o.out, `${JSON.stringify(r.value.bundle)}\n`);
        if (o.json === true) {
          printJson(r.value.bundle);
          return;
        }
        const b = r.value.bundle;
        printLine(
          `${publish ? 'published' : 'draft'} ${b.report.kind} report ${b.report.period}: ${b.report.figures.length} figures, sha256 ${b.sha256}`,
        );
        printLine(
          `id ${r.value.id}${r.value.auditSeq === null ? '' : `, audit entry ${r.value.auditSeq}`}`,
        );
      }
    });
  t.command('por')
    .description('build, sign and publish a proof of reserves with liabilities')
    .option('--out <file>', 'write the document JSON to this file')
    .option('--json', 'print the document as JSON')
    .action(async (o) => {
      await withKazna(configOrFail(), async (kazna) => {
        const made = await kazna.services.transparency.buildPor(SYSTEM);
        if (o.out !== undefined) await writeFile(o.out, `${JSON.stringify(made.document)}\n`);
        if (o.json === true) {
          printJson(made.document);
          return;
        }
        const body = made.document.body;
        printLine(`proof of reserves ${body.id} (${body.day}), audit entry ${made.auditSeq}`);
        for (const c of body.coverage)
          printLine(
            `  ${c.asset}: liabilities ${c.liabilities}, held ${c.custody}${c.covered ? '' : '  NOT COVERED'}`,
          );
      });
    });
}
