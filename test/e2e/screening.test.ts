import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { haveChromium } from '../support/browser.ts';
import { apiGet, logInAfresh } from '../support/console-pages.ts';
import { startE2e, type E2e } from '../support/e2e.ts';

/**
 * Screening any time, in a real browser against `kazna serve` with the demo (which imports a
 * synthetic sanctions list): the compliance officer uploads a CSV, sees the sanctions hits with the
 * list's version, confirms one and asks to clear the other; a second compliance officer, in a
 * browser context of their own, completes the clearing.
 */
const LISTED = '1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2';

interface Hits {
  hits: {
    id: string;
    row: number;
    status: string;
    pendingClearance: unknown;
    sanctioned: boolean;
  }[];
}

describe.runIf(haveChromium('the screening browser test'))(
  'screening workbench in Chromium',
  { timeout: 240_000 },
  () => {
    let base = '';
    let e2e: E2e | undefined;
    let first: Page;
    let second: Page;

    beforeAll(async () => {
      e2e = await startE2e();
      base = e2e.served.url;
      first = await e2e.browser.newPage({ viewport: { width: 1400, height: 900 } });
      const other = await e2e.browser.newContext({ viewport: { width: 1400, height: 900 } });
      second = await other.newPage();
    }, 240_000);

    afterAll(async () => {
      await e2e?.close();
    });

    it('screens an uploaded CSV, confirms a hit, and clears another with a second officer', async () => {
      await logInAfresh(first, base, 'compliance');
      const snapshots = await apiGet<{ snapshots: { version: string }[] }>(
        first,
        '/compliance/sanctions/snapshots',
      );
      const version = snapshots.snapshots[0]?.version;
      if (version === undefined) throw new Error('the demo imports a sanctions list');

      await first.goto(`${base}/compliance`);
      const csv = `address,asset\n${LISTED},BTC\n${LISTED},BTC\nnot-an-address,BTC\n`;
      await first.locator('input[type="file"]').setInputFiles({
        name: 'addresses.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from(csv),
      });
      const status = first.locator('p[role="status"]');
      await status.waitFor();
      expect(await status.textContent()).toBe(
        `Result: 2 hits among 2 screened, sanctions list version ${version}`,
      );
      await first.getByText('Rows not screened').waitFor();

      const queue = first.locator('section', { hasText: 'Hits queue' }).locator('tbody tr');
      await first.waitForFunction(
        () =>
          [...document.querySelectorAll('section')]
            .filter((s) => s.textContent.includes('Hits queue'))
            .flatMap((s) => [...s.querySelectorAll('tbody tr')]).length === 2,
      );
      await queue.nth(0).locator('input[aria-label="Reason"]').fill('the same person, checked');
      await queue.nth(0).getByRole('button', { name: 'Confirm' }).click();
      await queue.nth(0).getByText('Confirmed').waitFor();
      await queue.nth(1).locator('input[aria-label="Reason"]').fill('a namesake');
      await queue.nth(1).getByRole('button', { name: 'Clear', exact: true }).click();
      await queue.nth(1).getByText('Waits for a second officer').waitFor();

      let hits = await apiGet<Hits>(first, '/compliance/hits');
      expect(hits.hits.map((h) => h.status).sort()).toEqual(['confirmed', 'open']);

      await logInAfresh(second, base, 'compliance2');
      await second.goto(`${base}/compliance`);
      const row = second.locator('tbody tr', { hasText: 'Waits for a second officer' });
      await row.locator('input[aria-label="Reason"]').fill('agreed: a namesake');
      await row.getByRole('button', { name: 'Complete the clearing' }).click();
      await second.locator('tbody tr', { hasText: 'Cleared' }).waitFor();

      hits = await apiGet<Hits>(second, '/compliance/hits');
      expect(hits.hits.map((h) => h.status).sort()).toEqual(['cleared', 'confirmed']);
    });
  },
);
