import type { AuditService } from '../audit/service.ts';
import type { Clock } from '../core/clock.ts';
import type { Actor } from '../core/identity.ts';
import type { IdSource } from '../core/ids.ts';
import type { Result } from '../core/result.ts';
import type { Db } from '../db/pool.ts';
import type { LedgerService } from '../ledger/service.ts';
import type { Market } from '../market/service.ts';
import type { ReserveReads } from '../reserve/public.ts';
import type { Seizures } from '../seizures/service.ts';
import type { TransparencyDeps } from './deps.ts';
import { introduceReportKey, loadReportKey, type IntroducedKey } from './keys.ts';
import {
  buildPor,
  claimProof,
  claimReceipt,
  lotReceipt,
  porDocument,
  type ClaimProofError,
  type LotReceiptError,
  type PublishedPor,
  type ReceiptError,
} from './por/service.ts';
import { imfView, type ImfView } from './reports/model.ts';
import { reportFor, type PublishedReport, type ReportError } from './reports/service.ts';
import * as store from './store.ts';
import type { ClaimProofDocument } from '../../verifier/src/por.ts';
import type { LotReceipt } from '../../verifier/src/receipts.ts';

/**
 * The transparency domain's server side: signed periodic reports, proofs of reserves with
 * liabilities, claimant proofs and the IMF reserve-template view. The public portal
 * (`src/transparency/public/`) reads these; the standalone verifier checks them.
 */
export interface TransparencyServiceDeps {
  readonly db: Db;
  readonly clock: Clock;
  readonly ids: IdSource;
  readonly dataDir: string;
  readonly audit: AuditService;
  readonly ledger: LedgerService;
  readonly seizures: Seizures;
  readonly market: Market;
  readonly reserve: ReserveReads;
}

export interface Transparency {
  /**
   * Errors: period_invalid, no_data_for_period; publish only: period_not_ended (the period's last
   * day is today or later), report_already_published.
   */
  report(
    actor: Actor,
    period: string,
    publish: boolean,
  ): Promise<Result<PublishedReport, ReportError>>;
  reports(page: { limit: number; before?: string }): Promise<store.ReportRow[]>;
  /** The bundle's exact JSON text as published, or null. */
  reportBundle(id: string): Promise<{ row: store.ReportRow; bundle: string } | null>;
  buildPor(actor: Actor): Promise<PublishedPor>;
  por(id: string): Promise<store.PorRow | null>;
  /** Errors: por_not_found, leaf_not_found. */
  claimProof(
    porId: string,
    commitment: string,
  ): Promise<Result<ClaimProofDocument, ClaimProofError>>;
  /** Errors: claim_not_in_proof_of_reserves. */
  claimReceipt(
    claimId: string,
  ): Promise<Result<{ claimId: string; salt: string; commitment: string }, ReceiptError>>;
  /**
   * A lot's inclusion receipt in a proof of reserves (`latest` or an id), for an actor who may see
   * the lot. Errors: lot_not_found (also when the actor may not see it), por_not_found,
   * lot_not_in_proof_of_reserves.
   */
  lotReceipt(
    actor: Actor,
    lotId: string,
    porId: string,
  ): Promise<Result<LotReceipt, LotReceiptError>>;
  /** Errors: no_valuation_for_day. */
  imf(day: string): Promise<Result<ImfView, 'no_valuation_for_day'>>;
}

export function createTransparency(s: TransparencyServiceDeps): Transparency {
  let introduced: Promise<IntroducedKey> | null = null;
  const reportKey = (): Promise<IntroducedKey> => {
    introduced ??= loadReportKey(s.dataDir).then((key) => introduceReportKey(s, key));
    // A failed introduction is retried on the next call rather than cached.
    introduced.catch(() => {
      introduced = null;
    });
    return introduced;
  };
  const d: TransparencyDeps = { ...s, reportKey };
  return {
    report: (actor, period, publish) => reportFor(d, actor, period, publish),
    reports: (page) => store.listReports(s.db, page),
    reportBundle: (id) => store.reportBundle(s.db, id),
    buildPor: (actor) => buildPor(d, actor),
    por: (id) => porDocument(d, id),
    claimProof: (porId, commitment) => claimProof(d, porId, commitment),
    claimReceipt: (claimId) => claimReceipt(d, claimId),
    lotReceipt: (actor, lotId, porId) => lotReceipt(d, actor, lotId, porId),
    imf: async (day) => {
      const a = await s.reserve.allocation(day);
      return a.ok ? { ok: true, value: imfView(a.value) } : a;
    },
  };
}
