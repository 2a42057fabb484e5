import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/demo/logins.ts';
import { ARTIFACTS, haveChromium } from '../support/browser.ts';
import { settled } from '../support/console-pages.ts';
import { startE2e, type E2e } from '../support/e2e.ts';
import { people } from '../support/people.ts';

/**
 * The court's work in a real browser against `kazna serve` with the demo: the registrar opens a lot
 * of a case before her court, is offered exactly the steps the law allows (and told why the others
 * are closed), records forfeiture pending and then forfeiture under an order whose document is
 * hashed in the browser; the transaction policy sends each decision for approval, which a committee
 * member signs and an investment officer executes in their own browsers. A step the status does not
 * allow is refused with its code. Then she registers a victim's claim against a lot found by its
 * short id, with its evidence hashed, approves it and pays it; a payout above the claim is refused.
 */
const SCREENS = join(ARTIFACTS, 'screens');

interface Step {
  to: string;
  allowed: boolean;
  reason: string | null;
}
interface LotAnswer {
  lot: { id: string; status: string };
  nextSteps: Step[];
  transitions: Record<string, unknown>[];
}

describe.runIf(haveChromium('the court browser test'))(
  'the court registrar in Chromium',
  { timeout: 300_000 },
  () => {
    let base = '';
    let e2e: E2e | undefined;
    let registrar: Page;
    let lotId = '';

    beforeAll(async () => {
      e2e = await startE2e();
      base = e2e.served.url;
      mkdirSync(SCREENS, { recursive: true });
      registrar = await person('registrar');
    }, 240_000);

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

    function get<T>(page: Page, path: string): Promise<T> {
      return page.evaluate(async (url) => {
        const res = await fetch(url);
        return (await res.json()) as T;
      }, `/api/v1${path}`);
    }

    /** Opens a request's page, makes a signing key the first time, and presses `button`. */
    async function onRequest(username: string, requestId: string, button: string): Promise<void> {
      const page = await person(username);
      await page.goto(`${base}/approvals/${requestId}`);
      const password = page.locator('input[aria-label="Password"]');
      const action = page.getByRole('button', { name: button });
      await password.or(action).first().waitFor();
      if (await password.isVisible()) {
        await password.fill(DEMO_PASSWORD);
        await page.getByRole('button', { name: 'Create signing key' }).click();
      }
      await action.click();
    }

    /** Records the chosen step on the lot page; a policy request is approved and executed. */
    async function record(to: string, fill?: () => Promise<void>): Promise<void> {
      const form = registrar.locator('form[aria-label="Court decision"]');
      await form.locator(`[data-list="open-steps"] [data-step="${to}"] input`).check();
      if (fill !== undefined) await fill();
      await form.getByLabel('Reason').fill(`the court decided: ${to}`);
      await form.getByRole('button', { name: 'Record the decision' }).click();
      const outcome = form.locator('[data-outcome]');
      await outcome.waitFor();
      if ((await outcome.getAttribute('data-outcome')) === 'pending_approval') {
        const href = await outcome.locator('a[href^="/approvals/"]').getAttribute('href');
        const requestId = href?.split('/').pop() ?? '';
        await onRequest('committee', requestId, 'Sign with this browser’s key');
        const committee = await person('committee');
        await committee.locator('.badge', { hasText: 'approved' }).first().waitFor();
        await onRequest('investment', requestId, 'Execute');
        const investment = await person('investment');
        await investment.locator('.badge', { hasText: 'executed' }).first().waitFor();
        await registrar.reload();
      }
      await registrar.locator(`h1 + .card .badge[data-value="${to}"]`).waitFor();
    }

    it('sees the lots of her court on Cases and opens a frozen one', async () => {
      await registrar.locator('nav#main-nav a[href="/cases"]').click();
      const rows = registrar.locator('tbody tr');
      await rows.first().waitFor();
      const mine = await get<{ lots: { id: string; status: string }[] }>(
        registrar,
        '/seizures/lots?limit=1000',
      );
      expect(mine.lots.length).toBeGreaterThan(0);
      await registrar.selectOption('select[aria-label="Legal status"]', 'frozen');
      const frozen = mine.lots.filter((l) => l.status === 'frozen');
      await registrar.waitForFunction(
        (n) => document.querySelectorAll('tbody tr').length === n,
        frozen.length,
      );
      await rows.first().locator('a[href^="/cases/lots/"]').click();
      await registrar.locator('form[aria-label="Court decision"]').waitFor();
      lotId = registrar.url().split('/').pop() ?? '';
      expect(frozen.map((l) => l.id)).toContain(lotId);
    });

    it('is offered exactly the allowed steps and told why the others are closed', async () => {
      const answer = await get<LotAnswer>(registrar, `/seizures/lots/${lotId}`);
      const form = registrar.locator('form[aria-label="Court decision"]');
      const offered = await form
        .locator('[data-list="open-steps"] [data-step]')
        .evaluateAll((els) => els.map((e) => e.getAttribute('data-step')));
      expect(offered).toEqual(answer.nextSteps.filter((s) => s.allowed).map((s) => s.to));
      expect(offered).toContain('forfeiture_pending');
      const forfeit = form.locator('[data-list="closed-steps"] [data-step="forfeited"]');
      await expect(forfeit.getAttribute('data-reason')).resolves.toBe('needs_step_first');
      expect(await forfeit.textContent()).toContain('first record forfeiture pending');
      await registrar.screenshot({ path: join(SCREENS, 'court-decision.png'), fullPage: true });
    });

    it('records forfeiture pending, then forfeiture under an order with its document', async () => {
      const offered = await registrar
        .locator('[data-list="open-steps"] [data-step="frozen"]')
        .count();
      if (offered > 0) await record('frozen');
      await record('forfeiture_pending');
      const document = Buffer.from(`Order No. 7-2001/2025 of the court, lot ${lotId}`);
      const sha256 = createHash('sha256').update(document).digest('hex');
      await record('forfeited', async () => {
        const form = registrar.locator('form[aria-label="Court decision"]');
        await form.getByLabel('Court order reference').fill('No. 7-2001/2025');
        await form.getByLabel('Date of the order').fill('2025-09-15');
        await form.getByLabel('Order document').setInputFiles({
          name: 'order-7-2001.pdf',
          mimeType: 'application/pdf',
          buffer: document,
        });
        await form.locator(`[data-order-hash="${sha256}"]`).waitFor();
      });
      const answer = await get<LotAnswer>(registrar, `/seizures/lots/${lotId}`);
      expect(answer.lot.status).toBe('forfeited');
      expect(answer.transitions.at(-1)).toMatchObject({
        to: 'forfeited',
        courtOrderRef: 'No. 7-2001/2025',
        courtOrderDate: '2025-09-15',
        courtOrderSha256: sha256,
        courtOrderName: 'order-7-2001.pdf',
      });
      const closed = registrar.locator('[data-list="closed-steps"] [data-step="frozen"]');
      await expect(closed.getAttribute('data-reason')).resolves.toBe('lot_finally_decided');
      await settled(registrar);
      await registrar.screenshot({ path: join(SCREENS, 'court-forfeited.png'), fullPage: true });
    });

    it('is refused a step the status does not allow, with its code', async () => {
      const refused = await registrar.evaluate(async (id) => {
        // The page keeps its session's CSRF token where the console's own client reads it.
        const csrf = sessionStorage.getItem('kazna.csrf') ?? '';
        const res = await fetch(`/api/v1/seizures/lots/${id}/transitions`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-csrf-token': csrf },
          body: JSON.stringify({ to: 'frozen', reason: 'again' }),
        });
        return { status: res.status, body: (await res.json()) as { code: string } };
      }, lotId);
      expect([refused.status, refused.body.code]).toEqual([409, 'transition_not_allowed']);
      const answer = await get<LotAnswer>(registrar, `/seizures/lots/${lotId}`);
      expect(answer.lot.status).toBe('forfeited');
    });

    it('registers a claim on a lot found by its short id, approves and pays it', async () => {
      const victims = await get<{ lots: { id: string }[] }>(
        registrar,
        '/seizures/lots?status=restitution_to_victims',
      );
      const target = victims.lots[0]?.id ?? '';
      expect(target).not.toBe('');
      await registrar.locator('nav#main-nav a[href="/restitution"]').click();
      const form = registrar.locator('form[aria-label="Register a claim"]');
      // The short id the pages show is the id's random end: it finds this lot alone.
      await form.getByLabel('Lot').fill(`…${target.slice(-8)}`);
      const found = form.locator('[data-list="lot-results"] [data-lot]');
      await found.first().waitFor();
      const ids = await found.evaluateAll((els) => els.map((e) => e.getAttribute('data-lot')));
      expect(ids).toEqual([target]);
      await form.locator(`[data-lot="${target}"] input`).check();
      await form.getByLabel('Claimant reference').fill('victim:E2E-COURT');
      await form.getByLabel('Amount claimed').fill('3');
      const statement = Buffer.from('statement of the victim E2E-COURT');
      const sha256 = createHash('sha256').update(statement).digest('hex');
      await form.getByLabel('Evidence file').setInputFiles({
        name: 'statement.pdf',
        mimeType: 'application/pdf',
        buffer: statement,
      });
      await form.locator(`[data-evidence-hash="${sha256}"]`).waitFor();
      await form.getByRole('button', { name: 'Register' }).click();
      const row = registrar.locator('tr', {
        has: registrar.locator('[data-ref="victim:E2E-COURT"]'),
      });
      await row.waitFor();
      const claims = await get<{
        claims: { claimantRef: string; lotId: string; evidence: unknown }[];
      }>(registrar, '/seizures/claims?limit=500');
      expect(claims.claims.find((c) => c.claimantRef === 'victim:E2E-COURT')).toMatchObject({
        lotId: target,
        evidence: { sha256, name: 'statement.pdf' },
      });
      await row.getByLabel('Amount to approve').fill('2');
      await row.getByRole('button', { name: 'Approve' }).click();
      await row.locator('.badge[data-value="approved"]').waitFor();
      await row.getByLabel('Amount to pay').fill('5');
      await row.getByRole('button', { name: 'Pay' }).click();
      await row.getByRole('alert').filter({ hasText: 'restitution_exceeds_claim' }).waitFor();
      await row.getByLabel('Amount to pay').fill('2');
      await row.getByRole('button', { name: 'Pay' }).click();
      await row.locator('.badge[data-value="paid"]').waitFor();
      await registrar.screenshot({ path: join(SCREENS, 'court-restitution.png'), fullPage: true });
    });
  },
);
