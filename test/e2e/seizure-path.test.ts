import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../src/db/embedded.ts';
import { DEMO_PASSWORD } from '../../src/demo/logins.ts';
import { fromBase64url, toBase64url } from '../../verifier/src/evidence.ts';
import { ARTIFACTS, haveChromium } from '../support/browser.ts';
import { apiGet, settled } from '../support/console-pages.ts';
import { people } from '../support/people.ts';
import { startE2e, type E2e } from '../support/e2e.ts';

/**
 * A new lot from seizure to the reserve, each step done in the browser by the person who owns it,
 * each in a browser of their own, against the real `kazna serve` with the demo:
 *
 * 1. the enforcement officer records the lot, with its evidence file hashed in the browser;
 * 2. the court's registrar freezes it, asks for forfeiture and forfeits it under an order whose
 *    document is hashed in the browser (the policy sends decisions to the committee, which signs
 *    them in its browser, and the investment officer executes them);
 * 3. the officer proposes its hand-off to the Treasury and signs it with a passkey (Chromium's
 *    virtual authenticator); the custody officer signs it with a key made in their browser;
 * 4. the custody officer earmarks it, the investment officer proposes its contribution in kind to a
 *    manager, the committee approves and the investment officer executes;
 * 5. the auditor reads the lot's timeline, opens an entry's proof, and exports the audit log,
 *    which the standalone verifier checks, passkey assertion included; one flipped byte of that
 *    assertion fails the verification with a message naming it.
 *
 * Nothing here writes through the API: the API is only read, to check what the pages did.
 */
const SCREENS = join(ARTIFACTS, 'screens');
const CASE = 'PATH-2026-1';
const COURT = 'Specialised Inter-District Court';
const ADDRESS = 'bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh';
const MANAGER = 'Dunmore Liquid Crypto Opportunities';
const PROTOCOL = Buffer.from('%PDF-1.4\nseizure protocol PATH-2026-1\n');
const ORDER = Buffer.from('%PDF-1.4\nOrder No. 7-3001/2026 of the court: forfeiture\n');
const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');
const VERIFIER = join(import.meta.dirname, '../../verifier/src/cli.ts');

interface Request {
  status: string;
  tally: { groups: { role: string; have: number; count: number }[] };
  votes: { userId: string }[];
}

describe.runIf(haveChromium('the seizure-to-reserve browser test'))(
  'a lot from seizure to the reserve in Chromium',
  { timeout: 900_000 },
  () => {
    let base = '';
    let e2e: E2e | undefined;
    let lotId = '';

    beforeAll(async () => {
      const port = await freePort();
      base = `http://localhost:${String(port)}`;
      // A passkey's origin must be the page's, so the server is told its port up front.
      // Checkpoints are signed every few seconds, as in production, so each entry has a proof.
      e2e = await startE2e({
        PORT: String(port),
        KAZNA_ORIGIN: base,
        KAZNA_CHECKPOINT_INTERVAL_SECONDS: '2',
      });
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
    const person = (username: string, authenticator = false): Promise<Page> =>
      everyone.person(username, { authenticator });

    async function shot(page: Page, name: string): Promise<void> {
      await settled(page);
      await page.screenshot({ path: join(SCREENS, `path-${name}.png`), fullPage: true });
    }

    /** Makes a signing key in this person's browser on the Security page, once. */
    async function browserKey(page: Page): Promise<void> {
      await page.goto(`${base}/security`);
      const held = page.locator('[data-browser-key="held"]');
      const form = page.locator('form[data-form="browser-key"]');
      await held.or(form).first().waitFor();
      if (await held.isVisible()) return;
      await form.getByLabel('Password').fill(DEMO_PASSWORD);
      await form.getByRole('button', { name: 'Create a key in this browser' }).click();
      await held.waitFor();
    }

    /** Votes on the request from the Approvals inbox, in each person's browser, to a quorum. */
    async function approve(requestId: string): Promise<void> {
      for (const username of ['committee', 'committee2', 'risk']) {
        const page = await person(username);
        const me = await apiGet<{ id: string; roles: string[] }>(page, '/auth/me');
        const r = await apiGet<Request>(page, `/governance/approvals/${requestId}`);
        if (r.status !== 'pending') break;
        const group = r.tally.groups.find((g) => me.roles.includes(g.role));
        if (group === undefined || group.have >= group.count) continue;
        await browserKey(page);
        await page.locator('nav#main-nav a[href="/approvals"]').click();
        await page.locator(`tbody a[href="/approvals/${requestId}"]`).click();
        await page.waitForURL(`${base}/approvals/${requestId}`);
        await page.getByRole('button', { name: 'Sign with this browser’s key' }).click();
        await expect
          .poll(async () => {
            const now = await apiGet<Request>(page, `/governance/approvals/${requestId}`);
            return now.votes.some((v) => v.userId === me.id);
          })
          .toBe(true);
      }
      const committee = await person('committee');
      await expect
        .poll(
          async () =>
            (await apiGet<Request>(committee, `/governance/approvals/${requestId}`)).status,
          { timeout: 15_000 },
        )
        .toMatch(/approved|executed/);
      const investment = await person('investment');
      const r = await apiGet<Request>(investment, `/governance/approvals/${requestId}`);
      if (r.status === 'executed') return;
      await browserKey(investment);
      await investment.goto(`${base}/approvals/${requestId}`);
      await investment.getByRole('button', { name: 'Execute' }).click();
      await investment.locator('.badge', { hasText: 'executed' }).first().waitFor();
    }

    it('the officer records the lot with its evidence hashed in the browser', async () => {
      const page = await person('officer', true);
      await page.goto(`${base}/cases/intake`);
      const c = page.locator('form[aria-label="Open a case"]');
      await c.getByLabel('Agency').fill('Police');
      await c.getByLabel('Case number').fill(CASE);
      await c.getByLabel('Court').selectOption({ label: COURT });
      await c.getByLabel('Party references (one per line)').fill('party:path1');
      await c.getByRole('button', { name: 'Open the case' }).click();
      await c.getByRole('status').waitFor();
      const f = page.locator('form[aria-label="Record the seized lots"]');
      await f.locator('select[name="caseId"]').selectOption({ label: `Police ${CASE}` });
      await f.getByLabel('Seized on').fill('2026-03-01');
      const lot = f.locator('fieldset[aria-label="Lot 1"]');
      await lot.getByLabel('Asset').selectOption('BTC');
      await lot.getByLabel('Amount').fill('2.5');
      await lot.getByLabel('Addresses (one per line)').fill(ADDRESS);
      await lot.getByLabel('Custody reference (wallet, account or freeze order)').fill('wallet 11');
      await lot.locator('input[name="evidence"]').setInputFiles({
        name: 'protocol.pdf',
        mimeType: 'application/pdf',
        buffer: PROTOCOL,
      });
      await lot.locator(`li[data-sha256="${sha256(PROTOCOL)}"]`).waitFor();
      await f.getByRole('button', { name: 'Check before saving' }).click();
      await f.locator('section[aria-label="Check"]').getByText('Every lot is valid').waitFor();
      await f.getByRole('button', { name: 'Confirm and save' }).click();
      const saved = f.locator('.saved a');
      await saved.first().waitFor();
      lotId = ((await saved.first().getAttribute('href')) ?? '').replace('/cases/lots/', '');
      const one = await apiGet<{ lot: { status: string; evidence: { sha256: string }[] } }>(
        page,
        `/seizures/lots/${lotId}`,
      );
      expect(one.lot.status).toBe('seized');
      expect(one.lot.evidence).toEqual([{ sha256: sha256(PROTOCOL), name: 'protocol.pdf' }]);
    });

    /** Records a decision on the lot's page; a decision sent for approval is approved first. */
    async function decide(to: string, fill?: (form: ReturnType<Page['locator']>) => Promise<void>) {
      const page = await person('registrar');
      await page.goto(`${base}/cases/lots/${lotId}`);
      const form = page.locator('form[aria-label="Court decision"]');
      await form.locator(`[data-list="open-steps"] [data-step="${to}"] input`).check();
      if (fill !== undefined) await fill(form);
      await form.getByLabel('Reason').fill(`the court decided: ${to}`);
      await form.getByRole('button', { name: 'Record the decision' }).click();
      const outcome = form.locator('[data-outcome]');
      await outcome.waitFor();
      if ((await outcome.getAttribute('data-outcome')) === 'pending_approval') {
        const href = await outcome.locator('a[href^="/approvals/"]').getAttribute('href');
        await approve(href?.split('/').pop() ?? '');
      }
      await expect
        .poll(
          async () =>
            (await apiGet<{ lot: { status: string } }>(page, `/seizures/lots/${lotId}`)).lot.status,
        )
        .toBe(to);
    }

    it('the registrar freezes it and forfeits it under an order hashed in the browser', async () => {
      const registrar = await person('registrar');
      await registrar.goto(`${base}/cases`);
      await registrar.locator('tbody tr').first().waitFor();
      await decide('frozen');
      await decide('forfeiture_pending');
      await decide('forfeited', async (form) => {
        await form.getByLabel('Court order reference').fill('No. 7-3001/2026');
        await form.getByLabel('Date of the order').fill('2026-06-15');
        await form.getByLabel('Order document').setInputFiles({
          name: 'order-7-3001.pdf',
          mimeType: 'application/pdf',
          buffer: ORDER,
        });
        await form.locator(`[data-order-hash="${sha256(ORDER)}"]`).waitFor();
      });
      await shot(registrar, 'forfeited');
    });

    it('two officers sign the hand-off in their own browsers, one with a passkey', async () => {
      const officer = await person('officer', true);
      await officer.goto(`${base}/security`);
      await officer.fill('input[name="password"]', DEMO_PASSWORD);
      await officer.getByRole('button', { name: 'Register a passkey' }).click();
      await officer.locator('table[data-list="passkeys"] tr[data-state="active"]').waitFor();
      const custody = await person('custody');
      await browserKey(custody);
      const from = await apiGet<{ id: string; organisationId: string }>(officer, '/auth/me');
      const to = await apiGet<{ id: string; organisationId: string }>(custody, '/auth/me');

      await officer.goto(`${base}/custody`);
      const form = officer.locator('form[data-form="propose-handoff"]');
      await form.getByLabel('From', { exact: true }).selectOption(from.organisationId);
      await form.getByLabel('To', { exact: true }).selectOption(to.organisationId);
      await form.getByLabel('Releasing officer').selectOption(from.id);
      await form.getByLabel('Receiving officer').selectOption(to.id);
      await form.locator(`label:has(code[title="${lotId}"]) input[type="checkbox"]`).check();
      await form.getByPlaceholder('Note').fill('a forfeited lot to the treasury vault');
      await form.getByRole('button', { name: 'Propose the hand-off' }).click();
      const mine = officer.locator('[data-list="my-handoffs"] [data-sign]');
      await mine.waitFor();
      await mine.getByRole('button', { name: 'Sign with a passkey' }).click();
      await officer.getByText('No hand-off waits for your signature.').waitFor();

      await custody.goto(`${base}/custody`);
      const task = custody.locator('[data-list="my-handoffs"] [data-sign]');
      await task.waitFor();
      await task.locator(`[data-officer="${from.id}"][data-signed="true"]`).waitFor();
      await task.getByRole('button', { name: 'Sign with this browser’s key' }).click();
      await custody.locator('[data-status="completed"]').first().waitFor();
      const lot = await apiGet<{ lot: { custodianOrganisationId: string } }>(
        custody,
        `/seizures/lots/${lotId}`,
      );
      expect(lot.lot.custodianOrganisationId).toBe(to.organisationId);
    });

    it('the committee approves its transfer into the reserve, in kind to a manager', async () => {
      const custody = await person('custody');
      await custody.goto(`${base}/cases/lots/${lotId}`);
      await custody.getByRole('button', { name: 'Earmark for the reserve' }).click();
      await custody.getByRole('status').filter({ hasText: 'earmarked for the reserve' }).waitFor();

      const investment = await person('investment');
      await investment.goto(`${base}/reserve/disposals`);
      const form = investment.locator('form[aria-label="Contribute an earmarked lot in kind"]');
      await form.waitFor();
      await form.locator('select[name="lotId"]').selectOption(lotId);
      await form.locator('select[name="managerId"]').selectOption({ label: MANAGER });
      expect(await form.locator('input[name="amount"]').inputValue()).toBe('2.5');
      await form.getByRole('button', { name: 'Propose the contribution' }).click();
      const link = investment.locator('[data-testid="in-kind"] a[href^="/approvals/"]');
      await link.waitFor();
      await approve((await link.getAttribute('href'))?.split('/').pop() ?? '');
      // The custody officer reads the lot: what it held now sits with the manager.
      const lot = await apiGet<{ lot: { remaining: string } }>(custody, `/seizures/lots/${lotId}`);
      expect(lot.lot.remaining).toBe('0');
    });

    it('a hand-off of the emptied lot is refused with its code, and nothing is proposed', async () => {
      const custody = await person('custody');
      const officer = await person('officer', true);
      const from = await apiGet<{ id: string; organisationId: string }>(custody, '/auth/me');
      const to = await apiGet<{ id: string; organisationId: string }>(officer, '/auth/me');
      const pending = async (): Promise<number> =>
        (await apiGet<{ handoffs: unknown[] }>(custody, '/seizures/handoffs?state=pending'))
          .handoffs.length;
      const before = await pending();
      await custody.goto(`${base}/custody`);
      const form = custody.locator('form[data-form="propose-handoff"]');
      await form.getByLabel('From', { exact: true }).selectOption(from.organisationId);
      await form.getByLabel('To', { exact: true }).selectOption(to.organisationId);
      await form.getByLabel('Releasing officer').selectOption(from.id);
      await form.getByLabel('Receiving officer').selectOption(to.id);
      await form.locator(`label:has(code[title="${lotId}"]) input[type="checkbox"]`).check();
      await form.getByRole('button', { name: 'Propose the hand-off' }).click();
      const alert = form.locator('[role="alert"]');
      await alert.waitFor();
      expect(await alert.getAttribute('data-code')).toBe('lot_left_custody');
      expect(await pending()).toBe(before);
    });

    it('the lot’s timeline tells the whole story, each step linked to its proof', async () => {
      const auditor = await person('auditor');
      await auditor.goto(`${base}/cases/lots/${lotId}`);
      const timeline = auditor.locator('[data-testid="lot-timeline"]');
      await timeline.waitFor();
      await settled(auditor);
      const text = await timeline.innerText();
      for (const words of [
        'Seized and recorded (intake)',
        'Legal decision',
        'Hand-off signed',
        'Hand-off recorded',
        'Earmarked for the reserve',
        'Contributed to a fund manager in kind',
        'No. 7-3001/2026',
      ]) {
        expect(text, words).toContain(words);
      }
      const events = await apiGet<{ events: { action: string; seq: string }[] }>(
        auditor,
        `/seizures/lots/${lotId}/events`,
      );
      const actions = events.events.map((e) => e.action);
      for (const action of [
        'seizures.lot.recorded',
        'seizures.lot.transitioned',
        'seizures.handoff.signed',
        'seizures.lot.handed_off',
        'seizures.lot.earmarked',
      ]) {
        expect(actions, action).toContain(action);
      }
      // The order's document and the intake's evidence, by hash.
      for (const file of [ORDER, PROTOCOL]) {
        expect(await timeline.locator(`[data-hash="${sha256(file)}"]`).count()).toBeGreaterThan(0);
      }
      const links = timeline.locator('a[href^="/audit/entries/"]');
      expect(await links.count()).toBeGreaterThanOrEqual(events.events.length);
      await shot(auditor, 'timeline');
      await links.first().click();
      await auditor.waitForURL(/\/audit\/entries\/\d+$/);
      await auditor.locator('[data-testid="inclusion-proof"]').waitFor();
      await auditor.locator('li.ok', { hasText: 'inclusion proof' }).waitFor();
      expect(await auditor.locator('li.error').count()).toBe(0);
    });

    it('the exported log verifies offline, and a changed assertion byte is named', async () => {
      const auditor = await person('auditor');
      const bundle = await apiGet<{ entries: string[] }>(auditor, '/audit/export');
      const dir = mkdtempSync(join(tmpdir(), 'kazna-path-'));
      try {
        const file = join(dir, 'bundle.json');
        writeFileSync(file, JSON.stringify(bundle));
        const verify = () =>
          spawnSync(process.execPath, [VERIFIER, 'bundle', file], { encoding: 'utf8' });
        const clean = verify();
        expect(clean.status, clean.stdout + clean.stderr).toBe(0);

        const at = bundle.entries.findIndex(
          (t) => t.includes('"seizures.handoff.signed"') && t.includes('"webauthn"'),
        );
        expect(at).toBeGreaterThanOrEqual(0);
        const entry = JSON.parse(bundle.entries[at] ?? '') as {
          seq: string;
          payload: { signature: { signature: string } };
        };
        const value = entry.payload.signature.signature;
        const bytes = fromBase64url(value);
        if (bytes === null) throw new Error('not base64url');
        bytes[10] = (bytes[10] ?? 0) ^ 0x01;
        const entries = [...bundle.entries];
        entries[at] = (entries[at] ?? '').replace(value, toBase64url(bytes));
        writeFileSync(file, JSON.stringify({ ...bundle, entries }));
        const tampered = verify();
        expect(tampered.status).toBe(1);
        const said = tampered.stdout + tampered.stderr;
        expect(said).toContain('payload.signature');
        expect(said).toContain(entry.seq);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  },
);
