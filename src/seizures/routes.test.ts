import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authHeaders, testKazna, testTargets, type TestKazna } from '../../test/support/targets.ts';
import { allowLegalSteps, lot, world, type World } from '../../test/support/seizures.ts';

describe.each(testTargets())('seizures routes on $label PostgreSQL', (target) => {
  let k: TestKazna;
  let w: World;
  let lotId: string;
  beforeAll(async () => {
    k = await testKazna(target);
    w = await world(k, 'r');
    await allowLegalSteps(k);
  });
  afterAll(() => k.close());

  it('opens a case and takes in a lot; a wrong-chain address is a 422 with its code', async () => {
    const headers = w.officer.headers;
    const c = await k.app.inject({
      method: 'POST',
      url: '/api/v1/seizures/cases',
      headers,
      payload: { agency: 'Police', caseNumber: 'R-1', court: 'Court', partyRefs: ['party:abcd1'] },
    });
    expect(c.statusCode).toBe(201);
    const caseId = c.json<{ id: string }>().id;
    const bad = await k.app.inject({
      method: 'POST',
      url: '/api/v1/seizures/intake',
      headers,
      payload: { caseId, seizedOn: '2025-05-01', lots: [lot({ chain: 'TRON', asset: 'USDT' })] },
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.json()).toMatchObject({ code: 'address_on_wrong_network' });
    const huge = await k.app.inject({
      method: 'POST',
      url: '/api/v1/seizures/intake',
      headers,
      payload: { caseId, seizedOn: '2025-05-01', lots: [lot({ amount: '9'.repeat(100) })] },
    });
    expect(huge.statusCode, huge.body).toBe(400);
    expect(huge.json()).toMatchObject({ code: 'amount_exceeds_maximum' });
    const good = await k.app.inject({
      method: 'POST',
      url: '/api/v1/seizures/intake',
      headers,
      payload: { caseId, seizedOn: '2025-05-01', lots: [lot()] },
    });
    expect(good.statusCode).toBe(201);
    lotId = good.json<{ lots: { id: string }[] }>().lots[0]?.id ?? '';
  });

  it('scopes the inventory by organisation and exports it as CSV', async () => {
    const own = await k.app.inject({ url: '/api/v1/seizures/lots', headers: w.officer.headers });
    expect(own.json<{ lots: unknown[] }>().lots).toHaveLength(1);
    const other = await k.app.inject({ url: '/api/v1/seizures/lots', headers: w.custody.headers });
    expect(other.json<{ lots: unknown[] }>().lots).toHaveLength(0);
    const auditor = await authHeaders(k, 'auditor');
    const csv = await k.app.inject({ url: '/api/v1/seizures/lots?format=csv', headers: auditor });
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body.trim().split('\n')).toHaveLength(2);
    const one = await k.app.inject({ url: `/api/v1/seizures/lots/${lotId}`, headers: auditor });
    expect(one.json()).toMatchObject({ lot: { status: 'seized', amount: '1.5' } });
  });

  it('lists operations and exchanges as JSON (numeric columns as decimal strings)', async () => {
    const op = await k.services.seizures.createOperation(w.officer.actor, {
      name: 'Op R',
      agencies: ['Police'],
      startedOn: '2025-01-01',
      endedOn: null,
      summary: 'two exchanges',
      exchangesShutDown: 2,
      volumeProcessedUsd: '124000000',
    });
    if (!op.ok) throw new Error(op.message);
    const x = await k.services.seizures.registerExchange(w.officer.actor, {
      name: 'Desk R',
      status: 'shut_down',
      jurisdiction: 'KZ',
      operationId: op.value.id,
    });
    expect(x.ok).toBe(true);
    const ops = await k.app.inject({
      url: '/api/v1/seizures/operations',
      headers: w.officer.headers,
    });
    expect(ops.statusCode).toBe(200);
    expect(ops.json()).toMatchObject({
      operations: [{ name: 'Op R', volume_processed_usd: '124000000' }],
    });
    const xs = await k.app.inject({
      url: '/api/v1/seizures/exchanges',
      headers: w.officer.headers,
    });
    expect(xs.json()).toMatchObject({
      exchanges: [{ name: 'Desk R', status: 'shut_down', operation_id: op.value.id }],
    });
  });

  it('refuses forfeiture without a court order, with its code', async () => {
    const url = `/api/v1/seizures/lots/${lotId}/transitions`;
    const headers = w.registrar.headers;
    const pending = await k.app.inject({
      method: 'POST',
      url,
      headers,
      payload: { to: 'forfeiture_pending', reason: 'prosecutor applied' },
    });
    expect(pending.statusCode).toBe(200);
    const r = await k.app.inject({
      method: 'POST',
      url,
      headers,
      payload: { to: 'forfeited', reason: 'judgment' },
    });
    expect(r.statusCode).toBe(422);
    expect(r.json()).toMatchObject({ code: 'court_order_required' });
    const back = await k.app.inject({
      method: 'POST',
      url,
      headers,
      payload: { to: 'frozen', reason: 'x' },
    });
    expect(back.json()).toMatchObject({ code: 'transition_not_allowed' });
  });
});
