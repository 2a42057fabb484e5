import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CSV_HEADER } from '../../src/seizures/csv-columns.ts';
import { haveChromium } from '../support/browser.ts';
import { apiGet, logInAfresh } from '../support/console-pages.ts';
import { startE2e, type E2e } from '../support/e2e.ts';
import { ADDRESSES } from '../support/seizures.ts';

/**
 * The enforcement officer records a seizure in the browser against the real `kazna serve` with the
 * demo: registers an operation, opens a case before the demo's court, records a lot with an evidence
 * file (hashed in the browser; the recorded hash is the file's), reads the screening, saves, and
 * finds the lot in the inventory; then a CSV file with a bad row shows that row's error and writes
 * nothing, and the corrected file is imported. The court's registrar then sees the new lot.
 */
const COURT = 'Specialised Inter-District Court';
const EVIDENCE = Buffer.from('%PDF-1.4\nseizure protocol E2E-1, page 1\n');
const EVIDENCE_SHA = createHash('sha256').update(EVIDENCE).digest('hex');
const csvRow = (caseNumber: string, amount: string, address: string) =>
  `Police,${caseNumber},${COURT},2026-03-02,BTC,BTC,${amount},${address},,,seizure_wallet,wallet 9`;

describe.runIf(haveChromium('the intake browser test'))(
  'intake page in Chromium',
  { timeout: 300_000 },
  () => {
    let base = '';
    let page: Page;
    let e2e: E2e | undefined;
    let lotId = '';
    let evidenceDir = '';

    beforeAll(async () => {
      // The deployment keeps evidence files: the page uploads each under its hash.
      evidenceDir = await mkdtemp(join(tmpdir(), 'kazna-evidence-'));
      e2e = await startE2e({ KAZNA_EVIDENCE_DIR: evidenceDir });
      base = e2e.served.url;
      page = await e2e.browser.newPage({ viewport: { width: 1280, height: 900 } });
    }, 240_000);

    afterAll(async () => {
      await e2e?.close();
      await rm(evidenceDir, { recursive: true, force: true });
    });

    const lotCount = async (): Promise<number> =>
      (await apiGet<{ lots: unknown[] }>(page, '/seizures/lots?limit=1000')).lots.length;

    /** Pages through the inventory until the lot's link shows. */
    async function findInInventory(p: Page, id: string): Promise<void> {
      await p.goto(`${base}/cases`);
      const link = p.locator(`a[href="/cases/lots/${id}"]`);
      for (let i = 0; i < 40; i += 1) {
        await p.locator('table tbody tr').first().waitFor();
        if ((await link.count()) > 0) return;
        const next = p.getByRole('button', { name: 'Next' });
        if ((await next.count()) === 0 || (await next.isDisabled())) break;
        await next.click();
        await p.waitForLoadState('networkidle');
      }
      await link.waitFor({ timeout: 1000 });
    }

    it('registers an operation and opens a case before the court, by name', async () => {
      await logInAfresh(page, base, 'officer');
      await page.goto(`${base}/cases/intake`);
      const op = page.locator('form[aria-label="Register an operation"]');
      await op.getByLabel('Operation name').fill('Operation Steppe E2E');
      await op.getByLabel('Agencies (one per line)').fill('Police\nFinancial Monitoring');
      await op.getByLabel('Legal basis').fill('Criminal Code, art. 218');
      await op.getByLabel('Start date').fill('2026-02-01');
      await op.getByLabel('Summary').fill('an illegal exchange shut down');
      await op.getByRole('button', { name: 'Register the operation' }).click();
      await op.getByRole('status').getByText('Operation Steppe E2E').waitFor();
      const ops = await apiGet<{ operations: { name: string; legal_basis: string }[] }>(
        page,
        '/seizures/operations',
      );
      expect(ops.operations.find((o) => o.name === 'Operation Steppe E2E')).toMatchObject({
        legal_basis: 'Criminal Code, art. 218',
      });

      const c = page.locator('form[aria-label="Open a case"]');
      await c.getByLabel('Operation').selectOption({ label: 'Operation Steppe E2E' });
      await c.getByLabel('Agency').fill('Police');
      await c.getByLabel('Case number').fill('E2E-1');
      await c.getByLabel('Court').selectOption({ label: COURT });
      await c.getByLabel('Party references (one per line)').fill('party:abcd1');
      await c.getByRole('button', { name: 'Open the case' }).click();
      await c.getByRole('status').waitFor();
      // The case just opened is the one the lots are recorded in, unless the officer picks another.
      const seizure = page.locator('form[aria-label="Record the seized lots"]');
      await seizure.locator('select[name="caseId"] option', { hasText: 'E2E-1' }).waitFor({
        state: 'attached',
      });
      const cases = await apiGet<{ cases: { case_number: string; court: string }[] }>(
        page,
        '/seizures/cases',
      );
      expect(cases.cases.find((x) => x.case_number === 'E2E-1')).toMatchObject({ court: COURT });
    });

    it('records a lot with evidence hashed in the browser, after the screening', async () => {
      const f = page.locator('form[aria-label="Record the seized lots"]');
      await f.locator('select[name="caseId"]').selectOption({ label: 'Police E2E-1' });
      await f.getByLabel('Seized on').fill('2026-03-01');
      const lot = f.locator('fieldset[aria-label="Lot 1"]');
      await lot.getByLabel('Asset').selectOption('USDT');
      // The chain offered follows the asset.
      expect(await lot.getByLabel('Chain').locator('option').allTextContents()).toEqual([
        'TRON',
        'EVM',
      ]);
      await lot.getByLabel('Asset').selectOption('BTC');
      await lot.getByLabel('Amount').fill('0.123456789');
      await lot.getByText('more decimal places than the asset').waitFor();
      await lot.getByLabel('Amount').fill('0.25');
      await lot.getByLabel('Addresses (one per line)').fill(ADDRESSES.tron);
      await lot.getByText('belongs to another chain or network').waitFor();
      await lot.getByLabel('Addresses (one per line)').fill(ADDRESSES.btc);
      await lot.getByText('valid', { exact: false }).first().waitFor();
      await lot.getByLabel('Custody reference (wallet, account or freeze order)').fill('wallet 7');
      await lot.locator('input[name="evidence"]').setInputFiles({
        name: 'protocol-E2E-1.pdf',
        mimeType: 'application/pdf',
        buffer: EVIDENCE,
      });
      await lot
        .locator(`li[data-sha256="${EVIDENCE_SHA}"]`)
        .getByText('stored on the server')
        .waitFor();
      const kept = await readFile(join(evidenceDir, EVIDENCE_SHA.slice(0, 2), EVIDENCE_SHA));
      expect(kept.equals(EVIDENCE)).toBe(true);
      const before = await lotCount();
      await f.getByRole('button', { name: 'Check before saving' }).click();
      const check = f.locator('section[aria-label="Check"]');
      await check.getByText('Every lot is valid').waitFor();
      await check.locator(`tr[data-hit="false"]`).getByText(ADDRESSES.btc).waitFor();
      await check.getByText('List version').waitFor();
      expect(await lotCount()).toBe(before);
      await f.getByRole('button', { name: 'Confirm and save' }).click();
      const saved = f.locator('.saved a');
      await saved.first().waitFor();
      lotId = ((await saved.first().getAttribute('href')) ?? '').replace('/cases/lots/', '');
      const one = await apiGet<{
        lot: { amount: string; asset: string; evidence: { sha256: string; name: string }[] };
      }>(page, `/seizures/lots/${lotId}`);
      expect(one.lot).toMatchObject({
        amount: '0.25',
        asset: 'BTC',
        evidence: [{ sha256: EVIDENCE_SHA, name: 'protocol-E2E-1.pdf' }],
      });
      expect(await lotCount()).toBe(before + 1);
      await findInInventory(page, lotId);
    });

    it('shows a CSV file’s bad row before anything is written, then imports the fixed file', async () => {
      await page.goto(`${base}/cases/intake`);
      const f = page.locator('form[aria-label="Take in a CSV file"]');
      const bad = [
        CSV_HEADER.join(','),
        csvRow('E2E-2', '1.5', ADDRESSES.btc),
        csvRow('E2E-2', '2', ADDRESSES.tron),
      ].join('\n');
      const before = await lotCount();
      await f.locator('input[name="csv"]').setInputFiles({
        name: 'lots.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from(bad),
      });
      await f.getByRole('button', { name: 'Check the file' }).click();
      const row = f.locator('tr[data-line="3"]');
      await row.waitFor();
      expect(await row.innerText()).toContain('addresses');
      expect(await row.innerText()).toContain('belongs to another chain or network');
      expect(await f.getByRole('button', { name: 'Import the lots' }).count()).toBe(0);
      expect(await lotCount()).toBe(before);
      const fixed = bad.replace(ADDRESSES.tron, ADDRESSES.btc2);
      await f.locator('input[name="csv"]').setInputFiles({
        name: 'lots.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from(fixed),
      });
      await f.getByRole('button', { name: 'Check the file' }).click();
      await f.getByText('Every row is valid: 2 lots.').waitFor();
      await f.getByRole('button', { name: 'Import the lots' }).click();
      await f.locator('.saved a').nth(1).waitFor();
      expect(await f.locator('.saved a').count()).toBe(2);
      expect(await lotCount()).toBe(before + 2);
    });

    it('shows the new lot to the court’s registrar', async () => {
      if (e2e === undefined) throw new Error('not started');
      const ctx = await e2e.browser.newContext({ viewport: { width: 1280, height: 900 } });
      try {
        const registrar = await ctx.newPage();
        await logInAfresh(registrar, base, 'registrar');
        await findInInventory(registrar, lotId);
      } finally {
        await ctx.close();
      }
    });
  },
);
