import { z } from 'zod';
import { jsonValue } from '../http/answers.ts';

/**
 * What this domain's routes answer, as the client receives it (amounts as decimal strings, times as
 * ISO strings). The routes serialize through these schemas and the web app parses with them.
 */
export const EntryViewJson = z.object({
  seq: z.number(),
  recordedAt: z.string(),
  actor: z.string(),
  action: z.string(),
  subjects: z.array(z.string()),
  payload: jsonValue,
  entry: z.string(),
  prevHash: z.string(),
  hash: z.string(),
});

export const EntryPageJson = z.object({
  entries: z.array(EntryViewJson),
  nextCursor: z.number().nullable(),
});

export const CheckpointBodyJson = z.object({
  kind: z.literal('kazna.audit.checkpoint'),
  v: z.literal(1),
  origin: z.string(),
  size: z.string(),
  root: z.string(),
  at: z.string(),
  keyId: z.string(),
});

export const CheckpointViewJson = z.object({
  size: z.number(),
  cosignatures: z.array(z.object({ witnessId: z.string(), signature: z.string() })),
  body: CheckpointBodyJson,
  signature: z.string(),
});

/** GET /audit/checkpoints */
export const AuditCheckpointsJson = z.object({ checkpoints: z.array(CheckpointViewJson) });

export const KeyViewJson = z.object({
  keyId: z.string(),
  algorithm: z.literal('ed25519'),
  publicKey: z.string(),
  introducedAt: z.number(),
  introducedOn: z.string(),
  previousKeyId: z.string().nullable(),
  current: z.boolean(),
});

/** GET /audit/keys */
export const AuditKeysJson = z.object({ keys: z.array(KeyViewJson) });

export const WitnessViewJson = z.object({
  witnessId: z.string(),
  name: z.string(),
  publicKey: z.string(),
  registeredAt: z.number(),
  registeredOn: z.string(),
});

/** GET /audit/witnesses */
export const AuditWitnessesJson = z.object({ witnesses: z.array(WitnessViewJson) });

/** GET /audit/proofs/inclusion */
export const AuditProofsInclusionJson = z.object({
  kind: z.literal('inclusion'),
  index: z.string(),
  size: z.string(),
  leafHash: z.string(),
  root: z.string(),
  proof: z.array(z.string()),
  checkpoint: CheckpointViewJson.nullable(),
});

export const ConsistencyProofDocumentJson = z.object({
  kind: z.literal('consistency'),
  from: z.string(),
  to: z.string(),
  fromRoot: z.string(),
  toRoot: z.string(),
  proof: z.array(z.string()),
});

export const SignedCheckpointJson = z.object({ body: CheckpointBodyJson, signature: z.string() });

export const BundleJson = z.object({
  format: z.literal('kazna.audit.bundle/v1'),
  origin: z.string(),
  exportedAt: z.string(),
  from: z.string(),
  to: z.string(),
  prefix: z.array(z.string()),
  prevHash: z.string(),
  entries: z.array(z.string()),
  checkpoints: z.array(SignedCheckpointJson),
  consistency: z.array(z.object({ from: z.string(), to: z.string(), proof: z.array(z.string()) })),
  keys: z.array(
    z.object({
      keyId: z.string(),
      publicKey: z.string(),
      introducedAt: z.string(),
      current: z.boolean(),
    }),
  ),
  witnesses: z.array(
    z.object({
      witnessId: z.string(),
      name: z.string(),
      publicKey: z.string(),
      registeredAt: z.string(),
    }),
  ),
  cosignatures: z.array(
    z.object({ size: z.string(), witnessId: z.string(), signature: z.string() }),
  ),
});
