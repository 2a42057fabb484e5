import { RESERVE_DEMO_STEP } from '../../src/demo/reserve.ts';
import { GOVERNANCE_DEMO_STEP } from '../../src/demo/governance.ts';
import type { Kazna } from '../../src/kazna.ts';
import type { ManualClock } from '../../src/core/clock.ts';
import type { AssetCode } from '../../src/core/assets.ts';
import { ADDRESSES, allowLegalSteps, lot, world, type World, transition } from './seizures.ts';

/**
 * A month of activity for transparency tests, all through the real services: the reserve's gold and
 * FX allocation, prices for every asset, and in October 2026 a seizure of three lots (BTC, ETH,
 * USDT): the BTC lot is forfeited and earmarked for the reserve, the USDT lot is ordered for
 * restitution with a victim's claim approved and partly paid, and the ETH lot is sold in an
 * emergency into a USD escrow.
 */
export interface Activity {
  readonly claimId: string;
  readonly claimantRef: string;
  readonly lotIds: { readonly btc: string; readonly eth: string; readonly usdt: string };
  /** The police seized the lots (and hold them); the court rules on them. */
  readonly organisations: { readonly police: string; readonly court: string };
}

const PRICES: readonly [AssetCode, string][] = [
  ['XAU', '2650'],
  ['EUR', '1.08'],
  ['BTC', '60000'],
  ['ETH', '3000'],
  ['USDT', '1'],
];

async function importPrices(k: Kazna): Promise<void> {
  const days = Array.from({ length: 31 }, (_, i) => `2026-10-${String(i + 1).padStart(2, '0')}`);
  for (const [asset, close] of PRICES) {
    const text = `date,close\n${days.map((d) => `${d},${close}`).join('\n')}\n`;
    const r = await k.services.market.importCsv({ id: 'test' }, { text, asset, format: 'simple' });
    if (!r.ok) throw new Error(`prices for ${asset}: ${r.code}`);
  }
}

function must<T>(r: { ok: true; value: T } | { ok: false; code: string }): T {
  if (!r.ok) throw new Error(r.code);
  return r.value;
}

async function seize(k: Kazna, w: World): Promise<{ btc: string; eth: string; usdt: string }> {
  const s = k.services.seizures;
  const c = must(
    await s.openCase(w.officer.actor, {
      operationId: null,
      agency: 'Police',
      caseNumber: 'KZ-2026-TR1',
      court: 'Specialised Inter-District Court',
      courtOrganisationId: w.orgs.court,
      partyRefs: ['party:0f0f0f0f'],
    }),
  );
  const intake = must(
    await s.intake(w.officer.actor, {
      caseId: c.id,
      seizedOn: '2026-10-05',
      exchangeId: null,
      note: '',
      lots: [
        lot(),
        lot({
          asset: 'ETH',
          chain: 'ETH',
          amount: '10',
          addresses: [ADDRESSES.eth],
          txids: ['0x' + 'ab'.repeat(32)],
        }),
        lot({
          asset: 'USDT',
          chain: 'TRON',
          amount: '1000',
          addresses: [ADDRESSES.tron],
          txids: ['ab'.repeat(32)],
        }),
      ],
    }),
  );
  const [btc = '', eth = '', usdt = ''] = intake.lots.map((l) => l.id);
  return { btc, eth, usdt };
}

export async function octoberActivity(k: Kazna & { clock: ManualClock }): Promise<Activity> {
  k.clock.set(new Date('2026-10-02T09:00:00Z'));
  await importPrices(k);
  // The allocation is approved by the demo's committee and risk officer, so they must exist.
  await GOVERNANCE_DEMO_STEP.run(k);
  await RESERVE_DEMO_STEP.run(k);
  const w = await world(k, 'tr');
  await allowLegalSteps(k);
  const s = k.services.seizures;
  const registrar = w.registrar.actor;
  k.clock.set(new Date('2026-10-06T09:00:00Z'));
  const { btc, eth, usdt } = await seize(k, w);
  k.clock.set(new Date('2026-10-12T09:00:00Z'));
  must(await s.requestTransition(registrar, transition(btc, 'forfeiture_pending')));
  must(
    await s.requestTransition(
      registrar,
      transition(btc, 'forfeited', { courtOrderRef: 'No. 2-1/2026' }),
    ),
  );
  must(await s.earmark(w.custody.actor, btc));
  must(
    await s.requestTransition(
      registrar,
      transition(usdt, 'restitution_to_victims', { courtOrderRef: 'No. 2-2/2026' }),
    ),
  );
  const claimantRef = 'victim:tr-00042';
  const claim = must(await s.registerClaim(registrar, { lotId: usdt, claimantRef, amount: '600' }));
  must(await s.approveClaim(registrar, claim.claimId, '600'));
  must(await s.payClaim(registrar, claim.claimId, '100'));
  const proceeds = { asset: 'USD', amount: '29500.00' };
  const ground = 'a loss of value of 10% or more is likely';
  must(
    await s.requestTransition(registrar, transition(eth, 'emergency_sold', { proceeds, ground })),
  );
  k.clock.set(new Date('2026-11-02T09:00:00Z'));
  return {
    claimId: claim.claimId,
    claimantRef,
    lotIds: { btc, eth, usdt },
    organisations: { police: w.orgs.police, court: w.orgs.court },
  };
}
