import { existsSync } from 'node:fs';
import { isAssetCode } from '../../core/assets.ts';
import { toCsv } from '../../core/csv.ts';
import { formatAmount } from '../../core/money.ts';
import type { ReportBundle, ReportFigure } from '../../../verifier/src/reports.ts';
import { reportDocument } from './document.ts';

/**
 * A report's CSV and PDF. Both are views of the signed JSON bundle, which stays the document of
 * record: the PDF prints its hash and signature so a reader can fetch the bundle and verify it.
 */
export const CHROMIUM_PATH = '/usr/bin/chromium';

function unitsText(f: ReportFigure): string {
  if (f.units === null) return '';
  return f.asset !== null && isAssetCode(f.asset)
    ? formatAmount(BigInt(f.units), f.asset)
    : f.units;
}

function usdText(value: string | null): string {
  return value === null ? '' : formatAmount(BigInt(value), 'USD');
}

export const REPORT_CSV_HEADER = [
  'section',
  'figure',
  'label',
  'asset',
  'units',
  'value_usd',
  'audit_seqs',
] as const;

export function reportCsv(bundle: ReportBundle): string {
  const rows = bundle.report.figures.map((f) => [
    f.section,
    f.id,
    f.label,
    f.asset ?? '',
    unitsText(f),
    usdText(f.value),
    f.refs.map((r) => r.seq).join(';'),
  ]);
  return toCsv(REPORT_CSV_HEADER, rows);
}

/**
 * A printable page of the report (`document.ts`): title page, allocation chart, tables,
 * methodology and how to verify it. `bundleUrl` is where a reader downloads the signed bundle.
 */
export function reportHtml(
  bundle: ReportBundle,
  bundleUrl = `/api/v1/public/reports/${bundle.report.id}.json`,
): string {
  return reportDocument(bundle, bundleUrl);
}

export type PdfError = 'pdf_renderer_missing';

/** Prints the HTML view with headless Chromium; null when Chromium is not installed. */
export async function reportPdf(
  bundle: ReportBundle,
  executablePath = CHROMIUM_PATH,
): Promise<Uint8Array | null> {
  if (!existsSync(executablePath)) return null;
  // Loaded on first use: playwright is a large bundle that every start of the CLI and the server
  // would otherwise read, though only a PDF export needs it.
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath,
    args: ['--headless', '--no-sandbox', '--disable-gpu'],
  });
  try {
    const page = await browser.newPage();
    await page.setContent(reportHtml(bundle), { waitUntil: 'load' });
    return new Uint8Array(await page.pdf({ format: 'A4', printBackground: true }));
  } finally {
    await browser.close();
  }
}
