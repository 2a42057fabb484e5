import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/demo/logins.ts';
import { ARTIFACTS, haveChromium } from '../support/browser.ts';
import { startE2e, type E2e } from '../support/e2e.ts';

/**
 * The demo on a machine without the shared data folder (hidden here behind an empty
 * KAZNA_SHARED_DATA): the Simulator page runs the reference scenario and shows its results and
 * where its prices came from, the Risk page's stress scenarios say they were measured on the
 * market store's generated prices, and the Market page previews a Yahoo download, lists its bad
 * row, and imports the rest.
 */
const YAHOO = [
  'Date,Open,High,Low,Close,Adj Close,Volume',
  '2024-03-01,90.1,92,89,91.5,91.5,1000',
  '2024-03-02,null,null,null,null,null,null',
  '2024-03-03,91.5,95,91,94.25,94.25,1200',
].join('\n');

describe.runIf(haveChromium('the market store browser test'))(
  'the market store in Chromium, without the shared data folder',
  { timeout: 240_000 },
  () => {
    const hidden = mkdtempSync(join(tmpdir(), 'kazna-no-shared-'));
    let base = '';
    let page: Page;
    let e2e: E2e | undefined;

    beforeAll(async () => {
      e2e = await startE2e({ KAZNA_SHARED_DATA: hidden });
      base = e2e.served.url;
      page = await e2e.browser.newPage({ viewport: { width: 1280, height: 900 } });
    }, 240_000);

    afterAll(async () => {
      await e2e?.close();
      rmSync(hidden, { recursive: true, force: true });
    });

    async function login(username: string): Promise<void> {
      await page.context().clearCookies();
      await page.goto(`${base}/login`);
      await page.fill('input[name="username"]', username);
      await page.fill('input[name="password"]', DEMO_PASSWORD);
      await page.getByRole('button', { name: 'Log in', exact: true }).click();
      await page.getByText('Signed in').waitFor();
    }

    it('runs the reference scenario on the Simulator page and shows its results', async () => {
      await login('investment');
      await page.goto(`${base}/simulator`);
      await page.getByRole('button', { name: 'Run' }).waitFor();
      // The page's own choices, but for fewer paths: the reference scenario's 1,000 BTC.
      expect(await page.getByLabel('Coins').inputValue()).toBe('typed');
      await page.getByLabel('Paths').selectOption('200');
      await page.getByRole('button', { name: 'Run' }).click();
      await page.getByRole('heading', { name: 'Comparison' }).waitFor({ timeout: 180_000 });
      const rows = page.locator('table').filter({ hasText: 'auction' }).locator('tbody tr');
      expect(await rows.count()).toBeGreaterThanOrEqual(5);
      const sources = await page.locator('[data-price-sources]').textContent();
      expect(sources).toContain('from the market store (demo-generated)');
      expect(sources).toContain('generated for the demo, not real prices');
      expect(await page.getByRole('alert').count()).toBe(0);
      mkdirSync(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: join(ARTIFACTS, 'simulator.png'), fullPage: true });
    });

    it('shows stress scenarios measured on the market store on the Risk page', async () => {
      await login('risk');
      await page.goto(`${base}/risk`);
      const covid = page.locator('table[data-list="stress"] tr', { hasText: 'COVID crash' });
      await covid.waitFor();
      expect(await covid.textContent()).toContain('from the market store (generated demo prices)');
    });

    it('previews a Yahoo download on the Market page, shows its bad row, and imports the rest', async () => {
      await login('risk');
      await page.goto(`${base}/market`);
      const coverage = page.locator('[data-list="coverage"] table');
      await coverage.waitFor();
      expect(await coverage.textContent()).toContain('generated for the demo, not real prices');
      const form = page.locator('form[aria-label="Import a price file"]');
      await form.locator('input[type="file"]').setInputFiles({
        name: 'ltc-usd.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from(YAHOO),
      });
      await form.getByLabel('Asset').selectOption('LTC');
      await form.getByRole('button', { name: 'Preview' }).click();
      const preview = form.locator('[data-preview]');
      await preview.waitFor();
      expect(await preview.textContent()).toContain('Layout Yahoo Finance');
      expect(await form.locator('table[data-list="rejected"] tbody tr').count()).toBe(1);
      await form.getByRole('button', { name: /Import 2 day\(s\), leaving out 1 bad row/ }).click();
      await form.getByRole('status').filter({ hasText: 'Imported 2 day(s) of LTC' }).waitFor();
      await coverage.locator('tr', { hasText: 'LTC/USD' }).filter({ hasText: 'yahoo' }).waitFor();
      mkdirSync(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: join(ARTIFACTS, 'market.png'), fullPage: true });
    });
  },
);
