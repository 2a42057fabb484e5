import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM } from '../core/identity.ts';
import { approver, type Approver } from '../../test/support/governance.ts';
import { testKazna, testTargets, type TestKazna } from '../../test/support/targets.ts';
import { allowLegalSteps, lot, world, type World } from '../../test/support/seizures.ts';

/**
 * The court's decisions over HTTP: a decision carries its order (reference, date, document hash),
 * is recorded only by the court the case is before, and a refused one changes nothing. The lot
 * answer says which steps are open; the lot list finds a lot by the short id the pages show, its
 * case number or an address; a victim's claim carries its evidence and is never paid above what
 * the lot holds.
 */
describe.each(testTargets())('court decisions on $label PostgreSQL', (target) => {
  let k: TestKazna;
  let w: World;
  let other: Approver;
  let lotId = '';
  const ADDRESS = 'bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq';
  const sha = 'ab'.repeat(32);

  const post = (url: string, headers: Record<string, string>, payload: object) =>
    k.app.inject({ method: 'POST', url: `/api/v1${url}`, headers, payload });
  const decide = (to: string, over: object = {}, headers = w.registrar.headers) =>
    post(`/seizures/lots/${lotId}/transitions`, headers, { to, reason: 'judgment', ...over });
  const state = async () => ({
    status: (await k.services.seizures.lot(lotId))?.status,
    audit: await k.services.audit.size(),
    transitions: (await k.db.query('SELECT 1 FROM seizure_transitions')).length,
  });

  beforeAll(async () => {
    k = await testKazna(target);
    w = await world(k, 'court');
    await allowLegalSteps(k);
    const court = await k.services.governance.createOrganisation(SYSTEM, {
      code: 'court-other',
      name: 'Other court',
      kind: 'court',
    });
    if (!court.ok) throw new Error(court.message);
    other = await approver(k, 'court-other-registrar', ['court_registrar'], court.value.id);
    const c = await k.services.seizures.openCase(w.officer.actor, {
      operationId: null,
      agency: 'Police',
      caseNumber: 'KZ-2025-7731',
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
      lots: [lot({ addresses: [ADDRESS] })],
    });
    if (!r.ok) throw new Error(r.message);
    lotId = r.value.lots[0]?.id ?? '';
  });
  afterAll(() => k.close());

  it('answers the open steps with the lot, and why the others are closed', async () => {
    const r = await k.app.inject({
      url: `/api/v1/seizures/lots/${lotId}`,
      headers: w.registrar.headers,
    });
    const steps = r.json<{ nextSteps: { to: string; allowed: boolean; reason: string | null }[] }>()
      .nextSteps;
    expect(steps.find((s) => s.to === 'frozen')).toMatchObject({ allowed: true });
    expect(steps.find((s) => s.to === 'forfeited')).toMatchObject({
      allowed: false,
      reason: 'needs_step_first',
      first: 'forfeiture_pending',
    });
    const police = await k.app.inject({
      url: `/api/v1/seizures/lots/${lotId}`,
      headers: w.officer.headers,
    });
    const theirs = police.json<{ nextSteps: { to: string; reason: string | null }[] }>().nextSteps;
    expect(theirs.find((s) => s.to === 'forfeiture_pending')?.reason).toBe('court_only');
  });

  it.each([
    ['a step the status does not allow', 'forfeited', {}, 409, 'transition_not_allowed'],
    [
      'a final order without its document',
      'returned_to_owner',
      { courtOrderRef: 'No. 1', courtOrderDate: '2025-06-01' },
      422,
      'court_order_document_required',
    ],
    [
      'a final order without its date',
      'returned_to_owner',
      { courtOrderRef: 'No. 1', courtOrderSha256: sha },
      422,
      'court_order_required',
    ],
  ] as const)(
    'refuses %s with its code and changes nothing',
    async (_l, to, over, status, code) => {
      const before = await state();
      const r = await decide(to, over);
      expect([r.statusCode, r.json<{ code: string }>().code]).toEqual([status, code]);
      expect(await state()).toEqual(before);
    },
  );

  it('is not found to the registrar of another court, and changes nothing', async () => {
    const before = await state();
    const r = await decide('frozen', {}, other.headers);
    expect([r.statusCode, r.json<{ code: string }>().code]).toEqual([404, 'lot_not_found']);
    expect(await state()).toEqual(before);
  });

  it('records the order with its date and document, in the row and the audit', async () => {
    expect((await decide('frozen')).statusCode).toBe(200);
    expect((await decide('forfeiture_pending')).statusCode).toBe(200);
    const order = {
      courtOrderRef: 'No. 2-55/2025',
      courtOrderDate: '2025-07-01',
      courtOrderSha256: sha,
      courtOrderName: 'order.pdf',
    };
    expect((await decide('forfeited', order)).statusCode).toBe(200);
    const page = await k.app.inject({
      url: `/api/v1/seizures/lots/${lotId}`,
      headers: w.registrar.headers,
    });
    const body = page.json<{ transitions: object[]; nextSteps: { reason: string | null }[] }>();
    expect(body.transitions.at(-1)).toMatchObject({ to: 'forfeited', ...order });
    expect(body.nextSteps.every((s) => s.reason === 'lot_finally_decided')).toBe(true);
    const entries = await k.services.audit.entries({
      subject: lotId,
      action: 'seizures.lot.transitioned',
      order: 'desc',
      limit: 1,
    });
    expect(entries.entries[0]?.payload).toMatchObject(order);
  });

  it.each([
    ['the short id the pages show', () => `…${lotId.slice(-8)}`],
    ['the leading digits of its id', () => lotId.slice(0, 13)],
    ['the case number', () => '2025-7731'],
    ['a part of an address', () => ADDRESS.slice(4, 20)],
  ])('finds the lot by %s', async (_l, q) => {
    const r = await k.app.inject({
      url: `/api/v1/seizures/lots?q=${encodeURIComponent(q())}`,
      headers: w.registrar.headers,
    });
    expect(r.json<{ lots: { id: string }[] }>().lots.map((l) => l.id)).toEqual([lotId]);
    const none = await k.app.inject({
      url: `/api/v1/seizures/lots?q=${encodeURIComponent(q())}`,
      headers: other.headers,
    });
    expect(none.json<{ lots: unknown[] }>().lots).toEqual([]);
  });
});

describe.each(testTargets())('claims against an escrow on $label PostgreSQL', (target) => {
  let k: TestKazna;
  let w: World;
  beforeAll(async () => {
    k = await testKazna(target);
    w = await world(k, 'claim');
    await allowLegalSteps(k);
  });
  afterAll(() => k.close());

  it('registers a claim with its evidence and refuses a payout above the escrow', async () => {
    const c = await k.services.seizures.openCase(w.officer.actor, {
      operationId: null,
      agency: 'Police',
      caseNumber: 'CL-1',
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
    const id = r.value.lots[0]?.id ?? '';
    const step = (payload: object) =>
      post(k, `/seizures/lots/${id}/transitions`, w.registrar.headers, payload);
    const sold = await step({
      to: 'emergency_sold',
      ground: 'value falling',
      reason: 'sale',
      proceeds: { asset: 'USD', amount: '100.00' },
    });
    expect(sold.statusCode).toBe(200);
    const order = {
      courtOrderRef: 'No. 3',
      courtOrderDate: '2025-07-02',
      courtOrderSha256: 'cd'.repeat(32),
    };
    expect(
      (await step({ to: 'restitution_to_victims', reason: 'victims', ...order })).statusCode,
    ).toBe(200);
    const evidence = { sha256: 'ef'.repeat(32), name: 'statement.pdf' };
    const claim = await post(k, `/seizures/lots/${id}/claims`, w.registrar.headers, {
      claimantRef: 'victim:E0001',
      amount: '150.00',
      evidence,
    });
    expect(claim.statusCode).toBe(201);
    const claimId = claim.json<{ claimId: string }>().claimId;
    const list = await k.app.inject({
      url: '/api/v1/seizures/claims',
      headers: w.registrar.headers,
    });
    expect(list.json<{ claims: object[] }>().claims[0]).toMatchObject({
      evidence,
      lotHolds: '100',
    });
    const over = await post(k, `/seizures/claims/${claimId}/approve`, w.registrar.headers, {
      amount: '150.00',
    });
    expect([over.statusCode, over.json<{ code: string }>().code]).toEqual([
      409,
      'restitution_exceeds_lot',
    ]);
    expect(
      (await post(k, `/seizures/claims/${claimId}/approve`, w.registrar.headers, { amount: '80' }))
        .statusCode,
    ).toBe(200);
    const audit = await k.services.audit.size();
    const tooMuch = await post(k, `/seizures/claims/${claimId}/pay`, w.registrar.headers, {
      amount: '90',
    });
    expect([tooMuch.statusCode, tooMuch.json<{ code: string }>().code]).toEqual([
      409,
      'restitution_exceeds_claim',
    ]);
    expect(await k.services.audit.size()).toBe(audit);
    const paid = await post(k, `/seizures/claims/${claimId}/pay`, w.registrar.headers, {
      amount: '80',
    });
    expect(paid.json()).toMatchObject({ source: 'escrow', escrowRemainingUnits: '2000' });
  });
});

function post(k: TestKazna, url: string, headers: Record<string, string>, payload: object) {
  return k.app.inject({ method: 'POST', url: `/api/v1${url}`, headers, payload });
}
