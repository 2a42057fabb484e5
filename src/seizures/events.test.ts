import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authHeaders, testKazna, testTargets, type TestKazna } from '../../test/support/targets.ts';
import { allowLegalSteps, lot, world, type World } from '../../test/support/seizures.ts';
import { hashesIn } from './events.ts';

interface Events {
  events: {
    seq: string;
    action: string;
    actor: string;
    via: string;
    requestId: string | null;
    by: { roles: string[]; organisationId: string | null };
    from: string | null;
    to: string | null;
    courtOrderRef: string | null;
    hashes: { kind: string; name: string | null; sha256: string }[];
  }[];
}

describe.each(testTargets())('a lot’s events on $label PostgreSQL', (target) => {
  let k: TestKazna;
  let w: World;
  let lotId = '';
  let otherLotId = '';
  beforeAll(async () => {
    k = await testKazna(target);
    w = await world(k, 'ev');
    await allowLegalSteps(k);
    const c = await k.services.seizures.openCase(w.officer.actor, {
      operationId: null,
      agency: 'Police',
      caseNumber: 'EV-1',
      court: 'Court',
      partyRefs: ['party:abcd1'],
    });
    if (!c.ok) throw new Error(c.message);
    const r = await k.app.inject({
      method: 'POST',
      url: '/api/v1/seizures/intake',
      headers: w.officer.headers,
      payload: { caseId: c.value.id, seizedOn: '2025-05-01', lots: [lot(), lot({ amount: '2' })] },
    });
    const lots = r.json<{ lots: { id: string }[] }>().lots;
    lotId = lots[0]?.id ?? '';
    otherLotId = lots[1]?.id ?? '';
    const url = `/api/v1/seizures/lots/${lotId}/transitions`;
    for (const payload of [
      { to: 'forfeiture_pending', reason: 'prosecutor applied' },
      {
        to: 'forfeited',
        reason: 'judgment',
        courtOrderRef: 'No. 7-42/2025',
        courtOrderDate: '2025-06-01',
        courtOrderSha256: 'ab'.repeat(32),
        courtOrderName: 'order.pdf',
      },
    ]) {
      const t = await k.app.inject({ method: 'POST', url, headers: w.registrar.headers, payload });
      expect(t.statusCode, t.body).toBe(200);
    }
  });
  afterAll(() => k.close());

  const events = (id: string, headers: Record<string, string>) =>
    k.app.inject({ url: `/api/v1/seizures/lots/${id}/events`, headers });

  it('tells the lot’s story oldest first: intake, then each decision with its court order', async () => {
    const r = await events(lotId, w.officer.headers);
    expect(r.statusCode, r.body).toBe(200);
    const list = r.json<Events>().events;
    const seqs = list.map((e) => Number(e.seq));
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    const own = list.filter((e) => e.via === 'lot').map((e) => e.action);
    // The sanctions screening at intake names the lot too: it is part of the story.
    expect(own).toEqual([
      'compliance.screening.recorded',
      'seizures.lot.recorded',
      'seizures.lot.transitioned',
      'seizures.lot.transitioned',
    ]);
    const recorded = list.find((e) => e.action === 'seizures.lot.recorded');
    expect(recorded).toMatchObject({
      actor: w.officer.actor.id,
      by: { roles: ['enforcement_officer'], organisationId: w.orgs.police },
    });
    // The entry carries the evidence's digests; its names are the lot's, on the lot page.
    expect(recorded?.hashes).toContainEqual({
      kind: 'evidence',
      name: null,
      field: 'evidenceSha256',
      sha256: 'cd'.repeat(32),
    });
    const forfeited = list.find(
      (e) => e.action === 'seizures.lot.transitioned' && e.to === 'forfeited',
    );
    expect(forfeited).toMatchObject({
      from: 'forfeiture_pending',
      courtOrderRef: 'No. 7-42/2025',
      by: { roles: ['court_registrar'], organisationId: w.orgs.court },
    });
    // The approval request the decision went through is part of the story, beside the decision.
    const requestId = forfeited?.requestId ?? '';
    expect(requestId).not.toBe('');
    const viaRequest = list.filter((e) => e.via === 'request' && e.requestId === requestId);
    expect(viaRequest.map((e) => e.action)).toContain('governance.approval.requested');
  });

  it('keeps another lot’s entries out, even from the same intake', async () => {
    const list = (await events(otherLotId, w.officer.headers)).json<Events>().events;
    expect(list.map((e) => e.action)).toEqual([
      'compliance.screening.recorded',
      'seizures.lot.recorded',
    ]);
    expect(list[1]?.hashes.map((h) => h.sha256)).toEqual(['cd'.repeat(32)]);
  });

  it('is scoped like the lot: another organisation gets 404, the auditor sees it', async () => {
    const custody = await events(lotId, w.custody.headers);
    expect(custody.statusCode).toBe(404);
    expect(custody.json()).toMatchObject({ code: 'lot_not_found' });
    const auditor = await events(lotId, await authHeaders(k, 'auditor'));
    expect(auditor.statusCode).toBe(200);
    const mine = (await events(lotId, w.officer.headers)).json<Events>();
    expect(auditor.json<Events>()).toEqual(mine);
    const missing = await events('00000000-0000-4000-8000-000000000000', w.officer.headers);
    expect(missing.statusCode).toBe(404);
  });

  it('finds hashes under any digest-named key, typed by where they sit', () => {
    const doc = 'ab'.repeat(32);
    expect(
      hashesIn({
        decision: { orderDate: '2025-05-02', documentSha256: `sha256:${doc.toUpperCase()}` },
        note: 'ab'.repeat(32),
        signatureHash: 'short',
      }),
    ).toEqual([{ kind: 'document', name: null, field: 'documentSha256', sha256: doc }]);
  });
});
