import { appendAudit } from '../../audit/append.ts';
import { SYSTEM, type Actor } from '../../core/identity.ts';
import { err, ok, type Result } from '../../core/result.ts';
import type { ReserveAllocation } from '../../reserve/public.ts';
import { toHex } from '../../../verifier/src/hex.ts';
import type { PorDocument } from '../../../verifier/src/por.ts';
import {
  REPORT_BUNDLE_FORMAT,
  REPORT_FORMAT,
  reportMessage,
  reportStatement,
  type AuditRef,
  type ReportBody,
  type ReportBundle,
  type ReportFigure,
} from '../../../verifier/src/reports.ts';
import type { CheckpointView } from '../../audit/model.ts';
import type { TransparencyDeps } from '../deps.ts';
import * as store from '../store.ts';
import {
  contributionFigures,
  custodyFigures,
  flowFigures,
  managerFigures,
  pricesOn,
  reserveFigures,
  type DraftFigure,
  type Prices,
} from './gather.ts';
import { figure, imfView, parsePeriod, totalOf, type Period, type PeriodError } from './model.ts';

/**
 * Periodic reports. `draft` builds and signs a report without recording it (a preview); `publish`
 * records it and its `transparency.report.published` entry in one transaction. Both make (or reuse)
 * a checkpoint covering every entry a figure refers to, and prove each reference against it.
 */
export type ReportError =
  PeriodError | 'period_not_ended' | 'no_data_for_period' | 'report_already_published';

export interface Draft {
  readonly figures: readonly DraftFigure[];
  readonly sums: readonly { total: string; parts: string[] }[];
  readonly prices: Prices;
  readonly allocation: ReserveAllocation | null;
}

type Lot = Awaited<ReturnType<TransparencyDeps['seizures']['lots']>>[number];

async function allLots(d: TransparencyDeps): Promise<Lot[]> {
  const out: Lot[] = [];
  for (let after: string | undefined; ;) {
    const page = await d.seizures.lots(SYSTEM, {
      limit: 500,
      ...(after === undefined ? {} : { after }),
    });
    out.push(...page);
    const last = page.at(-1);
    if (page.length < 500 || last === undefined) return out;
    after = last.id;
  }
}

/** The period's figures from the ledger, seizures, the reserve reads and the day's prices. */
export async function gatherDraft(d: TransparencyDeps, p: Period): Promise<Draft> {
  const allocated = await d.reserve.allocation(p.to);
  const allocation = allocated.ok ? allocated.value : null;
  const lots = await allLots(d);
  const prices = await pricesOn(d, p.to, [...new Set(lots.map((l) => l.asset))]);
  const buckets = await reserveFigures(d, p, allocation);
  const managers = await managerFigures(d, p.to);
  const custody = await custodyFigures(d, p, lots, prices);
  const flows = [...(await flowFigures(d, p, prices)), ...(await contributionFigures(d, p))];
  const sums: { total: string; parts: string[] }[] = [];
  const totals: DraftFigure[] = [];
  const addTotal = (id: string, section: string, label: string, parts: readonly DraftFigure[]) => {
    if (parts.length === 0) return;
    const t = totalOf(id, section, label, parts.map(asFigure));
    totals.push({ ...t.total, seqs: [] });
    sums.push(t.sum);
  };
  addTotal('holdings.total', 'holdings', 'Reserve total', buckets);
  addTotal('holdings.managers.total', 'managers', 'Held through managers', managers);
  addTotal('custody.total', 'custody', 'Seized assets held (valued)', custody);
  const figures = [...buckets, ...managers, ...custody, ...flows, ...totals];
  return { figures, sums, prices, allocation };
}

function asFigure(f: DraftFigure): ReportFigure {
  return figure({ ...f, refs: [] });
}

/** True when the period has nothing to report: no reserve, no custody, no flow. */
function isEmpty(draft: Draft): boolean {
  return (
    draft.allocation === null &&
    draft.figures.every((f) => f.section !== 'custody' && f.section !== 'flows')
  );
}

async function proofsFor(d: TransparencyDeps, seqs: readonly number[], size: number) {
  const refs = new Map<number, AuditRef>();
  const proofs: Record<string, string[]> = {};
  for (const seq of [...new Set(seqs)].sort((a, b) => a - b)) {
    const p = await d.audit.inclusionProof(seq, size);
    if (!p.ok) throw new Error(`entry ${seq} has no proof at ${size}: ${p.code}`);
    refs.set(seq, { seq: String(seq), leafHash: p.value.leafHash });
    proofs[String(seq)] = [...p.value.proof];
  }
  return { refs, proofs };
}

interface Signed {
  readonly bundle: ReportBundle;
  readonly checkpoint: CheckpointView;
}

async function signReport(
  d: TransparencyDeps,
  p: Period,
  draft: Draft,
  id: string,
): Promise<Signed> {
  const { key, seq: keySeq } = await d.reportKey();
  const latestPor = await store.latestPor(d.db);
  const por = latestPor === null ? null : (JSON.parse(latestPor.document) as PorDocument);
  // The checkpoint comes after every read, so it covers every entry a figure refers to.
  const cp = await d.audit.checkpoint(SYSTEM);
  const size = Number(cp.body.size);
  const { refs, proofs } = await proofsFor(
    d,
    draft.figures.flatMap((f) => f.seqs),
    size,
  );
  const keyProof = await d.audit.inclusionProof(keySeq, size);
  const keyEntry = await d.audit.entry(keySeq);
  if (!keyProof.ok || keyEntry === null) throw new Error('the report key entry has no proof');
  const figures = draft.figures.map(({ seqs, ...f }) =>
    figure({ ...f, refs: seqs.flatMap((s) => refs.get(s) ?? []) }),
  );
  const report: ReportBody = {
    format: REPORT_FORMAT,
    id,
    kind: p.kind,
    period: p.period,
    from: p.from,
    to: p.to,
    currency: 'USD',
    generatedAt: d.clock.now().toISOString(),
    checkpoint: { size: cp.body.size, root: cp.body.root },
    figures,
    sums: draft.sums,
    prices: [...draft.prices.lines.entries()].map(([asset, l]) =>
      l === null ? { asset, missing: true } : { ...l },
    ),
    imf: draft.allocation === null ? null : imfView(draft.allocation),
    por:
      por === null
        ? null
        : {
            id: por.body.id,
            sha256: por.sha256,
            roots: por.body.trees.map((t) => ({ side: t.side, asset: t.asset, ...t.root })),
          },
    notes: reportNotes(draft),
  };
  const statement = reportStatement(report);
  const bundle: ReportBundle = {
    format: REPORT_BUNDLE_FORMAT,
    report,
    sha256: statement.sha256,
    statement,
    signature: {
      keyId: key.keyId,
      publicKey: key.publicKeyHex,
      signature: toHex(key.sign(reportMessage(statement))),
    },
    reportKey: { seq: String(keySeq), entry: keyEntry.entry, proof: [...keyProof.value.proof] },
    checkpoint: { body: cp.body, signature: cp.signature },
    logKey: await logKeyOf(d, cp.body.keyId),
    proofs,
    por,
  };
  return { bundle, checkpoint: cp };
}

async function logKeyOf(d: TransparencyDeps, keyId: string) {
  const key = (await d.audit.keys()).find((k) => k.keyId === keyId);
  if (key === undefined) throw new Error(`the log key ${keyId} is not in the log`);
  return { keyId, publicKey: key.publicKey };
}

function reportNotes(draft: Draft): string[] {
  const notes = [
    "Values are USD cents; units are base units of each asset. Flows and custody are valued at the closing prices of the period's last day.",
    'Each figure lists the audit entries it follows from, each with an RFC 9162 inclusion proof against the signed checkpoint.',
  ];
  if (draft.allocation?.stale === true)
    notes.push('A price or NAV behind the reserve valuation is stale or missing.');
  if ([...draft.prices.lines.values()].some((l) => l === null))
    notes.push(
      'Some assets had no price on the last day: their values are null and count as zero in totals.',
    );
  return notes;
}

export interface PublishedReport {
  readonly id: string;
  readonly bundle: ReportBundle;
  readonly auditSeq: number | null;
}

export async function reportFor(
  d: TransparencyDeps,
  actor: Actor,
  periodText: string,
  publish: boolean,
): Promise<Result<PublishedReport, ReportError>> {
  const parsed = parsePeriod(periodText);
  if (!parsed.ok) return parsed;
  const p = parsed.value;
  // A published report is the period's figures for good; before the period ends they are not yet
  // known, and the prices of its last day do not exist. A draft (a preview) may look ahead.
  const today = d.clock.now().toISOString().slice(0, 10);
  if (publish && p.to >= today)
    return err(
      'period_not_ended',
      `${p.period} ends on ${p.to}; its report can be published from the day after`,
      { period: p.period, to: p.to, today },
    );
  if (publish) {
    const existing = await store.reportFor(d.db, p.kind, p.period);
    if (existing !== null)
      return err('report_already_published', `the ${p.kind} report for ${p.period} is published`, {
        id: existing.id,
      });
  }
  const draft = await gatherDraft(d, p);
  if (isEmpty(draft))
    return err('no_data_for_period', `nothing was held or moved in ${p.period}`, {
      period: p.period,
      from: p.from,
      to: p.to,
    });
  const id = d.ids.next<'Report'>();
  const { bundle } = await signReport(d, p, draft, id);
  if (!publish) return ok({ id, bundle, auditSeq: null });
  return record(d, actor, p, bundle);
}

async function record(
  d: TransparencyDeps,
  actor: Actor,
  p: Period,
  bundle: ReportBundle,
): Promise<Result<PublishedReport, ReportError>> {
  return d.db.command(async (tx) => {
    const existing = await store.reportFor(tx, p.kind, p.period);
    if (existing !== null)
      return err('report_already_published', `the ${p.kind} report for ${p.period} is published`, {
        id: existing.id,
      });
    const { seq } = await appendAudit(tx, d.clock, {
      actor,
      action: 'transparency.report.published',
      subjects: [bundle.report.id],
      payload: {
        reportId: bundle.report.id,
        kind: p.kind,
        period: p.period,
        sha256: bundle.sha256,
        keyId: bundle.signature.keyId,
        signature: bundle.signature.signature,
        checkpointSize: bundle.checkpoint.body.size,
      },
    });
    await store.insertReport(tx, {
      id: bundle.report.id,
      kind: p.kind,
      period: p.period,
      from: p.from,
      to: p.to,
      sha256: bundle.sha256,
      bundle: JSON.stringify(bundle),
      publishedAt: d.clock.now(),
      auditSeq: Number(seq),
    });
    return ok({ id: bundle.report.id, bundle, auditSeq: Number(seq) });
  });
}
