import { sha256 } from '@noble/hashes/sha2.js';
import { canonicalBytes } from './canonical.ts';
import { isHex, isList, toHex } from './hex.ts';
import { keyIdOf, verifyEd25519 } from './signature.ts';
import {
  isAmount,
  sumLeafNode,
  sumProofProblem,
  sumTreeRoot,
  type SumLeaf,
  type SumProofStep,
} from './sumtree.ts';

/**
 * Proof of reserves, with liabilities. One Merkle sum tree per side and asset: `liabilities`
 * (victims' claims, lots held for courts, escrowed sale proceeds), `custody` (lots and escrow
 * balances held, with the on-chain addresses the publication rule allows) and `reserve` (the
 * reserve's accounts and its managers' positions with the hashes of their NAV statements). Every
 * tree lists its leaves; the signature covers the SHA-256 of the canonical body, so any change to a
 * leaf, a root or a sum is seen, and each check names the tree and leaf it failed on.
 *
 * Versions: `kazna.por/v1` named lots, ledger accounts and managers by their record ids; `kazna.por/v2`
 * names no record: a lot is its salted commitment (`lotCommitment`), an account its bucket, a manager
 * its name. Both verify; a v2 leaf that carries a record id is a problem.
 */
export const POR_FORMAT = 'kazna.por/v2';
export const POR_FORMATS = ['kazna.por/v1', POR_FORMAT] as const;
export type PorFormat = (typeof POR_FORMATS)[number];
export const POR_SIDES = ['liabilities', 'custody', 'reserve'] as const;
export type PorSide = (typeof POR_SIDES)[number];

export interface PorTree {
  readonly side: PorSide;
  readonly asset: string;
  readonly root: { readonly hash: string; readonly sum: string };
  readonly leaves: readonly { readonly hash: string; readonly leaf: SumLeaf }[];
}

export interface PorBody {
  readonly format: PorFormat;
  readonly id: string;
  readonly day: string;
  readonly asOf: string;
  readonly trees: readonly PorTree[];
  /** Per asset: liabilities against what is held for them (custody); `covered` when held >= owed. */
  readonly coverage: readonly {
    readonly asset: string;
    readonly liabilities: string;
    readonly custody: string;
    readonly covered: boolean;
  }[];
  readonly notes: readonly string[];
}

export interface SignatureBlock {
  readonly keyId: string;
  readonly publicKey: string;
  readonly signature: string;
}

export interface PorDocument {
  readonly body: PorBody;
  readonly sha256: string;
  readonly signature: SignatureBlock;
}

export interface Check {
  readonly ok: boolean;
  /** Each names what failed: a figure, a tree and leaf, a signature. */
  readonly problems: readonly string[];
}

export function porMessage(sha256Hex: string): Uint8Array {
  return canonicalBytes({ kind: 'kazna.transparency.por', v: 1, sha256: sha256Hex });
}

export function sha256Json(value: unknown): string {
  return toHex(sha256(canonicalBytes(value)));
}

/** The claimant's leaf names only this hash: without the salt, nobody can link it to the claim. */
export function claimantCommitment(claimId: string, saltHex: string): string {
  return sha256Json({ kind: 'kazna.por.claimant', v: 1, claimId, salt: saltHex });
}

/**
 * A lot's leaves (v2) name only this hash, the same in every proof of reserves: its officials, who
 * hold the salt, can find and check them; nobody else can link them to the lot.
 */
export function lotCommitment(lotId: string, saltHex: string): string {
  return sha256Json({ kind: 'kazna.por.lot', v: 1, lotId, salt: saltHex });
}

/** A record id in Kazna's format (UUID), wherever it appears in a text. */
const RECORD_ID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/** The record ids a published value carries, other than `own` (a document's id for itself). */
export function recordIdsIn(value: unknown, own: readonly string[] = []): string[] {
  const found = JSON.stringify(value).match(RECORD_ID) ?? [];
  return [...new Set(found)].filter((id) => !own.includes(id));
}

export function treeName(t: { side: unknown; asset: unknown }): string {
  return `${String(t.side)}/${String(t.asset)}`;
}

function leafName(t: PorTree, i: number, leaf: SumLeaf): string {
  const category = typeof leaf['category'] === 'string' ? ` (${leaf['category']})` : '';
  return `tree ${treeName(t)} leaf ${i}${category}`;
}

/** Recomputes every leaf hash, every root and sum, and the coverage lines. */
export function porTreeProblems(body: PorBody): string[] {
  const out: string[] = [];
  for (const t of body.trees) {
    if (!POR_SIDES.includes(t.side)) out.push(`tree ${treeName(t)}: unknown side`);
    if (!isList(t.leaves) || !isAmount(t.root.sum) || !isHex(t.root.hash, 32)) {
      out.push(`tree ${treeName(t)}: malformed`);
      continue;
    }
    let leavesOk = true;
    for (const [i, { hash, leaf }] of t.leaves.entries()) {
      // The document came from outside: a leaf may be anything until checked.
      const raw = leaf as unknown;
      if (typeof raw !== 'object' || raw === null || !isAmount(leaf.amount)) {
        out.push(`${leafName(t, i, leaf)}: the amount is not a decimal of base units`);
        leavesOk = false;
      } else if (toHex(sumLeafNode(leaf).hash) !== hash) {
        out.push(`${leafName(t, i, leaf)}: its content does not match its hash (leaf changed)`);
        leavesOk = false;
      } else if (leaf.asset !== t.asset) {
        out.push(`${leafName(t, i, leaf)}: asset ${String(leaf.asset)} in tree ${t.asset}`);
      }
      if (body.format !== 'kazna.por/v1' && recordIdsIn(raw).length > 0)
        out.push(`${leafName(t, i, leaf)}: names a record id, which a v2 leaf never does`);
    }
    if (!leavesOk) {
      out.push(`tree ${treeName(t)}: root not recomputed because a leaf is bad`);
      continue;
    }
    const root = sumTreeRoot(t.leaves.map((l) => l.leaf));
    if (toHex(root.hash) !== t.root.hash)
      out.push(`tree ${treeName(t)}: the leaves do not give the published root hash`);
    if (root.sum.toString() !== t.root.sum)
      out.push(`tree ${treeName(t)}: the leaves add up to ${root.sum}, not ${t.root.sum}`);
  }
  return [...out, ...coverageProblems(body)];
}

function coverageProblems(body: PorBody): string[] {
  const out: string[] = [];
  const sumOf = (side: PorSide, asset: string): bigint =>
    BigInt(body.trees.find((t) => t.side === side && t.asset === asset)?.root.sum ?? '0');
  for (const c of body.coverage) {
    const owed = sumOf('liabilities', c.asset);
    const held = sumOf('custody', c.asset);
    if (c.liabilities !== owed.toString() || c.custody !== held.toString())
      out.push(`coverage ${c.asset}: does not match the roots of its trees`);
    if (c.covered !== held >= owed) out.push(`coverage ${c.asset}: covered flag is wrong`);
  }
  return out;
}

export function isPorDocument(value: unknown): value is PorDocument {
  const d = value as Partial<PorDocument> | null;
  const b = d?.body as Partial<PorBody> | undefined;
  return (
    typeof d === 'object' &&
    d !== null &&
    typeof b === 'object' &&
    (POR_FORMATS as readonly unknown[]).includes(b.format) &&
    typeof b.id === 'string' &&
    isList(b.trees) &&
    (b.trees as readonly unknown[]).every(
      (t) =>
        typeof t === 'object' && t !== null && typeof (t as { root?: unknown }).root === 'object',
    ) &&
    Array.isArray(b.coverage) &&
    Array.isArray(b.notes) &&
    isHex(d.sha256, 32) &&
    isSignatureBlock(d.signature)
  );
}

export function isSignatureBlock(value: unknown): value is SignatureBlock {
  const s = value as Partial<SignatureBlock> | null;
  return (
    typeof s === 'object' &&
    s !== null &&
    Object.keys(s).length === 3 &&
    typeof s.keyId === 'string' &&
    isHex(s.publicKey, 32) &&
    isHex(s.signature, 64)
  );
}

/**
 * Checks a proof-of-reserves document on its own: its signature (under one of `trustedKeys` when
 * given, as hex public keys), its hash, every leaf, root, sum and coverage line.
 */
export function verifyPorDocument(value: unknown, trustedKeys: readonly string[] = []): Check {
  if (!isPorDocument(value))
    return { ok: false, problems: ['the proof of reserves document is malformed'] };
  const problems: string[] = [];
  const s = value.signature;
  if (keyIdOf(s.publicKey) !== s.keyId)
    problems.push('proof of reserves signature: the key id does not match the public key');
  if (trustedKeys.length > 0 && !trustedKeys.includes(s.publicKey))
    problems.push('proof of reserves signature: the key is not one you trust');
  if (!verifyEd25519(s.publicKey, porMessage(value.sha256), s.signature))
    problems.push('proof of reserves signature: does not verify');
  if (sha256Json(value.body) !== value.sha256)
    problems.push('proof of reserves: the body does not hash to the signed sha256 (body changed)');
  problems.push(...porTreeProblems(value.body));
  return { ok: problems.length === 0, problems };
}

/** What the claimant route serves: one leaf, its path, and the tree it belongs to. */
export interface ClaimProofDocument {
  readonly porId: string;
  readonly porSha256: string;
  readonly side: 'liabilities';
  readonly asset: string;
  readonly index: number;
  readonly leaf: SumLeaf;
  readonly proof: readonly SumProofStep[];
  readonly root: { readonly hash: string; readonly sum: string };
}

/**
 * A claimant's check: the leaf carries the commitment of their claim id and salt, it folds up to the
 * root, and that root is the one the (separately verified) signed proof of reserves publishes.
 */
export function verifyClaimProof(
  proofDoc: ClaimProofDocument,
  claim: { readonly claimId: string; readonly salt: string },
  por?: PorDocument,
): Check {
  const problems: string[] = [];
  if (proofDoc.leaf['commitment'] !== claimantCommitment(claim.claimId, claim.salt))
    problems.push('the leaf is not the commitment of this claim id and salt');
  const p = sumProofProblem(proofDoc.leaf, proofDoc.proof, proofDoc.root);
  if (p !== null) problems.push(`claim leaf: ${p}`);
  if (por !== undefined) {
    const tree = por.body.trees.find((t) => t.side === 'liabilities' && t.asset === proofDoc.asset);
    if (por.sha256 !== proofDoc.porSha256 || por.body.id !== proofDoc.porId)
      problems.push('the proof names another proof of reserves');
    if (tree?.root.hash !== proofDoc.root.hash || tree.root.sum !== proofDoc.root.sum)
      problems.push(`the root is not the published root of liabilities/${proofDoc.asset}`);
  }
  return { ok: problems.length === 0, problems };
}
