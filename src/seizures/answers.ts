import { z } from 'zod';
import { AssetCodeJson, RoleJson } from '../http/answers.ts';
import { CUSTODY_KINDS, LEGAL_STATUSES } from './model.ts';

/**
 * What this domain's routes answer, as the client receives it (amounts as decimal strings, times as
 * ISO strings). The routes serialize through these schemas and the web app parses with them.
 */
/** GET /seizures/operations */
export const SeizuresOperationsJson = z.object({
  operations: z.array(z.record(z.string(), z.unknown())),
});

/** GET /seizures/exchanges */
export const SeizuresExchangesJson = z.object({
  exchanges: z.array(z.record(z.string(), z.unknown())),
});

export const RowJson = z.record(z.string(), z.unknown());

/** GET /seizures/cases */
export const SeizuresCasesJson = z.object({ cases: z.array(RowJson) });

/** POST /seizures/cases */
export const SeizuresCasesPostJson = z.object({ id: z.string() });

export const IntakeResultJson = z.object({
  seizureId: z.string(),
  lots: z.array(
    z.object({
      id: z.string(),
      accountId: z.string(),
      flagged: z.boolean(),
      screeningId: z.string(),
      listVersion: z.string(),
    }),
  ),
});

/** A lot with its amounts and escrow, as every lot route answers it. */
export const LotViewJson = z.object({
  amount: z.string(),
  remaining: z.string(),
  amountUnits: z.string(),
  remainingUnits: z.string(),
  escrowUnits: z.string().nullable(),
  escrow: z
    .object({
      asset: AssetCodeJson,
      amount: z.string(),
    })
    .nullable(),
  listVersion: z.string().nullable(),
  id: z.string(),
  seizureId: z.string(),
  caseId: z.string(),
  parentLotId: z.string().nullable(),
  asset: AssetCodeJson,
  chain: z.string(),
  status: z.enum(LEGAL_STATUSES),
  custodyKind: z.enum(CUSTODY_KINDS),
  custodyRef: z.string(),
  custodianOrganisationId: z.string().nullable(),
  accountId: z.string(),
  escrowAccountId: z.string().nullable(),
  escrowAsset: AssetCodeJson.nullable(),
  flagged: z.boolean(),
  screeningId: z.string().nullable(),
  organisationId: z.string().nullable(),
  createdAt: z.string(),
  addresses: z.array(z.string()),
  txids: z.array(z.string()),
  evidence: z.array(z.object({ sha256: z.string(), name: z.string() })),
});

/** GET /seizures/lots */
export const SeizuresLotsJson = z.object({
  lots: z.array(LotViewJson),
  next: z.string().nullable(),
});

export const WhoJson = z.object({
  roles: z.array(RoleJson),
  organisationId: z.string().nullable(),
  organisationName: z.string().nullable(),
});

export const HandoffRowJson = z.object({
  id: z.string(),
  state: z.enum(['pending', 'completed', 'cancelled']),
  cancelReason: z.string().nullable(),
  lotIds: z.array(z.string()),
  fromOrganisationId: z.string(),
  toOrganisationId: z.string(),
  releasingOfficerId: z.string(),
  receivingOfficerId: z.string(),
  note: z.string(),
  content: z.string(),
  at: z.string(),
  signed: z.object({ releasing: z.boolean(), receiving: z.boolean() }),
});

export const HistoryEventJson = z.object({
  seq: z.string(),
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  summary: z.string(),
});

const ClaimEvidenceJson = z.object({ sha256: z.string(), name: z.string() }).nullable();

/** A decision on a lot: open to the caller, or why not (see nextSteps in model.ts). */
export const NextStepJson = z.object({
  to: z.enum(LEGAL_STATUSES),
  allowed: z.boolean(),
  reason: z
    .enum([
      'lot_finally_decided',
      'needs_step_first',
      'not_from_this_status',
      'court_only',
      'role_not_allowed',
    ])
    .nullable(),
  first: z.enum(LEGAL_STATUSES).nullable(),
  courtOrder: z.boolean(),
  ground: z.boolean(),
});

/** GET /seizures/lots/:id */
export const SeizuresLots2Json = z.object({
  transitions: z.array(
    z.object({
      by: WhoJson,
      id: z.string(),
      from: z.enum(LEGAL_STATUSES),
      to: z.enum(LEGAL_STATUSES),
      courtOrderRef: z.string().nullable(),
      courtOrderDate: z.string().nullable(),
      courtOrderSha256: z.string().nullable(),
      courtOrderName: z.string().nullable(),
      ground: z.string().nullable(),
      reason: z.string(),
      requestId: z.string().nullable(),
      at: z.string(),
    }),
  ),
  nextSteps: z.array(NextStepJson),
  handoffs: z.array(HandoffRowJson),
  ledger: z.object({
    custodyAccountId: z.string(),
    custodyBalance: z.string().nullable(),
    escrowAccountId: z.string().nullable(),
    escrowBalance: z.string().nullable(),
    escrowAsset: AssetCodeJson.nullable(),
  }),
  lot: LotViewJson,
  history: z.array(HistoryEventJson),
  tree: z.unknown(),
  claims: z.array(
    z.object({
      asset: AssetCodeJson,
      claimed: z.string(),
      approved: z.string().nullable(),
      paid: z.string(),
      id: z.string(),
      caseId: z.string(),
      lotId: z.string(),
      claimantRef: z.string(),
      status: z.enum(['registered', 'approved', 'paid']),
      evidence: ClaimEvidenceJson,
    }),
  ),
});

export const TransitionOutcomeJson = z.object({
  requestId: z.string(),
  state: z.enum(['applied', 'pending_approval']),
});

/** POST /seizures/lots/:id/split */
export const SeizuresLotsSplitPostJson = z.object({ lotIds: z.array(z.string()) });

/** GET /seizures/claims */
export const SeizuresClaimsJson = z.object({
  claims: z.array(
    z.object({
      id: z.string(),
      caseId: z.string(),
      caseNumber: z.string(),
      lotId: z.string(),
      claimantRef: z.string(),
      status: z.enum(['registered', 'approved', 'paid']),
      asset: AssetCodeJson,
      source: z.enum(['escrow', 'custody']),
      lotStatus: z.enum(LEGAL_STATUSES).nullable(),
      /** What the lot (or its escrow, once sold) can still pay out, in the claim's asset. */
      lotHolds: z.string().nullable(),
      evidence: ClaimEvidenceJson,
      claimed: z.string(),
      approved: z.string().nullable(),
      paid: z.string(),
      payouts: z.array(
        z.object({
          id: z.string(),
          source: z.enum(['escrow', 'custody']),
          asset: AssetCodeJson,
          amount: z.string(),
          transferId: z.string(),
          at: z.string(),
        }),
      ),
    }),
  ),
  next: z.string().nullable(),
});

/** POST /seizures/lots/:id/claims */
export const SeizuresLotsClaimsPostJson = z.object({ claimId: z.string() });

/** GET /seizures/handoffs */
export const SeizuresHandoffsJson = z.object({
  handoffs: z.array(HandoffRowJson),
  next: z.string().nullable(),
});

/** GET /seizures/officers */
export const SeizuresOfficersJson = z.object({
  officers: z.array(
    z.object({
      id: z.string(),
      username: z.string(),
      roles: z.array(RoleJson),
      organisationId: z.string(),
    }),
  ),
});

export const HandoffProposalJson = z.object({ handoffId: z.string(), message: z.string() });

/** POST /seizures/handoffs/proposals/:id/signatures */
export const HandoffSignedJson = z.object({
  handoffId: z.string(),
  side: z.enum(['releasing', 'receiving']),
  completed: z.boolean(),
});

/** POST /seizures/handoffs/proposals/:id/cancel */
export const SeizuresHandoffsProposalsCancelPostJson = z.object({ handoffId: z.string() });

/** POST /seizures/handoffs */
export const SeizuresHandoffsPostJson = z.object({ handoffId: z.string() });

/** POST /seizures/lots/:id/earmark */
export const SeizuresLotsEarmarkPostJson = z.object({ disposalId: z.string() });

/** POST /seizures/claims/:id/approve */
export const ClaimApprovedJson = z.object({ approvedUnits: z.string() });

/** POST /seizures/claims/:id/pay */
export const PayoutJson = z.object({
  transferId: z.string(),
  source: z.enum(['custody', 'escrow']),
  asset: z.string(),
  remainingUnits: z.string(),
  escrowRemainingUnits: z.string().nullable(),
});

/** POST /seizures/operations */
export const SeizuresOperationsPostJson = z.object({ id: z.string() });

/** One address of an intake check: on the sanctions list or not, and the registry's label. */
export const AddressCheckJson = z.object({
  address: z.string(),
  hit: z.boolean(),
  listAsset: z.string().nullable(),
  label: z.string().nullable(),
});

export const ScreenedJson = z.object({
  listVersion: z.string(),
  source: z.string(),
  addresses: z.array(AddressCheckJson),
});

/** POST /seizures/intake/check */
export const IntakeCheckJson = z.object({
  valid: z.boolean(),
  lots: z.array(
    z.object({
      index: z.number(),
      error: z
        .object({ code: z.string(), message: z.string(), field: z.string().nullable() })
        .nullable(),
      amount: z.string().nullable(),
      screening: ScreenedJson.nullable(),
    }),
  ),
});

export const CsvRowErrorJson = z.object({
  line: z.number(),
  column: z.string().nullable(),
  code: z.string(),
  message: z.string(),
});

/** POST /seizures/intake/csv/check */
export const IntakeCsvCheckJson = z.object({
  rows: z.array(
    z.object({
      line: z.number(),
      agency: z.string(),
      caseNumber: z.string(),
      court: z.string(),
      seizedOn: z.string(),
      asset: AssetCodeJson,
      chain: z.string(),
      amount: z.string(),
      screening: ScreenedJson,
    }),
  ),
  errors: z.array(CsvRowErrorJson),
});

/** POST /seizures/intake/csv */
export const IntakeCsvJson = z.object({
  lots: z.number(),
  created: z.array(z.object({ line: z.number(), lotId: z.string() })),
});

/** GET /seizures/evidence: whether this deployment keeps evidence files, and up to what size. */
export const EvidenceStoreJson = z.object({ store: z.boolean(), maxBytes: z.number() });

/** PUT /seizures/evidence/:sha256 */
export const EvidenceStoredJson = z.object({
  sha256: z.string(),
  bytes: z.number(),
  created: z.boolean(),
});

/** GET /seizures/lots/:id/events: the lot's audit entries, oldest first, as its timeline reads them. */
export const SeizuresLotEventsJson = z.object({
  events: z.array(
    z.object({
      seq: z.string(),
      at: z.string(),
      action: z.string(),
      actor: z.string(),
      by: WhoJson,
      via: z.enum(['lot', 'request']),
      requestId: z.string().nullable(),
      from: z.string().nullable(),
      to: z.string().nullable(),
      courtOrderRef: z.string().nullable(),
      orderDate: z.string().nullable(),
      hashes: z.array(
        z.object({
          kind: z.enum(['evidence', 'document', 'other']),
          name: z.string().nullable(),
          field: z.string(),
          sha256: z.string(),
        }),
      ),
    }),
  ),
});
