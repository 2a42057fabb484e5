/** The shapes of /api/v1/public/… answers, as the portal reads them. Money is decimal strings. */
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
