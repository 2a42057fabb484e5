import { z } from 'zod';
import { asId } from '../core/ids.ts';
import type { KaznaApp } from '../http/app.ts';
import { sendErr, sendProblem } from '../http/problem.ts';
import { validateAddress } from '../core/addresses.ts';
import { validateTxid } from '../core/txids.ts';
import type { Alert, Snapshot } from './model.ts';
import { registryRoutes } from './registry-routes.ts';
import { screeningRoutes } from './screening-routes.ts';
import { listFromAddresses } from './sanctions-file.ts';
import type { AcknowledgeError, Compliance } from './service.ts';
import { wire, PROBLEMS } from '../http/answers.ts';
import {
  AddressesValidateJson,
  TxidsValidateJson,
  ComplianceSanctionsSnapshotsJson,
  ComplianceSanctionsListsPostJson,
  ComplianceSanctionsSnapshotsChangesJson,
  ComplianceAlertsJson,
  ComplianceAlerts2Json,
  ComplianceAlertsAcknowledgePostJson,
} from './answers.ts';

/**
 * HTTP edge of compliance, plus the public as-you-type validators for addresses and transaction
 * ids. The validators answer 200 with `valid: false` and a reason: an invalid address is the answer
 * to the question asked, not a failed request. They read nothing from the database.
 */
function ackStatus(code: AcknowledgeError): number {
  switch (code) {
    case 'alert_not_found':
      return 404;
    case 'alert_already_acknowledged':
      return 409;
  }
}

export function snapshotView(s: Snapshot) {
  return {
    ...s,
    version: s.version.toString(),
    basedOnVersion: s.basedOnVersion?.toString() ?? null,
  };
}

export function alertView(a: Alert) {
  return { ...a, listVersion: a.listVersion.toString() };
}

const network = z.enum(['mainnet', 'testnet', 'regtest']).optional();

export function validationRoutes(api: KaznaApp): void {
  api.get(
    '/addresses/validate',
    {
      config: { access: 'public' },
      schema: {
        querystring: z.strictObject({
          chain: z.string().min(1).max(20),
          address: z.string().max(200),
          network,
        }),
        response: { 200: AddressesValidateJson, ...PROBLEMS },
      },
    },
    (request) => {
      const { chain, address } = request.query;
      const net = request.query.network;
      const r = validateAddress(chain, address, net === undefined ? {} : { network: net });
      if (r.ok) return wire({ valid: true, ...r.value });
      return wire({ valid: false, reason: r.code, message: r.message, ...(r.detail ?? {}) });
    },
  );
  api.get(
    '/txids/validate',
    {
      config: { access: 'public' },
      schema: {
        querystring: z.strictObject({
          chain: z.string().min(1).max(20),
          txid: z.string().max(200),
        }),
        response: { 200: TxidsValidateJson, ...PROBLEMS },
      },
    },
    (request) => {
      const r = validateTxid(request.query.chain, request.query.txid);
      if (r.ok) return wire({ valid: true, ...r.value });
      return wire({ valid: false, reason: r.code, message: r.message });
    },
  );
}

export function complianceRoutes(api: KaznaApp, compliance: Compliance): void {
  sanctionsRoutes(api, compliance);
  alertRoutes(api, compliance);
  registryRoutes(api, compliance.registry);
  screeningRoutes(api, compliance.screening);
}

function sanctionsRoutes(api: KaznaApp, compliance: Compliance): void {
  api.get(
    '/compliance/sanctions/snapshots',
    {
      config: { access: 'compliance.read' },
      schema: { response: { 200: ComplianceSanctionsSnapshotsJson, ...PROBLEMS } },
    },
    async () =>
      wire({
        snapshots: (await compliance.snapshots()).map(snapshotView),
      }),
  );

  api.post(
    '/compliance/sanctions/lists',
    {
      config: { access: 'compliance.sanctions.import' },
      schema: {
        body: z.strictObject({
          asset: z.string().regex(/^[A-Z0-9]{2,10}$/),
          source: z.string().min(1).max(300),
          addresses: z
            .array(z.string().regex(/^[A-Za-z0-9]{20,128}$/))
            .min(1)
            .max(20_000),
        }),
        response: {
          200: ComplianceSanctionsListsPostJson,
          201: ComplianceSanctionsListsPostJson,
          ...PROBLEMS,
        },
      },
    },
    async (request, reply) => {
      const { asset, source, addresses } = request.body;
      const file = listFromAddresses(asset, source, addresses);
      if (!file.ok) return sendErr(reply, 422, file);
      const r = await compliance.importSanctions(request.actor, file.value);
      return reply.code(r.created ? 201 : 200).send(
        wire({
          created: r.created,
          snapshot: snapshotView(r.snapshot),
        }),
      );
    },
  );

  api.get(
    '/compliance/sanctions/snapshots/:version/changes',
    {
      config: { access: 'compliance.read' },
      schema: {
        params: z.object({ version: z.string().regex(/^[1-9][0-9]{0,17}$/) }),
        response: { 200: ComplianceSanctionsSnapshotsChangesJson, ...PROBLEMS },
      },
    },
    async (request) =>
      wire({
        version: request.params.version,
        changes: await compliance.snapshotChanges(BigInt(request.params.version)),
      }),
  );
}

function alertRoutes(api: KaznaApp, compliance: Compliance): void {
  api.get(
    '/compliance/alerts',
    {
      config: { access: 'compliance.read' },
      schema: {
        querystring: z.strictObject({
          status: z.enum(['open', 'acknowledged']).optional(),
          subjectId: z.string().min(1).max(100).optional(),
          limit: z.coerce.number().int().min(1).max(500).optional(),
        }),
        response: { 200: ComplianceAlertsJson, ...PROBLEMS },
      },
    },
    async (request) => {
      const { status, subjectId, limit } = request.query;
      const alerts = await compliance.alerts({
        ...(status === undefined ? {} : { status }),
        ...(subjectId === undefined ? {} : { subjectId }),
        ...(limit === undefined ? {} : { limit }),
      });
      return wire({ alerts: alerts.map(alertView) });
    },
  );

  api.get(
    '/compliance/alerts/:id',
    {
      config: { access: 'compliance.read' },
      schema: {
        params: z.object({ id: z.uuid() }),
        response: { 200: ComplianceAlerts2Json, ...PROBLEMS },
      },
    },
    async (request, reply) => {
      const alert = await compliance.alert(asId<'compliance_alert'>(request.params.id));
      if (alert === null) return sendProblem(reply, 404, 'alert_not_found', 'no such alert');
      return wire(alertView(alert));
    },
  );

  api.post(
    '/compliance/alerts/:id/acknowledge',
    {
      config: { access: 'compliance.alerts.manage' },
      schema: {
        params: z.object({ id: z.uuid() }),
        body: z.strictObject({ note: z.string().trim().min(1).max(2000) }),
        response: { 200: ComplianceAlertsAcknowledgePostJson, ...PROBLEMS },
      },
    },
    async (request, reply) => {
      const id = asId<'compliance_alert'>(request.params.id);
      const r = await compliance.acknowledgeAlert(request.actor, id, request.body.note);
      if (!r.ok) return sendErr(reply, ackStatus(r.code), r);
      return wire(alertView(r.value));
    },
  );
}
