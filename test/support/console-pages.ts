import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../src/demo/logins.ts';

/**
 * What the console's browser tests check on each page: answers from the API that refuse, errors in
 * the browser's console, machine ids and base-unit amounts in the visible text, and what axe-core
 * finds against WCAG 2 A/AA at the serious and critical levels.
 */
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
/** A bare run of 9 or more digits is a base-unit amount (10476546848), never a figure for people. */
const BASE_UNITS = /(?<![\w.,])\d{9,}(?![\w.,])/;

export function visibleTextProblems(text: string): string[] {
  const out: string[] = [];
  const id = UUID.exec(text);
  if (id !== null) out.push(`raw id ${id[0]} in "${around(text, id.index)}"`);
  const units = BASE_UNITS.exec(text);
  if (units !== null) out.push(`base-unit amount ${units[0]} in "${around(text, units.index)}"`);
  return out;
}

function around(text: string, at: number): string {
  return text.slice(Math.max(0, at - 40), at + 60).replace(/\s+/g, ' ');
}

/** Records refusals and errors while the page is used; `take` returns and clears them. */
export function watch(page: Page): { take: () => string[] } {
  let seen: string[] = [];
  page.on('response', (r) => {
    if (r.url().includes('/api/') && r.status() >= 400)
      seen.push(`${String(r.status())} ${r.request().method()} ${new URL(r.url()).pathname}`);
  });
  page.on('console', (m) => {
    if (m.type() === 'error') seen.push(`console error: ${m.text()}`);
  });
  page.on('pageerror', (e) => {
    seen.push(`page error: ${e.message}`);
  });
  return {
    take: () => {
      const out = seen;
      seen = [];
      return out;
    },
  };
}

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

interface AxeResult {
  violations: { id: string; impact: string | null; nodes: { target: string[] }[] }[];
}

/** Serious and critical WCAG 2 A/AA violations on the page as it is now. */
export async function axeProblems(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: AXE });
  const result = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (o: unknown) => Promise<AxeResult> } }).axe;
    return axe.run({ runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21aa'] } });
  });
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `axe ${v.id} (${v.impact ?? ''}) at ${v.nodes
          .map((n) => n.target.join(' '))
          .slice(0, 3)
          .join(', ')}`,
    );
}

export async function logIn(page: Page, base: string, username: string): Promise<void> {
  await page.goto(`${base}/login`);
  await page.fill('input[name="username"]', username);
  await page.fill('input[name="password"]', DEMO_PASSWORD);
  await page.locator('form button[type="submit"]').click();
  await page.locator('[data-testid="person"]').waitFor();
}

/** Logs in afresh: whoever was logged in on this page is logged out first. */
export async function logInAfresh(page: Page, base: string, username: string): Promise<void> {
  await page.context().clearCookies();
  await logIn(page, base, username);
}

/** A GET of the API with the page's session; a refusal throws with the path and status. */
export function apiGet<T>(page: Page, path: string): Promise<T> {
  return page.evaluate(async (url) => {
    const res = await fetch(url);
    if (!res.ok) throw new Error(`${url}: ${String(res.status)}`);
    return (await res.json()) as T;
  }, `/api/v1${path}`);
}

/** Waits until the page has stopped fetching and shows no loading line. */
export async function settled(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle');
  await page
    .waitForFunction(() => !/Loading…|Загрузка…|Жүктелуде…/.test(document.body.innerText), null, {
      timeout: 15_000,
    })
    .catch(() => undefined);
}

/** The navigation's links, as the logged-in person sees them. */
export async function navLinks(page: Page): Promise<string[]> {
  return page
    .locator('nav#main-nav a')
    .evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
}

/** Codes and names that read the same in every language (currencies, formats, Kazna). */
const CODES = new Set(
  'Kazna API VaR USD BTC ETH LTC USDT USDC TRX XAU KZT EUR CNY GBP JPY CHF UTC SHA English PDF CSV JSON QR EVM TRON'.split(
    ' ',
  ),
);

/** The English words left in a page's text once proper names, codes and hashes are taken out. */
export function englishWords(text: string, names: readonly string[]): string[] {
  let rest = text;
  for (const n of names) rest = rest.replaceAll(n, ' ');
  const words = rest.match(/\b[A-Za-z]{3,}\b/g) ?? [];
  return [...new Set(words.filter((w) => !CODES.has(w) && !/^[a-f0-9]+$/.test(w)))];
}

/** Switches the console's language in the header and waits for the page to follow. */
export async function choose(page: Page, lang: string): Promise<void> {
  await page.selectOption('.lang-choice select', lang);
  await page.waitForFunction((l) => document.documentElement.lang === l, lang);
}

/** People, organisations and managers are named in their own language: they are not strings. */
export async function properNames(page: Page): Promise<string[]> {
  const found = await page.evaluate(async () => {
    const directory = (await (await fetch('/api/v1/directory')).json()) as {
      people: { displayName: string }[];
      organisations: { name: string; code: string }[];
    };
    /** The names in one list the caller may read, or none. */
    const named = async (path: string, list: string, field = 'name'): Promise<string[]> => {
      const res = await fetch(path);
      if (!res.ok) return [];
      const rows = ((await res.json()) as Record<string, Record<string, string>[] | undefined>)[
        list
      ];
      return (rows ?? []).map((r) => r[field] ?? '');
    };
    return [
      ...directory.people.map((p) => p.displayName),
      ...directory.organisations.flatMap((o) => [o.name, o.code]),
      ...(await named('/api/v1/reserve/managers', 'managers')),
      // Exchanges and operations are named by whoever registered them; case numbers are codes.
      ...(await named('/api/v1/seizures/exchanges', 'exchanges')),
      ...(await named('/api/v1/seizures/operations', 'operations')),
      ...(await named('/api/v1/compliance/exchanges', 'exchanges')),
      ...(await named('/api/v1/seizures/claims?limit=500', 'claims', 'caseNumber')),
    ].filter((n) => n !== '');
  });
  return found.sort((a, b) => b.length - a.length);
}

/**
 * The visible text of `root` without what people typed (marked `translate="no"`: a note, a reason,
 * a document's name is theirs, not the console's) and without machine syntax in `<code>`.
 */
export async function ownWords(page: Page, root: string): Promise<string> {
  return page.evaluate((selector) => {
    const style = document.createElement('style');
    style.textContent = '[translate="no"], code { display: none !important; }';
    document.head.append(style);
    const text = document.querySelector<HTMLElement>(selector)?.innerText ?? '';
    style.remove();
    return text;
  }, root);
}
