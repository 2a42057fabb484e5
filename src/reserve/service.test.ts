import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testKazna, testTargets, type TestKazna } from '../../test/support/targets.ts';
import {
  allocate,
  allowReserveRequests,
  approvedManager,
  OFFICER,
  POLICY,
  seedPrices,
} from './testing.ts';

const PRICES = { BTC: '60000', USDT: '1', XAU: '2650', EUR: '1.08' } as const;

describe.each(testTargets())('reserve service on $label PostgreSQL', (target) => {
  let k: TestKazna;
  let hf: string;
  beforeAll(async () => {
    k = await testKazna(target);
    await seedPrices(k, PRICES, '2024-12-01', 120);
    await allocate(k);
    await allowReserveRequests(k);
    hf = await approvedManager(k, 'Aurora Digital Macro Fund');
  });
  afterAll(() => k.close());

  it('values the $350M allocation by bucket against the policy', async () => {
    const a = await k.services.reserve.allocation('2025-01-01');
    expect(a.ok).toBe(true);
    if (!a.ok) return;
    expect(a.value.policyVersion).toBe(1);
    const gold = a.value.lines.find((l) => l.bucket === 'gold');
    expect(gold?.targetBps).toBe(POLICY.buckets.gold.targetBps);
    expect(a.value.total).toBeGreaterThan(34_000_000_000n);
  });

  it('subscribes cash at the offering NAV and issues units', async () => {
    const r = await k.services.reserve.subscribe(OFFICER, {
      method: 'cash',
      managerId: hf,
      day: '2025-01-01',
      asset: 'USD',
      amount: '10000000.00',
      navPerUnit: '1000',
    });
    expect(r).toMatchObject({ ok: true, value: { state: 'applied' } });
    const positions = await k.services.reserve.managerPositions('2025-01-01');
    expect(positions[0]?.value).toBe(1_000_000_000n);
  });
});
