import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authHeaders, testKazna, testTargets, type TestKazna } from '../../test/support/targets.ts';
import type { Approver } from '../../test/support/governance.ts';
import { parsePrice } from '../market/model.ts';
import { ADDRESSES, LISTED_BTC } from '../../test/support/seizures.ts';
import { bidCommitment } from './model.ts';
import {
  approveAndExecute,
  disposalWorld,
  importBtcPrices,
  lotIn,
  NOT_FORFEITED,
  vote,
  type DisposalWorld,
} from '../../test/support/disposal.ts';

/**
 * Disposals end to end over HTTP under the default policy (a committee member and a risk officer
 * approve): a sealed-bid auction and an OTC plan, with the crypto leaving custody and the proceeds
 * landing in the reserve's FX account; and no path that disposes of a lot that is not forfeited.
 */
describe.each(testTargets())('disposal routes on $label PostgreSQL', (target) => {
  let k: TestKazna;
  let w: DisposalWorld;
  const lots = { a: '', b: '', c: '' };

  beforeAll(async () => {
    k = await testKazna(target);
    k.clock.set(new Date('2026-03-02T10:00:00Z'));
    w = await disposalWorld(k, 'dr');
    await importBtcPrices(k);
    lots.a = await lotIn(k, w, 'forfeited', '2');
    lots.b = await lotIn(k, w, 'forfeited', '1');
    lots.c = await lotIn(k, w, 'forfeited', '3');
    auditor = await authHeaders(k, 'auditor');
  });
  afterAll(() => k.close());

  const post = (who: Approver, url: string, payload: object = {}) =>
    k.app.inject({
      method: 'POST',
      url: `/api/v1/reserve/disposals${url}`,
      headers: who.headers,
      payload,
    });
  let auditor: Record<string, string> = {};
  const get = (url: string) =>
    k.app.inject({ url: `/api/v1/reserve/disposals${url}`, headers: auditor });

  async function usdBalance(ownerRef: string): Promise<bigint> {
    const [a] = await k.services.ledger.read.accounts({
      ownerKind: 'reserve',
      ownerRef,
      asset: 'USD',
      limit: 1,
    });
    const b = a?.balances;
    return (b?.debitsPosted ?? 0n) - (b?.creditsPosted ?? 0n);
  }

  let auctionId = '';
  const salt = (n: number) => `salt-${n}-`.padEnd(24, 'x');
  const bids: Record<
    string,
    { bidId: string; lotId: string; bidderId: string; price: string; salt: string }
  > = {};

  it('opens a sealed-bid auction of two forfeited lots through an approval request', async () => {
    const r = await post(w.investment, '/auctions', {
      lotIds: [lots.a, lots.b],
      reservePrice: '55000',
      closesAt: '2026-03-05T12:00:00Z',
    });
    expect(r.statusCode).toBe(202);
    const { auctionId: id, requestId } = r.json<{ auctionId: string; requestId: string }>();
    auctionId = id;
    // No one approves their own request.
    const own = await vote(k, requestId, w.investment);
    expect(own.json()).toMatchObject({ code: 'approver_is_initiator' });
    const done = await approveAndExecute(k, w, requestId);
    expect(done.statusCode).toBe(200);
    const view = await get(`/auctions/${auctionId}`);
    expect(view.json()).toMatchObject({
      auction: { status: 'open', asset: 'BTC', reservePrice: '55000' },
    });
    // The lots are reserved for the auction: an OTC plan cannot take them meanwhile.
    const otc = await post(w.investment, '/otc', {
      lotId: lots.a,
      counterpartyRef: 'desk:x1',
      tranches: ['1'],
    });
    expect([otc.statusCode, otc.json<{ code: string }>().code]).toEqual([
      409,
      'lot_committed_elsewhere',
    ]);
  });

  it('registers screened bidders; a sanctioned one is refused and stays on the record', async () => {
    const ids: string[] = [];
    for (const [kycRef, address] of [
      ['kyc:alpha-0001', ADDRESSES.btc],
      ['kyc:beta-0002', ADDRESSES.btc2],
    ]) {
      const r = await post(w.investment, `/auctions/${auctionId}/bidders`, { kycRef, address });
      expect(r.statusCode, r.body).toBe(201);
      ids.push(r.json<{ bidderId: string }>().bidderId);
    }
    const listed = await post(w.investment, `/auctions/${auctionId}/bidders`, {
      kycRef: 'kyc:gamma-0003',
      address: LISTED_BTC,
    });
    expect([listed.statusCode, listed.json<{ code: string }>().code]).toEqual([
      403,
      'bidder_sanctioned',
    ]);
    const view = await get(`/auctions/${auctionId}`);
    const bidders = view.json<{ bidders: { status: string }[] }>().bidders;
    expect(bidders.map((b) => b.status)).toEqual([
      'registered',
      'registered',
      'refused_sanctioned',
    ]);
    const [alpha = '', beta = ''] = ids;
    bids['alpha-a'] = { bidId: '', lotId: lots.a, bidderId: alpha, price: '61000', salt: salt(1) };
    bids['beta-a'] = { bidId: '', lotId: lots.a, bidderId: beta, price: '62500', salt: salt(2) };
    bids['alpha-b'] = { bidId: '', lotId: lots.b, bidderId: alpha, price: '54000', salt: salt(3) };
  });

  it('takes sealed commitments while open, and only after the close their reveals', async () => {
    for (const [name, b] of Object.entries(bids)) {
      const commitment = bidCommitment({
        auctionId,
        lotId: b.lotId,
        bidderId: b.bidderId,
        price: priceOf(b.price),
        salt: b.salt,
      });
      const r = await post(w.investment, `/auctions/${auctionId}/bids`, {
        lotId: b.lotId,
        bidderId: b.bidderId,
        commitment,
      });
      expect(r.statusCode, name).toBe(201);
      b.bidId = r.json<{ bidId: string }>().bidId;
    }
    const view = await get(`/auctions/${auctionId}`);
    expect(view.json<{ bids: { price: string | null }[] }>().bids.map((b) => b.price)).toEqual([
      null,
      null,
      null,
    ]);
    const early = await post(w.investment, `/auctions/${auctionId}/reveals`, reveal('beta-a'));
    expect(early.json()).toMatchObject({ code: 'auction_still_open' });
    const notYet = await post(w.investment, `/auctions/${auctionId}/close`);
    expect([notYet.statusCode, notYet.json<{ code: string }>().code]).toEqual([
      409,
      'auction_still_open',
    ]);
    k.clock.set(new Date('2026-03-05T13:00:00Z'));
    expect((await post(w.investment, `/auctions/${auctionId}/close`)).statusCode).toBe(200);
    const late = await post(w.investment, `/auctions/${auctionId}/bids`, {
      lotId: lots.b,
      bidderId: bids['beta-a']?.bidderId,
      commitment: 'ab'.repeat(32),
    });
    expect([late.statusCode, late.json<{ code: string }>().code]).toEqual([409, 'auction_closed']);
    const wrong = await post(w.investment, `/auctions/${auctionId}/reveals`, {
      ...reveal('beta-a'),
      salt: salt(9),
    });
    expect(wrong.json()).toMatchObject({ code: 'bid_reveal_mismatch' });
    for (const name of ['alpha-a', 'beta-a']) {
      const r = await post(w.investment, `/auctions/${auctionId}/reveals`, reveal(name));
      expect(r.json()).toEqual({ valid: true, invalidReason: null });
    }
    const low = await post(w.investment, `/auctions/${auctionId}/reveals`, reveal('alpha-b'));
    expect(low.json()).toEqual({ valid: false, invalidReason: 'bid_below_reserve_price' });
  });

  it('awards the highest valid bid against the market, books the proceeds, frees the unsold lot', async () => {
    const fxBefore = await usdBalance('fx');
    const r = await post(w.investment, `/auctions/${auctionId}/award`);
    expect(r.statusCode).toBe(202);
    const requestId = r.json<{ requestId: string }>().requestId;
    expect((await approveAndExecute(k, w, requestId)).statusCode).toBe(200);
    const view = await get(`/auctions/${auctionId}`);
    const v = view.json<{ auction: { status: string }; awards: unknown[] }>();
    expect(v.auction.status).toBe('awarded');
    // Lot A: 2 BTC to beta at 62500 against the 2026-03-05 close of 60500:
    // premium (62500 - 60500) / 60500 = 330.58 bps -> 331; proceeds 125000.00 USD.
    const sold: unknown = expect.objectContaining({
      lotId: lots.a,
      bidId: bids['beta-a']?.bidId,
      amount: '2',
      clearingPrice: '62500',
      referencePrice: '60500',
      referenceDay: '2026-03-05',
      premiumBps: 331,
      proceeds: '125000',
    });
    const unsold: unknown = expect.objectContaining({
      lotId: lots.b,
      bidId: null,
      clearingPrice: null,
    });
    // Awards are listed by lot id.
    expect(v.awards).toEqual(lots.a < lots.b ? [sold, unsold] : [unsold, sold]);
    expect((await usdBalance('fx')) - fxBefore).toBe(12_500_000n);
    expect((await k.services.seizures.lot(lots.a))?.remainingUnits).toBe(0n);
    const b = await k.services.seizures.lot(lots.b);
    expect([b?.status, b?.remainingUnits]).toEqual(['forfeited', 100_000_000n]);
    const events = await get(`/lots/${lots.b}/events`);
    expect(events.json<{ events: { kind: string }[] }>().events.map((e) => e.kind)).toEqual([
      'committed',
      'released',
    ]);
    const [source] = await k.services.ledger.read.accounts({
      ownerKind: 'reserve',
      ownerRef: 'forfeited_crypto_proceeds',
      asset: 'USD',
      limit: 1,
    });
    expect(source?.metadata).toMatchObject({ fundingSource: 'forfeited_crypto' });
  });

  it('sells a lot in OTC tranches capped at a share of the day’s volume', async () => {
    const plan = await post(w.investment, '/otc', {
      lotId: lots.c,
      counterpartyRef: 'desk:otc-0001',
      maxVolumeShareBps: 1000,
      toleranceBps: 50,
      tranches: ['1', '1.5', '0.5'],
    });
    expect(plan.statusCode).toBe(202);
    const { planId, requestId } = plan.json<{ planId: string; requestId: string }>();
    expect((await approveAndExecute(k, w, requestId)).statusCode).toBe(200);
    const tranche = (body: object) => post(w.investment, `/otc/${planId}/tranches`, body);
    // Tranche 1 on 2026-03-03 (market volume 12 BTC, cap 1.2): 1 BTC at 60000 vs 60100.
    const t1 = await tranche({ trancheNo: 1, day: '2026-03-03', executionPrice: '60000' });
    expect(t1.statusCode).toBe(202);
    expect(
      (await approveAndExecute(k, w, t1.json<{ requestId: string }>().requestId)).statusCode,
    ).toBe(200);
    // Tranche 2 (1.5 BTC) is above 10% of a 12 BTC day, refused before any request is made.
    const over = await tranche({ trancheNo: 2, day: '2026-03-02', executionPrice: '60100' });
    expect([over.statusCode, over.json<{ code: string }>().code]).toEqual([
      409,
      'tranche_exceeds_volume_share',
    ]);
    expect(over.json()).toMatchObject({ evidence: { capUnits: '120000000' } });
    const entered = await tranche({
      trancheNo: 2,
      day: '2026-03-02',
      executionPrice: '60100',
      dailyVolume: '20',
    });
    expect(entered.json()).toMatchObject({ code: 'daily_volume_in_market' });
    const unknown = await tranche({ trancheNo: 2, day: '2026-03-04', executionPrice: '60300' });
    expect(unknown.json()).toMatchObject({ code: 'daily_volume_unknown' });
    const t2 = await tranche({
      trancheNo: 2,
      day: '2026-03-04',
      executionPrice: '60300',
      dailyVolume: '20',
    });
    expect(
      (await approveAndExecute(k, w, t2.json<{ requestId: string }>().requestId)).statusCode,
    ).toBe(200);
    await rejectedChangesNothing(planId);
    const t3 = await tranche({
      trancheNo: 3,
      day: '2026-03-05',
      executionPrice: '60000',
      dailyVolume: '10',
    });
    expect(
      (await approveAndExecute(k, w, t3.json<{ requestId: string }>().requestId)).statusCode,
    ).toBe(200);
    const again = await tranche({
      trancheNo: 3,
      day: '2026-03-05',
      executionPrice: '60000',
      dailyVolume: '10',
    });
    expect(again.json()).toMatchObject({ code: 'tranche_already_executed' });
    expect((await k.services.seizures.lot(lots.c))?.remainingUnits).toBe(0n);
    await bestExecutionReport(planId);
  });

  it('lists the earmarked lots still to dispose of, for the investment officer too', async () => {
    const r = await k.app.inject({
      url: '/api/v1/reserve/disposals/lots',
      headers: w.investment.headers,
    });
    expect(r.statusCode).toBe(200);
    const listed = r.json<{ lots: { id: string; remaining: string; commitment: unknown }[] }>();
    // Lots A and C are sold out; B went back unsold and is free again.
    expect(listed.lots.map((l) => l.id)).not.toContain(lots.a);
    expect(listed.lots.map((l) => l.id)).not.toContain(lots.c);
    expect(listed.lots.find((l) => l.id === lots.b)).toMatchObject({
      remaining: '1',
      commitment: null,
    });
  });

  it('reports each sale as a contribution of forfeited crypto to the reserve, as the portal reads it', async () => {
    const sales = await k.services.disposal.contributions();
    const byRoute = (route: string) => sales.filter((c) => c.route === route);
    // The auction sold lot A only; the OTC plan sold lot C in three fills.
    expect(byRoute('auction').map((c) => [c.lotId, c.units, c.value])).toEqual([
      [lots.a, 200_000_000n, 12_500_000n],
    ]);
    const otc = byRoute('otc');
    expect(otc.map((c) => c.lotId)).toEqual([lots.c, lots.c, lots.c]);
    expect(otc.reduce((s, c) => s + c.units, 0n)).toBe(300_000_000n);
    expect(otc.reduce((s, c) => s + c.value, 0n)).toBe(18_045_000n);
    expect(sales.every((c) => c.managerId === null && /^\d{4}-\d{2}-\d{2}$/.test(c.day))).toBe(
      true,
    );
    const flows = await k.app.inject({ method: 'GET', url: '/api/v1/public/flows' });
    // Sold units are explained by their route, none left over as `reserve_other`.
    const targets = flows.json<{ links: { target: string }[] }>().links.map((l) => l.target);
    expect(targets).toEqual(expect.arrayContaining(['reserve_auction', 'reserve_otc']));
    expect(targets).not.toContain('reserve_other');
  });

  /** A rejected tranche request changes nothing: no fill, no proceeds, the lot as it was. */
  async function rejectedChangesNothing(planId: string): Promise<void> {
    const before = { lot: await k.services.seizures.lot(lots.c), fx: await usdBalance('fx') };
    const r = await post(w.investment, `/otc/${planId}/tranches`, {
      trancheNo: 3,
      day: '2026-03-05',
      executionPrice: '60000',
      dailyVolume: '10',
    });
    const requestId = r.json<{ requestId: string }>().requestId;
    expect((await vote(k, requestId, w.risk, 'reject')).statusCode).toBe(201);
    const exec = await k.app.inject({
      method: 'POST',
      url: `/api/v1/governance/approvals/${requestId}/execute`,
      headers: w.investment.headers,
    });
    expect(exec.statusCode).toBeGreaterThanOrEqual(400);
    expect((await k.services.seizures.lot(lots.c))?.remainingUnits).toBe(
      before.lot?.remainingUnits,
    );
    expect(await usdBalance('fx')).toBe(before.fx);
    const fills = (await get(`/otc/${planId}`)).json<{ report: { fills: unknown[] } }>().report
      .fills;
    expect(fills).toHaveLength(2);
  }

  async function bestExecutionReport(planId: string): Promise<void> {
    // Fills: 1 @ 60000 (ref 60100), 1.5 @ 60300 (ref 60400), 0.5 @ 60000 (ref 60500).
    // VWAP 180450 / 3 = 60150; reference VWAP 180950 / 3 = 60316.666666666667 (12 places, half-even);
    // slippage 166.666666666667 / 60316.666666666667 = 27.63 bps -> 28. TWAP of the closes
    // 2026-03-03..05 (60100, 60400, 60500) = 60333.333333333333; vs VWAP 30.39 bps -> 30.
    // Per fill 16.64 -> 17, 16.56 -> 17, 82.64 -> 83 bps: only tranche 3 breaches 50 bps.
    // Proceeds 60000 + 90450 + 30000 = 180450 USD; cost against the reference 500 USD.
    const r = await get(`/otc/${planId}/report`);
    expect(r.json()).toMatchObject({
      unitsPlanned: '3',
      unitsFilled: '3',
      tranchesFilled: 3,
      proceeds: '180450',
      vwap: '60150',
      referenceVwap: '60316.666666666667',
      referenceTwap: '60333.333333333333',
      slippageVsVwapBps: 28,
      slippageVsTwapBps: 30,
      cost: '500',
      breaches: [{ trancheNo: 3, slippageBps: 83 }],
    });
    const fills = r.json<{ fills: { slippageBps: number; volumeSource: string }[] }>().fills;
    expect(fills.map((f) => [f.slippageBps, f.volumeSource])).toEqual([
      [17, 'market'],
      [17, 'entered'],
      [83, 'entered'],
    ]);
    const csv = await get(`/otc/${planId}/report?format=csv`);
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.body.trim().split('\n');
    expect(lines).toHaveLength(5);
    expect(lines[4]).toBe('total,,3,60150,60316.666666666667,28,,,,180450');
    expect(await usdBalance('fx')).toBe(12_500_000n + 18_045_000n);
  }

  it.each(NOT_FORFEITED.map((s) => [s]))(
    'no API path disposes of a %s lot, and nothing is written',
    async (status) => {
      const id = await lotIn(k, w, status, '0.5');
      const before = await k.services.audit.size();
      const auction = await post(w.investment, '/auctions', {
        lotIds: [id],
        reservePrice: '1',
        closesAt: '2026-04-01T00:00:00Z',
      });
      const otc = await post(w.investment, '/otc', {
        lotId: id,
        counterpartyRef: 'desk:x1',
        tranches: ['0.1'],
      });
      for (const r of [auction, otc]) {
        expect([r.statusCode, r.json<{ code: string }>().code]).toEqual([409, 'lot_not_forfeited']);
      }
      expect(await k.services.audit.size()).toBe(before);
    },
  );

  it('no API path disposes of a forfeited lot that was not earmarked for the reserve', async () => {
    const id = await lotIn(k, w, 'forfeited', '0.5', false);
    const r = await post(w.investment, '/otc', {
      lotId: id,
      counterpartyRef: 'desk:x1',
      tranches: ['0.1'],
    });
    expect(r.json()).toMatchObject({ code: 'lot_not_earmarked' });
  });

  it('lists auctions and plans a page at a time', async () => {
    const first = await get('/auctions?limit=1');
    expect(first.json<{ auctions: unknown[]; next: string | null }>()).toMatchObject({
      auctions: [{ id: auctionId }],
      next: auctionId,
    });
    const after = await get(`/auctions?limit=1&after=${auctionId}`);
    expect(after.json()).toEqual({ auctions: [], next: null });
    expect((await get('/otc')).json<{ plans: unknown[] }>().plans).toHaveLength(1);
    const denied = await k.app.inject({
      method: 'POST',
      url: '/api/v1/reserve/disposals/otc',
      headers: w.committee.headers,
      payload: { lotId: lots.b, counterpartyRef: 'desk:x1', tranches: ['0.1'] },
    });
    expect(denied.statusCode).toBe(403);
  });

  function reveal(name: string) {
    const b = bids[name];
    return { bidId: b?.bidId, price: b?.price, salt: b?.salt };
  }
});

function priceOf(text: string): bigint {
  const p = parsePrice(text);
  if (!p.ok) throw new Error(p.code);
  return p.value;
}
