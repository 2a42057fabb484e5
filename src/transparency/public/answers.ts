import { z } from 'zod';
import { CheckpointBodyJson } from '../../audit/answers.ts';
import { AssetCodeJson } from '../../http/answers.ts';
import { perBucket } from '../../reserve/answers.ts';
import { FLOW_NODES, MEASURES } from './enforcement.ts';
import { CUSTODY_KINDS } from '../../seizures/model.ts';

/**
 * What this domain's routes answer, as the client receives it (amounts as decimal strings, times as
 * ISO strings). The routes serialize through these schemas and the web app parses with them.
 */
/** GET /public/datasets */
export const PublicDatasetsJson = z.object({
  datasets: z.array(
    z.object({
      name: z.enum([
        'addresses',
        'allocation',
        'value-series',
        'enforcement',
        'flows',
        'verification',
      ]),
      json: z.string(),
      csv: z.string(),
    }),
  ),
  flowNodes: z.tuple([
    z.literal('seized'),
    z.literal('pending'),
    z.literal('forfeited'),
    z.literal('restitution'),
    z.literal('returned'),
    z.literal('released'),
    z.literal('emergency_sold'),
    z.literal('held_in_custody'),
    z.literal('reserve_in_kind'),
    z.literal('reserve_auction'),
    z.literal('reserve_otc'),
    z.literal('reserve_other'),
    z.literal('paid_to_victims'),
    z.literal('awaiting_payment'),
  ]),
  measures: z.tuple([
    z.literal('seized'),
    z.literal('pending'),
    z.literal('forfeited'),
    z.literal('forfeitedHeld'),
    z.literal('sentToReserve'),
    z.literal('restitutionOrdered'),
    z.literal('restituted'),
    z.literal('returnedToOwner'),
    z.literal('released'),
    z.literal('emergencySold'),
  ]),
});

/** GET /public/verification */
export const PublicVerificationJson = z.object({
  checkpoint: z.object({ size: z.number(), body: CheckpointBodyJson, signature: z.string() }),
  key: z.object({ keyId: z.string(), publicKey: z.string() }).nullable(),
  entries: z.array(
    z.union([
      z.object({ leafHash: z.null(), proof: z.null(), figure: z.string(), seq: z.number() }),
      z.object({
        leafHash: z.string(),
        proof: z.array(z.string()),
        figure: z.string(),
        seq: z.number(),
      }),
    ]),
  ),
});

/** GET /public/allocation */
export const PublicAllocationJson = z.object({
  day: z.string(),
  currency: z.literal('USD'),
  total: z.string(),
  officialReserveAssets: z.string(),
  otherAssets: z.string(),
  stale: z.boolean(),
  policyVersion: z.number().nullable(),
  lines: z.array(
    z.object({
      bucket: z.enum(['hedge_funds', 'venture_funds', 'gold', 'fx']),
      official: z.boolean(),
      value: z.string(),
      shareBps: z.number(),
      share: z.string(),
      targetBps: z.number().nullable(),
      target: z.string().nullable(),
      bandBps: z.number().nullable(),
    }),
  ),
});

/** GET /public/value-series */
export const PublicValueSeriesJson = z.object({
  from: z.string(),
  to: z.string(),
  currency: z.literal('USD'),
  points: z.array(perBucket(z.string()).extend({ day: z.string(), total: z.string() })),
});

/** GET /public/enforcement */
export const PublicEnforcementJson = z.object({
  day: z.string(),
  operations: z.number(),
  exchangesShutDown: z.number(),
  exchangesInRegistryShutDown: z.number(),
  volumeProcessedByShutDownExchangesUsd: z.string(),
  lots: z.number(),
  // Each measure of MEASURES, as a decimal string in the asset's units.
  byAsset: z.array(
    z.object({
      asset: AssetCodeJson,
      ...Object.fromEntries(MEASURES.map((m) => [m, z.string()])),
    }),
  ),
  valueUsd: z.record(z.string(), z.object({ value: z.string(), unpriced: z.array(z.string()) })),
  operationsList: z.array(
    z.object({
      name: z.string(),
      startedOn: z.string(),
      endedOn: z.string().nullable(),
      exchangesShutDown: z.number().nullable(),
    }),
  ),
});

/** GET /public/flows */
export const PublicFlowsJson = z.object({
  links: z.array(
    z.object({
      asset: AssetCodeJson,
      source: z.enum(FLOW_NODES),
      target: z.enum(FLOW_NODES),
      units: z.string(),
    }),
  ),
});

/** GET /public/addresses */
export const PublicAddressesJson = z.object({
  policy: z.string(),
  lots: z.array(
    z.object({
      asset: z.string(),
      chain: z.string(),
      custody: z.enum(CUSTODY_KINDS),
      addresses: z.array(z.string()),
      balance: z.string(),
    }),
  ),
});
