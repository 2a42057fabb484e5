import { sha256, sha256Hex } from '../core/hash.ts';
import type { Actor } from '../core/identity.ts';
import { formatAmount, formatUnits, mulDiv } from '../core/money.ts';
import type { Result } from '../core/result.ts';
import type { DemoStep } from './step.ts';
import { approveAndExecute, demoPeople } from './people.ts';
import type { Kazna } from '../kazna.ts';
import {
  addDays,
  addMonths,
  computeFees,
  DD_SECTIONS,
  hedgeFundTermsSchema,
  monthEnd,
  NAV_PER_UNIT_SCALE,
  navPerUnitOf,
  type AllocationPolicy,
  type FundTermsInput,
} from '../reserve/model.ts';
import {
  newManagerSchema,
  ONBOARDING_KIND,
  type NewManagerInput,
  type StatementText,
} from '../reserve/service.ts';

/**
 * The reserve's managers in the reference case, all fictional firms: five crypto hedge funds and
 * two blockchain venture funds with terms in the usual ranges, each through due diligence and
 * approved by the committee before Kazna (recorded as history). Thirteen months of monthly NAV
 * statements are generated deterministically (returns drawn from SHA-256 of the fund and month,
 * fees recomputed from the terms, so the fee check passes except where a statement says
 * otherwise). The hedge funds are subscribed today at their latest NAV, in cash from the reserve's
 * dollars and in kind with the forfeited BTC and USDT lots; the venture funds were committed to
 * thirteen months ago, with three capital calls and one distribution since. Gold and FX were
 * allocated at the reserve's inception (the allocation step books them with that value date).
 */
const DEMO: Actor = { kind: 'system', id: 'demo', roles: [], organisationId: null };
const MONTHS = 13;

/** The demo reserve's allocation policy; the web tests format the same one. */
export const DEMO_ALLOCATION_POLICY: AllocationPolicy = {
  buckets: {
    gold: { targetBps: 5500, bandBps: 1000 },
    fx: { targetBps: 3000, bandBps: 1000 },
    hedge_funds: { targetBps: 1000, bandBps: 500 },
    venture_funds: { targetBps: 500, bandBps: 300 },
  },
  cryptoCapBps: 2000,
  managerCapBps: 500,
  liquidityMinBps: 7000,
  onCapBreach: 'approval',
};

interface Fund {
  readonly name: string;
  readonly terms: FundTermsInput;
  /** Monthly return range in bps (low, high), drawn uniformly from the hash. */
  readonly returns: readonly [number, number];
  /** Cash subscribed today (hedge funds), USD. */
  readonly cash?: string;
  readonly inKind?: 'BTC' | 'USDT';
  readonly fundUnits: bigint;
}

const hedge = (t: Partial<Extract<FundTermsInput, { kind: 'hedge_fund' }>>): FundTermsInput => ({
  kind: 'hedge_fund',
  managementFee: { rateBpsPerYear: 200 },
  performanceFee: { rateBps: 2000, crystallisation: 'annual' },
  lockUp: { kind: 'none' },
  noticeDays: 30,
  redemptionFrequency: 'monthly',
  gate: null,
  sidePocketsAllowed: false,
  ...t,
});

const FUNDS: readonly Fund[] = [
  {
    name: 'Aurora Digital Macro Fund LP',
    terms: hedge({
      lockUp: { kind: 'soft', months: 12, penaltyBps: 300 },
      gate: { basis: 'investor', bps: 2500 },
    }),
    returns: [-900, 1300],
    cash: '10000000.00',
    fundUnits: 240_000_000_000n,
  },
  {
    name: 'Boreal Basis Partners',
    terms: hedge({
      managementFee: { rateBpsPerYear: 150 },
      performanceFee: { rateBps: 1500, crystallisation: 'quarterly' },
      noticeDays: 15,
    }),
    returns: [-100, 250],
    cash: '8000000.00',
    inKind: 'USDT',
    fundUnits: 410_000_000_000n,
  },
  {
    name: 'Cedar Quant Arbitrage Fund',
    terms: hedge({
      performanceFee: {
        rateBps: 2500,
        hurdle: { rateBpsPerYear: 500, kind: 'hard' },
        crystallisation: 'annual',
      },
      lockUp: { kind: 'hard', months: 12 },
      noticeDays: 60,
      redemptionFrequency: 'quarterly',
      gate: { basis: 'fund', bps: 2000 },
      sidePocketsAllowed: true,
    }),
    returns: [-300, 600],
    cash: '7000000.00',
    fundUnits: 150_000_000_000n,
  },
  {
    name: 'Dunmore Liquid Crypto Opportunities',
    terms: hedge({
      managementFee: { rateBpsPerYear: 175 },
      lockUp: { kind: 'soft', months: 6, penaltyBps: 200 },
      noticeDays: 45,
      redemptionFrequency: 'quarterly',
      gate: { basis: 'investor', bps: 2500 },
    }),
    returns: [-1500, 1900],
    cash: '5000000.00',
    inKind: 'BTC',
    fundUnits: 95_000_000_000n,
  },
  {
    name: 'Estuary Market-Neutral Digital Fund',
    terms: hedge({
      managementFee: { rateBpsPerYear: 100 },
      performanceFee: { rateBps: 1000, crystallisation: 'quarterly' },
      gate: { basis: 'fund', bps: 1500 },
    }),
    returns: [-150, 300],
    cash: '6000000.00',
    fundUnits: 320_000_000_000n,
  },
  {
    name: 'Foundry Ridge Blockchain Ventures II',
    terms: {
      kind: 'venture_fund',
      commitment: '15000000.00',
      managementFeeBpsPerYear: 200,
      carryBps: 2000,
      hurdleBpsPerYear: 800,
      termYears: 10,
    },
    returns: [-200, 450],
    fundUnits: 0n,
  },
  {
    name: 'Glasswing Web3 Infrastructure Fund I',
    terms: {
      kind: 'venture_fund',
      commitment: '10000000.00',
      managementFeeBpsPerYear: 250,
      carryBps: 2000,
      hurdleBpsPerYear: null,
      termYears: 10,
    },
    returns: [-300, 500],
    fundUnits: 0n,
  },
];

function must<T>(r: Result<T, string>, what: string): T {
  if (!r.ok) throw new Error(`reserve demo: ${what}: ${r.code}: ${r.message}`);
  return r.value;
}

/** A return in bps for the fund's month, uniform in [low, high], from SHA-256 (deterministic). */
function monthlyBps(fund: string, month: number, [low, high]: readonly [number, number]): bigint {
  const h = sha256(new TextEncoder().encode(`kazna-demo-nav:${fund}:${month}`));
  const x = ((h[0] ?? 0) << 8) | (h[1] ?? 0);
  return BigInt(low + Math.floor((x * (high - low + 1)) / 65536));
}

function usd(cents: bigint): string {
  return formatAmount(cents, 'USD');
}

/**
 * The day the reserve began: the first of the month thirteen months before the current one. The
 * National Bank's allocation takes effect then, and the venture funds' first call falls in it.
 */
export function reserveInception(today: string): string {
  return addMonths(today.slice(0, 8) + '01', -MONTHS);
}

/** Month ends of the statements: the thirteen before the current month. */
function statementDays(today: string): string[] {
  return Array.from({ length: MONTHS }, (_, i) =>
    monthEnd(addMonths(today.slice(0, 8) + '01', i - MONTHS)),
  );
}

function hedgeStatements(f: Fund, days: readonly string[]): StatementText[] {
  const terms = hedgeFundTermsSchema.parse(f.terms);
  const units = f.fundUnits;
  const scale = 10n ** BigInt(terms.unitScale);
  const start = 1000n * 10n ** BigInt(NAV_PER_UNIT_SCALE);
  let after = mulDiv(units, start, scale * 10n ** 10n);
  const series = days.map((day, i) => {
    after = mulDiv(after, 10_000n + monthlyBps(f.name, i, f.returns), 10_000n);
    return { day, navBeforeFees: after, units };
  });
  const fees = computeFees({ highWaterMark: start }, series, terms);
  return fees.map((p, i) => {
    after = p.navAfterFees;
    const npu = navPerUnitOf(p.navAfterFees, units, terms.unitScale);
    const btc = 3000 + Number(monthlyBps(f.name, 100 + i, [0, 3000]));
    return {
      manager: f.name,
      day: p.day,
      nav: usd(p.navAfterFees),
      units: formatUnits(units, terms.unitScale),
      navPerUnit: formatUnits(npu, NAV_PER_UNIT_SCALE),
      managementFee: usd(p.management),
      performanceFee: usd(p.performance),
      grossExposureBps: 10_000 + Number(monthlyBps(f.name, 200 + i, [0, 6000])),
      positions: [
        { asset: 'BTC', value: usd((p.navAfterFees * BigInt(btc)) / 10_000n) },
        { asset: 'USD', value: usd(p.navAfterFees - (p.navAfterFees * BigInt(btc)) / 10_000n) },
      ],
      exposures: [
        { asset: 'BTC', bps: btc },
        { asset: 'ETH', bps: 1500 },
        { asset: 'USDT', bps: 1000 },
      ],
    };
  });
}

/** Calls at months 0, 4 and 8 of the venture funds' life (20%, 15%, 15% of the commitment). */
const CALLS: readonly [number, bigint][] = [
  [0, 2000n],
  [4, 1500n],
  [8, 1500n],
];

function ventureStatements(
  f: Fund,
  days: readonly string[],
  commitment: bigint,
  distributed: (i: number) => bigint,
): StatementText[] {
  let multiple = 10_000n;
  return days.map((day, i) => {
    multiple = mulDiv(multiple, 10_000n + monthlyBps(f.name, i, f.returns), 10_000n);
    const called = CALLS.filter(([m]) => m <= i).reduce(
      (s, [, bps]) => s + (commitment * bps) / 10_000n,
      0n,
    );
    const nav = mulDiv(called, multiple, 10_000n) - distributed(i);
    return {
      manager: f.name,
      day,
      nav: usd(nav > 0n ? nav : 0n),
      exposures: [{ asset: 'ETH', bps: 4000 }],
    };
  });
}

async function ensureManager(k: Kazna, f: Fund): Promise<string> {
  const r = k.services.reserve;
  const found = (await r.managers()).find((m) => m.name === f.name);
  if (found !== undefined && !['candidate', 'under_review'].includes(found.status)) return found.id;
  const input: NewManagerInput = {
    name: f.name,
    mandate: {
      permittedAssets: ['BTC', 'ETH', 'USDT', 'USDC', 'USD'],
      maxLeverageBps: f.terms.kind === 'hedge_fund' ? 20_000 : 10_000,
      maxDrawdownBps: 3500,
      concentrationLimitBps: 7000,
    },
    terms: f.terms,
    addresses:
      f.inKind === 'BTC'
        ? { BTC: demoAddress('btc', f.name) }
        : f.inKind === 'USDT'
          ? { USDT: demoAddress('tron', f.name) }
          : {},
  };
  const id =
    found?.id ?? must(await r.registerManager(DEMO, newManagerSchema.parse(input)), f.name).id;
  if (found?.status === 'under_review') {
    must(await r.recordHistoricalApproval(DEMO, id, 'investment committee decision'), 'approve');
    return id;
  }
  for (const [i, section] of DD_SECTIONS.entries()) {
    const score = 3 + (Number(monthlyBps(f.name, 300 + i, [0, 199])) % 3 === 0 ? 1 : i % 2);
    const doc = {
      name: `${section} questionnaire.pdf`,
      sha256: sha256Hex(`demo dd ${f.name} ${section}`),
    };
    must(
      await r.scoreDueDiligence(DEMO, id, {
        section,
        score,
        notes: `${section} reviewed`,
        documents: [doc],
      }),
      'dd',
    );
  }
  must(
    await r.changeStatus(DEMO, id, { to: 'under_review', reason: 'questionnaire received' }),
    'review',
  );
  must(
    await r.recordHistoricalApproval(DEMO, id, 'investment committee decision (before Kazna)'),
    'approve',
  );
  return id;
}

/** Fictional but well-formed receiving addresses (never a real firm's). */
function demoAddress(kind: 'btc' | 'tron', name: string): string {
  const tag = sha256Hex(`kazna demo address ${kind} ${name}`);
  return kind === 'btc' ? `bc1qdemo${tag.slice(0, 34)}` : `Tdemo${tag.slice(0, 29)}`;
}

async function ventureFlows(k: Kazna, ids: ReadonlyMap<string, string>, days: readonly string[]) {
  const r = k.services.reserve;
  const people = await demoPeople(k);
  for (const f of FUNDS.filter((x) => x.terms.kind === 'venture_fund')) {
    const managerId = ids.get(f.name) ?? '';
    if ((await r.flows({ managerId, limit: 1 })).length > 0) continue;
    const commitment = f.terms.kind === 'venture_fund' ? f.terms.commitment : '0';
    const start = `${(days[0] ?? '').slice(0, 8)}01`;
    must(
      await r.recordHistoricalCommitment(DEMO, {
        managerId,
        day: start,
        asset: 'USD',
        amount: commitment,
      }),
      'commitment',
    );
    for (const [m, bps] of CALLS) {
      const noticeDay = (days[m] ?? start).slice(0, 8) + '01';
      const total = (BigInt(commitment.replace('.', '')) * bps) / 10_000n;
      const fees = total / 12n;
      const expenses = total / 50n;
      const made = must(
        await r.capitalCall(people.investment, {
          managerId,
          noticeDay,
          dueDate: addDays(noticeDay, 10),
          investments: usd(total - fees - expenses),
          fees: usd(fees),
          expenses: usd(expenses),
        }),
        'capital call',
      );
      if (made.state !== 'applied') await approveAndExecute(k, people, made.requestId);
    }
    if (f.name === FUNDS[5]?.name) {
      const day = addDays(days[10] ?? start, -5);
      must(
        await r.distribute(people.investment, {
          managerId,
          day,
          method: 'cash',
          amount: DISTRIBUTION,
        }),
        'distribution',
      );
    }
  }
}

const DISTRIBUTION = '1500000.00';

async function navHistory(k: Kazna, ids: ReadonlyMap<string, string>, days: readonly string[]) {
  const r = k.services.reserve;
  const statements: StatementText[] = [];
  for (const f of FUNDS) {
    if ((await r.navSeries(ids.get(f.name) ?? '')).length > 0) continue;
    if (f.terms.kind === 'hedge_fund') statements.push(...hedgeStatements(f, days));
    else {
      const commitment = BigInt(f.terms.commitment.replace('.', ''));
      const paid = BigInt(DISTRIBUTION.replace('.', ''));
      const distributed = (i: number) => (f.name === FUNDS[5]?.name && i >= 10 ? paid : 0n);
      statements.push(...ventureStatements(f, days, commitment, distributed));
    }
  }
  if (statements.length === 0) return;
  must(
    await r.importNav(DEMO, { format: 'json', text: JSON.stringify(statements) }),
    'NAV history',
  );
}

async function hedgeSubscriptions(
  k: Kazna,
  ids: ReadonlyMap<string, string>,
  today: string,
  onboarding: string,
) {
  const r = k.services.reserve;
  for (const f of FUNDS.filter((x) => x.cash !== undefined)) {
    const managerId = ids.get(f.name) ?? '';
    if ((await r.flows({ managerId, kind: 'subscription', limit: 1 })).length > 0) continue;
    must(
      await r.recordHistoricalSubscription(
        DEMO,
        { method: 'cash', managerId, day: today, asset: 'USD', amount: f.cash ?? '0' },
        onboarding,
      ),
      `subscription to ${f.name}`,
    );
    if (f.inKind !== undefined) await inKind(k, managerId, f, today, onboarding);
  }
}

/** The forfeited lot of the asset, earmarked for the reserve, contributed whole to the manager. */
async function inKind(k: Kazna, managerId: string, f: Fund, today: string, onboarding: string) {
  const asset = f.inKind ?? 'BTC';
  const lots = await k.services.seizures.lots(DEMO, { status: 'forfeited', asset, limit: 100 });
  const lot = lots.find((l) => l.remainingUnits > 0n);
  if (lot === undefined) throw new Error(`reserve demo: no forfeited ${asset} lot`);
  const earmarked = await k.services.seizures.earmark(DEMO, lot.id);
  if (!earmarked.ok && earmarked.code !== 'lot_already_earmarked') must(earmarked, 'earmark');
  const m = await k.services.reserve.manager(managerId);
  // The manager's address is on file from onboarding: whitelisted, so later contributions to it
  // pass the policy's destination check like any other transfer.
  await k.services.governance.recordHistoricalWhitelist(
    DEMO,
    { asset, address: m?.addresses[asset] ?? '', label: `${f.name} (${asset})` },
    onboarding,
  );
  const flow = must(
    await k.services.reserve.recordHistoricalSubscription(
      DEMO,
      {
        method: 'in_kind',
        managerId,
        day: today,
        lotId: lot.id,
        asset,
        amount: formatAmount(lot.remainingUnits, asset),
        destination: m?.addresses[asset] ?? '',
      },
      onboarding,
    ),
    `in-kind ${asset}`,
  ) as { flowId: string };
  const txid = sha256Hex(`kazna demo in-kind transfer ${lot.id}`);
  must(await k.services.reserve.recordChainTxid(DEMO, flow.flowId, txid), 'txid');
}

async function run(k: Kazna): Promise<void> {
  const r = k.services.reserve;
  const today = r.today();
  if ((await r.policies()).length === 0) {
    must(
      await r.recordHistoricalPolicy(DEMO, {
        baseVersion: 0,
        effectiveFrom: '2024-01-01',
        policy: DEMO_ALLOCATION_POLICY,
      }),
      'policy',
    );
  }
  const days = statementDays(today);
  const ids = new Map<string, string>();
  for (const f of FUNDS) ids.set(f.name, await ensureManager(k, f));
  await ventureFlows(k, ids, days);
  await navHistory(k, ids, days);
  await hedgeSubscriptions(k, ids, today, await onboardingApproval(k, today));
}

/**
 * The committee's approval to record the positions the reserve held before Kazna (found again on a
 * retry): every historical subscription cites it, and it clears their money.
 */
async function onboardingApproval(k: Kazna, today: string): Promise<string> {
  const gov = k.services.governance;
  const done = (await gov.list('executed')).find((v) => v.request.kind === ONBOARDING_KIND);
  if (done !== undefined) return done.request.id;
  const people = await demoPeople(k);
  const made = must(
    await gov.request(people.investment, ONBOARDING_KIND, {
      description: 'the managers’ subscriptions made before Kazna, in cash and in kind',
      recordsUntil: today,
    }),
    'onboarding request',
  );
  await approveAndExecute(k, people, made.request.id);
  return made.request.id;
}

export const RESERVE_MANAGERS_DEMO_STEP: DemoStep = {
  name: 'reserve-managers',
  describe:
    'the reserve: five hedge funds and two venture funds, NAV history, in-kind BTC and USDT',
  run,
};

export const DEMO_FUNDS = FUNDS;
