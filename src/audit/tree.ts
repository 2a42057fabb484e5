import { assert } from '../core/assert.ts';
import { sha256 } from '../core/hash.ts';
import type { Queryable } from '../db/pool.ts';
import { nodeHash } from './entry.ts';

/**
 * Roots and proofs from the stored perfect subtrees (`audit_merkle_nodes`), never from every leaf.
 * Each proof element is the hash of an RFC 9162 subtree [lo, hi); a subtree that is not perfect is
 * the fold of at most log2(n) perfect ones. So a proof first *plans* which nodes it needs (pure),
 * reads them in one query, then assembles. O(log n) rows, one round trip.
 */
export interface NodeRef {
  readonly level: number;
  readonly idx: number;
}
type Range = readonly [lo: number, hi: number];

function split(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

function isPowerOfTwo(n: number): boolean {
  let x = n;
  while (x > 1 && x % 2 === 0) x /= 2;
  return x === 1;
}

/** The perfect subtrees whose fold is MTH(D[lo:hi]), left to right. */
export function cover([lo, hi]: Range): NodeRef[] {
  const size = hi - lo;
  if (size === 0) return [];
  if (isPowerOfTwo(size)) {
    const level = Math.round(Math.log2(size));
    assert(lo % size === 0, `subtree [${lo}, ${hi}) is not aligned`);
    return [{ level, idx: lo / size }];
  }
  const k = split(size);
  return [...cover([lo, lo + k]), ...cover([lo + k, hi])];
}

/** RFC 9162 PATH(m, D[0:n]) as ranges, bottom first. */
export function inclusionRanges(index: number, size: number): Range[] {
  const out: Range[] = [];
  const walk = (m: number, lo: number, hi: number): void => {
    if (hi - lo <= 1) return;
    const k = split(hi - lo);
    if (m < k) {
      walk(m, lo, lo + k);
      out.push([lo + k, hi]);
    } else {
      walk(m - k, lo + k, hi);
      out.push([lo, lo + k]);
    }
  };
  walk(index, 0, size);
  return out;
}

/** RFC 9162 PROOF(m, D[0:n]) as ranges. */
export function consistencyRanges(m: number, n: number): Range[] {
  const out: Range[] = [];
  const sub = (m: number, lo: number, hi: number, b: boolean): void => {
    if (m === hi - lo) {
      if (!b) out.push([lo, hi]);
      return;
    }
    const k = split(hi - lo);
    if (m <= k) {
      sub(m, lo, lo + k, b);
      out.push([lo + k, hi]);
    } else {
      sub(m - k, lo + k, hi, false);
      out.push([lo, lo + k]);
    }
  };
  sub(m, 0, n, true);
  return out;
}

const key = (n: NodeRef): string => `${n.level}/${n.idx}`;

export type NodeMap = ReadonlyMap<string, Uint8Array>;

/** Reads the given nodes in one query; a missing node is an invariant violation (assert). */
export async function readNodes(db: Queryable, refs: readonly NodeRef[]): Promise<NodeMap> {
  const unique = [...new Map(refs.map((r) => [key(r), r])).values()];
  const out = new Map<string, Uint8Array>();
  if (unique.length === 0) return out;
  const rows = await db.query<{ level: number; idx: bigint; hash: Buffer }>(
    `SELECT n.level, n.idx, n.hash FROM audit_merkle_nodes n
       JOIN unnest($1::smallint[], $2::bigint[]) AS r(level, idx)
         ON n.level = r.level AND n.idx = r.idx`,
    [unique.map((r) => r.level), unique.map((r) => r.idx)],
  );
  for (const r of rows) out.set(`${r.level}/${r.idx}`, new Uint8Array(r.hash));
  for (const r of unique) assert(out.has(key(r)), `stored tree node ${key(r)} is missing`);
  return out;
}

/** A node the plan asked for; `readNodes` has already asserted that every one exists. */
export function nodeOf(nodes: NodeMap, ref: NodeRef): Uint8Array {
  const h = nodes.get(key(ref));
  assert(h !== undefined, `stored tree node ${key(ref)} was not read`);
  return h;
}

export function rangeHash(nodes: NodeMap, [lo, hi]: Range): Uint8Array {
  // The RFC tree nests splits to the right, so the cover folds from the right.
  let h: Uint8Array | null = null;
  for (const ref of cover([lo, hi]).reverse()) {
    const part = nodeOf(nodes, ref);
    h = h === null ? part : nodeHash(part, h);
  }
  return h ?? sha256(new Uint8Array(0));
}

export interface StoredProof {
  readonly proof: Uint8Array[];
  readonly root: Uint8Array;
}

/** Inclusion proof of entry `index` in the tree of `size`, with the root and leaf it proves against. */
export async function storedInclusionProof(
  db: Queryable,
  index: number,
  size: number,
): Promise<StoredProof & { readonly leaf: Uint8Array }> {
  assert(index >= 0 && index < size, 'index must be below size');
  const ranges = inclusionRanges(index, size);
  const leafRef = { level: 0, idx: index };
  const nodes = await readNodes(db, [leafRef, ...cover([0, size]), ...ranges.flatMap(cover)]);
  return {
    proof: ranges.map((r) => rangeHash(nodes, r)),
    root: rangeHash(nodes, [0, size]),
    leaf: nodeOf(nodes, leafRef),
  };
}

/** Consistency proof from size m to size n (1 <= m <= n), with the new root. */
export async function storedConsistencyProof(
  db: Queryable,
  m: number,
  n: number,
): Promise<StoredProof & { readonly oldRoot: Uint8Array }> {
  assert(m >= 1 && m <= n, 'consistency needs 1 <= m <= n');
  const ranges = consistencyRanges(m, n);
  const nodes = await readNodes(db, [...cover([0, m]), ...cover([0, n]), ...ranges.flatMap(cover)]);
  return {
    proof: ranges.map((r) => rangeHash(nodes, r)),
    root: rangeHash(nodes, [0, n]),
    oldRoot: rangeHash(nodes, [0, m]),
  };
}

export async function storedRoot(db: Queryable, size: number): Promise<Uint8Array> {
  const nodes = await readNodes(db, cover([0, size]));
  return rangeHash(nodes, [0, size]);
}
