import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isoDay } from '../../src/transparency/public/days.ts';
import { priceCsv, TEST_PRICES } from '../support/portal.ts';
import { ARTIFACTS, haveChromium } from '../support/browser.ts';
import { startE2e, type E2e } from '../support/e2e.ts';
import type { Served } from '../support/process.ts';

/**
 * The public portal in a real browser (Debian's Chromium through playwright-core) against the real
 * `kazna serve` with the demo: it loads without a login, the pie's slices carry exactly the API's
 * shares, Russian and Kazakh replace the English and set <html lang>, the choice survives a reload,
 * and the verification panel shows a checkpoint verified in the page. Screenshots go to artifacts/.
 */

async function json<T>(url: string, init?: RequestInit): Promise<T> {
  const res = await fetch(url, init);
  if (!res.ok) throw new Error(`${url}: ${String(res.status)} ${await res.text()}`);
  return (await res.json()) as T;
}

/** Prices as an operator would import them (the demo has no market data of its own yet). */
async function importPrices(base: string): Promise<void> {
  const login = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'risk', password: 'kazna-demo-only' }),
  });
  expect(login.status).toBe(200);
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const day = isoDay(new Date());
  for (const [asset, close] of Object.entries(TEST_PRICES)) {
    await json(`${base}/api/v1/market/imports`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken },
      body: JSON.stringify({ asset, text: priceCsv(day, close), format: 'simple', source: 'e2e' }),
    });
  }
}

interface VerificationDoc {
  checkpoint: { size: number };
  entries: { leafHash: string | null }[];
}

/** Waits until the checkpoint timer has signed a checkpoint covering every entry behind the figures. */
async function coveredCheckpoint(base: string): Promise<VerificationDoc> {
  for (let i = 0; i < 120; i += 1) {
    const res = await fetch(`${base}/api/v1/public/verification`);
    if (res.ok) {
      const v = (await res.json()) as VerificationDoc;
      if (v.entries.length > 0 && v.entries.every((e) => e.leafHash !== null)) return v;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error('no checkpoint covered the portal figures in time');
}

async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, name), fullPage: true });
}

describe.runIf(haveChromium('the portal browser test'))(
  'public portal in Chromium',
  { timeout: 240_000 },
  () => {
    let served: Served;
    let page: Page;
    let e2e: E2e | undefined;

    beforeAll(async () => {
      e2e = await startE2e({ KAZNA_CHECKPOINT_INTERVAL_SECONDS: '1' });
      served = e2e.served;
      await importPrices(served.url);
      await coveredCheckpoint(served.url);
      page = await e2e.browser.newPage({ viewport: { width: 1280, height: 900 } });
    }, 240_000);

    afterAll(async () => {
      await e2e?.close();
    });

    it('loads without a login and draws the pie with exactly the API shares', async () => {
      await page.goto(`${served.url}/transparency`);
      await page.waitForSelector('svg[data-chart="allocation"] path[data-bucket]');
      expect(new URL(page.url()).pathname).toBe('/transparency');
      expect(await page.locator('h1').first().textContent()).toBe('Transparency portal');
      const api = await json<{ lines: { bucket: string; shareBps: number; share: string }[] }>(
        `${served.url}/api/v1/public/allocation`,
      );
      const slices = await page
        .locator('svg[data-chart="allocation"] path[data-bucket]')
        .evaluateAll((paths) =>
          paths.map((p) => [
            p.getAttribute('data-bucket'),
            Number(p.getAttribute('data-share-bps')),
          ]),
        );
      expect(slices).toEqual(
        api.lines.filter((l) => l.shareBps > 0).map((l) => [l.bucket, l.shareBps]),
      );
      expect(slices.length).toBeGreaterThanOrEqual(2);
      const tableShares = await page
        .locator('.allocation-table td[data-share]')
        .evaluateAll((cells) => cells.map((c) => c.getAttribute('data-share')));
      expect(tableShares).toEqual(api.lines.map((l) => l.share));
    });

    it('shows a checkpoint verified in the page, with its size, root and key', async () => {
      const panel = page.locator('aside.verify-panel[data-verified="true"]');
      await panel.waitFor({ timeout: 30_000 });
      expect(await page.getByTestId('verify-status').textContent()).toContain(
        'Verified checkpoint',
      );
      const latest = await json<{ size: number; body: { root: string; keyId: string } }>(
        `${served.url}/api/v1/audit/checkpoints/latest`,
      );
      const size = Number(await page.getByTestId('checkpoint-size').textContent());
      expect(size).toBeLessThanOrEqual(latest.size);
      expect(size).toBeGreaterThan(0);
      expect(await panel.textContent()).toContain(latest.body.keyId);
      expect(await panel.locator('li[data-ok="false"]').count()).toBe(0);
      await shot(page, 'portal.png');
    });

    it('fails the check when the key differs from one the reader pinned, by link or by hand', async () => {
      const latest = await json<{ body: { keyId: string } }>(
        `${served.url}/api/v1/audit/checkpoints/latest`,
      );
      const panel = (verified: boolean) =>
        page.locator(`aside.verify-panel[data-verified="${String(verified)}"]`);
      // A gazette link carrying another key id: the server's own key no longer passes.
      await page.goto(`${served.url}/transparency?key=00000000000000aa`);
      await panel(false).waitFor({ timeout: 30_000 });
      expect(await panel(false).locator('li[data-ok="false"]').textContent()).toContain(
        '00000000000000aa',
      );
      await page.goto(`${served.url}/transparency`); // remembered without the link
      await panel(false).waitFor({ timeout: 30_000 });
      await page.getByRole('button', { name: 'Forget the pinned key id' }).click();
      await panel(true).waitFor();
      await page.fill('.pin-form input', 'not a key');
      expect(await page.locator('.pin-form button[type=submit]').isDisabled()).toBe(true);
      await page.fill('.pin-form input', latest.body.keyId.toUpperCase());
      await page.click('.pin-form button[type=submit]');
      await page.reload();
      await panel(true).waitFor({ timeout: 30_000 });
      expect(await panel(true).locator('li[data-ok="true"]').allTextContents()).toContainEqual(
        expect.stringContaining(latest.body.keyId),
      );
      await shot(page, 'portal-pinned.png');
      await page.getByRole('button', { name: 'Forget the pinned key id' }).click();
    });

    it('switches to Russian and Kazakh, sets <html lang>, and remembers the choice', async () => {
      await page.click('button[data-lang="ru"]');
      await page.waitForFunction(() => document.documentElement.lang === 'ru');
      expect(await page.locator('h1').first().textContent()).toBe('Портал прозрачности');
      expect(await page.getByTestId('verify-status').textContent()).toContain(
        'Контрольная точка подтверждена',
      );
      await page.click('button[data-lang="kk"]');
      await page.waitForFunction(() => document.documentElement.lang === 'kk');
      expect(await page.locator('h1').first().textContent()).toBe('Ашықтық порталы');
      await page.reload();
      await page.waitForSelector('svg[data-chart="allocation"]');
      expect(await page.evaluate(() => document.documentElement.lang)).toBe('kk');
      expect(await page.locator('.portal-tabs').textContent()).toContain('Әдістеме');
      await shot(page, 'portal-kk.png');
      await page.goto(`${served.url}/transparency/enforcement`);
      await page.waitForSelector('svg.sankey [data-node="forfeited"]');
      await shot(page, 'portal-enforcement-kk.png');
      await page.click('button[data-lang="en"]');
      await page.waitForFunction(() => document.documentElement.lang === 'en');
    });
  },
);
