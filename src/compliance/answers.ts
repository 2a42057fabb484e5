import { z } from 'zod';
import { CHAINS } from '../core/addresses.ts';

/**
 * What this domain's routes answer, as the client receives it (amounts as decimal strings, times as
 * ISO strings). The routes serialize through these schemas and the web app parses with them.
 */
/** A registered exchange. */
export const ExchangeJson = z.object({
  estimatedVolumeUsd: z.string().nullable(),
  id: z.string(),
  registeredAt: z.string(),
  name: z.string(),
  status: z.enum(['unknown', 'licensed', 'illegal', 'shut_down']),
  domains: z.array(z.string()),
  jurisdictions: z.array(z.string()),
  shutdownOn: z.string().nullable(),
  source: z.string(),
});

/** GET /compliance/exchanges */
export const ComplianceExchangesJson = z.object({
  exchanges: z.array(ExchangeJson),
});

/** POST /compliance/exchanges */
export const ComplianceExchangesPostJson = ExchangeJson;

export const AddressLabelJson = z.object({
  id: z.string(),
  recordedAt: z.string(),
  chain: z.string(),
  address: z.string(),
  exchangeId: z.string().nullable(),
  label: z.string(),
  provenance: z.enum(['official_attribution', 'court_record', 'forensic_inference', 'open_source']),
  confidence: z.enum(['high', 'medium', 'low']),
  source: z.string(),
});

/** GET /compliance/labels */
export const ComplianceLabelsJson = z.object({
  best: AddressLabelJson.optional(),
  labels: z.array(AddressLabelJson),
});

/** GET /addresses/validate */
export const AddressesValidateJson = z.union([
  z.object({
    chain: z.enum(CHAINS),
    network: z.enum(['mainnet', 'testnet', 'regtest']).nullable(),
    type: z.enum([
      'p2pkh',
      'p2sh',
      'p2wpkh',
      'p2wsh',
      'p2tr',
      'witness_unknown',
      'evm_account',
      'tron_account',
    ]),
    checksum: z.enum(['none', 'base58check', 'bech32', 'bech32m', 'eip55']),
    normalized: z.string(),
    witnessVersion: z.number().optional(),
    valid: z.boolean(),
  }),
  z.object({
    valid: z.boolean(),
    reason: z.enum([
      'empty',
      'unsupported_chain',
      'unknown_format',
      'bad_character',
      'mixed_case',
      'bad_length',
      'bad_checksum',
      'bad_witness_version',
      'bad_padding',
      'wrong_network',
    ]),
    message: z.string(),
  }),
]);

/** GET /txids/validate */
export const TxidsValidateJson = z.union([
  z.object({
    chain: z.enum(CHAINS),
    normalized: z.string(),
    valid: z.boolean(),
  }),
  z.object({
    valid: z.boolean(),
    reason: z.enum(['empty', 'unsupported_chain', 'unknown_format', 'bad_character', 'bad_length']),
    message: z.string(),
  }),
]);

/** An imported sanctions list version. */
export const SanctionsSnapshotJson = z.object({
  version: z.string(),
  basedOnVersion: z.string().nullable(),
  id: z.string(),
  sourceKind: z.enum(['ofac_sdn_xml', 'address_list']),
  fileName: z.string(),
  fileSha256: z.string(),
  contentSha256: z.string(),
  issuedOn: z.string().nullable(),
  assets: z.array(z.string()),
  entryCount: z.number(),
  listSha256: z.string(),
  addedCount: z.number(),
  removedCount: z.number(),
  importedAt: z.string(),
  importedBy: z.string(),
});

/** GET /compliance/sanctions/snapshots */
export const ComplianceSanctionsSnapshotsJson = z.object({
  snapshots: z.array(SanctionsSnapshotJson),
});

/** POST /compliance/sanctions/lists */
export const ComplianceSanctionsListsPostJson = z.object({
  created: z.boolean(),
  snapshot: SanctionsSnapshotJson,
});

export const ListChangeJson = z.object({
  change: z.enum(['added', 'removed']),
  asset: z.string(),
  address: z.string(),
  partyRef: z.string().nullable(),
});

/** GET /compliance/sanctions/snapshots/:version/changes */
export const ComplianceSanctionsSnapshotsChangesJson = z.object({
  version: z.string(),
  changes: z.array(ListChangeJson),
});

/** An alert raised by a screening that matched a sanctions list. */
export const SanctionsMatchAlertJson = z.object({
  listVersion: z.string(),
  id: z.string(),
  screeningId: z.string(),
  kind: z.literal('sanctions_match'),
  address: z.string(),
  listAsset: z.string(),
  partyRef: z.string().nullable(),
  subjectIds: z.array(z.string()),
  raisedAt: z.string(),
  status: z.enum(['open', 'acknowledged']),
  acknowledgement: z.object({ by: z.string(), at: z.string(), note: z.string() }).nullable(),
});

/** GET /compliance/alerts */
export const ComplianceAlertsJson = z.object({
  alerts: z.array(SanctionsMatchAlertJson),
});

/** GET /compliance/alerts/:id */
export const ComplianceAlerts2Json = SanctionsMatchAlertJson;

/** POST /compliance/alerts/:id/acknowledge */
export const ComplianceAlertsAcknowledgePostJson = SanctionsMatchAlertJson;
