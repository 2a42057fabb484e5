import { existsSync } from 'node:fs';
import { isAssetCode } from '../../core/assets.ts';
import { toCsv } from '../../core/csv.ts';
import { formatAmount } from '../../core/money.ts';
import type { ReportBundle, ReportFigure } from '../../../verifier/src/reports.ts';

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

function esc(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;');
}

function figureRows(figures: readonly ReportFigure[]): string {
  return figures
    .map(
      (f) =>
        `<tr><td>${esc(f.label)}</td><td>${esc(f.asset ?? '')}</td><td class="n">${esc(unitsText(f))}</td>` +
        `<td class="n">${esc(usdText(f.value))}</td><td>${esc(f.refs.map((r) => r.seq).join(', '))}</td></tr>`,
    )
    .join('');
}

/** A printable page of the report: figures by section, prices, the IMF view and how to verify. */
export function reportHtml(bundle: ReportBundle): string {
  const r = bundle.report;
  const sections = [...new Set(r.figures.map((f) => f.section))];
  const tables = sections
    .map(
      (s) =>
        `<h2>${esc(s)}</h2><table><tr><th>Figure</th><th>Asset</th><th>Units</th><th>USD</th>` +
        `<th>Audit entries</th></tr>${figureRows(r.figures.filter((f) => f.section === s))}</table>`,
    )
    .join('');
  const prices = r.prices
    .map(
      (p) =>
        `<li>${esc(
          Object.entries(p)
            .map(([k, v]) => `${k}: ${String(v)}`)
            .join(', '),
        )}</li>`,
    )
    .join('');
  const por =
    r.por === null
      ? '<p>No proof of reserves was published before this report.</p>'
      : `<p>Proof of reserves ${esc(r.por.id)}, SHA-256 ${esc(r.por.sha256)}</p>`;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Kazna ${esc(r.kind)} report ${esc(r.period)}</title>
<style>body{font-family:sans-serif;font-size:10pt;margin:1.5cm}table{border-collapse:collapse;width:100%}
td,th{border:1px solid #999;padding:2px 4px;text-align:left}.n{text-align:right;font-family:monospace}
code{font-size:8pt;word-break:break-all}</style></head><body>
<h1>Kazna ${esc(r.kind)} report ${esc(r.period)}</h1>
<p>Period ${esc(r.from)} to ${esc(r.to)}, generated ${esc(r.generatedAt)}. Values in USD.</p>
${tables}
<h2>Prices</h2><ul>${prices}</ul>
<h2>Reserves Data Template</h2><pre>${esc(JSON.stringify(r.imf, null, 2))}</pre>
<h2>Proof of reserves</h2>${por}
<h2>Notes</h2><ul>${r.notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul>
<h2>Verification</h2>
<p>Report SHA-256 <code>${esc(bundle.sha256)}</code></p>
<p>Signed by report key ${esc(bundle.signature.keyId)}: <code>${esc(bundle.signature.signature)}</code></p>
<p>Checkpoint ${esc(bundle.checkpoint.body.size)} root <code>${esc(bundle.checkpoint.body.root)}</code></p>
<p>Download the JSON bundle and run <code>kazna-verifier report bundle.json</code>.</p>
</body></html>`;
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
