import { z } from 'zod';
import { formatAmount, parseAmount } from '../core/money.ts';
import type { KaznaApp } from '../http/app.ts';
import { sendErr, sendProblem } from '../http/problem.ts';
import type { Exchange, ExchangeId, LabelError, Registry } from './registry.ts';
import { wire, PROBLEMS } from '../http/answers.ts';
import {
  ComplianceExchangesJson,
  ComplianceExchangesPostJson,
  AddressLabelJson,
  ComplianceLabelsJson,
} from './answers.ts';

/** HTTP edge of the exchange registry. Volumes travel as decimal USD strings. */
function labelStatus(code: LabelError): number {
  return code === 'exchange_not_found' ? 404 : 422;
}

function exchangeView(e: Exchange) {
  const cents = e.estimatedVolumeUsdCents;
  return {
    ...e,
    estimatedVolumeUsdCents: undefined,
    estimatedVolumeUsd: cents === null ? null : formatAmount(cents, 'USD'),
  };
}

const text = (max: number) => z.string().trim().min(1).max(max);

export function registryRoutes(api: KaznaApp, registry: Registry): void {
  api.get(
    '/compliance/exchanges',
    {
      config: { access: 'compliance.read' },
      schema: { response: { 200: ComplianceExchangesJson, ...PROBLEMS } },
    },
    async () =>
      wire({
        exchanges: (await registry.exchanges()).map(exchangeView),
      }),
  );

  api.post(
    '/compliance/exchanges',
    {
      config: { access: 'compliance.registry.manage' },
      schema: {
        body: z.strictObject({
          name: text(200),
          status: z.enum(['licensed', 'illegal', 'shut_down', 'unknown']),
          domains: z.array(text(253)).max(100),
          jurisdictions: z.array(z.string().regex(/^[A-Z]{2}$/)).max(50),
          shutdownOn: z.iso.date().nullable().default(null),
          estimatedVolumeUsd: z.string().nullable().default(null),
          source: text(500),
        }),
        response: {
          200: ComplianceExchangesPostJson,
          201: ComplianceExchangesPostJson,
          ...PROBLEMS,
        },
      },
    },
    async (request, reply) => {
      const { estimatedVolumeUsd, ...rest } = request.body;
      const volume = estimatedVolumeUsd === null ? null : parseAmount(estimatedVolumeUsd, 'USD');
      if (volume !== null && !volume.ok) return sendErr(reply, 400, volume);
      const r = await registry.registerExchange(request.actor, {
        ...rest,
        estimatedVolumeUsdCents: volume === null ? null : volume.value,
      });
      if (!r.ok) return sendErr(reply, 409, r);
      return reply.code(201).send(wire(exchangeView(r.value)));
    },
  );
  labelRoutes(api, registry);
}

function labelRoutes(api: KaznaApp, registry: Registry): void {
  api.post(
    '/compliance/labels',
    {
      config: { access: 'compliance.registry.manage' },
      schema: {
        body: z.strictObject({
          chain: text(20),
          address: text(200),
          exchangeId: z.uuid().nullable().default(null),
          label: text(200),
          provenance: z.enum([
            'official_attribution',
            'court_record',
            'forensic_inference',
            'open_source',
          ]),
          confidence: z.enum(['high', 'medium', 'low']),
          source: text(500),
        }),
        response: { 200: AddressLabelJson, 201: AddressLabelJson, ...PROBLEMS },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const r = await registry.labelAddress(request.actor, {
        ...body,
        exchangeId: body.exchangeId as ExchangeId | null,
      });
      if (!r.ok) return sendErr(reply, labelStatus(r.code), r);
      return reply.code(201).send(wire(r.value));
    },
  );

  api.get(
    '/compliance/labels',
    {
      config: { access: 'compliance.read' },
      schema: {
        querystring: z.strictObject({ address: text(200) }),
        response: { 200: ComplianceLabelsJson, ...PROBLEMS },
      },
    },
    async (request, reply) => {
      const labels = await registry.labels(request.query.address);
      if (labels.length === 0) return sendProblem(reply, 404, 'address_not_labelled', 'no labels');
      return wire({ best: labels[0], labels });
    },
  );
}
