import { GOVERNANCE_DEMO_STEP } from '../../src/demo/governance.ts';
import { RESERVE_DEMO_STEP } from '../../src/demo/reserve.ts';
import { DEFAULT_POLICY } from '../../src/governance/defaults.ts';
import { installPolicy } from './governance.ts';
import { SYSTEM, type Actor } from '../../src/core/identity.ts';
import type { Kazna } from '../../src/kazna.ts';
import { newManagerSchema, type NewManagerInput } from '../../src/reserve/managers.ts';
import { DD_SECTIONS, type AllocationPolicy } from '../../src/reserve/model.ts';
import type { FundTermsInput } from '../../src/reserve/terms.ts';

/**
 * Test fixtures for the reserve: the $350M allocation (the demo's own step), prices, a policy, and
 * managers taken through due diligence and approval. Not used by the product.
 */
export const OFFICER: Actor = {
  kind: 'user',
  id: 'reserve-test-officer',
  roles: ['investment_officer', 'investment_committee'],
  organisationId: null,
};

export const POLICY: AllocationPolicy = {
  buckets: {
    gold: { targetBps: 5500, bandBps: 1000 },
    fx: { targetBps: 3500, bandBps: 1000 },
    hedge_funds: { targetBps: 700, bandBps: 500 },
    venture_funds: { targetBps: 300, bandBps: 300 },
  },
  cryptoCapBps: 1500,
  managerCapBps: 500,
  liquidityMinBps: 7000,
  onCapBreach: 'block',
};

export const HEDGE_TERMS: FundTermsInput = {
  kind: 'hedge_fund',
  managementFee: { rateBpsPerYear: 200 },
  performanceFee: { rateBps: 2000, crystallisation: 'annual' },
  lockUp: { kind: 'none' },
  noticeDays: 30,
  redemptionFrequency: 'monthly',
  gate: null,
  sidePocketsAllowed: false,
};

/** Lets every reserve request through the governance policy at once (tests of the reserve's own rules). */
export async function allowReserveRequests(k: Kazna): Promise<void> {
  await installPolicy(k, {
    ...DEFAULT_POLICY,
    rules: [
      { id: 'reserve-tests', match: { actions: ['reserve.*'] }, outcome: { kind: 'allow' } },
      ...DEFAULT_POLICY.rules,
    ],
  });
}

/** One price per day for each asset (`simple` CSV), from `from` for `days` days. */
export async function seedPrices(
  k: Kazna,
  prices: Readonly<Record<'BTC' | 'USDT' | 'XAU' | 'EUR', string>>,
  from: string,
  days: number,
): Promise<void> {
  for (const [asset, close] of Object.entries(prices)) {
    const lines = ['date,close'];
    for (let i = 0; i < days; i++) {
      lines.push(
        `${new Date(Date.parse(from) + i * 86_400_000).toISOString().slice(0, 10)},${close}`,
      );
    }
    const r = await k.services.market.importCsv(SYSTEM, {
      text: lines.join('\n'),
      asset: asset as 'BTC',
      format: 'simple',
    });
    if (!r.ok) throw new Error(`prices for ${asset}: ${r.code} ${r.message}`);
  }
}

export async function allocate(k: Kazna, policy: AllocationPolicy = POLICY): Promise<void> {
  // The allocation is approved by the demo's committee and risk officer, so they must exist.
  await GOVERNANCE_DEMO_STEP.run(k);
  await RESERVE_DEMO_STEP.run(k);
  const r = await k.services.reserve.recordHistoricalPolicy(OFFICER, {
    baseVersion: 0,
    effectiveFrom: '2024-01-01',
    policy,
  });
  if (!r.ok) throw new Error(r.message);
}

/** A manager registered, scored 4/5 in every section and approved (as history). */
export async function approvedManager(
  k: Kazna,
  name: string,
  terms: FundTermsInput = HEDGE_TERMS,
  addresses: NewManagerInput['addresses'] = {},
): Promise<string> {
  const r = k.services.reserve;
  const m = await r.registerManager(
    OFFICER,
    newManagerSchema.parse({
      name,
      mandate: {
        permittedAssets: ['BTC', 'ETH', 'USDT', 'USD'],
        maxLeverageBps: 20_000,
        maxDrawdownBps: 3000,
        concentrationLimitBps: 8000,
      },
      terms,
      addresses,
    }),
  );
  if (!m.ok) throw new Error(m.message);
  for (const section of DD_SECTIONS) {
    const s = await r.scoreDueDiligence(OFFICER, m.value.id, { section, score: 4 });
    if (!s.ok) throw new Error(s.message);
  }
  const moved = await r.changeStatus(OFFICER, m.value.id, { to: 'under_review', reason: 'DD' });
  if (!moved.ok) throw new Error(moved.message);
  const approved = await r.recordHistoricalApproval(OFFICER, m.value.id, 'committee decision');
  if (!approved.ok) throw new Error(approved.message);
  return m.value.id;
}
