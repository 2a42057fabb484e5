/** The risk API's replies as the dashboard reads them (src/risk/report.ts, store.ts). */
export interface VarFigure {
  readonly method: 'historical' | 'parametric' | 'monte_carlo';
  readonly confidence: number;
  readonly horizonDays: number;
  readonly var: number;
  readonly cvar: number;
}

export interface Breach {
  readonly limitId: string;
  readonly kind: string;
  readonly subject: string;
  readonly measuredBps: number;
  readonly thresholdBps: number;
  readonly message: string;
}

export interface RiskReport {
  readonly day: string;
  readonly currency: string;
  readonly total: string;
  readonly stale: boolean;
  readonly exposures: Readonly<Record<string, number>>;
  readonly factors: readonly {
    factor: string;
    volDaily: number;
    maxDrawdown: number;
    observations: number;
  }[];
  readonly var: readonly VarFigure[];
  readonly stress: readonly {
    id: string;
    name: string;
    kind: string;
    pnl: number;
    pnlFraction: number;
    /** Historical scenarios: each factor's shock, measured on the market store or documented. */
    shocks?: readonly StressShock[];
  }[];
  readonly liquidity: {
    readonly rungs: readonly { days: number; cumulative: string }[];
    readonly illiquid: string;
  };
  readonly breaches: readonly Breach[];
  /** Exact shares in bps (reports recorded before they were added lack them). */
  readonly shares?: {
    readonly cryptoBps: number;
    readonly managersBps: Readonly<Record<string, number>>;
  };
}

export interface StressShock {
  readonly factor: string;
  readonly shock: number;
  readonly from: 'series' | 'fallback';
  readonly sources?: readonly string[];
}

/** The market store's source of the demo's prices, which are generated, never real. */
export const DEMO_SOURCE = 'demo-generated';

export interface ReportSummary {
  readonly id: string;
  readonly day: string;
  readonly currency: string;
  readonly total: string;
  readonly var: readonly VarFigure[];
  readonly breaches: number;
  readonly reportSha256: string;
  readonly runBy: string;
  readonly runAt: string;
}

export interface Alert {
  readonly id: string;
  readonly limitId: string;
  readonly kind: string;
  readonly day: string;
  readonly subject: string;
  readonly measured: string;
  readonly threshold: string;
  readonly detail: { readonly message?: string };
  readonly acknowledgement: { by: string; at: string; note: string } | null;
}

export type Limit =
  | {
      kind: 'var';
      method: VarFigure['method'];
      confidence: number;
      horizonDays: number;
      maxBps: number;
    }
  | { kind: 'crypto_cap'; maxBps: number }
  | { kind: 'manager_concentration'; maxBps: number }
  | { kind: 'liquidity_min'; days: number; minBps: number };

export interface StoredLimit {
  readonly id: string;
  readonly limit: Limit;
  readonly setBy: string;
  readonly setAt: string;
}

export const METHOD_LABEL: Readonly<Record<VarFigure['method'], string>> = {
  historical: 'Historical',
  parametric: 'Parametric',
  monte_carlo: 'Monte Carlo',
};

export function money(x: number | string, currency: string): string {
  const n = typeof x === 'string' ? Number(x) : x;
  return `${n.toLocaleString('en-US', { maximumFractionDigits: 0 })} ${currency}`;
}

export function pct(x: number, digits = 1): string {
  return `${(x * 100).toFixed(digits)}%`;
}
