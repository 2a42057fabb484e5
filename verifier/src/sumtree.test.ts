import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toHex } from './hex.ts';
import { sumProofProblem, sumTreeProof, sumTreeRoot, type SumLeaf } from './sumtree.ts';

/** The Merkle sum tree: sums add up, every leaf proves its inclusion, and any change is seen. */
const leaves = fc.array(
  fc.record({
    category: fc.constantFrom('victim_claim', 'court_pending_lot', 'escrowed_proceeds'),
    asset: fc.constant('BTC'),
    amount: fc.bigInt({ min: 0n, max: 10n ** 30n }).map(String),
    ref: fc.string({ maxLength: 8 }),
  }),
  { minLength: 1, maxLength: 40 },
);

function rootJson(ls: readonly SumLeaf[]) {
  const r = sumTreeRoot(ls);
  return { hash: toHex(r.hash), sum: r.sum.toString() };
}

describe('Merkle sum tree', () => {
  it('commits to the sum of its leaves and proves every leaf', () => {
    fc.assert(
      fc.property(leaves, (ls) => {
        const root = rootJson(ls);
        expect(root.sum).toBe(ls.reduce((s, l) => s + BigInt(l.amount), 0n).toString());
        ls.forEach((leaf, i) => {
          expect(sumProofProblem(leaf, sumTreeProof(ls, i), root)).toBeNull();
        });
      }),
      { numRuns: 100 },
    );
  });

  it('changes its root when any amount changes, and a proof with a changed sum fails', () => {
    fc.assert(
      fc.property(leaves, fc.nat(), fc.bigInt({ min: 1n, max: 1000n }), (ls, pick, delta) => {
        const i = pick % ls.length;
        const leaf = ls[i];
        if (leaf === undefined) return;
        const root = rootJson(ls);
        const moved = ls.map((l, j) =>
          j === i ? { ...l, amount: String(BigInt(l.amount) + delta) } : l,
        );
        expect(rootJson(moved).hash).not.toBe(root.hash);
        const proof = sumTreeProof(ls, i);
        const [first, ...rest] = proof;
        if (first === undefined) return;
        const forged = [{ ...first, sum: String(BigInt(first.sum) + delta) }, ...rest];
        expect(sumProofProblem(leaf, forged, root)).not.toBeNull();
        expect(
          sumProofProblem({ ...leaf, amount: String(BigInt(leaf.amount) + delta) }, proof, root),
        ).not.toBeNull();
      }),
      { numRuns: 100 },
    );
  });

  it('refuses negative and malformed amounts', () => {
    const root = rootJson([{ amount: '5' }]);
    expect(sumProofProblem({ amount: '-5' }, [], root)).toBe(
      'the leaf amount is not a decimal of base units',
    );
    expect(sumProofProblem({ amount: '05' }, [], root)).not.toBeNull();
    expect(() => sumTreeRoot([{ amount: '1.5' }])).toThrow(RangeError);
  });
});
