/** The shapes of /api/v1/public/… answers, as the portal reads them. Money is decimal strings. */
export interface AllocationLine {
  readonly bucket: 'gold' | 'fx' | 'hedge_funds' | 'venture_funds';
  readonly official: boolean;
  readonly value: string;
  readonly shareBps: number;
  readonly share: string;
  readonly targetBps: number | null;
  readonly target: string | null;
}
export interface Allocation {
  readonly day: string;
  readonly total: string;
  readonly officialReserveAssets: string;
  readonly otherAssets: string;
  readonly stale: boolean;
  readonly lines: readonly AllocationLine[];
}
export interface ValueSeries {
  readonly points: readonly { readonly day: string; readonly total: string }[];
}
export interface Enforcement {
  readonly day: string;
  readonly operations: number;
  readonly exchangesShutDown: number;
  readonly exchangesInRegistryShutDown: number;
  readonly volumeProcessedByShutDownExchangesUsd: string;
  readonly lots: number;
  readonly byAsset: readonly (Readonly<Record<string, string>> & { readonly asset: string })[];
  readonly valueUsd: Readonly<
    Record<string, { readonly value: string; readonly unpriced: readonly string[] }>
  >;
}
export interface Flows {
  readonly links: readonly {
    readonly asset: string;
    readonly source: string;
    readonly target: string;
    readonly units: string;
  }[];
}
/** No lot id: the publication rule (src/transparency/public/policy.ts) never publishes one. */
export interface Addresses {
  readonly lots: readonly {
    readonly asset: string;
    readonly chain: string;
    readonly addresses: readonly string[];
    readonly balance: string;
  }[];
}
export interface Verification {
  readonly checkpoint: {
    readonly size: number;
    readonly body: {
      readonly kind: 'kazna.audit.checkpoint';
      readonly v: 1;
      readonly origin: string;
      readonly size: string;
      readonly root: string;
      readonly at: string;
      readonly keyId: string;
    };
    readonly signature: string;
  };
  readonly key: { readonly keyId: string; readonly publicKey: string } | null;
  readonly entries: readonly {
    readonly figure: string;
    readonly seq: number;
    readonly leafHash: string | null;
    readonly proof: readonly string[] | null;
  }[];
}
export interface ReportSummary {
  readonly id: string;
  readonly kind: string;
  readonly period: string;
  readonly sha256: string;
  readonly publishedAt: string;
  readonly links: Readonly<Record<string, string>>;
}
