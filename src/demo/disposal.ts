import type { AssetCode } from '../core/assets.ts';
import type { Clock, ManualClock } from '../core/clock.ts';
import { sha256Hex } from '../core/hash.ts';
import { demoOrder } from './seizures.ts';
import { mulDiv } from '../core/money.ts';
import type { Result } from '../core/result.ts';
import type { DemoStep } from './step.ts';
import { approveAndExecute, demoCourt, demoPeople, type DemoPeople } from './people.ts';
import { demoId } from './reserve.ts';
import type { Kazna } from '../kazna.ts';
import { addDays, formatPrice } from '../market/model.ts';
import type { LegalStatus } from '../seizures/model.ts';
import { bidCommitment } from '../disposal/model.ts';

/**
 * The demo's disposals by sale, of two lots forfeited in a fourth case (the BTC and USDT lots go to
 * managers in kind): a sealed-bid auction of 120 ETH with three bidders, and an OTC plan selling
 * 4,000 LTC in three tranches at most 10% of the day's volume. Every step is an approval request
 * that the demo's investment officer asks for and the committee member and the risk officer
 * approve with their demo keys. The auction closes five seconds after it opens, so loading the
 * demo waits that long. LTC prices and volumes are generated here (the ETH prices come from the
 * risk step, or are generated the same way when missing). Ids come from names, so the step finds
 * what it already did.
 */
const CASE_NUMBER = 'POL-2025-0412';
const AUCTION_ID = demoId<'DisposalAuction'>('disposal-auction:eth');
const PLAN_ID = demoId<'DisposalPlan'>('disposal-otc:ltc');
const CENT = 10n ** 10n;

function must<T>(r: Result<T, string>, what: string): T {
  if (!r.ok) throw new Error(`disposal demo: ${what}: ${r.code}: ${r.message}`);
  return r.value;
}

type People = DemoPeople;

const people = demoPeople;

/** Approves with the committee and the risk officer, then executes as the investment officer. */
const approve = (k: Kazna, p: People, requestId: string): Promise<void> =>
  approveAndExecute(k, p, requestId);

async function governed(
  k: Kazna,
  p: People,
  r: Result<{ requestId: string; state: string }, string>,
  what: string,
): Promise<void> {
  const v = must(r, what);
  if (v.state !== 'applied') await approve(k, p, v.requestId);
}

/** Generated daily closes (and volumes for LTC), only for the days the market does not have yet. */
async function ensurePrices(k: Kazna, asset: AssetCode, start: number, volume: number | null) {
  const yesterday = addDays(k.clock.now().toISOString().slice(0, 10), -1);
  const first = addDays(yesterday, -59);
  const have = new Set(
    (await k.services.market.series(asset, 'USD', first, yesterday)).map((r) => r.day),
  );
  const rows: string[] = [];
  for (let i = 0; i < 60; i++) {
    const day = addDays(first, i);
    if (have.has(day)) continue;
    const close = (start * (1 + 0.04 * Math.sin(i / 6) + 0.01 * Math.cos(i / 2))).toFixed(2);
    rows.push(
      volume === null ? `${day},${close}` : `${day},${close},${volume + ((i * 7919) % 90_000)}`,
    );
  }
  if (rows.length === 0) return;
  const header = volume === null ? 'date,close' : 'date,close,volume';
  must(
    await k.services.market.importCsv(
      { id: 'demo' },
      {
        text: [header, ...rows].join('\n'),
        asset,
        source: 'demo-generated',
        fileName: `demo-disposal-${asset.toLowerCase()}-usd.csv`,
        format: {
          delimiter: ',',
          dateFormat: 'iso',
          columns: {
            date: 'date',
            close: 'close',
            ...(volume === null ? {} : { volume: 'volume' }),
          },
        },
      },
    ),
    `${asset} prices`,
  );
}

/** The fourth case: 120 ETH and 4,000 LTC, forfeited by the court and earmarked for the reserve. */
async function forfeitedLots(k: Kazna, p: People): Promise<{ eth: string; ltc: string }> {
  const s = k.services.seizures;
  const courtOrganisationId = await demoCourt(k);
  const c = must(
    await s.openCase(p.officer, {
      operationId: null,
      agency: 'Police',
      caseNumber: CASE_NUMBER,
      court: 'Specialised Inter-District Economic Court of Astana',
      courtOrganisationId,
      partyRefs: [`party:${sha256Hex(CASE_NUMBER).slice(0, 12)}`],
    }),
    'case',
  );
  const lot = (asset: string, chain: string, amount: string, address: string, label: string) => ({
    asset,
    chain,
    amount,
    addresses: [address],
    txids: [`${chain === 'EVM' ? '0x' : ''}${sha256Hex(`kazna demo tx ${label}`)}`],
    evidence: [{ sha256: sha256Hex(`protocol ${label}`), name: `seizure protocol ${label}.pdf` }],
    custodyKind: 'seizure_wallet',
    custodyRef: 'police cold wallet',
  });
  const r = must(
    await s.intake(p.officer, {
      caseId: c.id,
      seizedOn: '2025-04-02',
      exchangeId: null,
      note: `seized under case ${CASE_NUMBER}`,
      lots: [
        lot('ETH', 'EVM', '120', '0x742d35Cc6634C0532925a3b844Bc454e4438f44e', 'w4'),
        lot('LTC', 'LTC', '4000', 'LaMT348PWRnrqeeWArpwQPbuanpXDZGEUz', 'w5'),
      ],
    }),
    'intake',
  );
  const [eth = '', ltc = ''] = r.lots.map((l) => l.id);
  for (const id of [eth, ltc]) {
    for (const to of ['frozen', 'forfeiture_pending', 'forfeited'] as LegalStatus[]) {
      must(
        await s.recordHistorical(to === 'frozen' ? p.officer : p.registrar, {
          lotId: id,
          to,
          courtOrderRef: null,
          ground: null,
          reason: 'decision of the court',
          proceeds: null,
          ...(to === 'forfeited' ? demoOrder('No. 7-1301/2025') : {}),
        }),
        to,
      );
    }
    must(await s.earmark(p.custody, id), 'earmark');
  }
  return { eth, ltc };
}

/** A price `bps` basis points of the reference, in whole cents. */
function at(reference: bigint, bps: bigint): string {
  return formatPrice(mulDiv(mulDiv(reference, bps, 10_000n), 1n, CENT) * CENT);
}

async function auction(k: Kazna, p: People, lotId: string): Promise<void> {
  const d = k.services.disposal;
  const today = k.clock.now().toISOString().slice(0, 10);
  const quote = await k.services.market.priceOn('ETH', 'USD', today);
  if (quote === null) throw new Error('disposal demo: no ETH price');
  const ref = quote.price;
  const closesAt = new Date(k.clock.now().getTime() + 5000);
  const created = await d.requestAuction(p.investment, {
    auctionId: AUCTION_ID,
    lotIds: [lotId],
    reservePrice: at(ref, 9_500n),
    closesAt: closesAt.toISOString(),
  });
  await governed(k, p, created, 'auction');
  const bidders = [
    ['kyc:demo-bidder-a', '0xde0B295669a9FD93d5F28D9Ec85E40f4cb697BAe', 9_900n],
    ['kyc:demo-bidder-b', '0xAb5801a7D398351b8bE11C439e05C5B3259aeC9B', 10_150n],
    ['kyc:demo-bidder-c', '0x53d284357ec70cE289D6D64134DfAc8E511c8a3D', 9_700n],
  ] as const;
  const sealed: { bidId: string; price: string; salt: string }[] = [];
  for (const [kycRef, address, bps] of bidders) {
    const bidderId = must(
      await d.registerBidder(p.investment, AUCTION_ID, { kycRef, address }),
      'bidder',
    ).bidderId;
    const price = at(ref, bps);
    const salt = sha256Hex(`demo salt ${kycRef}`).slice(0, 32);
    const commitment = bidCommitment({
      auctionId: AUCTION_ID,
      lotId,
      bidderId,
      price: parse(price),
      salt,
    });
    const bid = must(
      await d.commitBid(p.investment, AUCTION_ID, { lotId, bidderId, commitment }),
      'bid',
    );
    sealed.push({ bidId: bid.bidId, price, salt });
  }
  // Bidding is open for five seconds; the close is refused before its time.
  await waitUntil(k.clock, new Date(closesAt.getTime() + 1));
  must(await d.closeAuction(p.investment, AUCTION_ID), 'close');
  for (const b of sealed) must(await d.revealBid(p.investment, AUCTION_ID, b), 'reveal');
  await governed(k, p, await d.requestAward(p.investment, AUCTION_ID), 'award');
}

/**
 * Waits for the closing time. A real clock is waited for; a manual clock (tests, a simulation)
 * only moves when told, so it is moved there instead of waiting forever.
 */
async function waitUntil(clock: Clock | ManualClock, t: Date): Promise<void> {
  if ('set' in clock) {
    if (clock.now().getTime() < t.getTime()) clock.set(t);
    return;
  }
  while (clock.now().getTime() < t.getTime()) await new Promise((r) => setTimeout(r, 250));
}

function parse(price: string): bigint {
  const [whole = '0', frac = ''] = price.split('.');
  return BigInt(whole) * 10n ** 12n + BigInt((frac + '0'.repeat(12)).slice(0, 12));
}

async function otc(k: Kazna, p: People, lotId: string): Promise<void> {
  const d = k.services.disposal;
  const plan = await d.requestPlan(p.investment, {
    planId: PLAN_ID,
    lotId,
    counterpartyRef: 'desk:demo-otc-01',
    maxVolumeShareBps: 1000,
    toleranceBps: 75,
    tranches: ['1500', '1500', '1000'],
  });
  await governed(k, p, plan, 'OTC plan');
  const today = k.clock.now().toISOString().slice(0, 10);
  // Slippage of 20, 35 and 90 bps below the day's close: the last breaches the 75 bps tolerance.
  const fills = [
    [1, -3, 9_980n],
    [2, -2, 9_965n],
    [3, -1, 9_910n],
  ] as const;
  for (const [trancheNo, offset, bps] of fills) {
    const day = addDays(today, offset);
    const close = (await k.services.market.priceOn('LTC', 'USD', day))?.price ?? 0n;
    const r = await d.requestTranche(p.investment, PLAN_ID, {
      trancheNo,
      day,
      executionPrice: at(close, bps),
      dailyVolume: null,
    });
    await governed(k, p, r, `tranche ${trancheNo}`);
  }
}

async function run(k: Kazna): Promise<void> {
  if ((await k.services.disposal.auction(AUCTION_ID)) !== null) return;
  const p = await people(k);
  await ensurePrices(k, 'ETH', 3_100, null);
  await ensurePrices(k, 'LTC', 88, 380_000);
  const lots = await forfeitedLots(k, p);
  await auction(k, p, lots.eth);
  await otc(k, p, lots.ltc);
}

export const DISPOSAL_DEMO_STEP: DemoStep = {
  name: 'reserve-disposals',
  describe: 'a sealed-bid auction of forfeited ETH and an OTC sale of forfeited LTC in tranches',
  run,
};
