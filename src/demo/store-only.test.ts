import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authHeaders, testKazna, testTargets, type TestKazna } from '../../test/support/targets.ts';
import type { RiskReport } from '../risk/report.ts';
import { DEMO_SOURCE } from './prices.ts';
import { loadDemo } from './demo.ts';

/**
 * A machine without the shared data folder (a user's): the demo's Simulator page runs the
 * reference scenario as the page builds it and gets results, and the Risk page's stress
 * scenarios are measured on the market store's (generated) prices. The shared folder is hidden
 * by pointing KAZNA_SHARED_DATA at an empty folder for the whole run.
 */
const hidden = mkdtempSync(join(tmpdir(), 'kazna-no-shared-'));
const before = process.env['KAZNA_SHARED_DATA'];
process.env['KAZNA_SHARED_DATA'] = hidden;

interface Job {
  readonly status: 'running' | 'done' | 'failed';
  readonly problem: { code: string; message: string } | null;
  readonly result: {
    readonly priceSources: Record<string, string[]>;
    readonly report: {
      readonly strategies: { id: string; terminalValue: { p50: number } }[];
      readonly table: { rows: unknown[][] };
    };
  } | null;
}

describe.each(testTargets())('the demo without the shared data folder on $label', (target) => {
  let k: TestKazna;
  beforeAll(async () => {
    k = await testKazna(target);
    await loadDemo(k, () => undefined);
  });
  afterAll(async () => {
    await k.close();
    if (before === undefined) delete process.env['KAZNA_SHARED_DATA'];
    else process.env['KAZNA_SHARED_DATA'] = before;
    rmSync(hidden, { recursive: true, force: true });
  });

  it('runs the reference scenario the way the Simulator page sends it, and shows results', async () => {
    const headers = await authHeaders(k, 'investment_officer');
    const got = await k.app.inject({
      method: 'GET',
      url: '/api/v1/simulator/reference-scenario',
      headers,
    });
    const reference = got.json<{ strategies: { id: string }[]; prices: { start: string } }>();
    // What Simulator.tsx builds for its default choices: five strategies, 1,000 BTC, five years.
    const picked = ['auction', 'otc', 'hold', 'hedge', 'etf'];
    const scenario = {
      ...reference,
      inflows: [{ date: reference.prices.start, asset: 'BTC', quantity: '1000' }],
      name: `Web run: ${picked.join(', ')}`,
      prices: { ...reference.prices, horizonDays: 5 * 365 },
      strategies: reference.strategies.filter((s) => picked.includes(s.id)),
    };
    const started = await k.app.inject({
      method: 'POST',
      url: '/api/v1/simulator/jobs',
      headers,
      payload: { scenario, paths: 200, seed: 42, workers: 2 },
    });
    expect(started.statusCode, started.body).toBe(202);
    const { id } = started.json<{ id: string }>();
    let job: Job = { status: 'running', problem: null, result: null };
    for (let i = 0; i < 1200 && job.status === 'running'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      const poll = await k.app.inject({
        method: 'GET',
        url: `/api/v1/simulator/jobs/${id}`,
        headers,
      });
      job = poll.json<Job>();
    }
    expect(job.problem).toBeNull();
    expect(job.status).toBe('done');
    const report = job.result?.report;
    expect(report?.strategies.map((s) => s.id)).toEqual(picked);
    expect(report?.table.rows).toHaveLength(5);
    // 1,000 BTC at the window's last generated close, of the order of the real one.
    const hold = report?.strategies.find((s) => s.id === 'hold')?.terminalValue.p50 ?? 0;
    expect(hold).toBeGreaterThan(1e6);
    expect(job.result?.priceSources).toEqual({ BTC: [DEMO_SOURCE], ETH: [DEMO_SOURCE] });
  });

  it('measures the stress scenarios on the market store, marked as generated', async () => {
    const headers = await authHeaders(k, 'risk_officer');
    const list = await k.app.inject({ method: 'GET', url: '/api/v1/risk/reports', headers });
    const latest = list.json<{ reports: { id: string }[] }>().reports[0];
    const got = await k.app.inject({
      method: 'GET',
      url: `/api/v1/risk/reports/${latest?.id ?? ''}`,
      headers,
    });
    const report = got.json<{ report: RiskReport }>().report;
    const covid = report.stress.find((s) => s.id === 'covid_2020');
    const btc = covid?.shocks?.find((x) => x.factor === 'BTC');
    expect(btc).toMatchObject({ from: 'series', sources: [DEMO_SOURCE] });
    // The generated history moves by the documented shock over the window.
    expect(btc?.shock).toBeCloseTo(-0.388, 3);
    for (const s of report.stress.filter((x) => x.kind === 'historical')) {
      const measured = (s.shocks ?? []).filter((x) => x.from === 'series');
      expect(
        measured.map((x) => x.factor),
        s.id,
      ).toContain('BTC');
    }
  });
});
