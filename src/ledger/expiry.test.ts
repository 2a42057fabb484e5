import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testKazna, testTargets, testUser, type TestKazna } from '../../test/support/targets.ts';
import { allowDirectPostings } from '../../test/support/governance.ts';
import { LEDGER_EXPIRY_INTERVAL_MS } from './service.ts';

/**
 * Two-phase transfers over HTTP, and the expiry timer that `assemble` registers: once the injected
 * clock passes a pending transfer's timeout, the next sweep releases the reservation on its own.
 */
describe.each(testTargets().filter((t) => t.label === 'embedded'))(
  'ledger expiry on $label',
  (target) => {
    let k: TestKazna;
    let headers: Record<string, string>;
    let a: string;
    let b: string;

    beforeAll(async () => {
      k = await testKazna(target);
      await allowDirectPostings(k);
      const custody = (await testUser(k, 'custody_officer')).headers;
      headers = { ...(await testUser(k, 'investment_officer')).headers };
      const open = async (limited: boolean): Promise<string> => {
        const r = await k.app.inject({
          method: 'POST',
          url: '/api/v1/ledger/accounts',
          headers: custody,
          payload: {
            asset: 'ETH',
            owner: { kind: 'escrow', ref: 'e1' },
            type: 'liability',
            flags: { debitsMustNotExceedCredits: limited },
          },
        });
        return r.json<{ id: string }>().id;
      };
      a = await open(false);
      b = await open(true);
    });
    afterAll(() => k.close());

    const transfer = async (payload: Record<string, unknown>) => {
      const r = await k.app.inject({
        method: 'POST',
        url: '/api/v1/ledger/transfers',
        headers,
        payload,
      });
      return {
        status: r.statusCode,
        body: r.json<{ id: string; code?: string; amount?: string }>(),
      };
    };
    const account = async (id: string) =>
      (await k.app.inject({ url: `/api/v1/ledger/accounts/${id}`, headers })).json<{
        balances: Record<string, string>;
      }>();
    const common = { asset: 'ETH', code: 'test.two_phase', reason: 'two-phase over HTTP' };

    it('reserves, posts in part, and refuses a second post', async () => {
      const pending = await transfer({
        ...common,
        kind: 'pending',
        debitAccountId: a,
        creditAccountId: b,
        amount: '2',
        timeoutSeconds: 0,
      });
      expect(pending.status).toBe(201);
      expect((await account(b)).balances).toMatchObject({
        creditsPending: '2',
        creditsPosted: '0',
      });
      const post = await transfer({
        ...common,
        kind: 'post',
        pendingId: pending.body.id,
        amount: '0.5',
      });
      expect([post.status, post.body.amount]).toEqual([201, '0.5']);
      expect((await account(b)).balances).toMatchObject({
        creditsPending: '0',
        creditsPosted: '0.5',
      });
      const again = await transfer({ ...common, kind: 'void', pendingId: pending.body.id });
      expect([again.status, again.body.code]).toEqual([409, 'pending_transfer_already_posted']);
    });

    it('expires a timed reservation through the timer registered in assemble', async () => {
      const pending = await transfer({
        ...common,
        kind: 'pending',
        debitAccountId: a,
        creditAccountId: b,
        amount: '1',
        timeoutSeconds: 30,
      });
      expect(pending.status).toBe(201);
      expect((await account(a)).balances['debitsPending']).toBe('1');
      k.clock.advance(31_000);
      const deadline = performance.now() + LEDGER_EXPIRY_INTERVAL_MS * 3;
      while ((await account(a)).balances['debitsPending'] !== '0' && performance.now() < deadline) {
        await new Promise((r) => setTimeout(r, 200));
      }
      expect((await account(a)).balances['debitsPending']).toBe('0');
      const late = await transfer({ ...common, kind: 'post', pendingId: pending.body.id });
      expect([late.status, late.body.code]).toEqual([409, 'pending_transfer_expired']);
    });
  },
);
