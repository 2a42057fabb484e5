import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, haveChromium } from '../support/browser.ts';
import { logInAfresh } from '../support/console-pages.ts';
import { startE2e, type E2e } from '../support/e2e.ts';

/**
 * Officials' pages in a real browser against the real `kazna serve` with the demo: the Custody
 * page filters and pages its lists on the server (each view matches the API's answer for the same
 * filter), the Restitution page registers a claim, and a manager's page records flows through its
 * forms; a refusal shows its problem and records nothing.
 */

describe.runIf(haveChromium('the officials pages browser test'))(
  'officials pages in Chromium',
  { timeout: 240_000 },
  () => {
    let base = '';
    let page: Page;
    let e2e: E2e | undefined;

    beforeAll(async () => {
      e2e = await startE2e();
      base = e2e.served.url;
      page = await e2e.browser.newPage({ viewport: { width: 1280, height: 900 } });
    }, 240_000);

    afterAll(async () => {
      await e2e?.close();
    });

    async function login(username: string): Promise<void> {
      await logInAfresh(page, base, username);
    }

    /** A GET with the page's session. */
    function get<T>(path: string): Promise<T> {
      return page.evaluate(async (url) => {
        const res = await fetch(url);
        return (await res.json()) as T;
      }, `/api/v1${path}`);
    }

    it('filters custody lots by holder and hand-offs by state on the server', async () => {
      await login('custody');
      await page.goto(`${base}/custody`);
      const lotRows = page.locator('[data-list="lots"] tbody tr');
      await lotRows.first().waitFor();
      const all = await get<{ lots: { custodianOrganisationId: string }[] }>('/seizures/lots');
      expect(await lotRows.count()).toBe(all.lots.length);
      const orgs = await get<{ id: string; name: string }[]>('/governance/organisations');
      const holder = orgs.find((o) => o.id === all.lots[0]?.custodianOrganisationId);
      const other = orgs.find((o) => all.lots.every((l) => l.custodianOrganisationId !== o.id));
      if (holder === undefined || other === undefined) throw new Error('demo holders changed');
      await page.selectOption('select[aria-label="Holder"]', holder.id);
      const held = await get<{ lots: unknown[] }>(`/seizures/lots?holder=${holder.id}`);
      await page.waitForFunction(
        (n) => document.querySelectorAll('[data-list="lots"] tbody tr').length === n,
        held.lots.length,
      );
      for (const text of await lotRows.allTextContents()) expect(text).toContain(holder.name);
      await page.selectOption('select[aria-label="Holder"]', other.id);
      await page.getByText(`${other.name} holds no lot`).waitFor();
      await page.selectOption('select[aria-label="State"]', 'completed');
      await page.locator('[data-list="handoffs"] tbody tr').first().waitFor();
      await page.selectOption('select[aria-label="State"]', 'cancelled');
      await page.locator('[data-list="handoffs"] .empty').waitFor();
    });

    it('registers a claim on the Restitution page; a bad reference shows its problem', async () => {
      await login('registrar');
      await page.goto(`${base}/restitution`);
      const form = page.locator('form[aria-label="Register a claim"]');
      await form.waitFor();
      // A registrar sees every claim, though not the lots other agencies hold: the demo's claims
      // name a lot to claim against.
      const known = await get<{ claims: { lotId: string }[] }>('/seizures/claims');
      const lot = known.claims[0];
      if (lot === undefined) throw new Error('the demo has no claim');
      const claims = async () =>
        (await get<{ claims: unknown[] }>(`/seizures/claims?limit=500`)).claims.length;
      const before = await claims();
      await form.getByLabel('Lot').fill(lot.lotId);
      await form.getByLabel('Claimant reference').fill('Jane Doe');
      await form.getByLabel('Amount claimed').fill('0.5');
      await form.getByRole('button', { name: 'Register' }).click();
      await form.getByRole('alert').waitFor();
      expect(await claims()).toBe(before);
      await form.getByLabel('Claimant reference').fill('victim:E2E-0001');
      await form.getByRole('button', { name: 'Register' }).click();
      await page.locator('[data-ref="victim:E2E-0001"]').first().waitFor();
      expect(await claims()).toBe(before + 1);
      expect(await form.getByLabel('Claimant reference').inputValue()).toBe('');
      mkdirSync(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: join(ARTIFACTS, 'restitution.png'), fullPage: true });
    });

    it('records flows from a manager page; a refusal shows its problem and records nothing', async () => {
      await login('investment');
      const managers = await get<{ managers: { id: string; kind: string; name: string }[] }>(
        '/reserve/managers',
      );
      const fund = managers.managers.find((m) => m.kind === 'hedge_fund');
      if (fund === undefined) throw new Error('the demo has no hedge fund');
      await page.goto(`${base}/managers/${fund.id}`);
      const flows = async () =>
        (await get<{ flows: unknown[] }>(`/reserve/flows?managerId=${fund.id}&limit=1000`)).flows
          .length;
      const before = await flows();
      const redeem = page.locator('form[aria-label="Redeem units"]');
      await redeem.getByLabel('Fund units').fill('99999999999');
      await redeem.getByRole('button').click();
      await page.getByRole('alert').filter({ hasText: 'redemption_exceeds_holding' }).waitFor();
      expect(await flows()).toBe(before);
      const subscribe = page.locator('form[aria-label="Request a cash subscription"]');
      await subscribe.getByLabel('Amount (USD)').fill('250000');
      await subscribe.getByRole('button').click();
      await page.getByText('Sent for approval').waitFor();
      const link = page.locator('[data-testid="flow-forms"] a[href^="/approvals/"]');
      const requestId = (await link.getAttribute('href'))?.split('/').pop() ?? '';
      const request = await get<{ kind: string; state: string }>(
        `/governance/approvals/${requestId}`,
      );
      expect(request).toMatchObject({ kind: 'reserve.subscription' });
      mkdirSync(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: join(ARTIFACTS, 'manager-flows.png'), fullPage: true });
    });
  },
);
