/** Disposal replies: amounts and prices arrive as decimal strings already in whole units. */
export interface AuctionSummary {
  readonly id: string;
  readonly asset: string;
  readonly status: string;
  readonly reservePrice: string;
  readonly closesAt: string;
  readonly requestId: string | null;
  readonly createdAt: string;
  readonly lots: readonly { readonly lotId: string; readonly amount: string }[];
}

export interface AuctionDetail {
  readonly auction: AuctionSummary;
  readonly bidders: readonly {
    readonly id: string;
    readonly kycRef: string;
    readonly address: string;
    readonly status: string;
  }[];
  readonly bids: readonly {
    readonly id: string;
    readonly lotId: string;
    readonly bidderId: string;
    readonly commitment: string;
    readonly committedAt: string;
    readonly price: string | null;
    readonly revealedAt: string | null;
  }[];
  readonly awards: readonly {
    readonly lotId: string;
    readonly bidId: string | null;
    readonly amount: string;
    readonly clearingPrice: string | null;
    readonly referencePrice: string | null;
    readonly referenceDay: string | null;
    readonly premiumBps: number | null;
    readonly proceeds: string | null;
    readonly requestId: string | null;
  }[];
}

export interface PlanSummary {
  readonly id: string;
  readonly lotId: string;
  readonly asset: string;
  readonly counterpartyRef: string;
  readonly maxVolumeShareBps: number;
  readonly toleranceBps: number;
  readonly requestId: string | null;
  readonly createdAt: string;
  readonly tranches: readonly { readonly trancheNo: number; readonly amount: string }[];
}

export interface ExecutionReport {
  readonly unitsPlanned: string;
  readonly unitsFilled: string;
  readonly tranchesPlanned: number;
  readonly tranchesFilled: number;
  readonly proceeds: string;
  readonly vwap: string | null;
  readonly referenceVwap: string | null;
  readonly referenceTwap: string | null;
  readonly slippageVsVwapBps: number | null;
  readonly slippageVsTwapBps: number | null;
  readonly cost: string;
  readonly breaches: readonly { readonly trancheNo: number; readonly slippageBps: number }[];
  readonly fills: readonly {
    readonly trancheNo: number;
    readonly day: string;
    readonly units: string;
    readonly executionPrice: string;
    readonly referencePrice: string;
    readonly slippageBps: number;
    readonly dailyVolume: string;
    readonly volumeShareBps: number;
    readonly proceeds: string;
    readonly requestId: string | null;
  }[];
}

export interface GovernedOutcome {
  readonly requestId: string;
  readonly state: 'applied' | 'pending_approval';
}

export interface SeizedLot {
  readonly id: string;
  readonly asset: string;
  readonly amount: string;
  readonly remaining: string;
  readonly status: string;
  readonly caseId?: string;
  /** The sale or contribution holding the lot; null when it is free. */
  readonly commitment?: { readonly route: string; readonly reference: string } | null;
}
