import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testKazna, testTargets, type TestKazna } from '../../test/support/targets.ts';
import { appendAudit } from '../audit/append.ts';
import { ok, type Result } from '../core/result.ts';
import type { Tx } from '../db/pool.ts';
import {
  lot,
  orderedTransition,
  signHandoff,
  WALK,
  world,
  type World,
} from '../../test/support/seizures.ts';
import { commitLotForDisposalInTx, takeLotForDisposalInTx } from './disposal.ts';
import type { HandoffContent } from './model.ts';
import * as store from './store.ts';

/**
 * Each officer signs a proposed hand-off in their own session: only the two officers it names, each
 * once, with a signature that verifies over the proposal's exact text; the second signature records
 * the hand-off. A lot with nothing left to hand over is refused when proposed and when signed.
 * Every refusal writes nothing.
 */
describe.each(testTargets())('hand-off signatures on $label PostgreSQL', (target) => {
  let k: TestKazna;
  let w: World;
  let caseId: string;

  beforeAll(async () => {
    k = await testKazna(target);
    w = await world(k, 'hs');
    const c = await k.services.seizures.openCase(w.officer.actor, {
      operationId: null,
      agency: 'Police',
      caseNumber: 'HS-1',
      court: 'Court',
      partyRefs: [],
    });
    if (!c.ok) throw new Error(c.message);
    caseId = c.value.id;
  });
  afterAll(() => k.close());

  /** A fresh lot held by the police, walked to `status` as history. */
  async function lotIn(status = 'seized'): Promise<string> {
    const r = await k.services.seizures.intake(w.officer.actor, {
      caseId,
      seizedOn: '2025-05-01',
      exchangeId: null,
      note: '',
      lots: [lot({ amount: '2' })],
    });
    if (!r.ok) throw new Error(r.message);
    const id = r.value.lots[0]?.id ?? '';
    for (const to of WALK[status] ?? []) {
      const t = await k.services.seizures.recordHistorical(
        w.registrar.actor,
        orderedTransition(id, to),
      );
      if (!t.ok) throw new Error(`${to}: ${t.code}`);
    }
    return id;
  }

  const written = async () => ({
    audit: await k.services.audit.size(),
    handoffs: (await k.db.query('SELECT 1 FROM seizure_handoffs')).length,
    proposals: (await k.db.query('SELECT 1 FROM seizure_handoff_proposals')).length,
    signatures: (await k.db.query('SELECT 1 FROM seizure_handoff_signatures')).length,
  });

  const post = (url: string, headers: Record<string, string>, payload: object) =>
    k.app.inject({ method: 'POST', url: `/api/v1${url}`, headers, payload });

  /** Proposes police -> treasury for the lots, by the enforcement officer, over HTTP. */
  async function propose(lotIds: string[]): Promise<HandoffContent> {
    const body = {
      lotIds,
      fromOrganisationId: w.orgs.police,
      toOrganisationId: w.orgs.treasury,
      releasingOfficerId: w.officer.actor.id,
      receivingOfficerId: w.custody.actor.id,
      note: 'to the treasury',
    };
    const r = await post('/seizures/handoffs/proposals', w.officer.headers, body);
    if (r.statusCode !== 201) throw new Error(r.body);
    return { ...body, handoffId: r.json<{ handoffId: string }>().handoffId };
  }

  const sign = (who: World['officer'], c: HandoffContent, signatureHex = signHandoff(who, c)) =>
    post(`/seizures/handoffs/proposals/${c.handoffId}/signatures`, who.headers, {
      method: 'key',
      signatureHex,
    });

  const entries = async (action: string) =>
    (await k.services.audit.entries({ action, order: 'asc', limit: 1000 })).entries;

  it('each officer signs in turn; the second signature records the hand-off', async () => {
    const lotId = await lotIn();
    const c = await propose([lotId]);
    const first = await sign(w.officer, c);
    expect(first.statusCode).toBe(201);
    expect(first.json()).toEqual({ handoffId: c.handoffId, side: 'releasing', completed: false });
    expect((await k.services.seizures.lot(lotId))?.custodianOrganisationId).toBe(w.orgs.police);
    const list = await k.app.inject({
      url: `/api/v1/seizures/handoffs?lotId=${lotId}`,
      headers: w.custody.headers,
    });
    expect(list.json()).toMatchObject({
      handoffs: [{ state: 'pending', signed: { releasing: true, receiving: false } }],
    });
    const signed = (await entries('seizures.handoff.signed')).at(-1);
    const message = (
      await k.db.query<{ content: string }>(
        'SELECT content FROM seizure_handoff_proposals WHERE id = $1',
        [c.handoffId],
      )
    )[0]?.content;
    expect(signed?.payload).toMatchObject({
      handoffId: c.handoffId,
      side: 'releasing',
      userId: w.officer.actor.id,
      signedMessage: message,
      signature: { algorithm: 'ed25519', signatureHex: signHandoff(w.officer, c) },
    });

    const second = await sign(w.custody, c);
    expect(second.statusCode).toBe(201);
    expect(second.json()).toEqual({ handoffId: c.handoffId, side: 'receiving', completed: true });
    expect((await k.services.seizures.lot(lotId))?.custodianOrganisationId).toBe(w.orgs.treasury);
    const handed = (await entries('seizures.lot.handed_off')).at(-1);
    expect(handed?.payload).toMatchObject({
      handoffId: c.handoffId,
      signedMessage: message,
      releasing: { userId: w.officer.actor.id, signature: { algorithm: 'ed25519' } },
      receiving: {
        userId: w.custody.actor.id,
        signature: { algorithm: 'ed25519', signatureHex: signHandoff(w.custody, c) },
      },
    });
  });

  it.each([
    ['an officer the hand-off does not name', 'registrar', 'not_handoff_officer', 403],
    ['a tampered signature', 'tampered', 'signature_invalid', 403],
    ['a signature over another text', 'other-text', 'signature_invalid', 403],
    ['the same side twice', 'twice', 'handoff_already_signed', 409],
  ] as const)('refuses %s with %s, writing nothing', async (_n, how, code, status) => {
    const c = await propose([await lotIn()]);
    if (how === 'twice') expect((await sign(w.officer, c)).statusCode).toBe(201);
    const good = signHandoff(w.officer, c);
    const flipped = `${good.slice(0, 10)}${good[10] === '0' ? '1' : '0'}${good.slice(11)}`;
    const before = await written();
    const r =
      how === 'registrar'
        ? await sign(w.registrar, c)
        : how === 'tampered'
          ? await sign(w.officer, c, flipped)
          : how === 'other-text'
            ? await sign(w.officer, c, signHandoff(w.officer, { ...c, note: 'else' }))
            : await sign(w.officer, c);
    expect(r.statusCode).toBe(status);
    expect(r.json()).toMatchObject({ code });
    expect(await written()).toEqual(before);
  });

  it('refuses a proposal nobody may see as not naming the signer', async () => {
    const r = await sign(w.officer, {
      handoffId: '00000000-0000-4000-8000-000000000000',
      lotIds: [],
      fromOrganisationId: w.orgs.police,
      toOrganisationId: w.orgs.treasury,
      releasingOfficerId: w.officer.actor.id,
      receivingOfficerId: w.custody.actor.id,
      note: '',
    });
    expect(r.statusCode).toBe(403);
    expect(r.json()).toMatchObject({ code: 'not_handoff_officer' });
  });

  const run = <T>(fn: (tx: Tx) => Promise<Result<T, string>>) => k.db.command(fn);
  const deps = () => ({ clock: k.clock, ids: k.ids, ledger: k.services.ledger });

  /** Ways a lot comes to hold nothing, or to leave custody, after it was seized. */
  const EMPTIED: readonly [string, string, (lotId: string) => Promise<void>, string][] = [
    [
      'holding nothing',
      'seized',
      async (id) => {
        // Nothing the commands allow empties a seized lot whole; the test sets the state itself.
        await k.db.command(async (tx) => {
          await appendAudit(tx, k.clock, {
            actor: w.officer.actor,
            action: 'test.lot.emptied',
            subjects: [id],
            payload: {},
          });
          await store.setLotState(tx, id, { remainingUnits: 0n });
          return ok(null);
        });
      },
      'lot_is_empty',
    ],
    ['returned to its owner', 'returned_to_owner', () => Promise.resolve(), 'lot_left_custody'],
    ['released', 'released', () => Promise.resolve(), 'lot_left_custody'],
    [
      'committed to a disposal',
      'forfeited',
      async (id) => {
        const e = await k.services.seizures.earmark(w.custody.actor, id);
        if (!e.ok) throw new Error(e.code);
        await run((tx) =>
          commitLotForDisposalInTx(tx, deps(), w.custody.actor, {
            lotId: id,
            route: 'auction',
            reference: `auction-${id}`,
          }),
        );
      },
      'lot_left_custody',
    ],
    [
      'contributed in kind',
      'forfeited',
      async (id) => {
        const e = await k.services.seizures.earmark(w.custody.actor, id);
        if (!e.ok) throw new Error(e.code);
        const t = await run((tx) =>
          takeLotForDisposalInTx(tx, deps(), w.custody.actor, {
            lotId: id,
            route: 'in_kind',
            reference: `subscription-${id}`,
            destination: 'sold',
          }),
        );
        if (!t.ok) throw new Error(t.code);
      },
      'lot_left_custody',
    ],
  ];

  it.each(EMPTIED)('refuses to propose a lot %s (%s) with %s', async (_n, status, empty, code) => {
    const lotId = await lotIn(status);
    await empty(lotId);
    const before = await written();
    const r = await post('/seizures/handoffs/proposals', w.officer.headers, {
      lotIds: [lotId],
      fromOrganisationId: w.orgs.police,
      toOrganisationId: w.orgs.treasury,
      releasingOfficerId: w.officer.actor.id,
      receivingOfficerId: w.custody.actor.id,
      note: '',
    });
    expect(r.statusCode).toBe(409);
    expect(r.json()).toMatchObject({ code, evidence: { lotId } });
    expect(await written()).toEqual(before);
  });

  it.each(EMPTIED)(
    'refuses to sign for a lot %s since proposed (%s)',
    async (_n, s, empty, code) => {
      // The lot is proposed while it still holds something; the legal steps and disposals follow.
      const lotId = await lotIn(s === 'forfeited' ? 'forfeited' : 'seized');
      const c = await propose([lotId]);
      for (const to of s === 'forfeited' || s === 'seized' ? [] : (WALK[s] ?? [])) {
        const t = await k.services.seizures.recordHistorical(
          w.registrar.actor,
          orderedTransition(lotId, to),
        );
        if (!t.ok) throw new Error(`${to}: ${t.code}`);
      }
      await empty(lotId);
      const before = await written();
      const r = await sign(w.officer, c);
      expect(r.statusCode).toBe(409);
      expect(r.json()).toMatchObject({ code, evidence: { lotId } });
      expect(await written()).toEqual(before);
    },
  );
});
