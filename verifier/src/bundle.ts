import { createLogChecker, type KeyRecord, type WitnessRecord } from './checker.ts';
import {
  checkpointMessage,
  cosignatureMessage,
  isDecimal,
  isSignedCheckpoint,
  type SignedCheckpoint,
} from './formats.ts';
import { fromHex, isHex } from './hex.ts';
import { verifyConsistency, verifyInclusion, type Hasher } from './merkle.ts';
import { findingOf, type Report } from './report.ts';
import { keyIdOf, verifyEd25519 } from './signature.ts';

/**
 * The offline bundle `kazna audit export` writes: entries `[from, to)` as their exact texts, every
 * checkpoint, the consistency proofs between consecutive ones, and the keys and witnesses. A range
 * that does not start at 0 carries the tree's left edge (`prefix`) so roots can still be rebuilt.
 */
export const BUNDLE_FORMAT = 'kazna.audit.bundle/v1';

export interface Bundle {
  readonly format: typeof BUNDLE_FORMAT;
  readonly origin: string;
  readonly exportedAt: string;
  readonly from: string;
  readonly to: string;
  /** Perfect-subtree hashes covering entries [0, from), largest first. */
  readonly prefix: readonly string[];
  /** Hash of entry from-1 (zeros when from = 0). */
  readonly prevHash: string;
  readonly entries: readonly string[];
  readonly checkpoints: readonly SignedCheckpoint[];
  readonly consistency: readonly {
    readonly from: string;
    readonly to: string;
    readonly proof: readonly string[];
  }[];
  readonly keys: readonly (KeyRecordJson & { readonly current: boolean })[];
  readonly witnesses: readonly (WitnessRecord & { readonly registeredAt: string })[];
  readonly cosignatures: readonly {
    readonly size: string;
    readonly witnessId: string;
    readonly signature: string;
  }[];
}

interface KeyRecordJson {
  readonly keyId: string;
  readonly publicKey: string;
  readonly introducedAt: string;
}

export interface BundleOptions {
  readonly hash?: Hasher;
  readonly trusted?: readonly SignedCheckpoint[];
  readonly pinnedKeys?: readonly string[];
  readonly requireWitnesses?: number;
  /** Called every `progressEvery` entries with (done, total). */
  readonly onProgress?: (done: number, total: number) => void;
  readonly progressEvery?: number;
}

/** Shape errors in a bundle, or an empty list. */
export function bundleProblems(value: unknown): string[] {
  const b = value as Partial<Record<keyof Bundle, unknown>> | null;
  if (typeof b !== 'object' || b === null) return ['the bundle is not a JSON object'];
  const out: string[] = [];
  if (b.format !== BUNDLE_FORMAT) out.push(`format must be ${BUNDLE_FORMAT}`);
  if (!isDecimal(b.from) || !isDecimal(b.to) || Number(b.from) > Number(b.to))
    out.push('from/to must be decimal strings with from <= to');
  if (!Array.isArray(b.entries) || !b.entries.every((e) => typeof e === 'string'))
    out.push('entries must be strings');
  else if (
    isDecimal(b.from) &&
    isDecimal(b.to) &&
    b.entries.length !== Number(b.to) - Number(b.from)
  )
    out.push('entries must hold to - from texts');
  if (!Array.isArray(b.prefix) || !b.prefix.every((h) => isHex(h, 32)))
    out.push('prefix must be 32-byte hex hashes');
  if (!isHex(b.prevHash, 32)) out.push('prevHash must be a 32-byte hex hash');
  if (!Array.isArray(b.checkpoints) || !b.checkpoints.every(isSignedCheckpoint))
    out.push('checkpoints are malformed');
  if (!Array.isArray(b.consistency)) out.push('consistency must be a list');
  if (!Array.isArray(b.keys) || !Array.isArray(b.witnesses))
    out.push('keys and witnesses must be lists');
  return out;
}

export function verifyBundle(value: unknown, options: BundleOptions = {}): Report {
  const problems = bundleProblems(value);
  if (problems.length > 0) return malformed(problems);
  const b = value as Bundle;
  const from = Number(b.from);
  const priorKeys: KeyRecord[] = b.keys
    .filter((k) => Number(k.introducedAt) < from)
    .map((k) => ({ keyId: k.keyId, publicKey: k.publicKey, introducedAt: Number(k.introducedAt) }));
  const priorWitnesses = b.witnesses.filter((w) => Number(w.registeredAt) < from);
  const checker = createLogChecker({
    ...(options.hash === undefined ? {} : { hash: options.hash }),
    ...(from === 0
      ? {}
      : { start: { size: from, prefix: b.prefix.map(fromHex), prevHash: fromHex(b.prevHash) } }),
    checkpoints: b.checkpoints.filter((c) => Number(c.body.size) > from),
    trusted: options.trusted ?? [],
    priorKeys,
    priorWitnesses,
    pinnedKeys: options.pinnedKeys ?? [],
    consistency: b.consistency.map((c) => ({
      from: Number(c.from),
      to: Number(c.to),
      proof: c.proof,
    })),
    requireWitnesses: options.requireWitnesses ?? 0,
    origin: b.origin,
  });
  const every = options.progressEvery ?? 10_000;
  b.entries.forEach((text, i) => {
    checker.push(from + i, text);
    if (options.onProgress !== undefined && (i + 1) % every === 0)
      options.onProgress(i + 1, b.entries.length);
  });
  options.onProgress?.(b.entries.length, b.entries.length);
  return checker.finish();
}

function malformed(problems: readonly string[]): Report {
  const findings = problems.map((p) => findingOf('bundle_malformed', p));
  return {
    ok: false,
    size: 0,
    root: null,
    entriesChecked: 0,
    checkpointsChecked: 0,
    latestCheckpoint: null,
    witnessed: null,
    firstBadEntry: null,
    findings,
    findingsTotal: findings.length,
  };
}

export interface CheckpointCheck {
  readonly ok: boolean;
  readonly signature: boolean;
  readonly validWitnesses: readonly string[];
  readonly problems: readonly string[];
}

/**
 * Checks one checkpoint without the log: its signature under the given log key, and how many of the
 * given witness cosignatures verify. A witness uses this before cosigning.
 */
export function verifyCheckpoint(
  checkpoint: unknown,
  logPublicKeyHex: string,
  cosignatures: readonly { readonly witnessId: string; readonly signature: string }[] = [],
  witnesses: readonly { readonly witnessId: string; readonly publicKey: string }[] = [],
  requireWitnesses = 0,
): CheckpointCheck {
  if (!isSignedCheckpoint(checkpoint))
    return {
      ok: false,
      signature: false,
      validWitnesses: [],
      problems: ['the checkpoint is malformed'],
    };
  const problems: string[] = [];
  if (keyIdOf(logPublicKeyHex) !== checkpoint.body.keyId)
    problems.push(`the checkpoint names key ${checkpoint.body.keyId}, not the given key`);
  const signature = verifyEd25519(
    logPublicKeyHex,
    checkpointMessage(checkpoint.body),
    checkpoint.signature,
  );
  if (!signature) problems.push('the log signature does not verify');
  const valid = new Set<string>();
  for (const c of cosignatures) {
    const w = witnesses.find((x) => x.witnessId === c.witnessId);
    if (
      w?.publicKey !== undefined &&
      keyIdOf(w.publicKey) === w.witnessId &&
      verifyEd25519(w.publicKey, cosignatureMessage(checkpoint.body), c.signature)
    )
      valid.add(c.witnessId);
    else problems.push(`the cosignature of ${c.witnessId} does not verify`);
  }
  if (valid.size < requireWitnesses)
    problems.push(`${valid.size} valid witness cosignature(s), ${requireWitnesses} required`);
  return {
    ok: signature && problems.length === 0,
    signature,
    validWitnesses: [...valid].sort(),
    problems,
  };
}

/** A proof as the API serves it (`GET /api/v1/audit/proofs/...`). */
export interface InclusionProofDocument {
  readonly kind: 'inclusion';
  readonly index: string;
  readonly size: string;
  readonly leafHash: string;
  readonly root: string;
  readonly proof: readonly string[];
}

export interface ConsistencyProofDocument {
  readonly kind: 'consistency';
  readonly from: string;
  readonly to: string;
  readonly fromRoot: string;
  readonly toRoot: string;
  readonly proof: readonly string[];
}

/** Checks a single proof document; the roots should come from checkpoints the caller verified. */
export function verifyProofDocument(doc: unknown): boolean {
  if (typeof doc !== 'object' || doc === null) return false;
  const d = doc as Record<string, unknown>;
  const proofHex = d['proof'];
  if (!Array.isArray(proofHex) || !proofHex.every((h) => isHex(h, 32))) return false;
  const proof = proofHex.map((h: string) => fromHex(h));
  if (d['kind'] === 'inclusion') {
    const { index, size, leafHash, root } = d;
    if (!isDecimal(index) || !isDecimal(size) || !isHex(leafHash, 32) || !isHex(root, 32))
      return false;
    return verifyInclusion(fromHex(leafHash), Number(index), Number(size), proof, fromHex(root));
  }
  if (d['kind'] === 'consistency') {
    const { from, to, fromRoot, toRoot } = d;
    if (!isDecimal(from) || !isDecimal(to) || !isHex(fromRoot, 32) || !isHex(toRoot, 32))
      return false;
    return verifyConsistency(Number(from), Number(to), fromHex(fromRoot), fromHex(toRoot), proof);
  }
  return false;
}
