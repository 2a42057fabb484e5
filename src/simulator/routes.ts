import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { KaznaApp } from '../http/app.ts';
import { sendErr, sendProblem } from '../http/problem.ts';
import { scenarioSchema } from './model.ts';
import { PATHS_MAX, WORKERS_MAX } from './run.ts';
import type { SimulatorError, SimulatorService } from './service.ts';
import { comparisonTable, TABLE_COLUMNS, type SimulationReport } from './stats.ts';
import { wire, PROBLEMS } from '../http/answers.ts';
import {
  SimulatorRunsPostJson,
  SimulatorJobsPostJson,
  SimulatorJobsJson,
  ReplayReportJson,
  StudySummaryJson,
  SimulatorStudiesJson,
  StudyRowJson,
} from './answers.ts';

/**
 * HTTP edge of the simulator. The scenario body is validated by the simulator itself (so the API,
 * the CLI and saved studies refuse the same inputs with the same codes); the envelope is zod.
 * Responses carry fan-chart bands over time and the comparison table.
 */
export function statusOf(code: SimulatorError): number {
  switch (code) {
    case 'scenario_invalid':
    case 'parameter_out_of_range':
    case 'value_not_finite':
    case 'weights_do_not_sum_to_one':
    case 'strategy_ids_not_unique':
    case 'inflow_quantity_invalid':
    case 'inflow_outside_horizon':
    case 'window_is_empty':
    case 'run_options_invalid':
    case 'sales_not_in_date_order':
    case 'availability_does_not_match_holding':
      return 400;
    case 'window_outside_data':
    case 'window_has_gaps':
    case 'window_too_short':
    case 'schedule_exceeds_holding':
    case 'fx_rate_unavailable':
      return 422;
    case 'no_forfeited_lots':
    case 'price_history_unavailable':
      return 422;
    case 'simulator_busy':
      // The client asked too soon, not a server fault: retry once a run finishes.
      return 429;
  }
}

/** HTTP runs are capped lower than the CLI: a request should answer in seconds. */
const HTTP_PATHS_MAX = Math.min(PATHS_MAX, 20_000);

const runBody = z.object({
  scenario: z.unknown(),
  paths: z.number().int().min(1).max(HTTP_PATHS_MAX).default(1000),
  seed: z.number().int().min(0).max(0xffffffff),
  workers: z.number().int().min(1).max(Math.min(WORKERS_MAX, 4)).default(2),
});

const studyBody = z.object({
  name: z.string().min(1).max(200),
  scenario: z.unknown(),
  paths: z.number().int().min(1).max(HTTP_PATHS_MAX),
  seed: z.number().int().min(0).max(0xffffffff),
});

export function withTable(report: SimulationReport): SimulationReport & {
  table: { columns: readonly string[]; rows: (string | number)[][] };
} {
  return { ...report, table: { columns: TABLE_COLUMNS, rows: comparisonTable(report) } };
}

export function simulatorRoutes(app: KaznaApp, simulator: SimulatorService): void {
  const access = { access: 'simulator.run' as const };

  // The documented reference scenario: the web app's starting point for choosing strategies.
  const reference = scenarioSchema.parse(
    JSON.parse(readFileSync(new URL('./scenarios/reference.json', import.meta.url), 'utf8')),
  );
  app.get(
    '/simulator/reference-scenario',
    { config: access, schema: { response: { 200: scenarioSchema, ...PROBLEMS } } },
    () => Promise.resolve(reference),
  );

  app.post(
    '/simulator/runs',
    {
      config: access,
      schema: { body: runBody, response: { 200: SimulatorRunsPostJson, ...PROBLEMS } },
    },
    async (req, reply) => {
      const { scenario, ...options } = req.body;
      const r = await simulator.run(scenario, options);
      if (!r.ok) return sendErr(reply, statusOf(r.code), r);
      return reply.send(wire({ ...r.value, report: withTable(r.value.report) }));
    },
  );

  app.post(
    '/simulator/jobs',
    {
      config: access,
      schema: {
        body: runBody,
        response: { 200: SimulatorJobsPostJson, 202: SimulatorJobsPostJson, ...PROBLEMS },
      },
    },
    async (req, reply) => {
      const { scenario, ...options } = req.body;
      const r = simulator.startJob(req.actor.id, scenario, options);
      if (!r.ok) return sendErr(reply, statusOf(r.code), r);
      return reply.code(202).send(wire(r.value));
    },
  );

  app.get(
    '/simulator/jobs/:id',
    {
      config: access,
      schema: {
        params: z.object({ id: z.uuid() }),
        response: { 200: SimulatorJobsJson, ...PROBLEMS },
      },
    },
    async (req, reply) => {
      const job = simulator.job(req.actor.id, req.params.id);
      if (job === null) return sendProblem(reply, 404, 'job_not_found', `no job ${req.params.id}`);
      const { result, ...rest } = job;
      return reply.send(
        wire({
          ...rest,
          result: result === null ? null : { ...result, report: withTable(result.report) },
        }),
      );
    },
  );
  replayAndStudyRoutes(app, simulator);
}

function replayAndStudyRoutes(app: KaznaApp, simulator: SimulatorService): void {
  const access = { access: 'simulator.run' as const };
  app.post(
    '/simulator/replays',
    {
      config: access,
      schema: { body: z.unknown(), response: { 200: ReplayReportJson, ...PROBLEMS } },
    },
    async (req, reply) => {
      const r = await simulator.replay(req.body);
      if (!r.ok) return sendErr(reply, statusOf(r.code), r);
      return reply.send(wire(r.value));
    },
  );

  app.post(
    '/simulator/studies',
    {
      config: access,
      schema: {
        body: studyBody,
        response: { 200: StudySummaryJson, 201: StudySummaryJson, ...PROBLEMS },
      },
    },
    async (req, reply) => {
      const r = await simulator.saveStudy(req.actor, req.body);
      if (!r.ok) return sendErr(reply, statusOf(r.code), r);
      return reply.code(201).send(wire(r.value));
    },
  );

  app.get(
    '/simulator/studies',
    {
      config: access,
      schema: {
        querystring: z.object({ limit: z.coerce.number().int().min(1).max(500).default(50) }),
        response: { 200: SimulatorStudiesJson, ...PROBLEMS },
      },
    },
    async (req, reply) => reply.send({ studies: await simulator.studies(req.query.limit) }),
  );

  app.get(
    '/simulator/studies/:id',
    {
      config: access,
      schema: { params: z.object({ id: z.uuid() }), response: { 200: StudyRowJson, ...PROBLEMS } },
    },
    async (req, reply) => {
      const study = await simulator.study(req.params.id);
      if (study === null)
        return sendProblem(reply, 404, 'study_not_found', `no study ${req.params.id}`);
      return reply.send(wire(study));
    },
  );
}
