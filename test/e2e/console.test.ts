import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_LOGINS } from '../../src/demo/logins.ts';
import { ARTIFACTS, haveChromium } from '../support/browser.ts';
import {
  axeProblems,
  logIn,
  navLinks,
  settled,
  visibleTextProblems,
  watch,
} from '../support/console-pages.ts';
import { startE2e, type E2e } from '../support/e2e.ts';

/**
 * The officials' console as each demo role sees it: logged in, every page in that role's
 * navigation loads with no refusal from the API, no error in the browser's console, no machine id
 * or base-unit amount in its text, and no serious or critical accessibility violation; a screenshot
 * of each goes to artifacts/screens. The navigation offers each role only its own pages.
 */
const SCREENS = join(ARTIFACTS, 'screens');
const ROLES = DEMO_LOGINS.filter((l) => l.username !== 'committee2' && l.username !== 'admin2');

describe.runIf(haveChromium('the console browser test'))(
  'the console for every demo role',
  { timeout: 600_000 },
  () => {
    let base = '';
    let e2e: E2e | undefined;

    beforeAll(async () => {
      e2e = await startE2e();
      base = e2e.served.url;
      mkdirSync(SCREENS, { recursive: true });
    }, 420_000);

    afterAll(async () => {
      await e2e?.close();
    });

    async function context(): Promise<BrowserContext> {
      if (e2e === undefined) throw new Error('not started');
      // axe-core is injected as a script, which the app's Content-Security-Policy rightly forbids.
      return e2e.browser.newContext({ viewport: { width: 1440, height: 900 }, bypassCSP: true });
    }

    it.each(ROLES)('$role ($username) uses every page of its navigation', async (login) => {
      const ctx = await context();
      const page = await ctx.newPage();
      const seen = watch(page);
      try {
        await logIn(page, base, login.username);
        const header = await page.locator('[data-testid="person"]').innerText();
        expect(header).toContain('Log out');
        const links = await navLinks(page);
        expect(links).toContain('/tasks');
        expect(links).not.toContain('/login');
        const problems: string[] = seen.take().map((p) => `login: ${p}`);
        for (const href of links) {
          await page.goto(`${base}${href}`);
          await settled(page);
          const found = [
            ...seen.take(),
            ...visibleTextProblems(await page.locator('body').innerText()),
            ...(await axeProblems(page)),
          ];
          problems.push(...found.map((p) => `${href}: ${p}`));
          const name = `${login.username}${href.replaceAll('/', '-')}`.replace(/-$/, '-home');
          await page.screenshot({ path: join(SCREENS, `${name}.png`), fullPage: true });
        }
        expect(problems).toEqual([]);
      } finally {
        await ctx.close();
      }
    });

    it('fits a 390 px screen: the navigation folds behind the menu, nothing is cut off', async () => {
      if (e2e === undefined) throw new Error('not started');
      const ctx = await e2e.browser.newContext({ viewport: { width: 390, height: 844 } });
      const page = await ctx.newPage();
      try {
        await logIn(page, base, 'investment');
        for (const path of ['/tasks', '/transparency', '/approvals']) {
          await page.goto(`${base}${path}`);
          await settled(page);
          expect(await page.locator('nav#main-nav').isVisible()).toBe(false);
          const width = await page.evaluate(() => document.documentElement.scrollWidth);
          expect(width, path).toBeLessThanOrEqual(390);
          await page.screenshot({
            path: join(SCREENS, `narrow${path.replaceAll('/', '-')}.png`),
            fullPage: true,
          });
        }
        await page.locator('button.menu-button').click();
        await page.locator('nav#main-nav a[href="/risk"]').click();
        await page.waitForURL(`${base}/risk`);
        expect(await page.locator('nav#main-nav').isVisible()).toBe(false);
      } finally {
        await ctx.close();
      }
    });

    it('offers each role only the pages it can use', async () => {
      const ctx = await context();
      const page = await ctx.newPage();
      try {
        await logIn(page, base, 'admin');
        const admin = await navLinks(page);
        expect(admin).toEqual(
          expect.arrayContaining(['/tasks', '/approvals', '/security', '/admin/users']),
        );
        for (const hidden of ['/ledger', '/reserve', '/risk', '/cases', '/custody'])
          expect(admin).not.toContain(hidden);
        await page.locator('[data-testid="person"] button').click();
        await page.locator('nav#main-nav a[href="/tasks"]').waitFor({ state: 'detached' });
        expect(await navLinks(page)).toContain('/login');
        await logIn(page, base, 'investment');
        expect(await navLinks(page)).not.toContain('/exchanges');
      } finally {
        await ctx.close();
      }
    });
  },
);
