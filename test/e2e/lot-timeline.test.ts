import { ed25519 } from '@noble/curves/ed25519.js';
import { createHash, randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256 } from '../../src/core/hash.ts';
import { DEMO_PASSWORD } from '../../src/demo/logins.ts';
import { handoffMessage, type HandoffContent } from '../../src/seizures/model.ts';
import { ARTIFACTS, haveChromium } from '../support/browser.ts';
import { settled, watch } from '../support/console-pages.ts';
import { startE2e, type E2e } from '../support/e2e.ts';
import { people } from '../support/people.ts';

/**
 * A lot from the court's forfeiture to a fund manager, in a real browser against `kazna serve` with
 * the demo: the custody officer earmarks the forfeited lot on its page, the investment officer
 * proposes its in-kind contribution on the Disposals page, the committee and risk approve it on the
 * Approvals page (each in their own browser, with a signing key made there), the investment
 * officer executes it, and the lot's one timeline then tells the whole story, each step linked to
 * its audit entry, whose page checks the entry's inclusion proof.
 *
 * Two preconditions are set through the API, because the console has no form for them yet (the
 * court's decision form and signed hand-offs are being built): the registrar asks for the demo's
 * pending BTC lot to be forfeited (the committee approves that in the browser too), and the police
 * hand the lot to the treasury's custody, signed with the demo's hand-off keys.
 */
const SCREENS = join(ARTIFACTS, 'screens');
const ORDER = 'No. 7-1402/2025';
const MANAGER = 'Dunmore Liquid Crypto Opportunities';

interface Answer {
  status: number;
  body: unknown;
}

interface Request {
  status: string;
  kind: string;
  content: Record<string, unknown>;
  tally: { groups: { role: string; have: number; count: number }[] };
}

describe.runIf(haveChromium('the lot timeline browser test'))(
  'a lot’s timeline in Chromium',
  { timeout: 600_000 },
  () => {
    let base = '';
    let e2e: E2e | undefined;
    let lotId = '';

    beforeAll(async () => {
      e2e = await startE2e();
      base = e2e.served.url;
      mkdirSync(SCREENS, { recursive: true });
    }, 300_000);

    afterAll(async () => {
      await everyone.close();
      await e2e?.close();
    });

    const everyone = people(
      () => {
        if (e2e === undefined) throw new Error('not started');
        return e2e.browser;
      },
      () => base,
    );
    const person = (username: string): Promise<Page> => everyone.person(username);

    /** A call of the API with the page's session, to check what the pages did. */
    function call(page: Page, path: string, body?: unknown): Promise<Answer> {
      return page.evaluate(
        async ([url, payload]) => {
          const csrf = sessionStorage.getItem('kazna.csrf') ?? '';
          const res = await fetch(
            url,
            payload === undefined
              ? {}
              : {
                  method: 'POST',
                  headers: { 'content-type': 'application/json', 'x-csrf-token': csrf },
                  body: JSON.stringify(payload),
                },
          );
          return { status: res.status, body: (await res.json()) as unknown };
        },
        [`/api/v1${path}`, body] as const,
      );
    }

    async function get<T>(page: Page, path: string): Promise<T> {
      const r = await call(page, path);
      if (r.status !== 200) throw new Error(`${path}: ${String(r.status)}`);
      return r.body as T;
    }

    async function shot(page: Page, name: string): Promise<void> {
      await settled(page);
      await page.screenshot({ path: join(SCREENS, `lot-${name}.png`), fullPage: true });
    }

    /** Opens the request's page; makes this browser's signing key first if it has none. */
    async function openRequest(page: Page, requestId: string): Promise<void> {
      await page.goto(`${base}/approvals/${requestId}`);
      const create = page.getByRole('button', { name: 'Create signing key' });
      const sign = page.getByRole('button', { name: 'Sign with this browser’s key' });
      await create.or(sign).first().waitFor();
      if (!(await sign.isVisible())) {
        await page.locator('input[aria-label="Password"]').fill(DEMO_PASSWORD);
        await create.click();
      }
      await sign.waitFor();
    }

    /** Votes from the Approvals inbox, in each person's browser, until the quorum is there. */
    async function approveUntilApproved(requestId: string, usernames: readonly string[]) {
      for (const username of usernames) {
        const page = await person(username);
        const me = await get<{ id: string; roles: string[] }>(page, '/auth/me');
        const r = await get<Request>(page, `/governance/approvals/${requestId}`);
        if (r.status !== 'pending') break;
        const group = r.tally.groups.find((g) => me.roles.includes(g.role));
        if (group === undefined || group.have >= group.count) continue;
        await page.locator('nav#main-nav a[href="/approvals"]').click();
        await page.locator(`tbody a[href="/approvals/${requestId}"]`).click();
        await page.waitForURL(`${base}/approvals/${requestId}`);
        await openRequest(page, requestId);
        await page.getByRole('button', { name: 'Sign with this browser’s key' }).click();
        await page.waitForFunction(
          async ([id, userId]) => {
            const res = await fetch(`/api/v1/governance/approvals/${id}`);
            const body = (await res.json()) as { votes: { userId: string }[] };
            return body.votes.some((v) => v.userId === userId);
          },
          [requestId, me.id] as const,
        );
      }
      const page = await person(usernames[0] ?? 'committee');
      const decided = async (): Promise<Request> => {
        const r = await get<Request>(page, `/governance/approvals/${requestId}`);
        return ['approved', 'executed'].includes(r.status)
          ? r
          : Promise.reject(new Error(JSON.stringify(r)));
      };
      // The quorum is counted as the votes land; give the last one a moment.
      await expect
        .poll(() => decided().then((r) => r.status), { timeout: 15_000 })
        .toMatch(/approved|executed/);
    }

    async function execute(username: string, requestId: string): Promise<void> {
      const page = await person(username);
      const r = await get<Request>(page, `/governance/approvals/${requestId}`);
      if (r.status === 'executed') return;
      await openRequest(page, requestId);
      await page.getByRole('button', { name: 'Execute' }).click();
      await page.locator('.badge', { hasText: 'executed' }).first().waitFor();
    }

    it('has a demo lot the court forfeits and the police hand to custody (preconditions)', async () => {
      const officer = await person('officer');
      const pending = await get<{ lots: { id: string; asset: string; status: string }[] }>(
        officer,
        '/seizures/lots?status=forfeiture_pending&asset=BTC',
      );
      lotId = pending.lots[0]?.id ?? '';
      expect(lotId).not.toBe('');
      const registrar = await person('registrar');
      const asked = await call(registrar, `/seizures/lots/${lotId}/transitions`, {
        to: 'forfeited',
        courtOrderRef: ORDER,
        // A final order carries its date and its document's hash.
        courtOrderDate: '2025-10-01',
        courtOrderSha256: createHash('sha256').update(`order ${ORDER}`).digest('hex'),
        courtOrderName: 'order.pdf',
        reason: 'judgment of the court',
      });
      expect([200, 202]).toContain(asked.status);
      const outcome = asked.body as { requestId: string; state: string };
      if (outcome.state === 'pending_approval') {
        await approveUntilApproved(outcome.requestId, ['committee', 'committee2']);
        await execute('investment', outcome.requestId);
      }
      const custody = await person('custody');
      const from = await get<{ id: string; organisationId: string }>(officer, '/auth/me');
      const to = await get<{ id: string; organisationId: string }>(custody, '/auth/me');
      const content: HandoffContent = {
        handoffId: randomUUID(),
        lotIds: [lotId],
        fromOrganisationId: from.organisationId,
        toOrganisationId: to.organisationId,
        releasingOfficerId: from.id,
        receivingOfficerId: to.id,
        note: 'custody of a forfeited lot',
      };
      // The demo's officials sign hand-offs with keys derived from their usernames (demo only).
      const sign = (username: string): string => {
        const secret = sha256(new TextEncoder().encode(`kazna demo signing key of ${username}`));
        return Buffer.from(ed25519.sign(handoffMessage(content), secret)).toString('hex');
      };
      const handed = await call(officer, '/seizures/handoffs', {
        ...content,
        releasingSignatureHex: sign('officer'),
        receivingSignatureHex: sign('custody'),
      });
      expect(handed.status, JSON.stringify(handed.body)).toBe(201);
      const lot = await get<{ lot: { status: string } }>(custody, `/seizures/lots/${lotId}`);
      expect(lot.lot.status).toBe('forfeited');
    });

    it('the custody officer earmarks the forfeited lot on its page', async () => {
      const page = await person('custody');
      const seen = watch(page);
      await page.goto(`${base}/cases/lots/${lotId}`);
      const timeline = page.locator('[data-testid="lot-timeline"]');
      await timeline.getByText('Legal decision').first().waitFor();
      await page.getByRole('button', { name: 'Earmark for the reserve' }).click();
      await page.getByRole('status').filter({ hasText: 'earmarked for the reserve' }).waitFor();
      await timeline.getByText('Earmarked for the reserve').waitFor();
      // The custody officer may not read the log: entries are numbered, never dead links.
      await timeline
        .getByText(/Entry #\d+/)
        .first()
        .waitFor();
      expect(await timeline.locator('a[href^="/audit/entries/"]').count()).toBe(0);
      await shot(page, 'earmarked');
      expect(seen.take()).toEqual([]);
      const again = await call(page, `/seizures/lots/${lotId}/earmark`, {});
      expect(again.body).toMatchObject({ code: 'lot_already_earmarked' });
    });

    let requestId = '';

    it('the investment officer proposes its contribution in kind to a manager', async () => {
      const page = await person('investment');
      const seen = watch(page);
      await page.goto(`${base}/reserve/disposals`);
      const form = page.locator('form[aria-label="Contribute an earmarked lot in kind"]');
      await form.waitFor();
      const option = form.locator('select[name="lotId"] option', { hasText: 'AFM-2025-0147' });
      expect(await option.count()).toBe(1);
      await form.locator('select[name="lotId"]').selectOption(lotId);
      await form.locator('select[name="managerId"]').selectOption({ label: MANAGER });
      expect(await form.locator('input[name="amount"]').inputValue()).toBe('6.5');
      await form.getByRole('button', { name: 'Propose the contribution' }).click();
      const link = page.locator('[data-testid="in-kind"] a[href^="/approvals/"]');
      const refused = page.locator('[data-testid="in-kind"] [role="alert"]');
      await link.or(refused).first().waitFor();
      if (await refused.isVisible()) throw new Error(`refused: ${await refused.innerText()}`);
      requestId = (await link.getAttribute('href'))?.split('/').pop() ?? '';
      const request = await get<Request>(page, `/governance/approvals/${requestId}`);
      expect(request).toMatchObject({
        kind: 'reserve.subscription',
        status: 'pending',
        content: { method: 'in_kind', lotId, asset: 'BTC', amount: '6.5' },
      });
      await shot(page, 'proposed');
      expect(seen.take()).toEqual([]);
    });

    it('the committee approves it in their own browsers, naming the lot and the manager', async () => {
      expect(requestId).not.toBe('');
      const committee = await person('committee');
      await openRequest(committee, requestId);
      const summary = committee.locator('.approval-summary');
      await summary.getByText(MANAGER).waitFor();
      await summary.getByText(/AFM-2025-0147/).waitFor();
      await shot(committee, 'request');
      await approveUntilApproved(requestId, ['committee', 'committee2', 'risk']);
      await execute('investment', requestId);
      const auditor = await person('auditor');
      const lot = await get<{ lot: { remaining: string } }>(auditor, `/seizures/lots/${lotId}`);
      expect(lot.lot.remaining).toBe('0');
    });

    it('the lot’s timeline tells it all, each step linked to its entry and proof', async () => {
      const page = await person('auditor');
      const seen = watch(page);
      await page.goto(`${base}/cases/lots/${lotId}`);
      const timeline = page.locator('[data-testid="lot-timeline"]');
      for (const step of [
        'Seized and recorded (intake)',
        'Legal decision',
        'Earmarked for the reserve',
        'Contributed to a fund manager in kind',
      ])
        await timeline.getByText(step).first().waitFor();
      // The order is on the decision and on the request it went through.
      await timeline.locator('[data-testid="court-order"]', { hasText: ORDER }).first().waitFor();
      // The intake's evidence appears by name with its hash, shortened, the full value in a title.
      await timeline.locator('[data-hash]').first().waitFor();
      const texts = (await timeline.locator('tbody tr').allTextContents()).join('\n');
      expect(texts.indexOf('Seized and recorded')).toBeLessThan(texts.indexOf('Earmarked'));
      expect(texts.indexOf('Earmarked')).toBeLessThan(texts.indexOf('Contributed'));
      await shot(page, 'timeline');
      // The test server signs no checkpoint on a timer: the administrator signs one now (the
      // console has no button for it), and the entry's page checks the proof against it.
      const signed = await call(await person('admin'), '/audit/checkpoints', {});
      expect(signed.status).toBe(201);
      const row = timeline.locator('tbody tr', { hasText: 'Earmarked for the reserve' });
      const link = row.locator('a[href^="/audit/entries/"]');
      const href = (await link.getAttribute('href')) ?? '';
      await link.click();
      await page.waitForURL(`${base}${href}`);
      const entry = await get<{ action: string; subjects: string[] }>(page, href);
      expect(entry.action).toBe('seizures.lot.earmarked');
      expect(entry.subjects).toContain(lotId);
      const proof = page.locator('[data-testid="inclusion-proof"]');
      await proof.waitFor();
      await page.locator('li.ok', { hasText: 'inclusion proof' }).waitFor();
      await page.locator('li.ok', { hasText: 'is signed by log key' }).waitFor();
      expect(await page.locator('li.error').count()).toBe(0);
      expect(await proof.locator('dd.mono').count()).toBe(2);
      await shot(page, 'entry-proof');
      expect(seen.take()).toEqual([]);
    });
  },
);
