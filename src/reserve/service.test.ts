import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testKazna, testTargets, type TestKazna } from '../../test/support/targets.ts';
import { bigintReplacer } from '../http/problem.ts';
import { FUNDING_SOURCES } from './model.ts';
import {
  allocate,
  allowReserveRequests,
  approvedManager,
  OFFICER,
  POLICY,
  seedPrices,
} from '../../test/support/reserve.ts';

const PRICES = { BTC: '60000', USDT: '1', XAU: '2650', EUR: '1.08' } as const;

/**
 * The reserve service end to end on the assembled app: the allocation against the policy, cash
 * subscriptions at NAV, the caps, NAV statements refused whole with their codes, and provenance
 * that always adds up.
 */
describe.each(testTargets())('reserve service on $label PostgreSQL', (target) => {
  let k: TestKazna;
  let hf: string;
  let hf2: string;
  beforeAll(async () => {
    k = await testKazna(target);
    await seedPrices(k, PRICES, '2024-12-01', 120);
    await allocate(k);
    await allowReserveRequests(k);
    hf = await approvedManager(k, 'Aurora Digital Macro Fund');
    hf2 = await approvedManager(k, 'Boreal Basis Partners');
  });
  afterAll(() => k.close());

  it('values the $350M allocation by bucket against the policy', async () => {
    const a = await k.services.reserve.allocation('2025-01-01');
    if (!a.ok) throw new Error(a.code);
    expect(a.value.policyVersion).toBe(1);
    expect(a.value.lines.find((l) => l.bucket === 'gold')?.targetBps).toBe(
      POLICY.buckets.gold.targetBps,
    );
    // 79,245.283018 oz at $2,650 + $100M + EUR 37M at 1.08.
    expect(a.value.total).toBe(21_000_000_000n + 10_000_000_000n + 3_996_000_000n);
  });

  it('subscribes cash at the offering NAV, issues units, and activates the manager', async () => {
    const r = await k.services.reserve.subscribe(OFFICER, {
      method: 'cash',
      managerId: hf,
      day: '2025-01-01',
      asset: 'USD',
      amount: '10000000.00',
      navPerUnit: '1000',
    });
    expect(r).toMatchObject({ ok: true, value: { state: 'applied' } });
    const [p] = await k.services.reserve.managerPositions('2025-01-01');
    expect(p?.value).toBe(1_000_000_000n);
    expect((await k.services.reserve.manager(hf))?.status).toBe('active');
  });

  it('blocks a subscription that would break the manager cap, writing nothing', async () => {
    const before = await k.db.query('SELECT count(*)::int AS n FROM reserve_flows');
    // 5% of about $350M is about $17.5M; $10M is already with this manager.
    const r = await k.services.reserve.subscribe(OFFICER, {
      method: 'cash',
      managerId: hf,
      day: '2025-01-02',
      asset: 'USD',
      amount: '9000000.00',
    });
    expect(r).toMatchObject({ ok: false, code: 'exceeds_manager_cap' });
    const after = await k.db.query('SELECT count(*)::int AS n FROM reserve_flows');
    expect(after).toEqual(before);
  });

  it('blocks one that would break the crypto cap; under an `approval` policy it becomes a cap exception request', async () => {
    const strict = { ...POLICY, cryptoCapBps: 400, managerCapBps: 5000 };
    const v2 = await k.services.reserve.requestPolicyChange(OFFICER, {
      baseVersion: 1,
      effectiveFrom: '2025-01-02',
      policy: strict,
    });
    expect(v2).toMatchObject({ ok: true, value: { state: 'applied' } });
    const input = {
      method: 'cash',
      managerId: hf2,
      day: '2025-01-03',
      asset: 'USD',
      amount: '5000000.00',
      navPerUnit: '100',
    } as const;
    expect(await k.services.reserve.subscribe(OFFICER, input)).toMatchObject({
      ok: false,
      code: 'exceeds_crypto_cap',
    });
    const v3 = await k.services.reserve.requestPolicyChange(OFFICER, {
      baseVersion: 2,
      effectiveFrom: '2025-01-03',
      policy: { ...strict, onCapBreach: 'approval' },
    });
    expect(v3.ok).toBe(true);
    const asked = await k.services.reserve.subscribe(OFFICER, input);
    if (!asked.ok) throw new Error(asked.code);
    const req = await k.services.governance.get(asked.value.requestId);
    expect(req?.request.kind).toBe('reserve.subscription.cap_exception');
    const stale = await k.services.reserve.requestPolicyChange(OFFICER, {
      baseVersion: 1,
      effectiveFrom: '2025-01-04',
      policy: POLICY,
    });
    expect(stale).toMatchObject({ ok: false, code: 'policy_version_conflict' });
  });

  it('refuses each bad NAV statement with its code and imports nothing', async () => {
    const r = k.services.reserve;
    const good = {
      manager: hf,
      day: '2025-01-31',
      nav: '20200000.00',
      units: '20000',
      navPerUnit: '1010',
      exposures: [{ asset: 'BTC', bps: 6000 }],
    };
    const cases: [string, object[]][] = [
      ['nav_negative', [{ ...good, nav: '-5.00' }]],
      [
        'nav_dates_out_of_order',
        [good, { ...good, day: '2025-03-31' }, { ...good, day: '2025-02-28' }],
      ],
      ['nav_period_duplicate', [good, { ...good, day: '2025-01-30' }]],
      ['manager_not_found', [good, { ...good, manager: 'Nonexistent Capital' }]],
      ['nav_units_mismatch', [{ ...good, nav: '25000000.00' }]],
    ];
    for (const [code, statements] of cases) {
      const res = await r.importNav(OFFICER, { format: 'json', text: JSON.stringify(statements) });
      expect(res.ok ? 'ok' : res.code, code).toBe(code);
      expect(await r.navSeries(hf)).toHaveLength(0);
    }
    const csv = [
      'manager,day,nav,units,nav_per_unit,management_fee,performance_fee,gross_exposure_bps,positions,exposures',
      `${hf},2025-01-31,20200000.00,20000,1010,33000,0,15000,BTC:12000000;USD:8200000,BTC:6000`,
    ].join('\n');
    const ok = await r.importNav(OFFICER, { format: 'csv', text: csv });
    expect(ok).toMatchObject({ ok: true, value: { imported: 1 } });
    expect(await r.importNav(OFFICER, { format: 'csv', text: csv })).toMatchObject({
      ok: false,
      code: 'nav_period_duplicate',
    });
    const [p] = await r.managerPositions('2025-01-31');
    expect(p).toMatchObject({ navDay: '2025-01-31', value: 1_010_000_000n });
  });

  it('attributes every manager’s value to funding sources that add up to the total, on any day', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 60 }), async (offset) => {
        const day = new Date(Date.parse('2025-01-01') + offset * 86_400_000)
          .toISOString()
          .slice(0, 10);
        for (const id of [hf, hf2]) {
          const a = await k.services.reserve.attribution(id, day);
          if (a === null) continue;
          const sum = a.bySource.reduce((s, x) => s + x.value, 0n);
          expect(sum).toBe(a.value);
          expect(
            a.bySource.every((x) => (FUNDING_SOURCES as readonly string[]).includes(x.source)),
          ).toBe(true);
        }
      }),
      { numRuns: 15 },
    );
  });

  it('rebuilds its flows and NAV statements from the audit log', async () => {
    const report = JSON.stringify(await k.services.audit.verify({ replay: true }), bigintReplacer);
    expect(report).not.toContain('reserve.flows:');
    expect(await k.db.query('SELECT 1 FROM reserve_flows')).not.toHaveLength(0);
  });

  it('proposes a rebalancing and records each breach as an alert', async () => {
    const tilted = {
      ...POLICY,
      buckets: {
        gold: { targetBps: 3500, bandBps: 500 },
        fx: { targetBps: 3500, bandBps: 500 },
        hedge_funds: { targetBps: 2000, bandBps: 100 },
        venture_funds: { targetBps: 1000, bandBps: 100 },
      },
      cryptoCapBps: 4000,
      managerCapBps: 5000,
    };
    const v = await k.services.reserve.requestPolicyChange(OFFICER, {
      baseVersion: 3,
      effectiveFrom: '2025-01-31',
      policy: tilted,
    });
    expect(v.ok).toBe(true);
    const r = await k.services.reserve.checkAllocation(OFFICER, '2025-01-31');
    if (!r.ok) throw new Error(r.code);
    expect(r.value.rebalancing.breaches.length).toBe(r.value.alerts.length);
    expect(r.value.alerts.length).toBeGreaterThan(0);
    const actions = r.value.rebalancing.proposals.map((p) => [p.action, p.managerId]);
    expect(actions).toEqual(
      expect.arrayContaining([
        ['subscribe', hf],
        ['subscribe', hf2],
        ['commit', null],
        ['sell_gold', null],
      ]),
    );
    const stored = await k.services.reserve.alerts();
    expect(stored.map((a) => a.kind)).toContain('bucket_band');
  });
});
