import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authHeaders, testKazna, testTargets, type TestKazna } from '../../test/support/targets.ts';
import type { LegalStatus } from '../seizures/model.ts';
import {
  ADDRESSES,
  lot,
  world,
  type World,
  orderedTransition,
} from '../../test/support/seizures.ts';
import type { FundTermsInput } from './terms.ts';
import {
  allocate,
  allowReserveRequests,
  approvedManager,
  HEDGE_TERMS,
  seedPrices,
} from '../../test/support/reserve.ts';

const PRICES = { BTC: '60000', USDT: '1', XAU: '2650', EUR: '1.08' } as const;
const MONTH_ENDS = ['2025-01-31', '2025-02-28', '2025-03-31', '2025-04-30'];

function terms(over: Partial<Extract<FundTermsInput, { kind: 'hedge_fund' }>>): FundTermsInput {
  return { ...(HEDGE_TERMS as Extract<FundTermsInput, { kind: 'hedge_fund' }>), ...over };
}

/**
 * The reserve's API end to end: lock-ups, notice and gates on redemptions, the in-kind route that
 * cannot take a lot that is not forfeited, bad input refused by code, and the CSV exports.
 */
describe.each(testTargets())('reserve routes on $label PostgreSQL', (target) => {
  let k: TestKazna;
  let w: World;
  let headers: Record<string, string>;
  const ids: Record<'hard' | 'soft' | 'gated', string> = { hard: '', soft: '', gated: '' };

  const post = (url: string, payload: object) =>
    k.app.inject({ method: 'POST', url: `/api/v1/reserve${url}`, headers, payload });

  beforeAll(async () => {
    k = await testKazna(target);
    w = await world(k, 'res');
    headers = await authHeaders(k, 'investment_officer');
    await seedPrices(k, PRICES, '2024-12-01', 180);
    await allocate(k);
    await allowReserveRequests(k);
    ids.hard = await approvedManager(
      k,
      'Cinder Hard Lock Fund',
      terms({ lockUp: { kind: 'hard', months: 12 } }),
    );
    ids.soft = await approvedManager(
      k,
      'Drift Soft Lock Fund',
      terms({ lockUp: { kind: 'soft', months: 12, penaltyBps: 500 } }),
    );
    ids.gated = await approvedManager(
      k,
      'Ember Gated Fund',
      terms({ gate: { basis: 'investor', bps: 2500 } }),
      { BTC: ADDRESSES.btc },
    );
    for (const id of Object.values(ids)) {
      const s = await post('/subscriptions', {
        method: 'cash',
        managerId: id,
        day: '2025-01-01',
        asset: 'USD',
        amount: '4000000.00',
        navPerUnit: '1000',
      });
      expect(s.statusCode, s.body).toBe(202);
      const navs = MONTH_ENDS.map((day) => ({
        manager: id,
        day,
        nav: '100000000.00',
        units: '100000',
        navPerUnit: '1000',
      }));
      const n = await post('/nav/import', { format: 'json', text: JSON.stringify(navs) });
      expect(n.statusCode, n.body).toBe(201);
    }
  });
  afterAll(() => k.close());

  it('refuses a redemption inside a hard lock-up, by code, changing nothing', async () => {
    const r = await post('/redemptions', {
      managerId: ids.hard,
      requestedOn: '2025-02-01',
      units: '1000',
    });
    expect(r.statusCode).toBe(409);
    expect(r.json()).toMatchObject({
      code: 'redemption_in_lockup',
      evidence: { dealingDate: '2025-03-31' },
    });
    const list = await k.app.inject({
      url: `/api/v1/reserve/redemptions?managerId=${ids.hard}`,
      headers,
    });
    expect(list.json<{ redemptions: unknown[] }>().redemptions).toHaveLength(0);
  });

  it('charges the soft lock-up penalty and deals on the first date after the notice', async () => {
    const r = await post('/redemptions', {
      managerId: ids.soft,
      requestedOn: '2025-02-05',
      units: '1000',
    });
    expect(r.statusCode, r.body).toBe(201);
    // 30 days after 5 February is 7 March: the March month end. 1,000 units at $1,000, 5% kept.
    expect(r.json()).toMatchObject({
      dealingDay: '2025-03-31',
      penalty: '5000000',
      net: '95000000',
    });
  });

  it('gates a redemption: pays a quarter, queues the rest, deals the queue on the next date', async () => {
    const r = await post('/redemptions', {
      managerId: ids.gated,
      requestedOn: '2025-01-20',
      units: '4000',
    });
    expect(r.statusCode, r.body).toBe(201);
    const first = r.json<{
      id: string;
      paidUnits: string;
      queuedUnits: string;
      queuedTo: string;
    }>();
    expect(first).toMatchObject({
      paidUnits: '1000000000',
      queuedUnits: '3000000000',
      queuedTo: '2025-03-31',
    });
    const queued = await k.app.inject({ url: '/api/v1/reserve/redemptions?queued=true', headers });
    expect(queued.json<{ redemptions: { id: string }[] }>().redemptions.map((q) => q.id)).toEqual([
      first.id,
    ]);
    const next = await post(`/redemptions/${first.id}/deal-queued`, {});
    expect(next.statusCode, next.body).toBe(201);
    // A quarter of the 3,000 units still held.
    expect(next.json()).toMatchObject({
      dealingDay: '2025-03-31',
      paidUnits: '750000000',
      queuedUnits: '2250000000',
    });
    const again = await post(`/redemptions/${first.id}/deal-queued`, {});
    expect(again.json()).toMatchObject({ code: 'redemption_not_queued' });
  });

  it('cannot subscribe in kind with a lot that is not forfeited', async () => {
    const c = await k.services.seizures.openCase(w.officer.actor, {
      operationId: null,
      agency: 'Police',
      caseNumber: 'RES-1',
      court: 'Court',
      partyRefs: [],
    });
    if (!c.ok) throw new Error(c.code);
    const lots = [];
    for (const walk of [[], ['frozen', 'forfeiture_pending']] as LegalStatus[][]) {
      const r = await k.services.seizures.intake(w.officer.actor, {
        caseId: c.value.id,
        seizedOn: '2025-01-02',
        exchangeId: null,
        note: '',
        lots: [lot({ amount: '2' })],
      });
      if (!r.ok) throw new Error(r.code);
      const id = r.value.lots[0]?.id ?? '';
      for (const to of walk)
        await k.services.seizures.recordHistorical(w.registrar.actor, orderedTransition(id, to));
      lots.push(id);
    }
    const size = await k.services.audit.size();
    for (const lotId of lots) {
      const r = await post('/subscriptions', {
        method: 'in_kind',
        managerId: ids.gated,
        day: '2025-01-10',
        lotId,
        asset: 'BTC',
        amount: '2',
        destination: ADDRESSES.btc,
      });
      expect(r.statusCode).toBe(409);
      expect(r.json()).toMatchObject({ code: 'lot_not_forfeited' });
    }
    expect(await k.services.audit.size()).toBe(size);
  });

  it('refuses a value series of more month ends than it computes in one request', async () => {
    const res = await k.app.inject({
      url: '/api/v1/reserve/value-series?from=2019-01-01&to=9999-12-30',
      headers,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'range_too_long' });
    const tenYears = await k.app.inject({
      url: '/api/v1/reserve/value-series?from=2015-05-01&to=2025-04-30',
      headers,
    });
    expect(tenYears.statusCode).toBe(200);
  });

  it('answers bad input with a code and exports flows and NAVs as CSV', async () => {
    const bad = await post('/subscriptions', {
      method: 'cash',
      managerId: ids.soft,
      day: 'yesterday',
      asset: 'USD',
      amount: '1',
    });
    expect(bad.statusCode).toBe(400);
    const unknown = await post('/nav', {
      manager: 'Nobody Capital',
      day: '2025-05-31',
      nav: '1.00',
      units: '1',
      navPerUnit: '1',
    });
    expect(unknown.json()).toMatchObject({ code: 'manager_not_found' });
    const csv = await k.app.inject({
      url: `/api/v1/reserve/flows?format=csv&managerId=${ids.gated}`,
      headers,
    });
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body.trim().split('\n')).toHaveLength(4);
    const nav = await k.app.inject({
      url: `/api/v1/reserve/managers/${ids.gated}/nav?format=csv`,
      headers,
    });
    expect(nav.body.trim().split('\n')).toHaveLength(MONTH_ENDS.length + 1);
    const page = await k.app.inject({ url: '/api/v1/reserve/flows?limit=2', headers });
    const body = page.json<{ flows: unknown[]; next: string | null }>();
    expect(body.flows).toHaveLength(2);
    expect(body.next).not.toBeNull();
    const view = await k.app.inject({
      url: `/api/v1/reserve/managers/${ids.gated}?day=2025-04-30`,
      headers,
    });
    expect(view.json()).toMatchObject({
      dueDiligence: { overall: 80 },
      manager: { status: 'active' },
    });
    const fee = await k.app.inject({
      url: `/api/v1/reserve/managers/${ids.gated}/fee-check`,
      headers,
    });
    expect(fee.statusCode, fee.body).toBe(200);
  });
});
