import { readFile } from 'node:fs/promises';
import type { Command } from '@commander-js/extra-typings';
import cliProgress from 'cli-progress';
import { configOrFail, type WithKazna } from '../cli/run.ts';
import { CliFailure, printJson, printLine } from '../cli/io.ts';
import { SYSTEM } from '../core/identity.ts';
import { formatUnitsFixed } from '../core/money.ts';
import { flowsCsv } from './routes.ts';

/**
 * `kazna reserve …`: NAV import (all or nothing, with progress), the allocation against the policy,
 * rebalancing proposals (optionally recording breaches as alerts), managers and flows. The CLI
 * offers no disposal of lots here: in-kind subscriptions are approval requests made through the API.
 */
const usd = (cents: bigint): string => formatUnitsFixed(cents, 2);

function reserveCommand(program: Command) {
  return (
    (program.commands.find((c) => c.name() === 'reserve') as Command | undefined) ??
    program.command('reserve').description('the reserve: allocation, managers, flows, NAVs')
  );
}

export function registerReserveCommands(program: Command, withKazna: WithKazna): void {
  const reserve = reserveCommand(program);
  const nav = reserve.command('nav').description('NAV statements of the managers');
  nav
    .command('import')
    .description('import NAV statements from a CSV or JSON file; one bad statement imports nothing')
    .argument('<file>', 'the CSV or JSON file')
    .option('--format <format>', 'csv or json (default: from the file name)')
    .option('--json', 'print the result as JSON')
    .option('--no-progress', 'do not draw a progress bar')
    .action(async (file, o) => {
      const config = configOrFail();
      const format = o.format ?? (file.toLowerCase().endsWith('.json') ? 'json' : 'csv');
      if (format !== 'csv' && format !== 'json')
        throw new CliFailure('--format is csv or json', 2, 'format_invalid');
      const text = await readFile(file, 'utf8');
      await withKazna(config, async (kazna) => {
        const bar = new cliProgress.SingleBar(
          {
            format: 'import |{bar}| {value}/{total} statements',
            noTTYOutput: true,
            notTTYSchedule: 2000,
            stream: process.stderr,
          },
          cliProgress.Presets.shades_classic,
        );
        const shown = { started: false };
        const r = await kazna.services.reserve.importNav(
          SYSTEM,
          { text, format },
          (done, total) => {
            if (!o.progress) return;
            if (!shown.started) bar.start(total, 0);
            shown.started = true;
            bar.update(done);
          },
        );
        if (shown.started) bar.stop();
        if (!r.ok) throw new CliFailure(`${r.code}: ${r.message}`, 1, r.code);
        if (o.json === true) printJson(r.value);
        else printLine(`imported ${r.value.imported} statement(s) (import ${r.value.importId})`);
      });
    });
  reports(reserve, withKazna);
}

type OnKazna = Parameters<WithKazna>[1];

function reports(reserve: Command, withKazna: WithKazna): void {
  /** Commands that only read also run beside a server on the same data folder (read-only). */
  const reading = (fn: OnKazna): Promise<void> => withKazna(configOrFail(), fn, 'read');
  reserve
    .command('allocation')
    .description('the allocation by bucket against the policy on a day')
    .option('--day <day>', 'ISO day (default: today)')
    .option('--json', 'print as JSON')
    .action(async (o) => {
      await reading(async (kazna) => {
        const r = kazna.services.reserve;
        const a = await r.allocation(o.day ?? r.today());
        if (!a.ok) throw new CliFailure(a.message, 1, a.code);
        if (o.json === true) {
          printJson(a.value);
          return;
        }
        printLine(
          `${a.value.day}  total ${usd(a.value.total)} USD  policy v${a.value.policyVersion ?? '-'}`,
        );
        for (const l of a.value.lines) {
          const share = Number((l.value * 10_000n) / a.value.total) / 100;
          const target =
            l.targetBps === null
              ? ''
              : `  target ${l.targetBps / 100}% ± ${(l.bandBps ?? 0) / 100}%`;
          printLine(
            `  ${l.bucket.padEnd(14)} ${usd(l.value).padStart(18)}  ${share.toFixed(2)}%${target}`,
          );
        }
      });
    });
  reserve
    .command('rebalance')
    .description('proposals to bring the allocation back to the policy')
    .option('--day <day>', 'ISO day (default: today)')
    .option('--alert', 'record each breach as a reserve alert')
    .option('--json', 'print as JSON')
    .action(async (o) => {
      // Without --alert it only proposes, so it also runs beside a server.
      const run = o.alert === true ? (fn: OnKazna) => withKazna(configOrFail(), fn) : reading;
      await run(async (kazna) => {
        const r = kazna.services.reserve;
        const day = o.day ?? r.today();
        const out =
          o.alert === true ? await r.checkAllocation(SYSTEM, day) : await r.rebalancing(day);
        if (!out.ok) throw new CliFailure(out.message, 1, out.code);
        const reb = 'rebalancing' in out.value ? out.value.rebalancing : out.value;
        if (o.json === true) {
          printJson(out.value);
          return;
        }
        for (const b of reb.breaches) printLine(`breach: ${b.message}`);
        for (const p of reb.proposals) {
          printLine(
            `${p.action} ${p.bucket}${p.managerId === null ? '' : ` ${p.managerId}`} ${usd(p.value)} USD${p.earliest === null ? '' : ` from ${p.earliest}`} (${p.note})`,
          );
        }
        if (reb.proposals.length === 0) printLine('within the policy: nothing to propose');
      });
    });
  reserve
    .command('flows')
    .description('capital flows as CSV (subscriptions, redemptions, calls, distributions)')
    .option('--manager <id>', 'one manager')
    .action(async (o) => {
      await reading(async (kazna) => {
        process.stdout.write(
          flowsCsv(await kazna.services.reserve.flows({ managerId: o.manager })),
        );
      });
    });
}
