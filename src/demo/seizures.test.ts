import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testKazna, testTargets, type TestKazna } from '../../test/support/targets.ts';
import type { ReplayEntry } from '../audit/replay.ts';
import { GOVERNANCE_DEMO_STEP } from './governance.ts';
import { SEIZURES_DEMO_STEP } from './seizures.ts';
import { lotProjector, rebuildLot } from '../seizures/history.ts';
import type { LotRow } from '../seizures/store.ts';

/** Reference prices in whole USD per whole unit, only to show the seized value passes $5M. */
const USD: Readonly<Record<string, bigint>> = { BTC: 60_000n, ETH: 2_000n, USDT: 1n };
const SCALE: Readonly<Record<string, bigint>> = {
  BTC: 10n ** 8n,
  ETH: 10n ** 18n,
  USDT: 10n ** 6n,
};

describe.each(testTargets())('the seizures demo on $label PostgreSQL', (target) => {
  let k: TestKazna;
  let lots: LotRow[];
  beforeAll(async () => {
    k = await testKazna(target);
    await GOVERNANCE_DEMO_STEP.run(k);
    await SEIZURES_DEMO_STEP.run(k);
    const system = { kind: 'system' as const, id: 'system', roles: [], organisationId: null };
    lots = await k.services.seizures.lots(system, { limit: 1000 });
  });
  afterAll(() => k.close());

  it('shows the Kazakhstan case: BTC, USDT on TRON and on Ethereum, and ETH, worth over $5M', async () => {
    const [op] = await k.services.seizures.operations();
    expect(op).toMatchObject({ exchanges_shut_down: 130, volume_processed_usd: 124_000_000n });
    const originals = lots.filter((l) => l.parentLotId === null);
    const kinds = new Set(originals.map((l) => `${l.asset}/${l.chain}`));
    expect([...kinds].sort()).toEqual(['BTC/BTC', 'ETH/EVM', 'USDT/EVM', 'USDT/TRON']);
    const usd = originals.reduce(
      (sum, l) => sum + (l.amountUnits * (USD[l.asset] ?? 0n)) / (SCALE[l.asset] ?? 1n),
      0n,
    );
    expect(usd > 5_000_000n).toBe(true);
  });

  it('has forfeited and pending lots, one restitution and one emergency sale into escrow', async () => {
    const statuses = lots.map((l) => l.status);
    expect(statuses).toContain('forfeited');
    expect(statuses).toContain('forfeiture_pending');
    expect(statuses).toContain('frozen');
    const sold = lots.filter((l) => l.status === 'emergency_sold');
    expect(sold).toHaveLength(1);
    const escrow = await k.services.ledger.read.account(sold[0]?.escrowAccountId ?? '');
    expect(escrow).toMatchObject({ asset: 'USD', owner: { kind: 'escrow' } });
    expect(escrow?.balances.debitsPosted).toBe(101_234_055n);
    const victims = lots.find((l) => l.status === 'restitution_to_victims');
    const claims = await k.services.seizures.claims(victims?.id ?? '');
    expect(claims).toMatchObject([{ status: 'paid', paidUnits: 120_000_000000n }]);
    const disposals = await k.db.query('SELECT status FROM seizure_disposals');
    expect(disposals).toEqual([{ status: 'pending' }]);
  });

  it('runs once: a second run writes nothing, and the log rebuilds every lot', async () => {
    const size = await k.services.audit.size();
    await SEIZURES_DEMO_STEP.run(k);
    expect(await k.services.audit.size()).toBe(size);
    const page = await k.services.audit.entries({ order: 'asc', limit: 5000 });
    const entries: ReplayEntry[] = page.entries.map((e) => ({ ...e, seq: BigInt(e.seq) }));
    const replay = lotProjector.start();
    for (const e of entries) replay.apply(e);
    expect(await replay.compare(k.db)).toEqual([]);
    for (const l of lots) expect(rebuildLot(l.id, entries).state?.status).toBe(l.status);
  });
});
