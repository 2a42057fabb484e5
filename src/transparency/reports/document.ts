import { isAssetCode } from '../../core/assets.ts';
import { formatAmount } from '../../core/money.ts';
import type { ReportBundle, ReportFigure } from '../../../verifier/src/reports.ts';
import type { ImfView } from './model.ts';

/**
 * A published report as a reader expects one: a title page, the allocation chart, the figures in
 * tables by section, the IMF view as a table, the prices used, the methodology, and how to verify
 * it (where the signed bundle is and its hash). It is a view of the signed JSON bundle, which stays
 * the document of record, so it prints nothing as raw JSON.
 */
export function esc(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;');
}

function usd(cents: string | null): string {
  return cents === null ? '—' : `$${formatAmount(BigInt(cents), 'USD')}`;
}

function units(f: ReportFigure): string {
  if (f.units === null) return '';
  const n =
    f.asset !== null && isAssetCode(f.asset) ? formatAmount(BigInt(f.units), f.asset) : f.units;
  return `${n} ${f.asset ?? ''}`.trim();
}

const SECTION_TITLES: Readonly<Record<string, string>> = {
  holdings: 'Reserve holdings',
  managers: 'Held through external managers',
  custody: 'Seized assets in custody',
  flows: 'Flows in the period',
};

const BUCKET_COLOURS: Readonly<Record<string, string>> = {
  gold: '#b8860b',
  fx: '#1f5fbf',
  hedge_funds: '#0b6e4f',
  venture_funds: '#7a2e9e',
};

/** Horizontal bars of the reserve's buckets, each with its share of the total. */
function allocationChart(figures: readonly ReportFigure[]): string {
  const buckets = figures.filter((f) => f.id.startsWith('holdings.bucket.') && f.value !== null);
  const total = buckets.reduce((s, f) => s + BigInt(f.value ?? '0'), 0n);
  if (total <= 0n) return '<p>The reserve held nothing at the end of the period.</p>';
  const rows = buckets.map((f, i) => {
    const bps = Number((BigInt(f.value ?? '0') * 10_000n) / total);
    const bucket = f.id.slice('holdings.bucket.'.length);
    const y = 10 + i * 34;
    const width = Math.max(1, Math.round((bps / 10_000) * 360));
    return (
      `<text x="0" y="${String(y + 16)}">${esc(f.label)}</text>` +
      `<rect x="220" y="${String(y)}" width="${String(width)}" height="22" fill="${
        BUCKET_COLOURS[bucket] ?? '#666'
      }" data-bucket="${esc(bucket)}" data-share-bps="${String(bps)}"/>` +
      `<text x="${String(228 + width)}" y="${String(y + 16)}">${(bps / 100).toFixed(2)}%</text>`
    );
  });
  const height = 20 + buckets.length * 34;
  return `<svg class="chart" data-chart="allocation" width="680" height="${String(height)}" role="img" aria-label="Allocation of the reserve" xmlns="http://www.w3.org/2000/svg" font-size="11">${rows.join('')}</svg>`;
}

function figureTable(figures: readonly ReportFigure[]): string {
  const body = figures
    .map(
      (f) =>
        `<tr><td>${esc(f.label)}</td><td class="n">${esc(units(f))}</td>` +
        `<td class="n">${esc(usd(f.value))}</td><td class="refs">${esc(
          f.refs.map((r) => r.seq).join(', '),
        )}</td></tr>`,
    )
    .join('');
  return `<table><tr><th>Figure</th><th class="n">Units</th><th class="n">Value (USD)</th><th>Audit entries</th></tr>${body}</table>`;
}

function imfTable(imf: ImfView | null): string {
  if (imf === null) return '<p>No reserve valuation for the last day of the period.</p>';
  const part = (title: string, p: ImfView['officialReserveAssets']) =>
    `<tr class="group"><td colspan="2">${esc(title)}</td></tr>` +
    p.lines
      .map((l) => `<tr><td>${esc(l.item)}</td><td class="n">${esc(usd(l.value))}</td></tr>`)
      .join('') +
    `<tr class="sum"><td>Total</td><td class="n">${esc(usd(p.total))}</td></tr>`;
  return (
    `<p>${esc(imf.template)}, on ${esc(imf.day)}.</p><table>` +
    part('Official reserve assets', imf.officialReserveAssets) +
    part('Other foreign currency assets', imf.otherForeignCurrencyAssets) +
    `</table>${imf.notes.map((n) => `<p class="note">${esc(n)}</p>`).join('')}`
  );
}

function pricesTable(prices: ReportBundle['report']['prices']): string {
  const row = (p: Readonly<Record<string, string | boolean>>) => {
    const cell = (k: string) => esc(String(p[k] ?? ''));
    if (p['missing'] === true)
      return `<tr><td>${cell('asset')}</td><td colspan="4">no price on the last day</td></tr>`;
    return `<tr><td>${cell('asset')}</td><td class="n">${cell('price')} ${cell('quote')}</td><td>${cell(
      'day',
    )}</td><td>${cell('source')}</td><td>${p['stale'] === true ? 'stale' : 'current'}</td></tr>`;
  };
  return `<table><tr><th>Asset</th><th class="n">Close</th><th>Day</th><th>Source</th><th>State</th></tr>${prices.map(row).join('')}</table>`;
}

const METHODOLOGY = [
  'Gold and foreign currency are the reserve’s own ledger balances at the end of the last day of the period, valued at that day’s closing prices from the market store.',
  'Positions with external managers are valued at the latest net asset value statement on or before that day; venture funds at their reported value.',
  'Seized assets in custody are valued at the same closing prices; flows are the movements booked in the period.',
  'Amounts are exact: base units of each asset and US cents, summed without rounding; shares are rounded down to a hundredth of a percent.',
  'Every figure lists the audit-log entries it follows from; each entry has an inclusion proof against the signed checkpoint printed below.',
];

const STYLE = `body{font-family:sans-serif;font-size:10pt;margin:1.5cm;color:#222}
.title{page-break-after:always;padding-top:6cm}.title h1{font-size:26pt;margin:0 0 .4cm}
.title .sub{font-size:13pt;color:#555}table{border-collapse:collapse;width:100%;margin:.3cm 0}
td,th{border-bottom:1px solid #ccc;padding:3px 5px;text-align:left}.n{text-align:right}
tr.sum td{font-weight:bold;border-top:1px solid #444}tr.group td{font-weight:bold;background:#f3f3f3}
.refs{font-size:8pt;color:#666}code{font-size:8pt;word-break:break-all}h2{margin-top:.8cm}
.note{font-size:9pt;color:#555}`;

/** The report as a printable document (see the note at the top of this file). */
export function reportDocument(bundle: ReportBundle, bundleUrl: string): string {
  const r = bundle.report;
  const kind = r.kind === 'monthly' ? 'Monthly' : 'Quarterly';
  const sections = [...new Set(r.figures.map((f) => f.section))]
    .map(
      (s) =>
        `<h2>${esc(SECTION_TITLES[s] ?? s)}</h2>${figureTable(r.figures.filter((f) => f.section === s))}`,
    )
    .join('');
  const por =
    r.por === null
      ? '<p>No proof of reserves was published before this report.</p>'
      : `<p>The latest proof of reserves, ${esc(r.por.id)}, has SHA-256 <code>${esc(r.por.sha256)}</code>.</p>`;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Kazna ${esc(kind.toLowerCase())} report ${esc(r.period)}</title><style>${STYLE}</style></head><body>
<section class="title"><h1>The State Reserve: ${esc(kind)} report ${esc(r.period)}</h1>
<p class="sub">Period ${esc(r.from)} to ${esc(r.to)}. Values in US dollars.</p>
<p>Generated ${esc(r.generatedAt.slice(0, 10))}, signed with report key ${esc(bundle.signature.keyId)}.</p>
<p>Report SHA-256 <code>${esc(bundle.sha256)}</code></p></section>
<h2>Allocation at the end of the period</h2>${allocationChart(r.figures)}
${sections}
<h2>Reserves Data Template</h2>${imfTable(r.imf as ImfView | null)}
<h2>Prices used</h2>${pricesTable(r.prices)}
<h2>Proof of reserves</h2>${por}
<h2>Methodology</h2><ul>${[...METHODOLOGY, ...r.notes].map((n) => `<li>${esc(n)}</li>`).join('')}</ul>
<h2>How to verify this report</h2>
<ol><li>Download the signed bundle: <code>${esc(bundleUrl)}</code></li>
<li>Check that its SHA-256 is <code>${esc(bundle.sha256)}</code>.</li>
<li>Run <code>kazna-verifier report bundle.json</code>: it checks the signature, the report key's entry in the audit log, the checkpoint <code>${esc(bundle.checkpoint.body.size)}</code> with root <code>${esc(bundle.checkpoint.body.root)}</code>, and every figure's inclusion proofs.</li></ol>
<p class="note">Signature <code>${esc(bundle.signature.signature)}</code></p>
</body></html>`;
}
