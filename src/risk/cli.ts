import { readFile } from 'node:fs/promises';
import { Option, type Command } from '@commander-js/extra-typings';
import cliProgress from 'cli-progress';
import { configOrFail, type WithKazna } from '../cli/run.ts';
import { CliFailure, EXIT_USAGE, printJson, printLine } from '../cli/io.ts';
import { ASSET_CODES } from '../core/assets.ts';
import { SYSTEM } from '../core/identity.ts';
import { isCalendarDay } from '../market/model.ts';
import type { Kazna } from '../kazna.ts';
import type { RiskHolding } from './report.ts';
import type { ReportRequest } from './service.ts';

/**
 * `kazna risk report --date D [--json]`: values the holdings, runs VaR (100k Monte Carlo paths by
 * default, with a progress bar on stderr), stress tests and the liquidity ladder, and records every
 * limit breach as an audited alert. `--holdings FILE` runs it on a JSON list of holdings instead
 * (units as decimal strings of base units).
 */
export function registerRiskCommands(program: Command, withKazna: WithKazna): void {
  const risk = program.command('risk').description('risk: VaR, stress tests, liquidity, limits');
  risk
    .command('report')
    .description('the risk report for a day; limit breaches are recorded as alerts')
    .requiredOption('--date <day>', 'the day, YYYY-MM-DD')
    .addOption(
      new Option('--currency <code>', 'reporting currency').choices(ASSET_CODES).default('USD'),
    )
    .option('--holdings <file>', 'a JSON file of holdings to use instead of the reserve')
    .option('--paths <n>', 'Monte Carlo paths', '100000')
    .option('--workers <n>', 'worker threads (0 = this thread)', '2')
    .option('--seed <n>', 'Monte Carlo seed', '1')
    .option('--json', 'print the report as JSON')
    .option('--no-record', 'print the report without recording it or its alerts (read-only)')
    .action(async (o) => {
      if (!isCalendarDay(o.date))
        throw new CliFailure('--date is not a YYYY-MM-DD day', EXIT_USAGE, 'date_invalid');
      const holdings =
        o.holdings === undefined ? undefined : parseHoldings(await readFile(o.holdings, 'utf8'));
      const bar = new cliProgress.SingleBar({
        stream: process.stderr,
        noTTYOutput: true,
        notTTYSchedule: 2000,
        format: 'Monte Carlo {bar} {value}/{total} blocks',
      });
      let started = false;
      await withKazna(configOrFail(), run, o.record ? 'write' : 'read');
      async function run(kazna: Kazna): Promise<void> {
        const request: ReportRequest = {
          day: o.date,
          currency: o.currency,
          ...(holdings === undefined ? {} : { holdings }),
          run: {
            paths: Number.parseInt(o.paths, 10),
            workers: Number.parseInt(o.workers, 10),
            seed: Number.parseInt(o.seed, 10),
            onProgress: (done, total) => {
              if (!started) bar.start(total, 0);
              started = true;
              bar.update(done);
            },
          },
        };
        const risk = kazna.services.risk;
        // Without recording it only reads, so it also runs beside a server on the same data folder.
        const { report, alerts } = o.record
          ? await risk.reportAndAlert(SYSTEM, request)
          : { report: await risk.report(request), alerts: null };
        if (started) bar.stop();
        if (o.json === true) printJson({ ...report, alerts });
        else printSummary(report, alerts?.length ?? null);
      }
    });
}

function parseHoldings(text: string): RiskHolding[] {
  const revive = (key: string, value: unknown): unknown =>
    (key === 'units' || key === 'perUnit') && typeof value === 'string' ? BigInt(value) : value;
  return JSON.parse(text, revive) as RiskHolding[];
}

/** `alerts`: how many were recorded; null when the report was not recorded. */
function printSummary(
  report: Awaited<ReturnType<import('./service.ts').Risk['report']>>,
  alerts: number | null,
): void {
  printLine(
    `risk report ${report.day}: total ${report.total} ${report.currency}${report.stale ? ' (stale prices)' : ''}`,
  );
  for (const v of report.var.filter((x) => x.confidence === 0.99)) {
    printLine(
      `  VaR99 ${v.horizonDays}d ${v.method.padEnd(12)} ${v.var.toFixed(2)}  CVaR ${v.cvar.toFixed(2)}`,
    );
  }
  const worst = [...report.stress].sort((a, b) => a.pnl - b.pnl).slice(0, 3);
  for (const s of worst)
    printLine(`  stress ${s.name}: ${s.pnl.toFixed(2)} (${(s.pnlFraction * 100).toFixed(1)}%)`);
  printLine(
    `  liquidity: ${report.liquidity.rungs.map((r) => `${r.days}d ${r.cumulative}`).join(', ')}`,
  );
  printLine(
    `  ${report.breaches.length} limit breach(es), ${alerts === null ? 'not recorded' : `${alerts} alert(s) recorded`}`,
  );
}
