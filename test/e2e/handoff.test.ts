import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { haveChromium } from '../support/browser.ts';
import { apiGet, logIn } from '../support/console-pages.ts';
import { startE2e, type E2e } from '../support/e2e.ts';

/**
 * A hand-off signed by two officers, each in their own browser, against the real `kazna serve` with
 * the demo: the enforcement officer (Police) and the custody officer (Treasury) each log in and
 * make a signing key in their browser on the Security page; the officer proposes a Police lot for
 * the Treasury and signs it; the custody officer finds it waiting, sees who signed, and signs; the
 * Treasury then holds the lot. A lot already contributed in kind to a manager is refused with its
 * message, and nothing is proposed.
 */
interface Me {
  id: string;
  organisationId: string | null;
}
interface LotRow {
  id: string;
  status: string;
  remainingUnits: string;
  custodianOrganisationId: string | null;
}

describe.runIf(haveChromium('the hand-off browser test'))(
  'a hand-off signed in two browsers',
  { timeout: 240_000 },
  () => {
    let base = '';
    let e2e: E2e | undefined;
    let officer: Page;
    let custody: Page;
    let officerMe: Me;
    let custodyMe: Me;

    beforeAll(async () => {
      e2e = await startE2e();
      base = e2e.served.url;
      const open = async (username: string): Promise<[Page, Me]> => {
        const context = await e2e!.browser.newContext({ viewport: { width: 1280, height: 900 } });
        const page = await context.newPage();
        await logIn(page, base, username);
        return [page, await apiGet<Me>(page, '/auth/me')];
      };
      [officer, officerMe] = await open('officer');
      [custody, custodyMe] = await open('custody');
    }, 240_000);

    afterAll(async () => {
      await e2e?.close();
    });

    async function enrolBrowserKey(page: Page): Promise<void> {
      await page.goto(`${base}/security`);
      const form = page.locator('form[data-form="browser-key"]');
      await form.getByLabel('Password').fill('kazna-demo-only');
      await form.getByRole('button', { name: 'Create a key in this browser' }).click();
      await page.locator('[data-browser-key="held"]').waitFor();
    }

    /** Fills the proposal form on the Custody page, as the proposer would, and submits it. */
    async function propose(page: Page, from: Me, to: Me, lotId: string): Promise<void> {
      await page.goto(`${base}/custody`);
      const form = page.locator('form[data-form="propose-handoff"]');
      await form.getByLabel('From', { exact: true }).selectOption(from.organisationId ?? '');
      await form.getByLabel('To', { exact: true }).selectOption(to.organisationId ?? '');
      await form.getByLabel('Releasing officer').selectOption(from.id);
      await form.getByLabel('Receiving officer').selectOption(to.id);
      await form.locator(`label:has(code[title="${lotId}"]) input[type="checkbox"]`).check();
      await form.getByPlaceholder('Note').fill('to the treasury vault');
      await form.getByRole('button', { name: 'Propose the hand-off' }).click();
    }

    it('each officer signs in their own browser; the Treasury then holds the lot', async () => {
      await enrolBrowserKey(officer);
      await enrolBrowserKey(custody);
      const held = await apiGet<{ lots: LotRow[] }>(
        officer,
        `/seizures/lots?limit=500&holder=${officerMe.organisationId ?? ''}`,
      );
      const lot = held.lots.find((l) => l.status === 'frozen' && l.remainingUnits !== '0');
      if (lot === undefined) throw new Error('the demo police hold no frozen lot');

      await propose(officer, officerMe, custodyMe, lot.id);
      await officer.locator('[data-status="proposed"]').waitFor();
      // The proposer is the releasing officer: the hand-off now waits for their signature.
      const mine = officer.locator('[data-list="my-handoffs"] [data-sign]');
      await mine.waitFor();
      await mine.getByRole('button', { name: 'Sign with this browser’s key' }).click();
      await officer.getByText('No hand-off waits for your signature.').waitFor();

      await custody.goto(`${base}/custody`);
      const task = custody.locator('[data-list="my-handoffs"] [data-sign]');
      await task.waitFor();
      await task.locator(`[data-officer="${officerMe.id}"][data-signed="true"]`).waitFor();
      await task.locator(`[data-officer="${custodyMe.id}"][data-signed="false"]`).waitFor();
      expect(await task.locator('pre').textContent()).toContain(lot.id);
      await task.getByRole('button', { name: 'Sign with this browser’s key' }).click();
      await custody.locator('[data-status="completed"]').waitFor();

      const listed = await apiGet<{ lots: LotRow[] }>(
        custody,
        `/seizures/lots?limit=500&holder=${custodyMe.organisationId ?? ''}`,
      );
      expect(listed.lots.find((l) => l.id === lot.id)?.custodianOrganisationId).toBe(
        custodyMe.organisationId,
      );
      const done = await apiGet<{ handoffs: { state: string; lotIds: string[] }[] }>(
        custody,
        `/seizures/handoffs?lotId=${lot.id}`,
      );
      expect(done.handoffs[0]).toMatchObject({ state: 'completed', lotIds: [lot.id] });
    });

    it('refuses a lot contributed in kind to a manager with its message, proposing nothing', async () => {
      const held = await apiGet<{ lots: LotRow[] }>(
        custody,
        `/seizures/lots?limit=500&holder=${custodyMe.organisationId ?? ''}`,
      );
      const gone = held.lots.find((l) => l.status === 'forfeited' && l.remainingUnits === '0');
      if (gone === undefined) throw new Error('the demo has no lot contributed in kind');
      const pending = async () =>
        (await apiGet<{ handoffs: unknown[] }>(custody, '/seizures/handoffs?state=pending'))
          .handoffs.length;
      const before = await pending();
      await propose(custody, custodyMe, officerMe, gone.id);
      const alert = custody.locator('form[data-form="propose-handoff"] [role="alert"]');
      await alert.waitFor();
      expect(await alert.getAttribute('data-code')).toBe('lot_left_custody');
      expect(await alert.textContent()).toContain('has left custody');
      expect(await pending()).toBe(before);
    });
  },
);
