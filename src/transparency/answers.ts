import { z } from 'zod';
import { CheckpointBodyJson } from '../audit/answers.ts';

/**
 * What this domain's routes answer, as the client receives it (amounts as decimal strings, times as
 * ISO strings). The routes serialize through these schemas and the web app parses with them.
 */
/** GET /public/reports */
export const PublicReportsJson = z.object({
  reports: z.array(
    z.object({
      id: z.string(),
      kind: z.enum(['monthly', 'quarterly']),
      period: z.string(),
      from: z.string(),
      to: z.string(),
      sha256: z.string(),
      publishedAt: z.string(),
      auditSeq: z.number(),
      links: z.object({ bundle: z.string(), csv: z.string(), pdf: z.string() }),
    }),
  ),
  next: z.string().nullable(),
});

export const ImfViewJson = z.object({
  template: z.literal(
    'IMF Reserves Data Template (international reserves and foreign currency liquidity), section I',
  ),
  day: z.string(),
  currency: z.literal('USD'),
  officialReserveAssets: z.object({
    lines: z.array(
      z.object({
        item: z.string(),
        bucket: z.enum(['hedge_funds', 'venture_funds', 'gold', 'fx']),
        value: z.string(),
      }),
    ),
    total: z.string(),
  }),
  otherForeignCurrencyAssets: z.object({
    lines: z.array(
      z.object({
        item: z.string(),
        bucket: z.enum(['hedge_funds', 'venture_funds', 'gold', 'fx']),
        value: z.string(),
      }),
    ),
    total: z.string(),
  }),
  stale: z.boolean(),
  notes: z.array(z.string()),
});

export const SumLeafJson = z
  .object({ amount: z.string(), asset: z.unknown().optional() })
  .catchall(z.unknown());

export const SumProofStepJson = z.object({
  side: z.enum(['left', 'right']),
  hash: z.string(),
  sum: z.string(),
});

export const ClaimProofDocumentJson = z.object({
  porId: z.string(),
  porSha256: z.string(),
  side: z.literal('liabilities'),
  asset: z.string(),
  index: z.number(),
  leaf: SumLeafJson,
  proof: z.array(SumProofStepJson),
  root: z.object({ hash: z.string(), sum: z.string() }),
});

export const AuditRefJson = z.object({ seq: z.string(), leafHash: z.string() });

export const ReportFigureJson = z.object({
  id: z.string(),
  section: z.string(),
  label: z.string(),
  asset: z.string().nullable(),
  units: z.string().nullable(),
  value: z.string().nullable(),
  evidence: z.record(z.string(), z.union([z.array(z.string()), z.string()]).nullable()),
  refs: z.array(AuditRefJson),
});

export const ReportBodyJson = z.object({
  format: z.enum(['kazna.report/v1', 'kazna.report/v2']),
  id: z.string(),
  kind: z.enum(['monthly', 'quarterly']),
  period: z.string(),
  from: z.string(),
  to: z.string(),
  currency: z.string(),
  generatedAt: z.string(),
  checkpoint: z.object({ size: z.string(), root: z.string() }),
  figures: z.array(ReportFigureJson),
  sums: z.array(z.object({ total: z.string(), parts: z.array(z.string()) })),
  prices: z.array(z.record(z.string(), z.union([z.boolean(), z.string()]))),
  imf: z.unknown(),
  por: z
    .object({
      id: z.string(),
      sha256: z.string(),
      roots: z.array(
        z.object({ side: z.string(), asset: z.string(), hash: z.string(), sum: z.string() }),
      ),
    })
    .nullable(),
  notes: z.array(z.string()),
});

export const ReportStatementJson = z.object({
  kind: z.literal('kazna.transparency.report'),
  v: z.literal(1),
  id: z.string(),
  sha256: z.string(),
  header: z.string(),
  figures: z.array(z.object({ id: z.string(), sha256: z.string() })),
});

export const SignatureBlockJson = z.object({
  keyId: z.string(),
  publicKey: z.string(),
  signature: z.string(),
});

export const SignedCheckpointJson = z.object({ body: CheckpointBodyJson, signature: z.string() });

export const PorTreeJson = z.object({
  side: z.enum(['custody', 'liabilities', 'reserve']),
  asset: z.string(),
  root: z.object({ hash: z.string(), sum: z.string() }),
  leaves: z.array(z.object({ hash: z.string(), leaf: SumLeafJson })),
});

export const PorBodyJson = z.object({
  format: z.enum(['kazna.por/v1', 'kazna.por/v2']),
  id: z.string(),
  day: z.string(),
  asOf: z.string(),
  trees: z.array(PorTreeJson),
  coverage: z.array(
    z.object({
      asset: z.string(),
      liabilities: z.string(),
      custody: z.string(),
      covered: z.boolean(),
    }),
  ),
  notes: z.array(z.string()),
});

export const PorDocumentJson = z.object({
  body: PorBodyJson,
  sha256: z.string(),
  signature: SignatureBlockJson,
});

export const ReportBundleJson = z.object({
  format: z.literal('kazna.report.bundle/v1'),
  report: ReportBodyJson,
  sha256: z.string(),
  statement: ReportStatementJson,
  signature: SignatureBlockJson,
  reportKey: z.object({ seq: z.string(), entry: z.string(), proof: z.array(z.string()) }),
  checkpoint: SignedCheckpointJson,
  logKey: z.object({ keyId: z.string(), publicKey: z.string() }),
  proofs: z.record(z.string(), z.array(z.string())),
  por: PorDocumentJson.nullable(),
});

/** POST /transparency/reports */
export const TransparencyReportsPostJson = z.object({
  id: z.string(),
  published: z.boolean(),
  auditSeq: z.number().nullable(),
  bundle: ReportBundleJson,
});

/** POST /transparency/proof-of-reserves */
export const TransparencyProofOfReservesPostJson = z.object({
  auditSeq: z.number(),
  document: PorDocumentJson,
});

/** GET /transparency/claims/:claimId/receipt */
export const TransparencyClaimsReceiptJson = z.object({
  claimId: z.string(),
  salt: z.string(),
  commitment: z.string(),
});

export const LotReceiptLeafJson = z.object({
  side: z.enum(['custody', 'liabilities', 'reserve']),
  asset: z.string(),
  index: z.number(),
  leaf: SumLeafJson,
  proof: z.array(SumProofStepJson),
  root: z.object({ hash: z.string(), sum: z.string() }),
});

export const LotReceiptJson = z.object({
  lotId: z.string(),
  salt: z.string(),
  commitment: z.string(),
  porId: z.string(),
  porSha256: z.string(),
  leaves: z.array(LotReceiptLeafJson),
});
