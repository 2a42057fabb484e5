import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/demo/logins.ts';
import { ARTIFACTS, haveChromium } from '../support/browser.ts';
import { logIn, navLinks, settled, watch } from '../support/console-pages.ts';
import { startE2e, type E2e } from '../support/e2e.ts';

/**
 * The administrator's screens in a real browser against `kazna serve` with the demo, everything
 * done by clicks and form fills: the administrator creates an account and proposes its role; the
 * role change waits as an approval request until a second administrator and compliance approve it
 * on the Approvals page (each in their own browser, with a signing key made there), and an official
 * who executes requests executes it. Then the administrator revokes another person's API token.
 * The API is read only to check what the pages did.
 */
const SCREENS = join(ARTIFACTS, 'screens');
const NAME = 'Aigerim Seitkali';
const USERNAME = 'aigerim.seitkali';

describe.runIf(haveChromium('the administration browser test'))(
  'administration screens in Chromium',
  { timeout: 300_000 },
  () => {
    let base = '';
    let e2e: E2e | undefined;
    const contexts: BrowserContext[] = [];

    beforeAll(async () => {
      e2e = await startE2e();
      base = e2e.served.url;
      mkdirSync(SCREENS, { recursive: true });
    }, 240_000);

    afterAll(async () => {
      for (const c of contexts) await c.close();
      await e2e?.close();
    });

    /** A browser of its own for each person: their session and their signing key stay apart. */
    async function personPage(username: string): Promise<Page> {
      if (e2e === undefined) throw new Error('not started');
      const ctx = await e2e.browser.newContext({ viewport: { width: 1280, height: 900 } });
      contexts.push(ctx);
      const page = await ctx.newPage();
      await logIn(page, base, username);
      return page;
    }

    /** A GET with the page's session, to check what the page did. */
    function get<T>(page: Page, path: string): Promise<T> {
      return page.evaluate(async (url) => {
        const res = await fetch(url);
        return (await res.json()) as T;
      }, `/api/v1${path}`);
    }

    async function shot(page: Page, name: string): Promise<void> {
      await settled(page);
      await page.screenshot({ path: join(SCREENS, `admin-${name}.png`), fullPage: true });
    }

    /** Opens the request from the Approvals inbox, makes a signing key here, and signs a vote. */
    async function approve(username: string, requestId: string): Promise<Page> {
      const page = await personPage(username);
      await page.locator('nav#main-nav a[href="/approvals"]').click();
      // The inbox names the kind in words and links each request to its page.
      await page.locator(`tbody a[href="/approvals/${requestId}"]`).click();
      await page.waitForURL(`${base}/approvals/${requestId}`);
      await page.locator('input[aria-label="Password"]').fill(DEMO_PASSWORD);
      await page.getByRole('button', { name: 'Create signing key' }).click();
      await page.getByRole('button', { name: 'Sign with this browser’s key' }).click();
      // The vote is recorded under this person's id: the page lists voters by name.
      await page.waitForFunction(async (id: string) => {
        const body = (await (await fetch(`/api/v1/governance/approvals/${id}`)).json()) as {
          votes: { userId: string }[];
        };
        const me = (await (await fetch('/api/v1/auth/me')).json()) as { id: string };
        return body.votes.some((v) => v.userId === me.id);
      }, requestId);
      return page;
    }

    let requestId = '';
    let userId = '';

    it('creates an account and proposes its role as an approval request', async () => {
      const page = await personPage('admin');
      const seen = watch(page);
      const links = await navLinks(page);
      expect(links).toEqual(
        expect.arrayContaining(['/admin/users', '/admin/organisations', '/admin/credentials']),
      );
      await page.locator('nav#main-nav a[href="/admin/users"]').click();
      await page.locator('table[data-list="users"] tbody tr').first().waitFor();
      const form = page.locator('form[aria-label="Create an account"]');
      await form.locator('input[name="displayName"]').fill(NAME);
      await form.locator('input[name="username"]').fill(USERNAME);
      await form.locator('select[name="organisationId"]').selectOption({
        label: 'Supreme Audit Chamber',
      });
      await form.locator('input[name="password"]').fill('a first password, told in private');
      await form.getByRole('button', { name: 'Create the account' }).click();
      await page.locator(`table[data-list="users"] tr[data-username="${USERNAME}"]`).waitFor();
      await shot(page, 'users');
      await form.getByRole('link', { name: `Open ${NAME}’s page to propose roles` }).click();
      await page.getByRole('heading', { name: NAME }).waitFor();
      userId = page.url().split('/').pop() ?? '';
      const users = await get<{ id: string; username: string; roles: string[] }[]>(
        page,
        '/governance/users',
      );
      expect(users.find((u) => u.id === userId)).toMatchObject({ username: USERNAME, roles: [] });

      const roles = page.locator('form[aria-label="Propose roles"]');
      await roles.getByLabel('Auditor').check();
      await roles.getByRole('button', { name: 'Send for approval' }).click();
      const link = page.locator('[data-testid="role-request"] a');
      await link.waitFor();
      requestId = (await link.getAttribute('href'))?.split('/').pop() ?? '';
      await page
        .locator(`[data-list="pending-role-changes"] a[href="/approvals/${requestId}"]`)
        .waitFor();
      const request = await get<{ kind: string; status: string; content: unknown }>(
        page,
        `/governance/approvals/${requestId}`,
      );
      expect(request).toMatchObject({
        kind: 'governance.role.change',
        status: 'pending',
        content: { userId, roles: ['auditor'] },
      });
      // Proposed is not granted: the person still holds no role.
      const after = await get<{ id: string; roles: string[] }[]>(page, '/governance/users');
      expect(after.find((u) => u.id === userId)?.roles).toEqual([]);
      await shot(page, 'role-request');
      expect(seen.take()).toEqual([]);
    });

    it('a second administrator and compliance approve it, and it is executed', async () => {
      expect(requestId).not.toBe('');
      const second = await approve('admin2', requestId);
      await shot(second, 'second-admin-vote');
      const compliance = await approve('compliance', requestId);
      await compliance.locator('.badge', { hasText: 'approved' }).first().waitFor();
      // An administrator manages people, never executes; an official who executes requests does.
      const executor = await personPage('investment');
      await executor.goto(`${base}/approvals/${requestId}`);
      await executor.locator('input[aria-label="Password"]').fill(DEMO_PASSWORD);
      await executor.getByRole('button', { name: 'Create signing key' }).click();
      await executor.getByRole('button', { name: 'Execute' }).click();
      await executor.locator('.badge', { hasText: 'executed' }).first().waitFor();
      await shot(executor, 'role-executed');
      const users = await get<{ id: string; roles: string[] }[]>(second, '/governance/users');
      expect(users.find((u) => u.id === userId)?.roles).toEqual(['auditor']);
    });

    it('shows the new role on the person’s page and revokes another person’s token', async () => {
      const page = await personPage('admin');
      const seen = watch(page);
      await page.goto(`${base}/admin/users/${userId}`);
      await page.locator('[data-testid="roles"]', { hasText: 'Auditor' }).waitFor();
      await shot(page, 'user');
      await page.locator('nav#main-nav a[href="/admin/organisations"]').click();
      await page.locator('table[data-list="organisations"] tr', { hasText: NAME }).waitFor();
      await shot(page, 'organisations');

      await page.locator('nav#main-nav a[href="/admin/credentials"]').click();
      const row = page.locator('table[data-list="tokens"] tbody tr', {
        hasText: 'nightly_ledger_export',
      });
      await row.waitFor();
      expect(await row.getAttribute('data-state')).toBe('active');
      await row.getByRole('button', { name: 'Revoke nightly_ledger_export' }).click();
      await page
        .locator('table[data-list="tokens"] tbody tr[data-state="revoked"]', {
          hasText: 'nightly_ledger_export',
        })
        .waitFor();
      await page
        .getByRole('status')
        .filter({ hasText: 'nightly_ledger_export is revoked' })
        .waitFor();
      await shot(page, 'credentials');
      const users = await get<{ id: string; username: string }[]>(page, '/governance/users');
      const owner = users.find((u) => u.username === 'investment');
      if (owner === undefined) throw new Error('the demo has no investment officer');
      const creds = await get<{ tokens: { label: string; revokedAt: string | null }[] }>(
        page,
        `/governance/credentials?userId=${owner.id}`,
      );
      const token = creds.tokens.find((x) => x.label === 'nightly_ledger_export');
      expect(token?.revokedAt).not.toBeNull();

      // The same screens in Kazakh: headings, columns, roles and states from the dictionaries.
      await page.selectOption('.lang-choice select', 'kk');
      await page.getByRole('heading', { name: 'Тіркелгі деректері' }).first().waitFor();
      await page.goto(`${base}/admin/users/${userId}`);
      await page.locator('[data-testid="roles"]', { hasText: 'Аудитор' }).waitFor();
      await page.getByRole('heading', { name: 'Рөлдерді ұсыну' }).waitFor();
      await shot(page, 'user-kk');
      expect(seen.take()).toEqual([]);
    });

    it('offers the administration pages to administrators only', async () => {
      const page = await personPage('compliance');
      const links = await navLinks(page);
      for (const hidden of ['/admin/users', '/admin/organisations', '/admin/credentials'])
        expect(links).not.toContain(hidden);
    });
  },
);
