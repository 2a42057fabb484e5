import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM } from '../core/identity.ts';
import { approver, type Approver } from '../../test/support/governance.ts';
import { authHeaders, testKazna, testTargets, type TestKazna } from '../../test/support/targets.ts';
import { lot, world, type World } from '../../test/support/seizures.ts';

/**
 * Who sees which lots, per role: the intake organisation sees what it seized, the holder what it
 * holds, a court exactly the lots of the cases before it (so its registrar can decide them), the
 * auditor everything, and nobody else anything. Lists, a lot's page, cases and claims agree.
 */
describe.each(testTargets())('lot visibility on $label PostgreSQL', (target) => {
  let k: TestKazna;
  let w: World;
  let otherRegistrar: Approver;
  let otherCourt: string;
  const lots: Record<'first' | 'second' | 'none', string> = { first: '', second: '', none: '' };

  async function seize(caseNumber: string, courtOrganisationId: string | null): Promise<string> {
    const c = await k.services.seizures.openCase(w.officer.actor, {
      operationId: null,
      agency: 'Police',
      caseNumber,
      court: 'Court',
      courtOrganisationId,
      partyRefs: ['party:abcd1'],
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
    return r.value.lots[0]?.id ?? '';
  }

  beforeAll(async () => {
    k = await testKazna(target);
    w = await world(k, 'vis');
    const court = await k.services.governance.createOrganisation(SYSTEM, {
      code: 'vis-court-2',
      name: 'Second court',
      kind: 'court',
    });
    if (!court.ok) throw new Error(court.message);
    otherCourt = court.value.id;
    otherRegistrar = await approver(k, 'vis-registrar-2', ['court_registrar'], otherCourt);
    // The world's court organisation is of kind `court`; so is the second one.
    lots.first = await seize('V-1', w.orgs.court);
    lots.second = await seize('V-2', otherCourt);
    lots.none = await seize('V-3', null);
  });
  afterAll(() => k.close());

  const ours = (ids: readonly string[]): string[] =>
    Object.entries(lots)
      .filter(([, id]) => ids.includes(id))
      .map(([name]) => name)
      .sort();

  it.each([
    ['enforcement officer (intake)', 'officer', ['first', 'none', 'second']],
    ['registrar of the first court', 'registrar', ['first']],
    ['registrar of the second court', 'other', ['second']],
    ['custody officer (holds none)', 'custody', []],
    ['auditor', 'auditor', ['first', 'none', 'second']],
  ] as const)('the %s sees exactly its lots', async (_label, who, expected) => {
    const headers =
      who === 'auditor'
        ? await authHeaders(k, 'auditor')
        : who === 'other'
          ? otherRegistrar.headers
          : w[who].headers;
    const list = await k.app.inject({ url: '/api/v1/seizures/lots?limit=1000', headers });
    expect(list.statusCode).toBe(200);
    expect(ours(list.json<{ lots: { id: string }[] }>().lots.map((l) => l.id))).toEqual(expected);
    for (const [name, id] of Object.entries(lots)) {
      const one = await k.app.inject({ url: `/api/v1/seizures/lots/${id}`, headers });
      expect(one.statusCode, `${name} for ${who}`).toBe(
        (expected as readonly string[]).includes(name) ? 200 : 404,
      );
    }
  });

  it('a court sees the cases before it and the claims on their lots, no others', async () => {
    const cases = await k.app.inject({
      url: '/api/v1/seizures/cases',
      headers: w.registrar.headers,
    });
    const numbers = cases
      .json<{ cases: { case_number: string }[] }>()
      .cases.map((c) => c.case_number);
    expect(numbers).toEqual(['V-1']);
    for (const [id, headers] of [
      [lots.first, w.registrar.headers],
      [lots.second, otherRegistrar.headers],
    ] as const) {
      const r = await k.app.inject({
        method: 'POST',
        url: `/api/v1/seizures/lots/${id}/claims`,
        headers,
        payload: { claimantRef: 'victim:abcd1', amount: '0.1' },
      });
      expect(r.statusCode, r.body).toBe(201);
    }
    const claims = await k.app.inject({
      url: '/api/v1/seizures/claims',
      headers: w.registrar.headers,
    });
    const seen = claims.json<{ claims: { lotId: string }[] }>().claims.map((c) => c.lotId);
    expect(seen).toEqual([lots.first]);
  });

  it('a case names a court that exists and is a court, or is refused with its code', async () => {
    for (const courtOrganisationId of [w.orgs.treasury, '00000000-0000-4000-8000-000000000000']) {
      const r = await k.app.inject({
        method: 'POST',
        url: '/api/v1/seizures/cases',
        headers: w.officer.headers,
        payload: {
          agency: 'Police',
          caseNumber: `V-bad-${courtOrganisationId.slice(0, 4)}`,
          court: 'Court',
          courtOrganisationId,
          partyRefs: [],
        },
      });
      expect(r.statusCode).toBe(404);
      expect(r.json()).toMatchObject({ code: 'court_not_found' });
    }
  });
});
