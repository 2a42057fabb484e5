import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { haveChromium } from '../support/browser.ts';
import {
  choose,
  englishWords,
  logIn,
  properNames,
  settled,
  ownWords,
} from '../support/console-pages.ts';
import { startE2e, type E2e } from '../support/e2e.ts';

/**
 * The reserve's pages below the navigation in Kazakh: a hedge fund's and a venture fund's page
 * (with the folded chart tables, the flow forms and the committee's actions), the policy history
 * with its change form, rebalancing, disposals with their forms, and one auction and one OTC plan
 * opened. The language test opens each kind of page once, as it first shows; this one unfolds
 * every part and opens the forms, auctions and plans that only a click reaches.
 * Text the officials typed themselves (notes, document names, counterparties) is not the page's.
 */
describe.runIf(haveChromium('the reserve languages browser test'))(
  'the reserve pages in Kazakh',
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

    /** Opens every folded part (chart tables, forms) so their words are read too. */
    async function unfold(page: Page): Promise<void> {
      await page.locator('details').evaluateAll((ds) => {
        for (const d of ds) d.setAttribute('open', '');
      });
    }

    async function englishOn(page: Page, names: readonly string[], what: string) {
      await settled(page);
      await unfold(page);
      // What officials typed (notes, document names, counterparties) is theirs, not the console's.
      const text = await ownWords(page, 'main');
      const words = englishWords(text, names);
      return words.map((w) => `${what}: ${w}`);
    }

    async function managerIds(page: Page): Promise<string[]> {
      return page.evaluate(async () => {
        const r = (await (await fetch('/api/v1/reserve/managers')).json()) as {
          managers: { id: string; kind: string }[];
        };
        const hedge = r.managers.find((m) => m.kind === 'hedge_fund');
        const venture = r.managers.find((m) => m.kind === 'venture_fund');
        return [hedge?.id ?? '', venture?.id ?? ''].filter((id) => id !== '');
      });
    }

    it.each(['investment', 'committee'])(
      'leaves no English on the sub-pages for %s',
      async (who) => {
        if (e2e === undefined) throw new Error('not started');
        const ctx = await e2e.browser.newContext({ viewport: { width: 1280, height: 900 } });
        const page = await ctx.newPage();
        try {
          await logIn(page, base, who);
          await choose(page, 'kk');
          const names = await properNames(page);
          const left: string[] = [];
          const ids = await managerIds(page);
          expect(ids).toHaveLength(2);
          const paths = [
            ...ids.map((id) => `/managers/${id}`),
            '/reserve/policies',
            '/reserve/rebalancing',
            '/reserve/disposals',
          ];
          for (const path of paths) {
            await page.goto(`${base}${path}`);
            await page.waitForFunction(() => document.documentElement.lang === 'kk');
            left.push(...(await englishOn(page, names, path)));
          }
          // One auction and one OTC plan, opened from the disposals page.
          for (const nth of [0, -1]) {
            const open = page.locator('[data-testid="open-disposal"]');
            if ((await open.count()) === 0) break;
            await (nth === 0 ? open.first() : open.last()).click();
            await page.locator('[data-testid="disposal-detail"]').waitFor();
            left.push(...(await englishOn(page, names, `/reserve/disposals#${String(nth)}`)));
          }
          expect(left).toEqual([]);
        } finally {
          await ctx.close();
        }
      },
    );
  },
);
