import { sha256 } from '@noble/hashes/sha2.js';
import { equalBytes } from './hex.ts';

/**
 * The Merkle tree of RFC 9162 §2.1, written from the RFC's recursive definitions so that it can be
 * read next to them. `Hasher` lets a server plug in a faster SHA-256; the exported functions use
 * @noble/hashes so that they run unchanged in a browser.
 */
export type Hasher = (data: Uint8Array) => Uint8Array;

export interface Merkle {
  leafHash(data: Uint8Array): Uint8Array;
  nodeHash(left: Uint8Array, right: Uint8Array): Uint8Array;
  rootFromLeafHashes(leafHashes: readonly Uint8Array[]): Uint8Array;
  inclusionProof(leafHashes: readonly Uint8Array[], index: number): Uint8Array[];
  consistencyProof(leafHashes: readonly Uint8Array[], oldSize: number): Uint8Array[];
  verifyInclusion(
    leafHash: Uint8Array,
    index: number,
    treeSize: number,
    proof: readonly Uint8Array[],
    root: Uint8Array,
  ): boolean;
  verifyConsistency(
    oldSize: number,
    newSize: number,
    oldRoot: Uint8Array,
    newRoot: Uint8Array,
    proof: readonly Uint8Array[],
  ): boolean;
}

/** The largest power of two strictly smaller than n (n > 1): the RFC's split point k. */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

export function merkleWith(hash: Hasher): Merkle {
  const leafHash = (data: Uint8Array): Uint8Array => {
    const buf = new Uint8Array(data.length + 1);
    buf.set(data, 1);
    return hash(buf);
  };
  const nodeHash = (left: Uint8Array, right: Uint8Array): Uint8Array => {
    const buf = new Uint8Array(65);
    buf[0] = 1;
    buf.set(left, 1);
    buf.set(right, 33);
    return hash(buf);
  };
  // MTH(D[lo:hi]) over leaf hashes.
  const mth = (l: readonly Uint8Array[], lo: number, hi: number): Uint8Array => {
    if (hi - lo === 0) return hash(new Uint8Array(0));
    if (hi - lo === 1) {
      const leaf = l[lo];
      if (leaf === undefined) throw new RangeError(`no leaf ${lo}`);
      return leaf;
    }
    const k = splitPoint(hi - lo);
    return nodeHash(mth(l, lo, lo + k), mth(l, lo + k, hi));
  };
  // PATH(m, D[lo:hi]), §2.1.3.1.
  const path = (l: readonly Uint8Array[], m: number, lo: number, hi: number): Uint8Array[] => {
    if (hi - lo <= 1) return [];
    const k = splitPoint(hi - lo);
    if (m < k) return [...path(l, m, lo, lo + k), mth(l, lo + k, hi)];
    return [...path(l, m - k, lo + k, hi), mth(l, lo, lo + k)];
  };
  // SUBPROOF(m, D[lo:hi], b), §2.1.4.1.
  const subproof = (
    l: readonly Uint8Array[],
    m: number,
    lo: number,
    hi: number,
    b: boolean,
  ): Uint8Array[] => {
    if (m === hi - lo) return b ? [] : [mth(l, lo, hi)];
    const k = splitPoint(hi - lo);
    if (m <= k) return [...subproof(l, m, lo, lo + k, b), mth(l, lo + k, hi)];
    return [...subproof(l, m - k, lo + k, hi, false), mth(l, lo, lo + k)];
  };
  return {
    leafHash,
    nodeHash,
    rootFromLeafHashes: (l) => mth(l, 0, l.length),
    inclusionProof: (l, index) => {
      if (!Number.isSafeInteger(index) || index < 0 || index >= l.length)
        throw new RangeError(`index ${index} is not below the tree size ${l.length}`);
      return path(l, index, 0, l.length);
    },
    consistencyProof: (l, oldSize) => {
      if (!Number.isSafeInteger(oldSize) || oldSize < 1 || oldSize > l.length)
        throw new RangeError(`old size ${oldSize} must be in 1..${l.length}`);
      return subproof(l, oldSize, 0, l.length, true);
    },
    verifyInclusion: (leaf, index, size, proof, root) =>
      checkInclusion(nodeHash, leaf, index, size, proof, root),
    verifyConsistency: (m, n, oldRoot, newRoot, proof) =>
      checkConsistency(nodeHash, m, n, oldRoot, newRoot, proof),
  };
}

type NodeHash = (left: Uint8Array, right: Uint8Array) => Uint8Array;

const validSize = (n: number): boolean => Number.isSafeInteger(n) && n >= 0;

/** RFC 9162 §2.1.3.2, step by step. */
function checkInclusion(
  nodeHash: NodeHash,
  leaf: Uint8Array,
  index: number,
  size: number,
  proof: readonly Uint8Array[],
  root: Uint8Array,
): boolean {
  if (!validSize(index) || !validSize(size) || index >= size) return false;
  if (proof.some((p) => p.length !== 32) || leaf.length !== 32 || root.length !== 32) return false;
  let fn = index;
  let sn = size - 1;
  let r = leaf;
  for (const p of proof) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && equalBytes(r, root);
}

/** RFC 9162 §2.1.4.2, step by step. */
function checkConsistency(
  nodeHash: NodeHash,
  m: number,
  n: number,
  oldRoot: Uint8Array,
  newRoot: Uint8Array,
  proof: readonly Uint8Array[],
): boolean {
  if (!validSize(m) || !validSize(n) || m < 1 || m > n) return false;
  if (proof.some((p) => p.length !== 32) || oldRoot.length !== 32 || newRoot.length !== 32)
    return false;
  if (m === n) return proof.length === 0 && equalBytes(oldRoot, newRoot);
  if (proof.length === 0) return false;
  const path = isPowerOfTwo(m) ? [oldRoot, ...proof] : [...proof];
  let fn = m - 1;
  let sn = n - 1;
  while (fn % 2 === 1) {
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  const [first, ...rest] = path;
  if (first === undefined) return false;
  let fr = first;
  let sr = first;
  for (const c of rest) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && equalBytes(fr, oldRoot) && equalBytes(sr, newRoot);
}

function isPowerOfTwo(n: number): boolean {
  let x = n;
  while (x > 1 && x % 2 === 0) x /= 2;
  return x === 1;
}

const noble = merkleWith((data) => sha256(data));

/** RFC 9162 leaf hash: SHA-256(0x00 || data). */
export function leafHash(data: Uint8Array): Uint8Array {
  return noble.leafHash(data);
}
/** RFC 9162 interior node hash: SHA-256(0x01 || left || right). */
export function nodeHash(left: Uint8Array, right: Uint8Array): Uint8Array {
  return noble.nodeHash(left, right);
}
/** MTH over leaf hashes; the empty tree's root is SHA-256 of the empty string. */
export function rootFromLeafHashes(leafHashes: Uint8Array[]): Uint8Array {
  return noble.rootFromLeafHashes(leafHashes);
}
/** The audit path of leaf `index` (0-based) in the tree of all `leafHashes`, bottom first. */
export function inclusionProof(leafHashes: Uint8Array[], index: number): Uint8Array[] {
  return noble.inclusionProof(leafHashes, index);
}
/** The consistency proof from the first `oldSize` leaves to all of `leafHashes`. */
export function consistencyProof(leafHashes: Uint8Array[], oldSize: number): Uint8Array[] {
  return noble.consistencyProof(leafHashes, oldSize);
}
export function verifyInclusion(
  leafHash: Uint8Array,
  index: number,
  treeSize: number,
  proof: Uint8Array[],
  root: Uint8Array,
): boolean {
  return noble.verifyInclusion(leafHash, index, treeSize, proof, root);
}
export function verifyConsistency(
  oldSize: number,
  newSize: number,
  oldRoot: Uint8Array,
  newRoot: Uint8Array,
  proof: Uint8Array[],
): boolean {
  return noble.verifyConsistency(oldSize, newSize, oldRoot, newRoot, proof);
}
