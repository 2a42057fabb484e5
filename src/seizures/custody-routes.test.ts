import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testKazna, testTargets, type TestKazna } from '../../test/support/targets.ts';
import { canonicalize } from '../core/canonical.ts';
import { handoffJson, type HandoffContent } from './model.ts';
import {
  allowLegalSteps,
  lot,
  signHandoff,
  world,
  type World,
} from '../../test/support/seizures.ts';

/** Hand-offs and earmarking over HTTP: proposal, signatures, refusals that write nothing. */
describe.each(testTargets())('custody routes on $label PostgreSQL', (target) => {
  let k: TestKazna;
  let w: World;
  let lotId: string;
  let proposal: HandoffContent;

  beforeAll(async () => {
    k = await testKazna(target);
    w = await world(k, 'c');
    await allowLegalSteps(k);
    const c = await k.services.seizures.openCase(w.officer.actor, {
      operationId: null,
      agency: 'Police',
      caseNumber: 'C-1',
      court: 'Court',
      courtOrganisationId: w.orgs.court,
      partyRefs: [],
    });
    if (!c.ok) throw new Error(c.message);
    const r = await k.services.seizures.intake(w.officer.actor, {
      caseId: c.value.id,
      seizedOn: '2025-05-01',
      exchangeId: null,
      note: '',
      lots: [lot()],
    });
    if (!r.ok) throw new Error(r.message);
    lotId = r.value.lots[0]?.id ?? '';
  });
  afterAll(() => k.close());

  const written = async () => ({
    audit: await k.services.audit.size(),
    handoffs: (await k.db.query('SELECT 1 FROM seizure_handoffs')).length,
    proposals: (await k.db.query('SELECT 1 FROM seizure_handoff_proposals')).length,
    cancellations: (await k.db.query('SELECT 1 FROM seizure_handoff_cancellations')).length,
  });

  const post = (url: string, headers: Record<string, string>, payload: object) =>
    k.app.inject({ method: 'POST', url: `/api/v1${url}`, headers, payload });

  it('proposes a hand-off: the server fixes the id and the text to sign', async () => {
    const body = {
      lotIds: [lotId],
      fromOrganisationId: w.orgs.police,
      toOrganisationId: w.orgs.court,
      releasingOfficerId: w.officer.actor.id,
      receivingOfficerId: w.registrar.actor.id,
      note: 'to the court',
    };
    const r = await post('/seizures/handoffs/proposals', w.officer.headers, body);
    expect(r.statusCode).toBe(201);
    const { handoffId, message } = r.json<{ handoffId: string; message: string }>();
    proposal = { ...body, handoffId };
    expect(message).toBe(canonicalize(handoffJson(proposal)));
    const list = await k.app.inject({
      url: '/api/v1/seizures/handoffs',
      headers: w.officer.headers,
    });
    expect(list.json()).toMatchObject({ handoffs: [{ id: handoffId, state: 'pending' }] });
  });

  it.each([
    ['a signature that is not hex', { releasingSignatureHex: 'zz' }],
    ['no lots', { lotIds: [] }],
    ['an unknown field', { extra: 1 }],
    ['a lot id that is not a uuid', { lotIds: ['lot-1'] }],
  ])('refuses %s with a 400 problem and writes nothing', async (_name, over) => {
    const before = await written();
    const r = await post('/seizures/handoffs', w.officer.headers, {
      ...proposal,
      releasingSignatureHex: signHandoff(w.officer, proposal),
      receivingSignatureHex: signHandoff(w.registrar, proposal),
      ...over,
    });
    expect(r.statusCode).toBe(400);
    expect(r.headers['content-type']).toContain('application/problem+json');
    expect(await written()).toEqual(before);
  });

  it.each([
    ['a forged receiving signature', 'signature_invalid', 403, {}, 'officer'],
    ['a text other than the proposal', 'handoff_differs_from_proposal', 409, { note: 'x' }, ''],
    [
      'the same organisation twice',
      'organisations_must_differ',
      422,
      { toOrganisationId: 'p' },
      '',
    ],
    ['an officer of another organisation', 'officer_not_in_organisation', 403, { r: 1 }, ''],
  ] as const)('refuses %s with %s, writing nothing', async (_n, code, status, over, forge) => {
    const before = await written();
    const c: HandoffContent = {
      ...proposal,
      ...('note' in over ? { note: over.note } : {}),
      ...('toOrganisationId' in over ? { toOrganisationId: w.orgs.police } : {}),
      ...('r' in over ? { receivingOfficerId: w.custody.actor.id } : {}),
    };
    const r = await post('/seizures/handoffs', w.officer.headers, {
      ...c,
      releasingSignatureHex: signHandoff(w.officer, c),
      receivingSignatureHex: signHandoff(forge === 'officer' ? w.officer : w.registrar, c),
    });
    expect(r.statusCode).toBe(status);
    expect(r.json()).toMatchObject({ code });
    expect(await written()).toEqual(before);
  });

  it('records the signed hand-off once; the court then holds the lot', async () => {
    const signed = {
      ...proposal,
      releasingSignatureHex: signHandoff(w.officer, proposal),
      receivingSignatureHex: signHandoff(w.registrar, proposal),
    };
    const denied = await post('/seizures/handoffs', w.registrar.headers, signed);
    expect(denied.statusCode).toBe(403);
    const r = await post('/seizures/handoffs', w.officer.headers, signed);
    expect(r.statusCode).toBe(201);
    expect((await k.services.seizures.lot(lotId))?.custodianOrganisationId).toBe(w.orgs.court);
    const again = await post('/seizures/handoffs', w.officer.headers, signed);
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'handoff_exists' });
    const list = await k.app.inject({
      url: `/api/v1/seizures/handoffs?lotId=${lotId}`,
      headers: w.registrar.headers,
    });
    expect(list.json<{ handoffs: unknown[] }>().handoffs).toEqual([
      expect.objectContaining({ id: proposal.handoffId, state: 'completed' }),
    ]);
    const detail = await k.app.inject({
      url: `/api/v1/seizures/lots/${lotId}`,
      headers: w.registrar.headers,
    });
    expect(detail.json()).toMatchObject({
      handoffs: [{ id: proposal.handoffId }],
      ledger: { custodyBalance: '1.5' },
    });
  });

  it('cancels a proposal with a reason, once; a cancelled proposal cannot be signed', async () => {
    // The lot is with the court now; a second proposal hands it on to the treasury's custody.
    const body = {
      lotIds: [lotId],
      fromOrganisationId: w.orgs.court,
      toOrganisationId: w.orgs.treasury,
      releasingOfficerId: w.registrar.actor.id,
      receivingOfficerId: w.custody.actor.id,
      note: 'to custody',
    };
    const made = await post('/seizures/handoffs/proposals', w.custody.headers, body);
    expect(made.statusCode).toBe(201);
    const id = made.json<{ handoffId: string }>().handoffId;
    const cancel = (headers: Record<string, string>, target: string, reason: string) =>
      post(`/seizures/handoffs/proposals/${target}/cancel`, headers, { reason });
    for (const [who, target, reason, status, code] of [
      [w.custody, id, '   ', 422, 'reason_required'],
      [w.custody, k.ids.next<'x'>(), 'no such', 404, 'handoff_proposal_not_found'],
      // The police officer proposed the first hand-off, which both officers have since signed.
      [w.officer, proposal.handoffId, 'already signed', 409, 'handoff_exists'],
    ] as const) {
      const before = await written();
      const r = await cancel(who.headers, target, reason);
      expect([r.statusCode, r.json<{ code: string }>().code]).toEqual([status, code]);
      expect(await written()).toEqual(before);
    }
    // Police sees neither organisation of this proposal: to it, the proposal does not exist.
    const stranger = await cancel(w.officer.headers, id, 'not mine');
    expect(stranger.json()).toMatchObject({ code: 'handoff_proposal_not_found' });
    const ok = await cancel(w.custody.headers, id, 'the custody agency is not ready');
    expect(ok.statusCode).toBe(201);
    const twice = await cancel(w.custody.headers, id, 'again');
    expect(twice.json()).toMatchObject({ code: 'handoff_cancelled' });
    const c: HandoffContent = { ...body, handoffId: id };
    const before = await written();
    const signed = await post('/seizures/handoffs', w.custody.headers, {
      ...c,
      releasingSignatureHex: signHandoff(w.registrar, c),
      receivingSignatureHex: signHandoff(w.custody, c),
    });
    expect([signed.statusCode, signed.json<{ code: string }>().code]).toEqual([
      409,
      'handoff_cancelled',
    ]);
    expect(await written()).toEqual(before);
    expect((await k.services.seizures.lot(lotId))?.custodianOrganisationId).toBe(w.orgs.court);
    const list = await k.app.inject({
      url: `/api/v1/seizures/handoffs?lotId=${lotId}`,
      headers: w.custody.headers,
    });
    expect(list.json<{ handoffs: unknown[] }>().handoffs).toContainEqual(
      expect.objectContaining({
        id,
        state: 'cancelled',
        cancelReason: 'the custody agency is not ready',
      }),
    );
  });

  it('pages hand-offs newest first, filters them by state, and lists lots by holder', async () => {
    const get = (url: string) =>
      k.app.inject({ url: `/api/v1${url}`, headers: w.registrar.headers });
    type Page = { handoffs: { id: string; state: string }[]; next: string | null };
    const all = (await get('/seizures/handoffs')).json<Page>();
    expect(all.handoffs.map((h) => h.state)).toEqual(['cancelled', 'completed']);
    expect(all.next).toBeNull();
    const first = (await get('/seizures/handoffs?limit=1')).json<Page>();
    expect(first.handoffs.map((h) => h.id)).toEqual([all.handoffs[0]?.id]);
    expect(first.next).not.toBeNull();
    const second = (await get(`/seizures/handoffs?limit=1&after=${first.next ?? ''}`)).json<Page>();
    expect(second.handoffs.map((h) => h.id)).toEqual([all.handoffs[1]?.id]);
    const third = (await get(`/seizures/handoffs?limit=1&after=${second.next ?? ''}`)).json<Page>();
    expect(third).toEqual({ handoffs: [], next: null });
    const completed = (await get('/seizures/handoffs?state=completed')).json<Page>();
    expect(completed.handoffs.map((h) => h.id)).toEqual([proposal.handoffId]);
    for (const bad of [
      'after=yesterday_x',
      'state=lost',
      'after=2025-13-45T00:00:00.000Z_' + lotId,
      'after=2025-01-01T00:00:00.000Z_' + '-'.repeat(36),
    ]) {
      const r = await get(`/seizures/handoffs?${bad}`);
      expect([bad, r.statusCode]).toEqual([bad, 400]);
    }
    type Lots = { lots: { id: string }[] };
    const atCourt = (await get(`/seizures/lots?holder=${w.orgs.court}`)).json<Lots>();
    expect(atCourt.lots.map((l) => l.id)).toEqual([lotId]);
    const atPolice = (await get(`/seizures/lots?holder=${w.orgs.police}`)).json<Lots>();
    expect(atPolice.lots).toEqual([]);
  });

  it('earmarks only a forfeited lot, only for the custody officer, once', async () => {
    const url = `/seizures/lots/${lotId}/earmark`;
    const early = await post(url, w.custody.headers, {});
    expect([early.statusCode, early.json<{ code: string }>().code]).toEqual([
      409,
      'lot_not_forfeited',
    ]);
    const missing = await post(
      `/seizures/lots/${k.ids.next<'x'>()}/earmark`,
      w.custody.headers,
      {},
    );
    expect(missing.statusCode).toBe(404);
    const badId = await post('/seizures/lots/nope/earmark', w.custody.headers, {});
    expect(badId.statusCode).toBe(400);
    const step = (to: string, courtOrderRef: string | null = null) =>
      post(`/seizures/lots/${lotId}/transitions`, w.registrar.headers, {
        to,
        courtOrderRef,
        ...(courtOrderRef === null
          ? {}
          : { courtOrderDate: '2025-06-30', courtOrderSha256: 'a'.repeat(64) }),
        reason: 'judgment',
      });
    expect((await step('forfeiture_pending')).statusCode).toBe(200);
    expect((await step('forfeited', 'No. 1/2025')).statusCode).toBe(200);
    const before = await written();
    const police = await post(url, w.officer.headers, {});
    expect([police.statusCode, police.json<{ code: string }>().code]).toEqual([
      403,
      'role_not_allowed',
    ]);
    expect(await written()).toEqual(before);
    const r = await post(url, w.custody.headers, {});
    expect(r.statusCode).toBe(201);
    expect(r.json()).toHaveProperty('disposalId');
    const twice = await post(url, w.custody.headers, {});
    expect(twice.json()).toMatchObject({ code: 'lot_already_earmarked' });
  });
});
