import { z } from 'zod';

/** What the screening routes answer; the workbench parses with these. */
const StepJson = z.object({ by: z.string(), reason: z.string(), at: z.string() });

export const HitJson = z.object({
  id: z.string(),
  seq: z.string(),
  runId: z.string(),
  row: z.number(),
  subject: z.string(),
  source: z.enum(['sanctions_list', 'registry']),
  listVersion: z.string().nullable(),
  confidence: z.number(),
  matched: z.string(),
  provenance: z.string(),
  entryRef: z.string(),
  sanctioned: z.boolean(),
  status: z.enum(['open', 'confirmed', 'cleared']),
  raisedAt: z.string(),
  pendingClearance: StepJson.nullable(),
  decision: StepJson.nullable(),
});

/** POST /compliance/screenings */
export const ComplianceScreeningsPostJson = z.object({
  runId: z.string(),
  kind: z.enum(['addresses', 'name']),
  listVersion: z.string().nullable(),
  screened: z.number(),
  invalid: z.array(z.object({ row: z.number(), input: z.string(), code: z.string() })),
  hits: z.array(HitJson),
});

/** GET /compliance/hits */
export const ComplianceHitsJson = z.object({
  hits: z.array(HitJson),
  next: z.string().nullable(),
});

/** POST /compliance/hits/:id/confirm, /clear, /clear/second */
export const ComplianceHitPostJson = HitJson;
