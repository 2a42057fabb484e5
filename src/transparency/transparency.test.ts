import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM } from '../core/identity.ts';
import { authHeaders, testKazna, testTargets, type TestKazna } from '../../test/support/targets.ts';
import {
  claimantCommitment,
  recordIdsIn,
  verifyClaimProof,
  verifyPorDocument,
  type ClaimProofDocument,
  type PorDocument,
} from '../../verifier/src/por.ts';
import { verifyLotReceipt, type LotReceipt } from '../../verifier/src/receipts.ts';
import {
  verifyReportBundle,
  verifyReportBundleText,
  type ReportBundle,
} from '../../verifier/src/reports.ts';
import { ADDRESSES } from '../../test/support/seizures.ts';
import { CHROMIUM_PATH, reportHtml } from './reports/export.ts';
import { octoberActivity, type Activity } from '../../test/support/transparency.ts';

const VERIFIER_CLI = join(import.meta.dirname, '../../verifier/src/cli.ts');

async function auditSize(k: TestKazna): Promise<number> {
  return k.services.audit.size();
}

/** Runs the verifier's command line; its exit status and what it printed. */
function verifierCli(args: readonly string[]): { status: number; stdout: string } {
  try {
    const stdout = execFileSync(process.execPath, [VERIFIER_CLI, ...args], { encoding: 'utf8' });
    return { status: 0, stdout };
  } catch (error) {
    const failed = error as { status?: number; stdout?: string };
    return { status: failed.status ?? -1, stdout: failed.stdout ?? '' };
  }
}

function edited(bundle: ReportBundle, edit: (b: Record<string, unknown>) => void): ReportBundle {
  const copy = JSON.parse(JSON.stringify(bundle)) as Record<string, unknown>;
  edit(copy);
  return copy as unknown as ReportBundle;
}

describe.each(testTargets())('transparency reports on $label PostgreSQL', (target) => {
  let k: TestKazna;
  let activity: Activity;
  let por: PorDocument;
  let monthly: ReportBundle;
  let monthlyId: string;

  beforeAll(async () => {
    k = await testKazna(target);
    activity = await octoberActivity(k);
    por = (await k.services.transparency.buildPor(SYSTEM)).document;
    const r = await k.services.transparency.report(SYSTEM, '2026-10', true);
    if (!r.ok) throw new Error(r.message);
    monthly = r.value.bundle;
    monthlyId = r.value.id;
  }, 120_000);
  afterAll(() => k.close());

  it('refuses a period with no data, clearly, and writes nothing', async () => {
    const headers = await authHeaders(k, 'investment_officer');
    const before = await auditSize(k);
    const r = await k.services.transparency.report(SYSTEM, '2019-03', true);
    expect(r.ok ? 'ok' : r.code).toBe('no_data_for_period');
    expect(await auditSize(k)).toBe(before);
    const res = await k.app.inject({
      method: 'POST',
      url: '/api/v1/transparency/reports',
      headers,
      payload: { period: '2019-Q1' },
    });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code: 'no_data_for_period' });
    expect(await auditSize(k)).toBe(before);
    const bad = await k.services.transparency.report(SYSTEM, '2026-13', false);
    expect(bad.ok ? 'ok' : bad.code).toBe('period_invalid');
  });

  it('refuses to publish a period that has not ended, with its code, and writes nothing', async () => {
    const headers = await authHeaders(k, 'investment_officer');
    const before = await auditSize(k);
    // The clock stands on 2026-11-02: November and the fourth quarter are still running.
    const r = await k.services.transparency.report(SYSTEM, '2026-11', true);
    expect(r.ok ? 'ok' : r.code).toBe('period_not_ended');
    const res = await k.app.inject({
      method: 'POST',
      url: '/api/v1/transparency/reports',
      headers,
      payload: { period: '2026-Q4' },
    });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'period_not_ended' });
    expect(await auditSize(k)).toBe(before);
    expect(await k.services.transparency.reports({ limit: 10 })).toHaveLength(1);
    // A draft is a preview and may look ahead; the day after the period ends, it can be published.
    const draft = await k.services.transparency.report(SYSTEM, '2026-11', false);
    expect(draft.ok).toBe(true);
  });

  it('publishes a monthly report whose figures follow from logged entries', async () => {
    const ids = monthly.report.figures.map((f) => f.id);
    expect(ids).toEqual(
      expect.arrayContaining([
        'holdings.bucket.gold',
        'holdings.bucket.fx',
        'holdings.total',
        'custody.seizure_wallet.USDT',
        'flows.seized.BTC',
        'flows.forfeited.BTC',
        'flows.restituted.USDT',
        'flows.to_reserve.BTC',
      ]),
    );
    const byId = new Map(monthly.report.figures.map((f) => [f.id, f]));
    expect(byId.get('flows.seized.BTC')).toMatchObject({ units: '150000000', value: '9000000' });
    expect(byId.get('flows.restituted.USDT')?.units).toBe('100000000');
    // 79245.283018 oz at $2,650 plus $100M and EUR 37M at 1.08.
    expect(byId.get('holdings.bucket.gold')?.value).toBe('21000000000');
    expect(byId.get('holdings.total')?.value).toBe('34996000000');
    expect(byId.get('holdings.bucket.gold')?.refs.length).toBeGreaterThan(0);
    expect(monthly.report.por?.id).toBe(por.body.id);
    const entry = await k.services.audit.entries({
      action: 'transparency.report.published',
      order: 'asc',
      limit: 5,
    });
    expect(entry.entries.map((e) => e.payload)).toEqual([
      expect.objectContaining({ reportId: monthlyId, sha256: monthly.sha256, period: '2026-10' }),
    ]);
    const again = await k.services.transparency.report(SYSTEM, '2026-10', true);
    expect(again.ok ? 'ok' : again.code).toBe('report_already_published');
  });

  it('verifies offline with the standalone verifier, as a library and from its command line', async () => {
    const check = verifyReportBundle(monthly);
    expect(check.problems).toEqual([]);
    expect(check.ok).toBe(true);
    expect(check.checked.auditRefs).toBeGreaterThan(5);
    const dir = await mkdtemp(join(tmpdir(), 'kazna-report-'));
    const file = join(dir, 'bundle.json');
    const served = await k.app.inject({ url: `/api/v1/public/reports/${monthlyId}` });
    await writeFile(file, served.body);
    expect(verifierCli(['report', file]).stdout).toMatch(/^ok: /);
    const tampered = served.body.replace('"units":"150000000"', '"units":"150000001"');
    expect(tampered).not.toBe(served.body);
    await writeFile(file, tampered);
    const failed = verifierCli(['report', file]);
    expect(failed.status).toBe(1);
    // The first such figure in the bundle is the BTC held in custody.
    expect(failed.stdout).toContain('figure custody.seizure_wallet.BTC: changed after signing');
  });

  it('names the figure, the liability or the signature that was changed', () => {
    const figure = edited(monthly, (b) => {
      const f = (b['report'] as { figures: { id: string; value: string }[] }).figures.find(
        (x) => x.id === 'holdings.bucket.fx',
      );
      if (f !== undefined) f.value = '1';
    });
    const f = verifyReportBundle(figure);
    expect(f.ok).toBe(false);
    expect(f.problems).toContain('figure holdings.bucket.fx: changed after signing');
    expect(f.problems.some((p) => p.startsWith('sum holdings.total:'))).toBe(true);

    const liability = edited(monthly, (b) => {
      const trees = (
        b['por'] as {
          body: {
            trees: { side: string; asset: string; leaves: { leaf: { amount: string } }[] }[];
          };
        }
      ).body.trees;
      const leaf = trees.find((t) => t.side === 'liabilities' && t.asset === 'USDT')?.leaves[0];
      if (leaf !== undefined) leaf.leaf.amount = '1';
    });
    const l = verifyReportBundle(liability);
    expect(l.ok).toBe(false);
    expect(l.problems.join('\n')).toContain('por: tree liabilities/USDT leaf 0 (victim_claim)');

    const signature = edited(monthly, (b) => {
      const s = b['signature'] as { signature: string };
      s.signature = `${s.signature.slice(0, -2)}${s.signature.endsWith('00') ? '01' : '00'}`;
    });
    const s = verifyReportBundle(signature);
    expect(s.ok).toBe(false);
    expect(s.problems.join('\n')).toMatch(/report signature: does not verify under report key/);

    const checkpoint = edited(monthly, (b) => {
      const c = b['checkpoint'] as { signature: string };
      c.signature = `${c.signature.slice(0, -2)}${c.signature.endsWith('00') ? '01' : '00'}`;
    });
    expect(verifyReportBundle(checkpoint).problems).toContain(
      'checkpoint signature: does not verify under the log key',
    );
  });

  it('detects any single changed byte of a bundle', () => {
    const text = JSON.stringify(monthly);
    fc.assert(
      fc.property(
        fc.nat({ max: text.length - 1 }),
        fc.integer({ min: 0x20, max: 0x7e }),
        (at, code) => {
          fc.pre(text.charCodeAt(at) !== code);
          const changed = `${text.slice(0, at)}${String.fromCharCode(code)}${text.slice(at + 1)}`;
          expect(verifyReportBundleText(changed).ok).toBe(false);
        },
      ),
      { numRuns: 300, seed: 7 },
    );
  });

  it('proves reserves against liabilities, and gives a claimant their leaf without naming them', async () => {
    const check = verifyPorDocument(por);
    expect(check.problems).toEqual([]);
    const usdt = por.body.coverage.find((c) => c.asset === 'USDT');
    // 500 USDT of the approved claim is still owed; the lot holds 900.
    expect(usdt).toEqual({
      asset: 'USDT',
      liabilities: '500000000',
      custody: '900000000',
      covered: true,
    });
    const usd = por.body.coverage.find((c) => c.asset === 'USD');
    expect(usd).toEqual({
      asset: 'USD',
      liabilities: '2950000',
      custody: '2950000',
      covered: true,
    });
    const text = JSON.stringify(por);
    expect(text).not.toContain(activity.claimId);
    // No person, party, officer or internal custody note in anything served publicly.
    for (const published of [text, JSON.stringify(monthly)])
      for (const secret of [
        activity.claimantRef,
        'party:0f0f0f0f',
        'tr-officer',
        'tr-registrar',
        'police cold wallet',
      ])
        expect(published).not.toContain(secret);

    const receipt = await k.app.inject({
      url: `/api/v1/transparency/claims/${activity.claimId}/receipt`,
      headers: await authHeaders(k, 'court_registrar'),
    });
    expect(receipt.statusCode).toBe(200);
    const { salt, commitment } = receipt.json<{ salt: string; commitment: string }>();
    expect(commitment).toBe(claimantCommitment(activity.claimId, salt));
    const anonymous = await k.app.inject({
      url: `/api/v1/transparency/claims/${activity.claimId}/receipt`,
    });
    expect(anonymous.statusCode).toBe(401);

    const proof = await k.app.inject({
      url: `/api/v1/public/proof-of-reserves/latest/claims/${commitment}/proof`,
    });
    expect(proof.statusCode).toBe(200);
    const doc = proof.json<ClaimProofDocument>();
    expect(doc.leaf).toMatchObject({ category: 'victim_claim', amount: '500000000' });
    expect(verifyClaimProof(doc, { claimId: activity.claimId, salt }, por)).toEqual({
      ok: true,
      problems: [],
    });
    const wrongSalt = verifyClaimProof(
      doc,
      { claimId: activity.claimId, salt: '00'.repeat(32) },
      por,
    );
    expect(wrongSalt.problems).toContain(
      'the leaf is not the commitment of this claim id and salt',
    );
    const missing = await k.app.inject({
      url: `/api/v1/public/proof-of-reserves/latest/claims/${'ab'.repeat(32)}/proof`,
    });
    expect(missing.json()).toMatchObject({ code: 'leaf_not_found' });
  });

  it('names no record in public documents, and lists only the addresses the rule publishes', async () => {
    expect(por.body.format).toBe('kazna.por/v2');
    expect(monthly.report.format).toBe('kazna.report/v2');
    expect(recordIdsIn(por, [por.body.id])).toEqual([]);
    expect(recordIdsIn(monthly.report, [monthly.report.id, por.body.id])).toEqual([]);
    const lots = (tree: string) =>
      por.body.trees
        .filter((t) => `${t.side}/${t.asset}` === tree)
        .flatMap((t) => t.leaves.map((l) => l.leaf))
        .filter((l) => l['category'] === 'custody_lot');
    // The BTC lot is forfeited and in a state wallet; the USDT lot is owed to victims.
    expect(lots('custody/BTC').map((l) => l['addresses'])).toEqual([[ADDRESSES.btc]]);
    expect(lots('custody/USDT').map((l) => l['addresses'])).toEqual([[]]);
    expect(JSON.stringify(monthly)).not.toContain(ADDRESSES.tron);
    const shown = await k.app.inject({ url: '/api/v1/public/addresses' });
    expect(shown.json<{ lots: { addresses: string[] }[] }>().lots).toMatchObject([
      { addresses: [ADDRESSES.btc] },
    ]);
  });

  it("hands a lot's officials its receipt, which verifies offline, and nobody else", async () => {
    const police = await authHeaders(k, 'enforcement_officer', {
      organisationId: activity.organisations.police,
    });
    const url = (lot: string) => `/api/v1/transparency/lots/${lot}/receipt`;
    const res = await k.app.inject({ url: url(activity.lotIds.btc), headers: police });
    expect(res.statusCode, res.body).toBe(200);
    const receipt = res.json<LotReceipt>();
    expect(receipt.leaves.map((l) => `${l.side}/${l.asset} ${String(l.leaf['category'])}`)).toEqual(
      ['custody/BTC custody_lot'],
    );
    expect(verifyLotReceipt(receipt, por)).toEqual({ ok: true, problems: [] });
    // Sold early: the lot holds nothing, and its escrow is both held and owed.
    const eth = await k.app.inject({ url: url(activity.lotIds.eth), headers: police });
    const ethLeaves = eth.json<LotReceipt>().leaves;
    expect(ethLeaves.map((l) => `${l.side} ${String(l.leaf['category'])}`).sort()).toEqual([
      'custody escrow_account',
      'liabilities escrowed_proceeds',
    ]);
    const dir = await mkdtemp(join(tmpdir(), 'kazna-receipt-'));
    const [file, porFile] = [join(dir, 'receipt.json'), join(dir, 'por.json')];
    await writeFile(porFile, JSON.stringify(por));
    await writeFile(file, res.body);
    expect(verifierCli(['receipt', file, '--por', porFile]).stdout).toMatch(/^ok: /);
    await writeFile(file, JSON.stringify({ ...receipt, salt: '00'.repeat(32) }));
    const refused = verifierCli(['receipt', file, '--por', porFile]);
    expect(refused.status).toBe(1);
    expect(refused.stdout).toContain('the commitment is not the one of this lot id and salt');
    const court = await authHeaders(k, 'court_registrar', {
      organisationId: activity.organisations.court,
    });
    const elsewhere = await k.app.inject({ url: url(activity.lotIds.btc), headers: court });
    expect(elsewhere.json()).toMatchObject({ code: 'lot_not_found' });
    expect((await k.app.inject({ url: url(activity.lotIds.btc) })).statusCode).toBe(401);
    const noPor = await k.app.inject({
      url: `${url(activity.lotIds.btc)}?por=${activity.claimId}`,
      headers: police,
    });
    expect(noPor.json()).toMatchObject({ code: 'por_not_found' });
  });

  it('serves reports publicly as JSON, CSV and PDF, and the IMF template view', async () => {
    const list = await k.app.inject({ url: '/api/v1/public/reports?limit=1' });
    expect(list.statusCode).toBe(200);
    expect(list.json()).toMatchObject({ reports: [{ id: monthlyId, period: '2026-10' }] });
    const csv = await k.app.inject({ url: `/api/v1/public/reports/${monthlyId}.csv` });
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body.split('\n')[0]).toBe('section,figure,label,asset,units,value_usd,audit_seqs');
    expect(csv.body).toContain('flows,flows.seized.BTC,BTC seized,BTC,1.5,90000,');
    const imf = await k.app.inject({ url: '/api/v1/public/imf-template/2026-10-31' });
    expect(imf.json()).toMatchObject({
      officialReserveAssets: { total: '34996000000' },
      otherForeignCurrencyAssets: { total: '0' },
    });
    expect(JSON.stringify(imf.json())).toContain('BPM7');
    const latest = await k.app.inject({ url: '/api/v1/public/proof-of-reserves/latest' });
    expect(latest.json<PorDocument>().sha256).toBe(por.sha256);
    const noAuth = await k.app.inject({
      method: 'POST',
      url: '/api/v1/transparency/proof-of-reserves',
    });
    expect(noAuth.statusCode).toBe(401);
  });

  it('reads as a report: title page, allocation chart, tables, methodology, how to verify', () => {
    const html = reportHtml(monthly);
    expect(html).toContain('<section class="title"><h1>The State Reserve: Monthly report 2026-10');
    const chart = /<svg[^>]*data-chart="allocation"[^>]*>(.*?)<\/svg>/s.exec(html)?.[1] ?? '';
    const buckets = monthly.report.figures.filter((f) => f.id.startsWith('holdings.bucket.'));
    expect(buckets.length).toBeGreaterThan(0);
    expect(chart.match(/data-bucket=/g)).toHaveLength(buckets.length);
    for (const f of buckets) expect(html).toContain(f.label);
    for (const heading of ['Reserve holdings', 'Reserves Data Template', 'Prices used'])
      expect(html).toContain(`<h2>${heading}</h2>`);
    expect(html).toContain('<h2>Methodology</h2>');
    expect(html).toContain('<h2>How to verify this report</h2>');
    expect(html).toContain(`/api/v1/public/reports/${monthlyId}.json`);
    expect(html).toContain(monthly.sha256);
    // No raw JSON: the IMF view and the prices are tables.
    expect(html).not.toContain('<pre>');
    expect(html).not.toMatch(/\{\s*"/);
  });

  it('prints the report as a PDF with headless Chromium', async () => {
    if (!existsSync(CHROMIUM_PATH)) {
      if (process.env['CI'] === 'true') throw new Error(`${CHROMIUM_PATH} is missing under CI`);
      console.warn(`skipping the PDF check: ${CHROMIUM_PATH} is not installed`);
      return;
    }
    const pdf = await k.app.inject({ url: `/api/v1/public/reports/${monthlyId}.pdf` });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.rawPayload.length).toBeGreaterThan(5000);
  }, 60_000);

  it('publishes a quarterly report over HTTP that verifies too', async () => {
    // Once the quarter has ended: a period is published only from the day after its last day.
    k.clock.set(new Date('2027-01-01T09:00:00Z'));
    const res = await k.app.inject({
      method: 'POST',
      url: '/api/v1/transparency/reports',
      headers: await authHeaders(k, 'investment_officer'),
      payload: { period: '2026-Q4' },
    });
    expect(res.statusCode).toBe(201);
    const body = res.json<{ id: string; bundle: ReportBundle }>();
    expect(body.bundle.report.kind).toBe('quarterly');
    expect(verifyReportBundle(body.bundle).problems).toEqual([]);
    const served = await k.app.inject({ url: `/api/v1/public/reports/${body.id}` });
    expect(verifyReportBundleText(served.body).ok).toBe(true);
  });
});
