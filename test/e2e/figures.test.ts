import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { haveChromium } from '../support/browser.ts';
import { apiGet, logInAfresh } from '../support/console-pages.ts';
import { startE2e, type E2e } from '../support/e2e.ts';

/**
 * One source of truth for every figure: on the demo, for one day, each total and share that the
 * API gives (the reserve's allocation and positions, the latest risk report, the public portal,
 * the exchange registry) and that the pages show (Reserve, Risk, Managers, the portal) is the same
 * number. Shares are basis points rounded down, as the reserve computes them; a page that shows
 * fewer digits shows the same figure at its precision.
 */

interface Line {
  readonly bucket: string;
  readonly value: string;
}
interface Allocation {
  readonly day: string;
  readonly total: string;
  readonly lines: readonly Line[];
}
interface Position {
  readonly managerId: string;
  readonly name: string;
  readonly value: string;
}
interface RiskShares {
  readonly total: string;
  readonly day: string;
  readonly shares: { cryptoBps: number; managersBps: Record<string, number> };
}

/** "308796142.74" (dollars) → 30879614274n (cents). */
function cents(dollars: string): bigint {
  const [whole = '0', frac = ''] = dollars.split('.');
  return BigInt(whole) * 100n + BigInt(frac.padEnd(2, '0').slice(0, 2));
}

function floorBps(part: bigint, whole: bigint): number {
  return Number((part * 10_000n) / whole);
}

/** Cents as whole dollars grouped by thousands, as every page writes them: 308,796,143. */
function dollarsText(c: bigint): string {
  return ((c + 50n) / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

function percentText(bps: number, digits: number): string {
  return `${(bps / 100).toFixed(digits)}%`;
}

describe.runIf(haveChromium('the figure agreement browser test'))(
  'figures agree across pages and routes',
  { timeout: 240_000 },
  () => {
    let base = '';
    let page: Page;
    let e2e: E2e | undefined;

    beforeAll(async () => {
      // The whole demo loads before the server answers; a busy machine needs more than the default.
      e2e = await startE2e({}, 240_000);
      base = e2e.served.url;
      page = await e2e.browser.newPage({ viewport: { width: 1440, height: 900 } });
    }, 300_000);

    afterAll(async () => {
      await e2e?.close();
    });

    async function login(username: string): Promise<void> {
      await logInAfresh(page, base, username);
    }

    function get<T>(path: string): Promise<T> {
      return apiGet<T>(page, path);
    }

    async function text(path: string, ready: string): Promise<string> {
      await page.goto(`${base}${path}`);
      await page.getByText(ready).first().waitFor({ timeout: 60_000 });
      return (await page.locator('main').first().textContent()) ?? '';
    }

    it('gives one total, one crypto share and one share per manager on every route and page', async () => {
      await login('risk');
      const reserve = await get<Allocation>('/reserve/allocation');
      const { day } = reserve;
      const total = BigInt(reserve.total);
      const crypto = reserve.lines
        .filter((l) => l.bucket === 'hedge_funds' || l.bucket === 'venture_funds')
        .reduce((s, l) => s + BigInt(l.value), 0n);
      const positions = (await get<{ positions: Position[] }>(`/reserve/positions?day=${day}`))
        .positions;
      const portal = await get<{ day: string; total: string; lines: Line[] }>(
        `/public/allocation?day=${day}`,
      );
      const list = await get<{ reports: { id: string; day: string; total: string }[] }>(
        '/risk/reports',
      );
      const latest = list.reports[0];
      const risk = (await get<{ report: RiskShares }>(`/risk/reports/${latest?.id ?? ''}`)).report;

      // The same day and the same total, to the cent, from the reserve, the portal and risk.
      expect([portal.day, latest?.day, risk.day]).toEqual([day, day, day]);
      expect(cents(portal.total)).toBe(total);
      expect(cents(latest?.total ?? '0')).toBe(total);
      expect(cents(risk.total)).toBe(total);
      // Buckets: the portal's values are the reserve's.
      expect(portal.lines.map((l) => [l.bucket, cents(l.value)])).toEqual(
        reserve.lines.map((l) => [l.bucket, BigInt(l.value)]),
      );
      // The crypto share and each manager's share, exactly.
      expect(risk.shares.cryptoBps).toBe(floorBps(crypto, total));
      const held = positions.filter((p) => BigInt(p.value) > 0n);
      expect(held.length).toBeGreaterThanOrEqual(5);
      expect(risk.shares.managersBps).toEqual(
        Object.fromEntries(held.map((p) => [p.name, floorBps(BigInt(p.value), total)])),
      );

      // Risk judges those shares against the reserve policy's caps.
      const policies = await get<{
        policies: { version: number; policy: { cryptoCapBps: number; managerCapBps: number } }[];
      }>('/reserve/policies');
      const policy = policies.policies.at(-1)?.policy;
      const limits = await get<{ limit: { kind: string; maxBps?: number } }[]>('/risk/limits');
      const cap = (kind: string) => limits.find((l) => l.limit.kind === kind)?.limit.maxBps;
      expect(cap('crypto_cap')).toBe(policy?.cryptoCapBps);
      expect(cap('manager_concentration')).toBe(policy?.managerCapBps);

      // The pages show the same figures.
      const totalText = dollarsText(total);
      const reservePage = await text('/reserve', 'Crypto exposure (hard cap)');
      expect(reservePage).toContain(`$${totalText}`);
      expect(reservePage).toContain(percentText(floorBps(crypto, total), 1));
      const riskPage = await text('/risk', 'Any one manager, at most');
      expect(riskPage).toContain(`${totalText} USD`);
      // The tile writes the day in the reader's language; its machine form is on the element.
      const tileDay = page.locator('[data-testid="risk-total"] time');
      expect(await tileDay.getAttribute('datetime')).toBe(day);
      expect(riskPage).toContain(percentText(risk.shares.cryptoBps, 2));
      const largest = Math.max(...Object.values(risk.shares.managersBps));
      expect(riskPage).toContain(percentText(largest, 2));
      const managersPage = await text('/managers', 'Minimum DD score');
      // The list comes before the positions, allocation and policy it is measured with: wait
      // for the first share to be drawn, then read every row.
      const first = held[0];
      if (first !== undefined) {
        const firstShare = percentText(floorBps(BigInt(first.value), total), 2);
        await page
          .locator('tr', { hasText: first.name })
          .filter({ hasText: firstShare })
          .first()
          .waitFor();
      }
      const shown = await page
        .locator('tr', { hasText: /\d+\.\d\d%/ })
        .evaluateAll((rows) => rows.map((r) => r.textContent));
      for (const p of held) {
        const row = shown.find((r) => r.includes(p.name)) ?? '';
        expect(row).toContain(percentText(floorBps(BigInt(p.value), total), 2));
      }
      expect(managersPage).not.toContain('steppe-digital');
      await page.goto(`${base}/transparency`);
      await page.locator('dl.totals dd').first().waitFor();
      expect(await page.locator('dl.totals dd').first().textContent()).toContain(totalText);
    });

    it('tells one enforcement story on the portal and in the exchange registry', async () => {
      await login('compliance');
      const registry = await get<{ exchanges: { status: string; estimatedVolumeUsd: string }[] }>(
        '/compliance/exchanges',
      );
      const shutDown = registry.exchanges.filter((x) => x.status === 'shut_down');
      const volume = shutDown.reduce((s, x) => s + cents(x.estimatedVolumeUsd), 0n);
      const portal = await get<{
        exchangesShutDown: number;
        volumeProcessedByShutDownExchangesUsd: string;
      }>('/public/enforcement');
      expect(shutDown).toHaveLength(portal.exchangesShutDown);
      expect(volume).toBe(cents(portal.volumeProcessedByShutDownExchangesUsd));
      expect(portal.exchangesShutDown).toBe(130);
      await page.goto(`${base}/transparency/enforcement`);
      await page.locator('ul.tiles').first().waitFor();
      const tiles = (await page.locator('ul.tiles').first().textContent()) ?? '';
      expect(tiles).toContain('130');
      expect(tiles).toContain(dollarsText(volume));
    });
  },
);
