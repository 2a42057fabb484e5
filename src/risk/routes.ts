import { z } from 'zod';
import { ASSET_CODES } from '../core/assets.ts';
import type { KaznaApp } from '../http/app.ts';
import { limitSchema } from './limits.ts';
import type { Risk } from './service.ts';

/**
 * HTTP edge of the risk domain: the dashboard's report (Monte Carlo kept small so a page load stays
 * fast; the CLI runs the full 100k paths), limits and alerts.
 */
export function riskRoutes(api: KaznaApp, risk: Risk): void {
  const reportQuery = z.object({
    date: z.iso.date(),
    currency: z.enum(ASSET_CODES).default('USD'),
    paths: z.coerce.number().int().min(1000).max(100_000).default(20_000),
  });
  api.get(
    '/risk/report',
    { config: { access: 'risk.read' }, schema: { querystring: reportQuery } },
    async (request) => {
      const q = request.query;
      return risk.report({ day: q.date, currency: q.currency, run: { paths: q.paths, seed: 1 } });
    },
  );
  api.get('/risk/limits', { config: { access: 'risk.read' } }, async () => risk.limits());
  api.post(
    '/risk/limits',
    { config: { access: 'risk.limits.manage' }, schema: { body: limitSchema } },
    async (request, reply) => {
      const r = await risk.setLimit(request.actor, request.body);
      return reply.code(201).send(r.ok ? r.value : null);
    },
  );
  api.get(
    '/risk/alerts',
    {
      config: { access: 'risk.read' },
      schema: { querystring: z.object({ from: z.iso.date(), to: z.iso.date() }) },
    },
    async (request) => risk.alerts(request.query.from, request.query.to),
  );
}
