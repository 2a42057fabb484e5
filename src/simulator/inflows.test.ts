import { readFileSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runKazna } from '../../test/support/process.ts';
import { testKazna, testTargets, testUser, type TestKazna } from '../../test/support/targets.ts';
import type { TransitionContent } from '../seizures/legal.ts';
import { lot, world, type World, orderedTransition } from '../../test/support/seizures.ts';
import { importDemoPrices } from '../demo/prices.ts';
import { addDays } from '../market/model.ts';

/**
 * Inflows from the seizures domain's forfeited lots, and runs in the background with progress,
 * through the assembled app: only forfeited lots count, what remains of each arrives on the first
 * day, the run is the same bits as one with those inflows typed in, and a job reports its paths.
 * The prices are the demo's generated ones, in the market store.
 */
const reference = JSON.parse(
  readFileSync(new URL('./scenarios/reference.json', import.meta.url), 'utf8'),
) as { strategies: { id: string }[] } & Record<string, unknown>;
const base = {
  ...reference,
  prices: { ...(reference['prices'] as { start: string }), horizonDays: 365 },
  strategies: reference.strategies.filter((s) => ['auction', 'hold'].includes(s.id)),
};
const fromLots = { ...base, inflows: undefined, inflow: 'forfeited_lots' };

interface RunReply {
  readonly parameters: { inflows: unknown[] };
  readonly inflowSource: { used: Record<string, unknown>; skipped: Record<string, number> } | null;
  readonly inputHash: string;
  readonly report: unknown;
}

describe.each(testTargets())('simulator inflows from lots on $label', (target) => {
  let k: TestKazna;
  let w: World;
  let risk: Record<string, string>;
  let other: Record<string, string>;

  const run = (scenario: unknown) =>
    k.app.inject({
      method: 'POST',
      url: '/api/v1/simulator/runs',
      headers: risk,
      payload: { scenario, paths: 16, seed: 9, workers: 1 },
    });

  async function intake(amount: string, walk: readonly TransitionContent['to'][]): Promise<void> {
    const c = await k.services.seizures.openCase(w.officer.actor, {
      operationId: null,
      agency: 'Police',
      caseNumber: `KZ-SIM-${amount}`,
      court: 'Court',
      courtOrganisationId: w.orgs.court,
      partyRefs: [],
    });
    if (!c.ok) throw new Error(c.message);
    const r = await k.services.seizures.intake(w.officer.actor, {
      caseId: c.value.id,
      seizedOn: '2025-03-01',
      exchangeId: null,
      note: '',
      lots: [lot({ amount })],
    });
    if (!r.ok) throw new Error(r.message);
    const id = r.value.lots[0]?.id ?? '';
    for (const to of walk) {
      const t = await k.services.seizures.recordHistorical(
        w.registrar.actor,
        orderedTransition(id, to),
      );
      if (!t.ok) throw new Error(`${to}: ${t.code}`);
    }
  }

  beforeAll(async () => {
    k = await testKazna(target);
    const yesterday = addDays(k.clock.now().toISOString().slice(0, 10), -1);
    await importDemoPrices(k.services.market, { id: 'test' }, yesterday);
    w = await world(k, 'sim');
    risk = { ...(await testUser(k, 'risk_officer')).headers };
    other = { ...(await testUser(k, 'investment_officer')).headers };
  });
  afterAll(() => k.close());

  it('refuses forfeited-lot inflows while no lot is forfeited', async () => {
    await intake('7', ['frozen']);
    const r = await run(fromLots);
    expect(r.statusCode).toBe(422);
    expect(r.json<{ code: string }>().code).toBe('no_forfeited_lots');
  });

  it('takes the forfeited lots as the starting position, the same bits as typed-in inflows', async () => {
    await intake('2', ['frozen', 'forfeiture_pending', 'forfeited']);
    await intake('1.5', ['frozen', 'forfeiture_pending', 'forfeited']);
    const r = await run(fromLots);
    expect(r.statusCode, r.body).toBe(200);
    const got = r.json<RunReply>();
    expect(got.inflowSource?.used).toEqual({ BTC: { lots: 2, quantity: '3.5' } });
    const start = base.prices.start;
    expect(
      [...got.parameters.inflows].sort((a, b) =>
        JSON.stringify(a).localeCompare(JSON.stringify(b)),
      ),
    ).toEqual([
      { date: start, asset: 'BTC', quantity: '1.5' },
      { date: start, asset: 'BTC', quantity: '2' },
    ]);
    const typed = await run({ ...base, inflows: got.parameters.inflows });
    const same = typed.json<RunReply>();
    expect(same.inflowSource).toBeNull();
    expect(same.inputHash).toBe(got.inputHash);
    expect(same.report).toEqual(got.report);
  });

  it('takes the same lots from the command line, read from the configured database', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kazna-sim-cli-'));
    const file = join(dir, 'scenario.json');
    await writeFile(file, JSON.stringify(fromLots));
    const env = { DATABASE_URL: k.database.url, KAZNA_DATA_DIR: k.dataDir };
    const args = ['simulate', '--scenario', file, '--paths', '16', '--seed', '9'];
    const text = await runKazna(args, env);
    expect(text.stderr).not.toMatch(/error/i);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('inflow from 2 forfeited BTC lot(s): 3.5 BTC');
    const json = await runKazna([...args, '--json'], env);
    expect(json.code).toBe(0);
    const viaCli = JSON.parse(json.stdout) as { inputHash: string };
    const viaApi = (await run(fromLots)).json<RunReply>();
    expect(viaCli.inputHash).toBe(viaApi.inputHash);
  }, 60_000);

  it('runs in the background, reports paths done, and shows the job only to its owner', async () => {
    const started = await k.app.inject({
      method: 'POST',
      url: '/api/v1/simulator/jobs',
      headers: risk,
      payload: { scenario: fromLots, paths: 600, seed: 9, workers: 1 },
    });
    expect(started.statusCode, started.body).toBe(202);
    const { id } = started.json<{ id: string }>();
    const poll = (headers: Record<string, string>) =>
      k.app.inject({ method: 'GET', url: `/api/v1/simulator/jobs/${id}`, headers });
    expect((await poll(other)).statusCode).toBe(404);
    let job = (await poll(risk)).json<{ status: string; pathsDone: number; pathsTotal: number }>();
    for (let i = 0; i < 600 && job.status === 'running'; i++) {
      expect(job.pathsDone).toBeLessThanOrEqual(600);
      await new Promise((resolve) => setTimeout(resolve, 100));
      job = (await poll(risk)).json();
    }
    expect(job).toMatchObject({ status: 'done', pathsDone: 600, pathsTotal: 600 });
    const body = (await poll(risk)).json<{ result: { report: { table: { rows: unknown[] } } } }>();
    expect(body.result.report.table.rows).toHaveLength(2);
  });
});
