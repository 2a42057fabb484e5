import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testKazna, testTargets, type TestKazna } from '../../test/support/targets.ts';
import { loadDemo } from './demo.ts';
import { RESERVE_MANAGERS_DEMO_STEP, reserveInception } from './managers.ts';
import { addDays, monthEnd } from '../reserve/metrics/calendar.ts';

/** The reserve part of the demo: what issue 8 asks the demo to show, and a retry that adds nothing. */
describe.each(testTargets())('the reserve demo on $label PostgreSQL', (target) => {
  let k: TestKazna;
  beforeAll(async () => {
    k = await testKazna(target);
    await loadDemo(k, () => undefined);
  });
  afterAll(() => k.close());

  it('has five hedge funds and two venture funds, each with twelve months or more of NAVs', async () => {
    const r = k.services.reserve;
    const managers = await r.managers();
    expect(managers.filter((m) => m.kind === 'hedge_fund')).toHaveLength(5);
    expect(managers.filter((m) => m.kind === 'venture_fund')).toHaveLength(2);
    for (const m of managers) {
      expect(m.status).toBe('active');
      expect((await r.navSeries(m.id)).length).toBeGreaterThanOrEqual(12);
    }
  });

  it('contributed forfeited BTC and USDT in kind, with their chain transactions', async () => {
    const c = await k.services.reserve.seizureContributions();
    expect(c.map((x) => x.asset).sort()).toEqual(['BTC', 'USDT']);
    const flows = await k.services.reserve.flows({ kind: 'subscription' });
    expect(flows.filter((f) => f.method === 'in_kind').every((f) => f.chainTxid !== null)).toBe(
      true,
    );
    const lots = await k.services.seizures.lots(
      { kind: 'system', id: 't', roles: [], organisationId: null },
      { limit: 100 },
    );
    for (const x of c) expect(lots.find((l) => l.id === x.lotId)?.remainingUnits).toBe(0n);
  });

  it('has capital calls with their notices and one distribution, and a valued allocation', async () => {
    const calls = await k.services.reserve.flows({ kind: 'capital_call' });
    expect(calls.length).toBeGreaterThanOrEqual(4);
    const notice = calls[0]?.details as {
      callNumber: number;
      purpose: { investments: string; fees: string; expenses: string };
    };
    expect(notice.callNumber).toBe(1);
    const { investments, fees, expenses } = notice.purpose;
    expect(BigInt(investments) + BigInt(fees) + BigInt(expenses)).toBe(calls[0]?.value);
    expect(await k.services.reserve.flows({ kind: 'distribution' })).toHaveLength(1);
    const a = await k.services.reserve.allocation(k.services.reserve.today());
    if (!a.ok) throw new Error(a.code);
    expect(a.value.lines.every((l) => l.value > 0n)).toBe(true);
    expect(a.value.policyVersion).toBe(1);
  });

  it('holds gold and FX from its inception, a day before which it held nothing', async () => {
    const r = k.services.reserve;
    const start = reserveInception(r.today());
    const found = await r.valueSeries(addDays(start, -1), r.today());
    if (!found.ok) throw new Error(found.code);
    const series = found.value;
    expect(series[0]?.day).toBe(monthEnd(start));
    for (const p of series) {
      expect(p.byBucket.gold).toBeGreaterThan(0n);
      expect(p.byBucket.fx).toBeGreaterThan(0n);
    }
    expect(series.length).toBeGreaterThanOrEqual(13);
    expect(await r.valueSeries(addDays(start, -1), addDays(start, -1))).toEqual({
      ok: true,
      value: [],
    });
  });

  it('reports performance: TWR and IRR by source for hedge funds, TVPI and DPI for venture funds', async () => {
    const p = await k.services.reserve.performance(k.services.reserve.today());
    for (const m of p.managers) {
      if (m.kind === 'hedge_fund') expect(m.hedge?.total.paidIn).toBeGreaterThan(0n);
      else expect(m.venture?.dpi ?? m.venture?.tvpi).not.toBeNull();
    }
    const seized = p.bySource.find((s) => s.source === 'forfeited_crypto');
    expect(seized?.value).toBeGreaterThan(0n);
  });

  it('finds what it wrote when the step is run again', async () => {
    const before = await k.services.audit.size();
    await RESERVE_MANAGERS_DEMO_STEP.run(k);
    expect(await k.services.audit.size()).toBe(before);
  });
});
