import { canonicalBytes } from './canonical.ts';
import {
  checkpointMessage,
  isDecimal,
  isSignedCheckpoint,
  type SignedCheckpoint,
} from './formats.ts';
import { fromHex, isHex, isList, toHex, utf8 } from './hex.ts';
import { leafHash, verifyInclusion } from './merkle.ts';
import {
  isPorDocument,
  isSignatureBlock,
  recordIdsIn,
  sha256Json,
  verifyPorDocument,
  type Check,
  type PorDocument,
  type SignatureBlock,
} from './por.ts';
import { keyIdOf, verifyEd25519 } from './signature.ts';
import { isAmount } from './sumtree.ts';

/**
 * A published transparency report (`kazna.report.bundle/v1`) and its offline check. The report key
 * signs a statement listing the SHA-256 of each figure and of the rest of the report, so a changed
 * figure is named, not just detected. Each figure's audit references come with RFC 9162 inclusion
 * proofs against a checkpoint signed by the log key; the report key itself was introduced by a log
 * entry, which the bundle carries with its own proof.
 *
 * Report versions: `kazna.report/v1` could name records (a manager's id in a figure id, lot ids as
 * evidence); `kazna.report/v2` names none besides itself and its proof of reserves. Both verify; a
 * v2 figure that names a record is a problem.
 */
export const REPORT_FORMAT = 'kazna.report/v2';
export const REPORT_FORMATS = ['kazna.report/v1', REPORT_FORMAT] as const;
export const REPORT_BUNDLE_FORMAT = 'kazna.report.bundle/v1';
export const REPORT_KEY_ACTION = 'transparency.report_key.introduced';

export interface AuditRef {
  readonly seq: string;
  /** The entry's RFC 9162 leaf hash (its hash in the log). */
  readonly leafHash: string;
}

export interface ReportFigure {
  readonly id: string;
  readonly section: string;
  readonly label: string;
  readonly asset: string | null;
  /** Base units of `asset`, decimal; null for a figure that is only a value. */
  readonly units: string | null;
  /** Base units of the report's currency (USD cents); null when no price was available. */
  readonly value: string | null;
  readonly evidence: Readonly<Record<string, string | readonly string[] | null>>;
  readonly refs: readonly AuditRef[];
}

export interface ReportBody {
  readonly format: (typeof REPORT_FORMATS)[number];
  readonly id: string;
  readonly kind: 'monthly' | 'quarterly';
  readonly period: string;
  readonly from: string;
  readonly to: string;
  readonly currency: string;
  readonly generatedAt: string;
  readonly checkpoint: { readonly size: string; readonly root: string };
  readonly figures: readonly ReportFigure[];
  /** Each total figure equals the sum of its parts' values. */
  readonly sums: readonly { readonly total: string; readonly parts: readonly string[] }[];
  readonly prices: readonly Readonly<Record<string, string | boolean>>[];
  readonly imf: unknown;
  readonly por: {
    readonly id: string;
    readonly sha256: string;
    readonly roots: readonly { side: string; asset: string; hash: string; sum: string }[];
  } | null;
  readonly notes: readonly string[];
}

/** What the report key signs. */
export interface ReportStatement {
  readonly kind: 'kazna.transparency.report';
  readonly v: 1;
  readonly id: string;
  readonly sha256: string;
  readonly header: string;
  readonly figures: readonly { readonly id: string; readonly sha256: string }[];
}

export interface ReportBundle {
  readonly format: typeof REPORT_BUNDLE_FORMAT;
  readonly report: ReportBody;
  readonly sha256: string;
  readonly statement: ReportStatement;
  readonly signature: SignatureBlock;
  readonly reportKey: { readonly seq: string; readonly entry: string; readonly proof: string[] };
  readonly checkpoint: SignedCheckpoint;
  readonly logKey: { readonly keyId: string; readonly publicKey: string };
  /** Inclusion proofs against `checkpoint`, by audit seq. */
  readonly proofs: Readonly<Record<string, readonly string[]>>;
  readonly por: PorDocument | null;
}

const BUNDLE_KEYS = [
  'checkpoint',
  'format',
  'logKey',
  'por',
  'proofs',
  'reportKey',
  'report',
  'sha256',
  'signature',
  'statement',
];

/** The report minus its figures: what the statement's `header` hash covers. */
export function reportHeader(report: ReportBody): Omit<ReportBody, 'figures'> {
  return Object.fromEntries(Object.entries(report).filter(([k]) => k !== 'figures')) as Omit<
    ReportBody,
    'figures'
  >;
}

export function reportStatement(report: ReportBody): ReportStatement {
  return {
    kind: 'kazna.transparency.report',
    v: 1,
    id: report.id,
    sha256: sha256Json(report),
    header: sha256Json(reportHeader(report)),
    figures: report.figures.map((f) => ({ id: f.id, sha256: sha256Json(f) })),
  };
}

export function reportMessage(statement: ReportStatement): Uint8Array {
  return canonicalBytes(statement);
}

export interface ReportCheck extends Check {
  readonly checked: {
    readonly figures: number;
    readonly auditRefs: number;
    readonly sums: number;
    readonly porTrees: number;
    readonly checkpointSize: number | null;
  };
}

export interface ReportOptions {
  /** Log public keys (hex) you trust, e.g. from your last verified audit bundle. */
  readonly pinnedLogKeys?: readonly string[];
}

function exactKeys(value: unknown, keys: readonly string[]): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const have = Object.keys(value).sort();
  return have.length === keys.length && [...keys].sort().every((k, i) => have[i] === k);
}

function shapeProblems(value: unknown): string[] {
  const b = (value ?? {}) as Partial<ReportBundle>;
  const out: string[] = [];
  if (!exactKeys(b, BUNDLE_KEYS))
    out.push(`the bundle must have exactly ${BUNDLE_KEYS.join(', ')}`);
  if (b.format !== REPORT_BUNDLE_FORMAT) out.push(`format must be ${REPORT_BUNDLE_FORMAT}`);
  const r: unknown = b.report;
  const report = r as Partial<ReportBody> | null;
  if (
    typeof r !== 'object' ||
    report === null ||
    !(REPORT_FORMATS as readonly unknown[]).includes(report.format)
  )
    out.push(`report.format must be one of ${REPORT_FORMATS.join(', ')}`);
  else if (!isList(report.figures) || !isList(report.sums) || typeof report.checkpoint !== 'object')
    out.push('the report lacks figures, sums or checkpoint');
  const s = b.statement as Partial<ReportStatement> | undefined;
  if (
    !exactKeys(s, ['figures', 'header', 'id', 'kind', 'sha256', 'v']) ||
    s?.kind !== 'kazna.transparency.report' ||
    s.v !== 1 ||
    !Array.isArray(s.figures)
  )
    out.push('the signed statement is malformed');
  if (!isSignatureBlock(b.signature)) out.push('report signature: malformed');
  if (!isSignedCheckpoint(b.checkpoint) || !exactKeys(b.checkpoint, ['body', 'signature']))
    out.push('checkpoint: malformed');
  if (!exactKeys(b.logKey, ['keyId', 'publicKey']) || !isHex(b.logKey?.publicKey, 32))
    out.push('logKey: malformed');
  if (
    !exactKeys(b.reportKey, ['entry', 'proof', 'seq']) ||
    !isDecimal(b.reportKey?.seq) ||
    typeof b.reportKey.entry !== 'string' ||
    !Array.isArray(b.reportKey.proof) ||
    !b.reportKey.proof.every((h) => isHex(h, 32))
  )
    out.push('reportKey: malformed');
  const proofs: unknown = b.proofs;
  if (typeof proofs !== 'object' || proofs === null) out.push('proofs: malformed');
  if (b.por !== null && !isPorDocument(b.por)) out.push('por: malformed');
  return out;
}

/** The report key's signature, its hash chain (statement -> figures, header, whole report). */
function signatureProblems(b: ReportBundle): string[] {
  const out: string[] = [];
  const s = b.signature;
  if (keyIdOf(s.publicKey) !== s.keyId)
    out.push('report signature: the key id does not match the public key');
  if (!verifyEd25519(s.publicKey, reportMessage(b.statement), s.signature))
    out.push(`report signature: does not verify under report key ${s.keyId}`);
  const fresh = reportStatement(b.report);
  const signed = new Map(b.statement.figures.map((f) => [f.id, f.sha256]));
  for (const f of fresh.figures) {
    const want = signed.get(f.id);
    if (want === undefined) out.push(`figure ${f.id}: not in the signed statement`);
    else if (want !== f.sha256) out.push(`figure ${f.id}: changed after signing`);
  }
  const have = new Set(fresh.figures.map((f) => f.id));
  for (const id of signed.keys())
    if (!have.has(id)) out.push(`figure ${id}: signed but missing from the report`);
  if (fresh.figures.length !== b.statement.figures.length)
    out.push('figures: the report and the statement list a different number');
  if (fresh.header !== b.statement.header)
    out.push(
      'report header (period, prices, IMF view, reserve roots or notes): changed after signing',
    );
  if (b.statement.id !== b.report.id) out.push('report id: not the signed one');
  if (fresh.sha256 !== b.statement.sha256 || b.sha256 !== b.statement.sha256)
    out.push('report sha256: does not match the signed statement');
  return out;
}

function checkpointProblems(b: ReportBundle, options: ReportOptions): string[] {
  const out: string[] = [];
  const cp = b.checkpoint;
  if (keyIdOf(b.logKey.publicKey) !== b.logKey.keyId || cp.body.keyId !== b.logKey.keyId)
    out.push('checkpoint signature: the log key does not match the checkpoint key id');
  const pins = options.pinnedLogKeys ?? [];
  if (pins.length > 0 && !pins.includes(b.logKey.publicKey))
    out.push('checkpoint signature: the log key is not one you pinned');
  if (!verifyEd25519(b.logKey.publicKey, checkpointMessage(cp.body), cp.signature))
    out.push('checkpoint signature: does not verify under the log key');
  if (b.report.checkpoint.size !== cp.body.size || b.report.checkpoint.root !== cp.body.root)
    out.push('checkpoint: not the one the report names');
  return out;
}

function included(
  b: ReportBundle,
  seq: string,
  leafHex: string,
  proof: readonly string[],
): boolean {
  const cp = b.checkpoint.body;
  if (!isDecimal(seq) || !isHex(leafHex, 32) || !proof.every((h) => isHex(h, 32))) return false;
  return verifyInclusion(
    fromHex(leafHex),
    Number(seq),
    Number(cp.size),
    proof.map(fromHex),
    fromHex(cp.root),
  );
}

/** The report key was introduced by a log entry, included in the checkpoint. */
function reportKeyProblems(b: ReportBundle): string[] {
  const { seq, entry, proof } = b.reportKey;
  let parsed: { seq?: unknown; action?: unknown; payload?: { publicKey?: unknown } };
  try {
    parsed = JSON.parse(entry) as typeof parsed;
  } catch {
    return ['report key: its log entry is not JSON'];
  }
  const out: string[] = [];
  if (parsed.action !== REPORT_KEY_ACTION || parsed.seq !== seq)
    out.push(`report key: entry ${seq} is not a ${REPORT_KEY_ACTION} entry`);
  if (parsed.payload?.publicKey !== b.signature.publicKey)
    out.push('report key: the log entry introduces another key');
  if (!included(b, seq, toHex(leafHash(utf8(entry))), proof))
    out.push(`report key: entry ${seq} is not included in checkpoint ${b.checkpoint.body.size}`);
  return out;
}

function refProblems(b: ReportBundle): { problems: string[]; count: number } {
  const out: string[] = [];
  const used = new Set<string>();
  let count = 0;
  for (const f of b.report.figures) {
    for (const ref of isList(f.refs) ? f.refs : []) {
      count += 1;
      used.add(ref.seq);
      const proof = Object.hasOwn(b.proofs, ref.seq) ? b.proofs[ref.seq] : undefined;
      if (!isList(proof) || proof === undefined)
        out.push(`figure ${f.id}: no inclusion proof for entry ${ref.seq}`);
      else if (!included(b, ref.seq, ref.leafHash, proof))
        out.push(
          `figure ${f.id}: audit entry ${ref.seq} is not included in checkpoint ${b.checkpoint.body.size}`,
        );
    }
  }
  for (const seq of Object.keys(b.proofs))
    if (!used.has(seq)) out.push(`proofs: entry ${seq} has a proof but no figure refers to it`);
  return { problems: out, count };
}

function sumProblems(report: ReportBody): string[] {
  const out: string[] = [];
  const byId = new Map(report.figures.map((f) => [f.id, f]));
  const valueOf = (id: string): bigint | null => {
    const v = byId.get(id)?.value;
    return v === undefined ? null : v === null ? 0n : isAmount(v) ? BigInt(v) : null;
  };
  for (const s of report.sums) {
    const total = valueOf(s.total);
    const parts = s.parts.map(valueOf);
    if (total === null || parts.some((p) => p === null)) {
      out.push(`sum ${s.total}: a figure it names is missing or not a decimal`);
      continue;
    }
    const added = parts.reduce<bigint>((a, p) => a + (p ?? 0n), 0n);
    if (added !== total) out.push(`sum ${s.total}: its parts add up to ${added}, not ${total}`);
  }
  return out;
}

/** A v2 report names no record: only itself and the proof of reserves it carries. */
function recordIdProblems(report: ReportBody): string[] {
  if (report.format === 'kazna.report/v1') return [];
  const own = [report.id, ...(report.por === null ? [] : [report.por.id])];
  const out = report.figures
    .filter((f) => recordIdsIn(f, own).length > 0)
    .map((f) => `figure ${f.id}: names a record id, which a v2 report never does`);
  if (recordIdsIn(reportHeader(report), own).length > 0)
    out.push('report header: names a record id, which a v2 report never does');
  return out;
}

function porProblems(b: ReportBundle): string[] {
  const named = b.report.por;
  if (named === null) return b.por === null ? [] : ['por: a document the report does not name'];
  if (b.por === null) return [`por: the report names ${named.id} but the bundle lacks it`];
  const out = verifyPorDocument(b.por, [b.signature.publicKey]).problems.map((p) => `por: ${p}`);
  if (b.por.sha256 !== named.sha256 || b.por.body.id !== named.id)
    out.push('por: the document is not the one the report names');
  const roots = b.por.body.trees.map((t) => ({ side: t.side, asset: t.asset, ...t.root }));
  if (sha256Json(roots) !== sha256Json(named.roots))
    out.push('por: its roots do not match the roots in the report');
  return out;
}

/** Verifies a report bundle offline; `problems` name the figure, leaf or signature that failed. */
export function verifyReportBundle(value: unknown, options: ReportOptions = {}): ReportCheck {
  const shape = shapeProblems(value);
  const empty = { figures: 0, auditRefs: 0, sums: 0, porTrees: 0, checkpointSize: null };
  if (shape.length > 0) return { ok: false, problems: shape, checked: empty };
  try {
    return checkBundle(value as ReportBundle, options);
  } catch (error) {
    // A bundle edited into an odd shape deeper down (a figure that is not an object…) is malformed.
    const why = error instanceof Error ? error.message : String(error);
    return { ok: false, problems: [`the bundle is malformed: ${why}`], checked: empty };
  }
}

function checkBundle(b: ReportBundle, options: ReportOptions): ReportCheck {
  const refs = refProblems(b);
  const problems = [
    ...signatureProblems(b),
    ...checkpointProblems(b, options),
    ...reportKeyProblems(b),
    ...refs.problems,
    ...sumProblems(b.report),
    ...recordIdProblems(b.report),
    ...porProblems(b),
  ];
  return {
    ok: problems.length === 0,
    problems,
    checked: {
      figures: b.report.figures.length,
      auditRefs: refs.count,
      sums: b.report.sums.length,
      porTrees: b.por?.body.trees.length ?? 0,
      checkpointSize: Number(b.checkpoint.body.size),
    },
  };
}

/** The same from the bundle's text, as downloaded (a text that is not JSON is a problem, not a throw). */
export function verifyReportBundleText(text: string, options: ReportOptions = {}): ReportCheck {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return {
      ok: false,
      problems: ['the bundle is not JSON'],
      checked: { figures: 0, auditRefs: 0, sums: 0, porTrees: 0, checkpointSize: null },
    };
  }
  return verifyReportBundle(value, options);
}
