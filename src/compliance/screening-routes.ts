import { z } from 'zod';
import { sendErr } from '../http/problem.ts';
import type { KaznaApp } from '../http/app.ts';
import { PROBLEMS, wire } from '../http/answers.ts';
import {
  ComplianceHitPostJson,
  ComplianceHitsJson,
  ComplianceScreeningsPostJson,
} from './screening-answers.ts';
import { MAX_SCREENED, parseScreeningCsv } from './screening.ts';
import type { HitError, RunError, Screening, ScreeningInput } from './screening-service.ts';
import type { Hit } from './screening-store.ts';

/** HTTP edge of screening any time and its hits queue. */
function runStatus(code: RunError): number {
  switch (code) {
    case 'sanctions_list_missing':
      return 409;
    case 'nothing_to_screen':
    case 'too_many_addresses':
      return 422;
  }
}

function hitStatus(code: HitError): number {
  switch (code) {
    case 'reason_required':
      return 422;
    case 'hit_not_found':
      return 404;
    case 'same_officer':
      return 403;
    case 'hit_already_decided':
    case 'clearance_pending':
    case 'second_officer_required':
    case 'no_pending_clearance':
      return 409;
  }
}

export function hitView(h: Hit) {
  return { ...h, seq: h.seq.toString(), listVersion: h.listVersion?.toString() ?? null };
}

/**
 * Body: `{addresses}` (at most 1000), `{csv}` (columns `address`, optional `asset`; see
 * `parseScreeningCsv`) or `{name}`.
 */
const Body = z.union([
  z.strictObject({ addresses: z.array(z.string().max(200)).max(MAX_SCREENED) }),
  z.strictObject({ csv: z.string().max(400_000) }),
  z.strictObject({ name: z.string().max(300) }),
]);

function toInput(body: z.output<typeof Body>): ScreeningInput {
  if ('name' in body) return { kind: 'name', name: body.name };
  if ('csv' in body) return { kind: 'addresses', rows: parseScreeningCsv(body.csv) };
  return {
    kind: 'addresses',
    rows: body.addresses.map((a, i) => ({ row: i + 1, address: a.trim(), asset: null })),
  };
}

export function screeningRoutes(api: KaznaApp, screening: Screening): void {
  api.post(
    '/compliance/screenings',
    {
      config: { access: 'compliance.alerts.manage' },
      schema: { body: Body, response: { 201: ComplianceScreeningsPostJson, ...PROBLEMS } },
    },
    async (request, reply) => {
      const r = await screening.run(request.actor, toInput(request.body));
      if (!r.ok) return sendErr(reply, runStatus(r.code), r);
      const v = r.value;
      return reply
        .code(201)
        .send(
          wire({ ...v, listVersion: v.listVersion?.toString() ?? null, hits: v.hits.map(hitView) }),
        );
    },
  );
  api.get(
    '/compliance/hits',
    {
      config: { access: 'compliance.read' },
      schema: {
        querystring: z.strictObject({
          status: z.enum(['open', 'confirmed', 'cleared']).optional(),
          after: z
            .string()
            .regex(/^[1-9][0-9]{0,17}$/)
            .optional(),
          limit: z.coerce.number().int().min(1).max(200).optional(),
        }),
        response: { 200: ComplianceHitsJson, ...PROBLEMS },
      },
    },
    async (request) => {
      const { status, after, limit = 50 } = request.query;
      const page = await screening.hits({
        ...(status === undefined ? {} : { status }),
        ...(after === undefined ? {} : { after: BigInt(after) }),
        limit: limit + 1,
      });
      const shown = page.slice(0, limit);
      const last = shown.at(-1);
      const next = page.length > limit && last !== undefined ? last.seq.toString() : null;
      return wire({ hits: shown.map(hitView), next });
    },
  );
  const decision = (path: string, step: 'confirm' | 'clear' | 'clearSecond') => {
    api.post(
      path,
      {
        config: { access: 'compliance.alerts.manage' },
        schema: {
          params: z.object({ id: z.uuid() }),
          body: z.strictObject({ reason: z.string().max(2000).optional() }),
          response: { 200: ComplianceHitPostJson, ...PROBLEMS },
        },
      },
      async (request, reply) => {
        const reason = request.body.reason ?? '';
        const r = await screening[step](request.actor, request.params.id, reason);
        if (!r.ok) return sendErr(reply, hitStatus(r.code), r);
        return wire(hitView(r.value));
      },
    );
  };
  decision('/compliance/hits/:id/confirm', 'confirm');
  decision('/compliance/hits/:id/clear', 'clear');
  decision('/compliance/hits/:id/clear/second', 'clearSecond');
}
