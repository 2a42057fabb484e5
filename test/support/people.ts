import type { Browser, BrowserContext, Page } from 'playwright-core';
import { logIn } from './console-pages.ts';

/**
 * One browser context per person, logged in once and kept, so each person's session, signing key
 * and authenticator stay theirs, as on their own machines. `close` closes every context.
 */
export interface People {
  person(username: string, options?: { authenticator?: boolean }): Promise<Page>;
  close(): Promise<void>;
}

export function people(browser: () => Browser, base: () => string): People {
  const contexts: BrowserContext[] = [];
  const pages = new Map<string, Page>();
  return {
    async person(username, options = {}) {
      const known = pages.get(username);
      if (known !== undefined) return known;
      const ctx = await browser().newContext({ viewport: { width: 1280, height: 900 } });
      contexts.push(ctx);
      const page = await ctx.newPage();
      if (options.authenticator === true) await addAuthenticator(ctx, page);
      await logIn(page, base(), username);
      pages.set(username, page);
      return page;
    },
    async close() {
      for (const c of contexts) await c.close();
      contexts.length = 0;
      pages.clear();
    },
  };
}

/**
 * Chromium's virtual authenticator (CDP WebAuthn domain) in place of a device: a platform
 * authenticator with resident keys and user verification, which answers without a prompt.
 */
export async function addAuthenticator(ctx: BrowserContext, page: Page): Promise<void> {
  const cdp = await ctx.newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
}
