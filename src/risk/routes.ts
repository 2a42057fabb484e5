import { z } from 'zod';
import { ASSET_CODES } from '../core/assets.ts';
import type { KaznaApp } from '../http/app.ts';
import { sendErr, sendProblem } from '../http/problem.ts';
import type { AcknowledgeError } from './reports.ts';
import { limitSchema } from './limits.ts';
import type { Risk } from './service.ts';
import { wire, PROBLEMS } from '../http/answers.ts';
import {
  RiskReportJson,
  RiskLimitsJson,
  RiskLimitsPostJson,
  RiskAlertsJson,
  RiskReportsPostJson,
  RiskReportsJson,
  RiskReports2Json,
  RiskAlertsAcknowledgePostJson,
} from './answers.ts';

/**
 * HTTP edge of the risk domain: the dashboard's report (Monte Carlo kept small so a page load stays
 * fast; the CLI runs the full 100k paths), recorded reports, limits, and alerts with their
 * acknowledgement.
 */
function statusOf(code: AcknowledgeError): number {
  switch (code) {
    case 'alert_not_found':
      return 404;
    case 'alert_already_acknowledged':
      return 409;
  }
}
export function riskRoutes(api: KaznaApp, risk: Risk): void {
  const reportQuery = z.object({
    date: z.iso.date(),
    currency: z.enum(ASSET_CODES).default('USD'),
    paths: z.coerce.number().int().min(1000).max(100_000).default(20_000),
  });
  api.get(
    '/risk/report',
    {
      config: { access: 'risk.read' },
      schema: { querystring: reportQuery, response: { 200: RiskReportJson, ...PROBLEMS } },
    },
    async (request) => {
      const q = request.query;
      return wire(
        await risk.report({ day: q.date, currency: q.currency, run: { paths: q.paths, seed: 1 } }),
      );
    },
  );
  api.get(
    '/risk/limits',
    { config: { access: 'risk.read' }, schema: { response: { 200: RiskLimitsJson, ...PROBLEMS } } },
    async () => wire(await risk.limits()),
  );
  api.post(
    '/risk/limits',
    {
      config: { access: 'risk.limits.manage' },
      schema: {
        body: limitSchema,
        response: { 200: RiskLimitsPostJson, 201: RiskLimitsPostJson, ...PROBLEMS },
      },
    },
    async (request, reply) => {
      const r = await risk.setLimit(request.actor, request.body);
      return reply.code(201).send(r.ok ? wire(r.value) : wire(null));
    },
  );
  api.get(
    '/risk/alerts',
    {
      config: { access: 'risk.read' },
      schema: {
        querystring: z.object({ from: z.iso.date(), to: z.iso.date() }),
        response: { 200: RiskAlertsJson, ...PROBLEMS },
      },
    },
    async (request) => wire(await risk.alerts(request.query.from, request.query.to)),
  );
  recordedRoutes(api, risk);
}

/** Running and recording a day's report, the recorded history, and acknowledging an alert. */
function recordedRoutes(api: KaznaApp, risk: Risk): void {
  const runBody = z.strictObject({
    date: z.iso.date(),
    currency: z.enum(ASSET_CODES).default('USD'),
    paths: z.number().int().min(1000).max(100_000).default(20_000),
    seed: z.number().int().min(0).max(0xffffffff).default(1),
  });
  api.post(
    '/risk/reports',
    {
      config: { access: 'risk.reports.run' },
      schema: {
        body: runBody,
        response: { 200: RiskReportsPostJson, 201: RiskReportsPostJson, ...PROBLEMS },
      },
    },
    async (request, reply) => {
      const b = request.body;
      const r = await risk.reportAndAlert(request.actor, {
        day: b.date,
        currency: b.currency,
        run: { paths: b.paths, seed: b.seed },
      });
      return reply.code(201).send(wire(r));
    },
  );
  const listQuery = z.object({
    currency: z.enum(ASSET_CODES).default('USD'),
    limit: z.coerce.number().int().min(1).max(1000).default(365),
  });
  api.get(
    '/risk/reports',
    {
      config: { access: 'risk.read' },
      schema: { querystring: listQuery, response: { 200: RiskReportsJson, ...PROBLEMS } },
    },
    async (request) =>
      wire({
        reports: await risk.reports(request.query.currency, request.query.limit),
      }),
  );
  api.get(
    '/risk/reports/:id',
    {
      config: { access: 'risk.read' },
      schema: {
        params: z.object({ id: z.uuid() }),
        response: { 200: RiskReports2Json, ...PROBLEMS },
      },
    },
    async (request, reply) => {
      const found = await risk.recordedReport(request.params.id);
      if (found === null)
        return sendProblem(reply, 404, 'report_not_found', `no report ${request.params.id}`);
      return reply.send(wire(found));
    },
  );
  api.post(
    '/risk/alerts/:id/acknowledge',
    {
      config: { access: 'risk.alerts.acknowledge' },
      schema: {
        params: z.object({ id: z.uuid() }),
        body: z.strictObject({ note: z.string().max(2000).default('') }),
        response: { 200: RiskAlertsAcknowledgePostJson, ...PROBLEMS },
      },
    },
    async (request, reply) => {
      const r = await risk.acknowledgeAlert(request.actor, request.params.id, request.body.note);
      if (!r.ok) return sendErr(reply, statusOf(r.code), r);
      return reply.send(wire(r.value));
    },
  );
}
