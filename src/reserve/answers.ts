import { z } from 'zod';
import { AssetCodeJson, jsonValue } from '../http/answers.ts';
import { DD_SECTIONS, MANAGER_KINDS, MANAGER_STATUSES } from './model.ts';
import { RESERVE_BUCKETS } from './public.ts';

/**
 * What this domain's routes answer, as the client receives it (amounts as decimal strings, times as
 * ISO strings). The routes serialize through these schemas and the web app parses with them.
 */
/** One value per bucket of the reserve: the same four keys wherever the reserve is split. */
export function perBucket<S extends z.ZodType>(value: S) {
  return z.object({ gold: value, fx: value, hedge_funds: value, venture_funds: value });
}

const BandJson = z.object({ targetBps: z.number(), bandBps: z.number() });

export const AllocationLineJson = z.object({
  bucket: z.enum(RESERVE_BUCKETS),
  value: z.string(),
  targetBps: z.number().nullable(),
  bandBps: z.number().nullable(),
});

export const ReserveAllocationJson = z.object({
  day: z.string(),
  currency: z.literal('USD'),
  total: z.string(),
  lines: z.array(AllocationLineJson),
  stale: z.boolean(),
  policyVersion: z.number().nullable(),
});

export const ValuePointJson = z.object({
  day: z.string(),
  total: z.string(),
  byBucket: perBucket(z.string()),
});

/** GET /reserve/value-series */
export const ReserveValueSeriesJson = z.object({ points: z.array(ValuePointJson) });

export const ManagerPositionJson = z.object({
  managerId: z.string(),
  name: z.string(),
  kind: z.enum(MANAGER_KINDS),
  value: z.string(),
  navDay: z.string().nullable(),
  statementSha256: z.string().nullable(),
});

/** GET /reserve/positions */
export const ReservePositionsJson = z.object({ positions: z.array(ManagerPositionJson) });

export const SeizureContributionJson = z.object({
  lotId: z.string(),
  asset: z.string(),
  units: z.string(),
  value: z.string(),
  day: z.string(),
  route: z.enum(['auction', 'otc', 'in_kind']),
  managerId: z.string().nullable(),
});

/** GET /reserve/contributions */
export const ReserveContributionsJson = z.object({
  contributions: z.array(SeizureContributionJson),
});

export const PolicyVersionJson = z.object({
  version: z.number(),
  effectiveFrom: z.string(),
  policy: z.object({
    buckets: perBucket(BandJson),
    cryptoCapBps: z.number(),
    managerCapBps: z.number(),
    liquidityMinBps: z.number(),
    onCapBreach: z.enum(['block', 'approval']),
  }),
  documentHash: z.string(),
  requestId: z.string().nullable(),
});

/** GET /reserve/policies */
export const ReservePoliciesJson = z.object({ policies: z.array(PolicyVersionJson) });

export const GovernedOutcomeJson = z.object({
  requestId: z.string(),
  state: z.enum(['applied', 'pending_approval']),
  result: jsonValue,
});

export const PolicyBreachJson = z.object({
  kind: z.enum(['crypto_cap', 'liquidity_min', 'bucket_band', 'manager_cap']),
  subject: z.string(),
  measuredBps: z.number(),
  thresholdBps: z.number(),
  message: z.string(),
});

export const ProposalJson = z.object({
  action: z.enum(['subscribe', 'redeem', 'commit', 'buy_gold', 'sell_gold', 'hold']),
  bucket: z.string(),
  managerId: z.string().nullable(),
  value: z.string(),
  earliest: z.string().nullable(),
  note: z.string(),
});

export const RebalancingJson = z.object({
  day: z.string(),
  policyVersion: z.number(),
  total: z.string(),
  gaps: z.record(z.string(), z.string()),
  breaches: z.array(PolicyBreachJson),
  proposals: z.array(ProposalJson),
  stale: z.boolean(),
});

/** POST /reserve/checks */
export const ReserveChecksPostJson = z.object({
  rebalancing: RebalancingJson,
  alerts: z.array(z.string()),
});

export const AlertRowJson = z.object({
  id: z.string(),
  day: z.string(),
  kind: z.string(),
  subject: z.string(),
  measuredBps: z.number(),
  thresholdBps: z.number(),
  message: z.string(),
});

/** GET /reserve/alerts */
export const ReserveAlertsJson = z.object({ alerts: z.array(AlertRowJson) });

export const VentureMetricsJson = z.object({
  asOf: z.string(),
  called: z.string(),
  paidIn: z.string(),
  distributed: z.string(),
  residual: z.string(),
  residualDay: z.string().nullable(),
  unfunded: z.string(),
  tvpi: z.number().nullable(),
  dpi: z.number().nullable(),
  rvpi: z.number().nullable(),
  irr: z.number().nullable(),
  irrError: z.enum(['xirr_needs_a_sign_change', 'xirr_did_not_converge']).nullable(),
});

export const FiguresJson = z.object({
  paidIn: z.string(),
  paidOut: z.string(),
  value: z.string(),
  gain: z.string(),
  fees: z.string(),
  twr: z.number().nullable(),
  irr: z.number().nullable(),
  irrError: z.enum(['xirr_needs_a_sign_change', 'xirr_did_not_converge']).nullable(),
});

export const HoldingPerformanceJson = z.object({
  total: FiguresJson,
  bySource: z.object({
    gold_fx_allocation: FiguresJson,
    forfeited_crypto: FiguresJson,
    state_mining: FiguresJson,
    repatriated: FiguresJson,
  }),
});

/** GET /reserve/performance */
export const ReservePerformanceJson = z.object({
  day: z.string(),
  managers: z.array(
    z.union([
      z.object({
        bySource: z.array(
          z.object({
            source: z.enum([
              'gold_fx_allocation',
              'forfeited_crypto',
              'state_mining',
              'repatriated',
            ]),
            value: z.string(),
          }),
        ),
        venture: VentureMetricsJson.nullable(),
        hedge: z.null(),
        managerId: z.string(),
        name: z.string(),
        kind: z.enum(MANAGER_KINDS),
        value: z.string(),
      }),
      z.object({
        bySource: z.array(
          z.object({
            source: z.enum([
              'gold_fx_allocation',
              'forfeited_crypto',
              'state_mining',
              'repatriated',
            ]),
            value: z.string(),
          }),
        ),
        venture: z.null(),
        hedge: HoldingPerformanceJson.nullable(),
        managerId: z.string(),
        name: z.string(),
        kind: z.enum(MANAGER_KINDS),
        value: z.string(),
      }),
    ]),
  ),
  hedgeFunds: FiguresJson.nullable(),
  bySource: z.array(
    z.object({
      source: z.enum(['gold_fx_allocation', 'forfeited_crypto', 'state_mining', 'repatriated']),
      value: z.string(),
    }),
  ),
});

export const ManagerRowJson = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(MANAGER_KINDS),
  status: z.enum(MANAGER_STATUSES),
  mandate: jsonValue,
  terms: jsonValue,
  addresses: z.record(z.string(), z.string()),
  ddScore: z.number().nullable(),
  createdAt: z.string(),
});

/** GET /reserve/managers */
export const ReserveManagersJson = z.object({
  managers: z.array(ManagerRowJson),
  ddSections: z.tuple([
    z.literal('custody'),
    z.literal('valuation'),
    z.literal('governance'),
    z.literal('conflicts'),
    z.literal('aml'),
    z.literal('operations'),
  ]),
});

export const ManagerEventRowJson = z.object({
  id: z.string(),
  managerId: z.string(),
  kind: z.enum(['status', 'dd_section']),
  fromStatus: z.enum(MANAGER_STATUSES).nullable(),
  toStatus: z.enum(MANAGER_STATUSES).nullable(),
  section: z.enum(DD_SECTIONS).nullable(),
  score: z.number().nullable(),
  notes: z.string(),
  documents: z.array(z.object({ name: z.string(), sha256: z.string() })),
  requestId: z.string().nullable(),
  actor: z.string(),
  at: z.string(),
});

export const FlowRowJson = z.object({
  id: z.string(),
  managerId: z.string(),
  kind: z.enum(['commitment', 'subscription', 'redemption', 'capital_call', 'distribution']),
  method: z.enum(['in_kind', 'cash']),
  day: z.string(),
  value: z.string(),
  units: z.string(),
  navPerUnit: z.string().nullable(),
  fundingSource: z.enum(['gold_fx_allocation', 'forfeited_crypto', 'state_mining', 'repatriated']),
  split: z.record(z.string(), z.string()),
  asset: z.string().nullable(),
  assetUnits: z.string().nullable(),
  lotId: z.string().nullable(),
  transferIds: z.array(z.string()),
  requestId: z.string().nullable(),
  details: jsonValue,
  actor: z.string(),
  at: z.string(),
  chainTxid: z.string().nullable(),
});

export const RedemptionRowJson = z.object({
  id: z.string(),
  managerId: z.string(),
  parentId: z.string().nullable(),
  requestedOn: z.string(),
  dealingDay: z.string(),
  requestedUnits: z.string(),
  paidUnits: z.string(),
  queuedUnits: z.string(),
  penalty: z.string(),
  flowId: z.string().nullable(),
});

/** GET /reserve/managers/:id */
export const ReserveManagers2Json = z.object({
  manager: z.object({
    id: z.string(),
    name: z.string(),
    kind: z.enum(MANAGER_KINDS),
    status: z.enum(MANAGER_STATUSES),
    ddScore: z.number().nullable(),
    addresses: z.record(z.string(), z.string()),
    createdAt: z.string(),
  }),
  mandate: z.object({
    permittedAssets: z.array(AssetCodeJson),
    maxLeverageBps: z.number(),
    maxDrawdownBps: z.number(),
    concentrationLimitBps: z.number(),
  }),
  terms: jsonValue,
  dueDiligence: z.object({
    overall: z.number().nullable(),
    sections: z.array(
      z.object({
        section: z.enum(DD_SECTIONS),
        score: z.number().nullable(),
        notes: z.string(),
        documents: z.array(z.object({ name: z.string(), sha256: z.string() })),
        scoredAt: z.string().nullable(),
        scoredBy: z.string().nullable(),
      }),
    ),
  }),
  history: z.array(ManagerEventRowJson),
  position: z
    .object({
      value: z.string(),
      units: z.string(),
      navPerUnit: z.string().nullable(),
      navDay: z.string().nullable(),
      stale: z.boolean(),
      bySource: z.array(
        z.object({
          source: z.enum(['gold_fx_allocation', 'forfeited_crypto', 'state_mining', 'repatriated']),
          value: z.string(),
        }),
      ),
    })
    .nullable(),
  commitment: z
    .object({
      committed: z.string(),
      called: z.string(),
      unfunded: z.string(),
      distributed: z.string(),
    })
    .nullable(),
  venture: VentureMetricsJson.nullable(),
  flows: z.array(FlowRowJson),
  queuedRedemptions: z.array(RedemptionRowJson),
});

/** POST /reserve/managers/:id/due-diligence */
export const ReserveManagersDueDiligencePostJson = z.object({ score: z.number().nullable() });

/** POST /reserve/managers/:id/status */
export const ReserveManagersStatusPostJson = z.object({
  from: z.enum(MANAGER_STATUSES),
  to: z.enum(MANAGER_STATUSES),
});

/** GET /reserve/managers/:id/attribution */
export const ReserveManagersAttributionJson = z.object({
  managerId: z.string(),
  day: z.string(),
  value: z.string(),
  bySource: z.array(
    z.object({
      source: z.enum(['gold_fx_allocation', 'forfeited_crypto', 'state_mining', 'repatriated']),
      value: z.string(),
    }),
  ),
});

export const FeeCheckLineJson = z.object({
  day: z.string(),
  expected: z.object({ management: z.string(), performance: z.string() }).nullable(),
  reported: z.object({ management: z.string(), performance: z.string() }).nullable(),
  managementDifference: z.string().nullable(),
  performanceDifference: z.string().nullable(),
  flagged: z.boolean(),
});

/** GET /reserve/managers/:id/fee-check */
export const ReserveManagersFeeCheckJson = z.object({
  managerId: z.string(),
  lines: z.array(FeeCheckLineJson),
  flagged: z.number(),
});

/** GET /reserve/flows */
export const ReserveFlowsJson = z.object({
  flows: z.array(FlowRowJson),
  next: z.string().nullable(),
});

/** POST /reserve/flows/:id/chain-txid */
export const ReserveFlowsChainTxidPostJson = z.object({ flowId: z.string(), txid: z.string() });

/** POST /reserve/distributions */
export const ReserveDistributionsPostJson = jsonValue;

/** POST /reserve/redemptions */
export const ReserveRedemptionsPostJson = jsonValue;

/** POST /reserve/redemptions/:id/deal-queued */
export const ReserveRedemptionsDealQueuedPostJson = jsonValue;

/** GET /reserve/redemptions */
export const ReserveRedemptionsJson = z.object({ redemptions: z.array(RedemptionRowJson) });

/** POST /reserve/nav */
export const ReserveNavPostJson = z.object({ importId: z.string(), imported: z.number() });

/** POST /reserve/nav/import */
export const ReserveNavImportPostJson = z.object({ importId: z.string(), imported: z.number() });

/** GET /reserve/managers/:id/nav */
export const ReserveManagersNavJson = z.object({
  statements: z.array(
    z.object({
      nav: z.string(),
      units: z.string().nullable(),
      navPerUnit: z.string().nullable(),
      managementFee: z.string(),
      performanceFee: z.string(),
      id: z.string(),
      managerId: z.string(),
      period: z.string(),
      day: z.string(),
      grossExposureBps: z.number().nullable(),
      positions: z.array(z.object({ asset: z.string(), value: z.string() })),
      exposures: z.array(z.object({ asset: z.string(), bps: z.number() })),
      sha256: z.string(),
      importId: z.string().nullable(),
    }),
  ),
});
