import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, haveChromium } from '../support/browser.ts';
import { logIn, settled } from '../support/console-pages.ts';
import { startE2e, type E2e } from '../support/e2e.ts';

/**
 * The console in Kazakh and in Russian: after the switch in the header, the frame (navigation,
 * header), the home page of tasks, the login card, the landing page and the portal show no English
 * word left, apart from proper names (people, organisations, Kazna) and codes (currencies, hashes).
 * The choice is the person's: it is back after logging out and in again.
 */
const CODES = new Set(
  'Kazna API USD BTC ETH LTC USDT USDC XAU KZT EUR CNY GBP JPY CHF UTC SHA English PDF CSV JSON QR'.split(
    ' ',
  ),
);
const PAGES = ['/tasks', '/login', '/', '/transparency'];

function englishWords(text: string, names: readonly string[]): string[] {
  let rest = text;
  for (const n of names) rest = rest.replaceAll(n, ' ');
  const words = rest.match(/\b[A-Za-z]{3,}\b/g) ?? [];
  return [...new Set(words.filter((w) => !CODES.has(w) && !/^[a-f0-9]+$/.test(w)))];
}

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

    it.each(['kk', 'ru'] as const)('leaves no English on the pages visited in %s', async (lang) => {
      if (e2e === undefined) throw new Error('not started');
      const ctx = await e2e.browser.newContext({ viewport: { width: 1280, height: 900 } });
      const page = await ctx.newPage();
      try {
        await logIn(page, base, 'investment');
        await page.selectOption('.lang-choice select', lang);
        await page.waitForFunction((l) => document.documentElement.lang === l, lang);
        const directory = await page.evaluate(async () => {
          const r = await fetch('/api/v1/directory');
          return (await r.json()) as {
            people: { displayName: string }[];
            organisations: { name: string; code: string }[];
          };
        });
        const names = [
          ...directory.people.map((p) => p.displayName),
          ...directory.organisations.flatMap((o) => [o.name, o.code]),
        ].sort((a, b) => b.length - a.length);
        const left: string[] = [];
        for (const path of PAGES) {
          await page.goto(`${base}${path}`);
          await page.waitForFunction((l) => document.documentElement.lang === l, lang);
          await settled(page);
          const words = englishWords(await page.locator('body').innerText(), names);
          left.push(...words.map((w) => `${path}: ${w}`));
          await page.screenshot({
            path: join(ARTIFACTS, 'screens', `lang-${lang}${path.replaceAll('/', '-')}.png`),
            fullPage: true,
          });
        }
        expect(left).toEqual([]);
        // The person's own choice survives logging out and back in.
        await page.locator('[data-testid="person"] button').click();
        await page.evaluate(() => {
          localStorage.setItem('kazna.portal.lang', 'en');
        });
        await logIn(page, base, 'investment');
        await page.waitForFunction((l) => document.documentElement.lang === l, lang);
      } finally {
        await ctx.close();
      }
    });
  },
);
