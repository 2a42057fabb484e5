import { sha256 } from '@noble/hashes/sha2.js';
import { canonicalBytes } from './canonical.ts';
import { equalBytes, fromHex, isHex, toHex } from './hex.ts';
import { splitPoint } from './merkle.ts';

/**
 * A Merkle sum tree: every node commits to a hash and to the sum of the amounts below it, so one
 * signed root fixes both the set of leaves and their total. Proof of reserves uses one tree per side
 * and asset, with amounts in that asset's base units (no prices inside the tree: a price is an
 * opinion, an amount is a fact).
 *
 * - leaf:     hash = SHA-256(0x00 || canonical JSON of the leaf), sum = the leaf's `amount`
 * - interior: hash = SHA-256(0x01 || L.hash || be256(L.sum) || R.hash || be256(R.sum)),
 *             sum = L.sum + R.sum
 * - shape:    RFC 9162's (split at the largest power of two below n); empty tree: SHA-256(""), 0.
 *
 * Sums are unsigned 256-bit big-endian inside the hash, so a negative amount cannot hide a liability
 * (the classic attack on sum trees), and an interior sum that does not add up changes the root.
 */
export interface SumNode {
  readonly hash: Uint8Array;
  readonly sum: bigint;
}

/** A leaf is any JSON object with a decimal `amount` of base units. */
export interface SumLeaf {
  readonly amount: string;
  readonly asset?: unknown;
  readonly [field: string]: unknown;
}

/** One step of an inclusion proof: the sibling, and on which side it sits. */
export interface SumProofStep {
  readonly side: 'left' | 'right';
  readonly hash: string;
  readonly sum: string;
}

const MAX_SUM = (1n << 256n) - 1n;
const DECIMAL = /^(0|[1-9][0-9]{0,77})$/;

export function isAmount(value: unknown): value is string {
  return typeof value === 'string' && DECIMAL.test(value) && BigInt(value) <= MAX_SUM;
}

function be256(n: bigint): Uint8Array {
  const out = new Uint8Array(32);
  let x = n;
  for (let i = 31; i >= 0; i--) {
    out[i] = Number(x & 0xffn);
    x >>= 8n;
  }
  return out;
}

export function sumLeafNode(leaf: SumLeaf): SumNode {
  if (!isAmount(leaf.amount)) throw new RangeError('a leaf amount is a decimal of base units');
  const bytes = canonicalBytes(leaf);
  const buf = new Uint8Array(bytes.length + 1);
  buf.set(bytes, 1);
  return { hash: sha256(buf), sum: BigInt(leaf.amount) };
}

/** Null when the sum would not fit 256 bits (only a forged proof gets there). */
export function sumNode(left: SumNode, right: SumNode): SumNode | null {
  const sum = left.sum + right.sum;
  if (left.sum < 0n || right.sum < 0n || sum > MAX_SUM) return null;
  const buf = new Uint8Array(129);
  buf[0] = 1;
  buf.set(left.hash, 1);
  buf.set(be256(left.sum), 33);
  buf.set(right.hash, 65);
  buf.set(be256(right.sum), 97);
  return { hash: sha256(buf), sum };
}

function mustNode(left: SumNode, right: SumNode): SumNode {
  const n = sumNode(left, right);
  if (n === null) throw new RangeError('the sum of the tree exceeds 256 bits');
  return n;
}

function rootOf(nodes: readonly SumNode[], lo: number, hi: number): SumNode {
  if (hi - lo === 0) return { hash: sha256(new Uint8Array(0)), sum: 0n };
  if (hi - lo === 1) {
    const n = nodes[lo];
    if (n === undefined) throw new RangeError(`no leaf ${lo}`);
    return n;
  }
  const k = splitPoint(hi - lo);
  return mustNode(rootOf(nodes, lo, lo + k), rootOf(nodes, lo + k, hi));
}

export function sumTreeRoot(leaves: readonly SumLeaf[]): SumNode {
  const nodes = leaves.map(sumLeafNode);
  return rootOf(nodes, 0, nodes.length);
}

/** The siblings from leaf `index` up to the root, bottom first. */
export function sumTreeProof(leaves: readonly SumLeaf[], index: number): SumProofStep[] {
  if (!Number.isSafeInteger(index) || index < 0 || index >= leaves.length)
    throw new RangeError(`index ${index} is not below the tree size ${leaves.length}`);
  const nodes = leaves.map(sumLeafNode);
  const path = (m: number, lo: number, hi: number): SumProofStep[] => {
    if (hi - lo <= 1) return [];
    const k = splitPoint(hi - lo);
    if (m < k) return [...path(m, lo, lo + k), step('right', rootOf(nodes, lo + k, hi))];
    return [...path(m - k, lo + k, hi), step('left', rootOf(nodes, lo, lo + k))];
  };
  return path(index, 0, nodes.length);
}

function step(side: 'left' | 'right', n: SumNode): SumProofStep {
  return { side, hash: toHex(n.hash), sum: n.sum.toString() };
}

export function sumNodeJson(n: SumNode): { hash: string; sum: string } {
  return { hash: toHex(n.hash), sum: n.sum.toString() };
}

/**
 * Folds a leaf up its proof and compares with the root. Returns null when it verifies, or what is
 * wrong: a malformed step, a sum out of range, or the root (hash or sum) it does not reach.
 */
export function sumProofProblem(
  leaf: SumLeaf,
  proof: readonly SumProofStep[],
  root: { readonly hash: string; readonly sum: string },
): string | null {
  if (!isAmount(leaf.amount)) return 'the leaf amount is not a decimal of base units';
  if (!isHex(root.hash, 32) || !isAmount(root.sum)) return 'the root is malformed';
  let node = sumLeafNode(leaf);
  for (const [i, s] of proof.entries()) {
    const side: unknown = s.side;
    if ((side !== 'left' && side !== 'right') || !isHex(s.hash, 32) || !isAmount(s.sum))
      return `proof step ${i} is malformed`;
    const sibling = { hash: fromHex(s.hash), sum: BigInt(s.sum) };
    const next = s.side === 'left' ? sumNode(sibling, node) : sumNode(node, sibling);
    if (next === null) return `proof step ${i} overflows the sum`;
    node = next;
  }
  if (!equalBytes(node.hash, fromHex(root.hash))) return 'the proof does not reach the root hash';
  if (node.sum !== BigInt(root.sum)) return 'the proof does not reach the root sum';
  return null;
}
