import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/demo/logins.ts';
import { freePort } from '../../src/db/embedded.ts';
import { haveChromium } from '../support/browser.ts';
import { startE2e, type E2e } from '../support/e2e.ts';
import { addAuthenticator } from '../support/people.ts';

/**
 * Passkeys in a real browser (Debian's Chromium through playwright-core) against the real
 * `kazna serve` with the demo, using Chromium's virtual authenticator (CDP WebAuthn domain) in
 * place of a device: log in with the password, register a passkey on the Security page, log in
 * with it alone, then revoke it there and see the next passkey login refused.
 */

describe.runIf(haveChromium('the passkey browser test'))(
  'passkeys in Chromium',
  { timeout: 240_000 },
  () => {
    let origin = '';
    let page: Page;
    let context: BrowserContext;
    let e2e: E2e | undefined;

    beforeAll(async () => {
      const port = await freePort();
      origin = `http://localhost:${String(port)}`;
      // The passkey's origin must be the page's, so the server is told its port up front.
      e2e = await startE2e({ PORT: String(port), KAZNA_ORIGIN: origin });
      context = await e2e.browser.newContext();
      page = await context.newPage();
      await addAuthenticator(context, page);
    }, 240_000);

    afterAll(async () => {
      await e2e?.close();
    });

    const me = (): Promise<{ status: number; id?: string }> =>
      page.evaluate(async () => {
        const res = await fetch('/api/v1/auth/me');
        const body = (await res.json()) as { id?: string };
        return { status: res.status, ...(body.id === undefined ? {} : { id: body.id }) };
      });

    async function passkeyLogin(): Promise<void> {
      await context.clearCookies();
      await page.goto(`${origin}/login`);
      await page.getByRole('button', { name: 'Log in with a passkey' }).click();
    }

    it('registers a passkey on the Security page and logs in with it', async () => {
      await page.goto(`${origin}/login`);
      await page.fill('input[name="username"]', 'committee');
      await page.fill('input[name="password"]', DEMO_PASSWORD);
      await page.getByRole('button', { name: 'Log in', exact: true }).click();
      await page.getByText('Signed in').waitFor();
      const byPassword = await me();
      expect(byPassword.status).toBe(200);

      await page.goto(`${origin}/security`);
      await page.fill('input[name="password"]', DEMO_PASSWORD);
      await page.getByRole('button', { name: 'Register a passkey' }).click();
      await page.locator('table[data-list="passkeys"] tr[data-state="active"]').waitFor();

      await passkeyLogin();
      await page.getByText('Signed in').waitFor();
      expect(await me()).toEqual(byPassword);
    });

    it('refuses the passkey once it is revoked on the Security page', async () => {
      await page.goto(`${origin}/security`);
      const row = page.locator('table[data-list="passkeys"] tr[data-state="active"]');
      await row.getByRole('button', { name: 'Revoke' }).click();
      await page.locator('table[data-list="passkeys"] tr[data-state="revoked"]').waitFor();

      await passkeyLogin();
      await page.getByRole('alert').waitFor();
      expect(await page.getByRole('alert').textContent()).toContain('revoked');
      expect((await me()).status).toBe(401);
    });
  },
);
