import { isHex, isList } from './hex.ts';
import {
  lotCommitment,
  POR_SIDES,
  treeName,
  type Check,
  type PorDocument,
  type PorSide,
} from './por.ts';
import { sumProofProblem, type SumLeaf, type SumProofStep } from './sumtree.ts';

/**
 * A lot's inclusion receipt: what Kazna hands a lot's officials (never the public) so they can check
 * offline that a proof of reserves counts their lot. It carries the lot id and its salt, their
 * commitment, and every leaf of the proof that names the commitment (a lot can sit in the custody
 * tree and, while before a court, in the liabilities tree; an early sale's escrow too), each with
 * its path to the tree's root.
 */
export interface LotReceiptLeaf {
  readonly side: PorSide;
  readonly asset: string;
  readonly index: number;
  readonly leaf: SumLeaf;
  readonly proof: readonly SumProofStep[];
  readonly root: { readonly hash: string; readonly sum: string };
}

export interface LotReceipt {
  readonly lotId: string;
  readonly salt: string;
  readonly commitment: string;
  readonly porId: string;
  readonly porSha256: string;
  readonly leaves: readonly LotReceiptLeaf[];
}

export function isLotReceipt(value: unknown): value is LotReceipt {
  const r = value as Partial<Record<keyof LotReceipt, unknown>> | null;
  return (
    typeof r === 'object' &&
    r !== null &&
    typeof r.lotId === 'string' &&
    isHex(r.salt, 32) &&
    isHex(r.commitment, 32) &&
    typeof r.porId === 'string' &&
    isHex(r.porSha256, 32) &&
    isList(r.leaves) &&
    (r.leaves as readonly unknown[]).every(isReceiptLeaf)
  );
}

function isReceiptLeaf(value: unknown): boolean {
  const l = value as Partial<Record<keyof LotReceiptLeaf, unknown>> | null;
  const root = l?.root as { hash?: unknown; sum?: unknown } | null | undefined;
  return (
    typeof l === 'object' &&
    l !== null &&
    (POR_SIDES as readonly unknown[]).includes(l.side) &&
    typeof l.asset === 'string' &&
    Number.isSafeInteger(l.index) &&
    typeof l.leaf === 'object' &&
    l.leaf !== null &&
    isList(l.proof) &&
    (l.proof as readonly unknown[]).every((s) => typeof s === 'object' && s !== null) &&
    typeof root === 'object' &&
    root !== null
  );
}

const leafLabel = (l: LotReceiptLeaf): string =>
  `leaf ${treeName(l)}#${String(l.index)} (${String(l.leaf['category'])})`;

/** The receipt's own checks: the commitment is the lot's, and each leaf folds up to its root. */
function receiptProblems(r: LotReceipt): string[] {
  const out: string[] = [];
  if (lotCommitment(r.lotId, r.salt) !== r.commitment)
    out.push('the commitment is not the one of this lot id and salt');
  if (r.leaves.length === 0) out.push('the receipt shows no leaf of the lot');
  for (const l of r.leaves) {
    if (l.leaf['lotCommitment'] !== r.commitment)
      out.push(`${leafLabel(l)}: does not carry the lot's commitment`);
    const p = sumProofProblem(l.leaf, l.proof, l.root);
    if (p !== null) out.push(`${leafLabel(l)}: ${p}`);
  }
  return out;
}

/** Against the (separately verified) signed proof: the roots are its roots, and no leaf is left out. */
function againstPor(r: LotReceipt, por: PorDocument): string[] {
  const out: string[] = [];
  if (por.sha256 !== r.porSha256 || por.body.id !== r.porId)
    out.push('the receipt names another proof of reserves');
  for (const l of r.leaves) {
    const tree = por.body.trees.find((t) => t.side === l.side && t.asset === l.asset);
    if (tree?.root.hash !== l.root.hash || tree.root.sum !== l.root.sum)
      out.push(`${leafLabel(l)}: the root is not the published root of ${treeName(l)}`);
  }
  const listed = new Set(r.leaves.map((l) => `${treeName(l)}#${String(l.index)}`));
  for (const t of por.body.trees)
    t.leaves.forEach(({ leaf }, i) => {
      if (leaf['lotCommitment'] === r.commitment && !listed.has(`${treeName(t)}#${String(i)}`))
        out.push(`leaf ${treeName(t)}#${String(i)} names the lot but the receipt leaves it out`);
    });
  return out;
}

/**
 * An official's check of their lot's receipt, offline. With `por` (the signed proof of reserves,
 * verified on its own with `verifyPorDocument`), also that every root is the published one and that
 * the receipt lists every leaf of the lot.
 */
export function verifyLotReceipt(value: unknown, por?: PorDocument): Check {
  if (!isLotReceipt(value)) return { ok: false, problems: ['the lot receipt is malformed'] };
  const problems = [
    ...receiptProblems(value),
    ...(por === undefined ? [] : againstPor(value, por)),
  ];
  return { ok: problems.length === 0, problems };
}
