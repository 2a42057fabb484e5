import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { DailySeries } from '../market/series.ts';
import { addDays, type ScenarioInput } from './model.ts';
import type { History } from './paths.ts';
import { stream } from './rng.ts';
import { runSimulation } from './run.ts';
import { comparisonTable, csvOf } from './stats.ts';
import { replayDisposal } from './replay.ts';

/**
 * Runs on a synthetic history (a seeded random walk), so these tests need no shared data: they are
 * about reproducibility and refusals, not about the market.
 */
function synthetic(asset: string, start: string, n: number, seed: number): DailySeries {
  const rng = stream(seed, 0, 0);
  const close = new Float64Array(n);
  let p = 1000;
  for (let i = 0; i < n; i++) {
    p *= Math.exp(0.04 * rng.normal());
    close[i] = p;
  }
  return { asset, dates: Array.from({ length: n }, (_, i) => addDays(start, i)), close };
}

const history: History = {
  btc: synthetic('BTC', '2018-01-01', 2000, 1),
  eth: synthetic('ETH', '2018-01-01', 2000, 2),
};

const reference = JSON.parse(
  readFileSync(new URL('./scenarios/reference.json', import.meta.url), 'utf8'),
) as ScenarioInput & Record<string, unknown>;

const scenario: ScenarioInput = {
  ...reference,
  prices: {
    kind: 'bootstrap',
    from: '2018-01-01',
    to: '2023-06-01',
    blockDays: 20,
    start: '2025-10-01',
    horizonDays: 3650,
  },
};

describe('reproducibility', () => {
  it('a seeded run is identical bit for bit across runs and across worker counts', async () => {
    const one = await runSimulation(scenario, history, { paths: 24, seed: 99, workers: 1 });
    const again = await runSimulation(scenario, history, { paths: 24, seed: 99, workers: 1 });
    const two = await runSimulation(scenario, history, { paths: 24, seed: 99, workers: 2 });
    const threaded = await runSimulation(scenario, history, {
      paths: 24,
      seed: 99,
      workers: 1,
      threaded: true,
    });
    expect(one.ok && again.ok && two.ok).toBe(true);
    if (!one.ok || !again.ok || !two.ok) return;
    const bits = (x: unknown): string =>
      JSON.stringify(x, (_k, v: unknown) =>
        typeof v === 'number' ? Buffer.from(new Float64Array([v]).buffer).toString('hex') : v,
      );
    expect(bits(again.value)).toBe(bits(one.value));
    expect(bits(two.value)).toBe(bits(one.value));
    expect(threaded.ok && bits(threaded.value)).toBe(bits(one.value));
    expect(one.value.report.strategies).toHaveLength(8);
    expect(one.value.inputHash).toMatch(/^[0-9a-f]{64}$/);
    const other = await runSimulation(scenario, history, { paths: 24, seed: 100, workers: 1 });
    expect(other.ok && other.value.report.strategies[0]?.terminalValue.p50).not.toBe(
      one.value.report.strategies[0]?.terminalValue.p50,
    );
  }, 120_000);

  it('a strategy’s numbers do not depend on which other strategies run beside it', async () => {
    const all = await runSimulation(scenario, history, { paths: 8, seed: 5, workers: 1 });
    const strategies = reference.strategies as { id: string }[];
    const alone = await runSimulation(
      { ...scenario, strategies: strategies.filter((s) => s.id === 'hedge') },
      history,
      { paths: 8, seed: 5, workers: 1 },
    );
    expect(all.ok && alone.ok).toBe(true);
    if (!all.ok || !alone.ok) return;
    expect(alone.value.report.strategies[0]).toEqual(
      all.value.report.strategies.find((s) => s.id === 'hedge'),
    );
  }, 60_000);

  it('reports bands in order, fan charts on the report grid and a comparison table', async () => {
    const r = await runSimulation(scenario, history, { paths: 40, seed: 3, workers: 1 });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const report = r.value.report;
    expect(report.grid.days[0]).toBe(0);
    expect(report.grid.days[report.grid.days.length - 1]).toBe(3650);
    expect(report.grid.dates[0]).toBe('2025-10-01');
    for (const s of report.strategies) {
      expect(s.terminalValue.p5).toBeLessThanOrEqual(s.terminalValue.p50);
      expect(s.terminalValue.p50).toBeLessThanOrEqual(s.terminalValue.p95);
      expect(s.fan.p50).toHaveLength(report.grid.days.length);
      expect(s.horizonCvar95).toBeGreaterThanOrEqual(s.horizonVar95);
      for (const x of s.liquidShare30d.mean) expect(x).toBeGreaterThanOrEqual(0);
    }
    const hold = report.strategies.find((s) => s.id === 'hold');
    expect(hold?.liquidShare30d.mean.every((x) => x === 0)).toBe(true);
    expect(comparisonTable(report)).toHaveLength(8);
    const csv = csvOf(report).trimEnd().split('\n');
    expect(csv[0]?.split(',')[0]).toBe('strategy');
    expect(csv).toHaveLength(9);
    expect(csv[1]?.split(',')).toHaveLength(csv[0]?.split(',').length ?? 0);
  }, 60_000);
});

describe('bad input gets a clear code and no result', () => {
  const strategies = reference.strategies as Record<string, unknown>[];
  const cases: [string, unknown, string][] = [
    [
      'a window outside the data',
      { ...scenario, prices: { ...(scenario.prices as object), from: '2010-01-01' } },
      'window_outside_data',
    ],
    [
      'a probability above 1',
      { ...scenario, strategies: [{ ...strategies[3], custodyIncidentProbabilityPerYear: 1.5 }] },
      'parameter_out_of_range',
    ],
    [
      'a share cap of 0',
      { ...scenario, strategies: [{ ...strategies[1], maxShareOfVolume: 0 }] },
      'parameter_out_of_range',
    ],
    [
      'a negative fee',
      { ...scenario, strategies: [{ ...strategies[0], feeRate: -0.01 }] },
      'parameter_out_of_range',
    ],
    [
      'a non-finite value',
      { ...scenario, market: { ...(scenario.market as object), cashYield: Number.NaN } },
      'value_not_finite',
    ],
    [
      'an infinite volume',
      { ...scenario, market: { ...(scenario.market as object), dailyVolume: { BTC: Infinity } } },
      'value_not_finite',
    ],
    [
      'manager weights that do not sum to 1',
      {
        ...scenario,
        strategies: [
          {
            ...strategies[4],
            managers: [{ ...(strategies[4]?.['managers'] as object[])[0], weight: 0.5 }],
          },
        ],
      },
      'weights_do_not_sum_to_one',
    ],
    [
      'an inflow of a negative quantity',
      { ...scenario, inflows: [{ date: '2025-10-01', asset: 'BTC', quantity: '-5' }] },
      'inflow_quantity_invalid',
    ],
    [
      'an inflow after the horizon',
      { ...scenario, inflows: [{ date: '2040-10-01', asset: 'BTC', quantity: '5' }] },
      'inflow_outside_horizon',
    ],
    [
      'an unknown strategy kind',
      { ...scenario, strategies: [{ id: 'x', kind: 'lottery' }] },
      'scenario_invalid',
    ],
  ];

  it.each(cases)('%s', async (_name, input, code) => {
    const r = await runSimulation(input, history, { paths: 2, seed: 1, workers: 1 });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.code).toBe(code);
  });

  it('refuses bad run options', async () => {
    for (const options of [
      { paths: 0, seed: 1, workers: 1 },
      { paths: 10, seed: -1, workers: 1 },
      { paths: 10, seed: 1, workers: 0 },
      { paths: 1.5, seed: 1, workers: 1 },
    ]) {
      const r = await runSimulation(scenario, history, options);
      expect(r.ok ? 'ok' : r.code).toBe('run_options_invalid');
    }
  });

  it('refuses a replay schedule that sells more than it holds', async () => {
    const r = await replayDisposal(
      {
        asset: 'BTC',
        holding: '100',
        sales: [
          { date: '2018-02-01', quantity: '60' },
          { date: '2018-03-01', quantity: '40.00000001' },
        ],
        valuationDate: '2019-01-01',
        cashYield: 0.02,
      },
      history,
    );
    expect(r.ok ? 'ok' : r.code).toBe('schedule_exceeds_holding');
  });

  it('refuses a replay outside the data', async () => {
    const r = await replayDisposal(
      {
        asset: 'BTC',
        holding: '1',
        sales: [{ date: '2014-01-01', quantity: '1' }],
        valuationDate: '2019-01-01',
        cashYield: 0,
      },
      history,
    );
    expect(r.ok ? 'ok' : r.code).toBe('window_outside_data');
  });
});
