import type { AssetCode } from '../core/assets.ts';
import { sha256Hex } from '../core/hash.ts';
import { asId } from '../core/ids.ts';
import { parseAmount } from '../core/money.ts';
import type { Kazna } from '../kazna.ts';
import { reserveInception } from './managers.ts';
import type { DemoStep } from './step.ts';
import { approveAndExecute, demoPeople } from './people.ts';
import { LEDGER_TRANSFER_KIND } from '../ledger/model.ts';

/**
 * The reserve's starting position in the reference case: the National Bank's investment arm
 * allocates about $350M of gold and foreign currency to the new reserve structure. Each bucket is a
 * ledger asset account funded from an equity account that records where the capital came from.
 * Ids are derived from names, so a retried step finds what it already wrote instead of duplicating it.
 * The allocation is booked with a value date at the reserve's inception, thirteen months back, so
 * the reserve's history (value series, allocation drift) holds gold and FX from its first day, as
 * a reserve that predates Kazna would. Recording time stays the moment the demo loaded.
 */
const ALLOCATION: readonly { bucket: string; asset: AssetCode; amount: string; note: string }[] = [
  {
    bucket: 'gold',
    asset: 'XAU',
    amount: '79245.283018',
    note: 'about $210M at $2,650 per troy ounce',
  },
  { bucket: 'fx', asset: 'USD', amount: '100000000.00', note: 'US dollar deposits and bills' },
  { bucket: 'fx', asset: 'EUR', amount: '37000000.00', note: 'about $40M at 1.08 USD per EUR' },
];

export function demoId<B extends string>(name: string): ReturnType<typeof asId<B>> {
  const h = sha256Hex(`kazna-demo:${name}`);
  return asId<B>(
    `${h.slice(0, 8)}-${h.slice(8, 12)}-7${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`,
  );
}

async function run(kazna: Kazna): Promise<void> {
  const ledger = kazna.services.ledger;
  const actor = { id: 'demo' };
  const valueAt = new Date(`${reserveInception(kazna.services.reserve.today())}T00:00:00Z`);
  for (const line of ALLOCATION) {
    const source = await ledger.openAccount(actor, {
      id: demoId<'LedgerAccount'>(`nb-allocation:${line.asset}`),
      asset: line.asset,
      owner: { kind: 'agency', ref: 'nic' },
      type: 'equity',
      flags: { debitsMustNotExceedCredits: true },
      metadata: {
        name: `National Bank allocation (${line.asset})`,
        fundingSource: 'gold_fx_allocation',
      },
    });
    const bucket = await ledger.openAccount(actor, {
      id: demoId<'LedgerAccount'>(`reserve:${line.bucket}:${line.asset}`),
      asset: line.asset,
      owner: { kind: 'reserve', ref: line.bucket },
      type: 'asset',
      flags: { creditsMustNotExceedDebits: true },
      metadata: { name: `Reserve ${line.bucket} (${line.asset})`, bucket: line.bucket },
    });
    if (!source.ok || !bucket.ok)
      throw new Error(`demo: could not open reserve accounts for ${line.asset}`);
    const amount = parseAmount(line.amount, line.asset);
    if (!amount.ok) throw new Error(`demo: bad amount ${line.amount}`);
    const id = demoId<'LedgerTransfer'>(`allocation:${line.asset}`);
    if ((await ledger.read.transfer(id)) !== undefined) continue;
    // Funding the reserve is a movement like any other: requested, approved, then executed.
    const transfer = {
      id,
      kind: 'single' as const,
      asset: line.asset,
      debitAccountId: bucket.value.id,
      creditAccountId: source.value.id,
      amount: line.amount,
      valueAt: valueAt.toISOString(),
      code: 'reserve.allocation',
      reason: `Initial allocation to the reserve: ${line.note}`,
    };
    const people = await demoPeople(kazna);
    const made = await kazna.services.governance.request(people.investment, LEDGER_TRANSFER_KIND, {
      transfers: [transfer],
    });
    if (!made.ok) throw new Error(`demo: allocation of ${line.asset} refused: ${made.code}`);
    await approveAndExecute(kazna, people, made.value.request.id);
  }
}

export const RESERVE_DEMO_STEP: DemoStep = {
  name: 'reserve-allocation',
  describe: 'the reserve: $350M of gold and foreign currency allocated by the National Bank',
  run,
};
