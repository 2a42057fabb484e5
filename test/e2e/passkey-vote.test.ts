import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../src/db/embedded.ts';
import { DEMO_PASSWORD } from '../../src/demo/logins.ts';
import { haveChromium } from '../support/browser.ts';
import { logIn } from '../support/console-pages.ts';
import { startE2e, type E2e } from '../support/e2e.ts';
import { addAuthenticator } from '../support/people.ts';

/**
 * A committee member signs an approval vote with a passkey in a real browser (Chromium's virtual
 * authenticator through CDP): they register the passkey on the Security page, open the request
 * from the Approvals inbox and sign with the passkey, never making a key in the browser. The
 * request is made beforehand by a second committee member through the API, as the setting.
 */
describe.runIf(haveChromium('the passkey vote browser test'))(
  'votes signed with a passkey in Chromium',
  { timeout: 240_000 },
  () => {
    let origin = '';
    let e2e: E2e | undefined;
    let context: BrowserContext;
    let page: Page;
    let requestId = '';

    beforeAll(async () => {
      const port = await freePort();
      origin = `http://localhost:${String(port)}`;
      // The passkey's origin must be the page's, so the server is told its port up front.
      e2e = await startE2e({ PORT: String(port), KAZNA_ORIGIN: origin });
      requestId = await proposeUnchangedPolicy(await e2e.browser.newContext());
      context = await e2e.browser.newContext();
      page = await context.newPage();
      await addAuthenticator(context, page);
    }, 240_000);

    afterAll(async () => {
      await e2e?.close();
    });

    /** The second committee member asks for a policy change (the admin quorum votes on it). */
    async function proposeUnchangedPolicy(ctx: BrowserContext): Promise<string> {
      const other = await ctx.newPage();
      await logIn(other, origin, 'committee2');
      const id = await other.evaluate(async () => {
        const read = (await (await fetch('/api/v1/governance/policy')).json()) as {
          policy: { version: number } & Record<string, unknown>;
        };
        const { version, ...policy } = read.policy;
        const res = await fetch('/api/v1/governance/approvals', {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'x-csrf-token': sessionStorage.getItem('kazna.csrf') ?? '',
          },
          body: JSON.stringify({
            kind: 'governance.policy.change',
            content: { baseVersion: version, policy },
          }),
        });
        const body = (await res.json()) as { id?: string; detail?: string };
        if (body.id === undefined) throw new Error(`not requested: ${String(body.detail)}`);
        return body.id;
      });
      await ctx.close();
      return id;
    }

    const votes = (): Promise<
      { userId: string; passkeyId: string | null; keyId: string | null }[]
    > =>
      page.evaluate(async (id) => {
        const res = await fetch(`/api/v1/governance/approvals/${id}`);
        return ((await res.json()) as { votes: [] }).votes;
      }, requestId);

    it('registers a passkey, then approves the request with it from the Approvals page', async () => {
      await logIn(page, origin, 'committee');
      await page.goto(`${origin}/security`);
      await page.fill('input[name="password"]', DEMO_PASSWORD);
      await page.getByRole('button', { name: 'Register a passkey' }).click();
      await page.locator('table[data-list="passkeys"] tr[data-state="active"]').waitFor();

      await page.locator('nav#main-nav a[href="/approvals"]').click();
      await page.locator(`tbody a[href="/approvals/${requestId}"]`).click();
      await page.waitForURL(`${origin}/approvals/${requestId}`);
      // No key was made in this browser: only the passkey is offered.
      const controls = page.locator('[data-signing="controls"]');
      await controls.waitFor();
      expect(
        await controls.getByRole('button', { name: 'Sign with this browser’s key' }).count(),
      ).toBe(0);
      await page.getByRole('button', { name: 'Sign with a passkey' }).click();
      await expect.poll(async () => (await votes()).length, { timeout: 20_000 }).toBe(1);
      const [vote] = await votes();
      const me = await page.evaluate(
        async () => ((await (await fetch('/api/v1/auth/me')).json()) as { id: string }).id,
      );
      expect(vote).toMatchObject({ userId: me, keyId: null });
      expect(vote?.passkeyId).toMatch(/.+/);
      // The page lists the vote under the voter's name.
      await page.locator('li', { hasText: 'approve' }).first().waitFor();
    });
  },
);
