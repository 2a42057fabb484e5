import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEMO_LOGINS } from '../../src/demo/logins.ts';
import { ARTIFACTS, haveChromium } from '../support/browser.ts';
import {
  choose,
  englishWords,
  ownWords,
  logIn,
  navLinks,
  properNames,
  settled,
} from '../support/console-pages.ts';
import { startE2e, type E2e } from '../support/e2e.ts';

/**
 * The console in Kazakh and in Russian: after the switch in the header, every page in every demo
 * role's navigation (and the landing page, the login card and the portal) shows no English word
 * left, apart from proper names (people, organisations, managers, exchanges, operations, Kazna)
 * and codes (currencies, chains, case numbers, hashes). The choice is the person's: it is back
 * after logging out and in again.
 * From each page it also opens one of each kind of detail page the page links to (a lot, an
 * account, a request, a manager, a person).
 * `KAZNA_I18N_PATHS=/cases,/custody` narrows the visit while a page is being translated.
 */
const PUBLIC_PAGES = [
  '/',
  '/transparency',
  '/transparency/reports',
  '/transparency/downloads',
  '/transparency/addresses',
  '/transparency/methodology',
];
/** A page's address with its ids folded, so each kind of detail page is visited once. */
const shape = (path: string): string =>
  path.replace(/\/[0-9a-f-]{8,}/gi, '/:id').replace(/\?.*$/, '');
const ONLY = process.env['KAZNA_I18N_PATHS']?.split(',').filter((p) => p !== '');

describe.runIf(haveChromium('the console languages browser test'))(
  'the console in Kazakh and Russian',
  { timeout: 600_000 },
  () => {
    let e2e: E2e | undefined;
    let base = '';

    beforeAll(async () => {
      e2e = await startE2e();
      base = e2e.served.url;
    }, 420_000);

    afterAll(async () => {
      await e2e?.close();
    });

    it.each(['kk', 'ru'] as const)('leaves no English on any page in %s', async (lang) => {
      if (e2e === undefined) throw new Error('not started');
      const ctx = await e2e.browser.newContext({ viewport: { width: 1280, height: 900 } });
      const page = await ctx.newPage();
      try {
        const left: string[] = [];
        const visited = new Set<string>();
        for (const login of DEMO_LOGINS) {
          await logIn(page, base, login.username);
          await choose(page, lang);
          const names = await properNames(page);
          const links = (await navLinks(page)).filter(
            (l) => !visited.has(l) && (ONLY === undefined || ONLY.includes(l)),
          );
          for (const path of links) {
            visited.add(path);
            left.push(...(await englishOn(page, `${base}${path}`, lang, names)));
            // The detail pages it links to (a lot, an account, a request, a manager): one of each.
            for (const detail of await detailLinks(page, visited)) {
              visited.add(shape(detail));
              left.push(...(await englishOn(page, `${base}${detail}`, lang, names)));
            }
          }
          await logOut(page);
        }
        for (const path of PUBLIC_PAGES.filter((p) => ONLY === undefined || ONLY.includes(p)))
          left.push(...(await englishOn(page, `${base}${path}`, lang, [])));
        expect(left).toEqual([]);
      } finally {
        await ctx.close();
      }
    });

    it("keeps each person's own choice after logging out and in again", async () => {
      if (e2e === undefined) throw new Error('not started');
      const ctx = await e2e.browser.newContext({ viewport: { width: 1280, height: 900 } });
      const page = await ctx.newPage();
      try {
        await logIn(page, base, 'investment');
        await choose(page, 'kk');
        await logOut(page);
        await page.evaluate(() => {
          localStorage.setItem('kazna.portal.lang', 'en');
        });
        await logIn(page, base, 'investment');
        await page.waitForFunction(() => document.documentElement.lang === 'kk');
      } finally {
        await ctx.close();
      }
    });
  },
);

async function logOut(page: Page): Promise<void> {
  await page.locator('[data-testid="person"] button').click();
  await page.locator('[data-testid="person"]').waitFor({ state: 'detached' });
}

async function englishOn(
  page: Page,
  url: string,
  lang: string,
  names: readonly string[],
): Promise<string[]> {
  await page.goto(url);
  await page.waitForFunction((l) => document.documentElement.lang === l, lang);
  await settled(page);
  const path = new URL(url).pathname;
  await page.screenshot({
    path: join(ARTIFACTS, 'screens', `lang-${lang}${path.replaceAll('/', '-')}.png`),
    fullPage: true,
  });
  const words = englishWords(await ownWords(page, 'body'), names);
  return words.map((w) => `${path}: ${w}`);
}

/** In-app links on the page to addresses of a shape not visited yet (API downloads aside). */
async function detailLinks(page: Page, visited: ReadonlySet<string>): Promise<string[]> {
  const hrefs = await page
    .locator('main a[href^="/"]')
    .evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
  const out = new Map<string, string>();
  for (const h of hrefs) {
    const s = shape(h);
    if (h.startsWith('/api/') || visited.has(s) || visited.has(h) || out.has(s)) continue;
    if (ONLY !== undefined && !ONLY.includes(s)) continue;
    out.set(s, h);
  }
  return [...out.values()];
}
