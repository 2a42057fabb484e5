import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, testTargets, type TestDatabase } from '../../test/support/targets.ts';
import {
  consistencyProof,
  inclusionProof,
  rootFromLeafHashes,
  verifyConsistency,
  verifyInclusion,
} from '../../verifier/src/merkle.ts';
import { toHex } from '../../verifier/src/hex.ts';
import {
  consistencyRanges,
  cover,
  inclusionRanges,
  storedConsistencyProof,
  storedInclusionProof,
  storedRoot,
} from './tree.ts';
import { auditFixture } from '../../test/support/audit.ts';

describe('proof plans', () => {
  it('read O(log n) stored nodes per proof', () => {
    for (const n of [1, 2, 3, 1000, 1_000_000, 2 ** 40 + 12345]) {
      const bound = 2 * Math.ceil(Math.log2(n + 1)) + 2;
      for (const i of [0, Math.floor(n / 2), n - 1]) {
        const nodes = new Set(
          inclusionRanges(i, n)
            .flatMap(cover)
            .map((r) => `${r.level}/${r.idx}`),
        );
        expect(nodes.size).toBeLessThanOrEqual(bound);
      }
      for (const m of [1, Math.ceil(n / 3), n]) {
        const nodes = new Set(
          consistencyRanges(m, n)
            .flatMap(cover)
            .map((r) => `${r.level}/${r.idx}`),
        );
        expect(nodes.size).toBeLessThanOrEqual(bound);
      }
    }
  });
});

/**
 * The server builds proofs from stored perfect subtrees; the verifier builds them from all leaves by
 * the RFC's recursion. Two implementations, one answer.
 */
describe.each(testTargets())('proofs from storage on $label PostgreSQL', (target) => {
  let t: TestDatabase;
  let leaves: Uint8Array[];
  const N = 300;

  beforeAll(async () => {
    t = await freshDatabase(target);
    const f = await auditFixture(t.db);
    await f.append(N);
    const rows = await t.db.query<{ hash: Buffer }>('SELECT hash FROM audit_entries ORDER BY seq');
    leaves = rows.map((r) => new Uint8Array(r.hash));
  });
  afterAll(async () => {
    await t.drop();
  });

  it('gives every root the verifier computes, for every size', async () => {
    expect(toHex(await storedRoot(t.db, 0))).toBe(toHex(rootFromLeafHashes([])));
    for (let n = 1; n <= N; n++)
      expect(toHex(await storedRoot(t.db, n))).toBe(toHex(rootFromLeafHashes(leaves.slice(0, n))));
  });

  it('gives the verifier’s inclusion proof for every entry in small trees', async () => {
    for (let n = 1; n <= 33; n++) {
      const l = leaves.slice(0, n);
      for (let i = 0; i < n; i++) {
        const p = await storedInclusionProof(t.db, i, n);
        expect(p.proof.map(toHex)).toEqual(inclusionProof(l, i).map(toHex));
        expect(verifyInclusion(p.leaf, i, n, p.proof, rootFromLeafHashes(l))).toBe(true);
      }
    }
  });

  it('gives the verifier’s inclusion and consistency proofs on random sizes', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: N }),
        fc.integer({ min: 1, max: N }),
        async (a, b) => {
          const n = Math.max(a, b);
          const m = Math.min(a, b);
          const l = leaves.slice(0, n);
          const ip = await storedInclusionProof(t.db, m - 1, n);
          expect(ip.proof.map(toHex)).toEqual(inclusionProof(l, m - 1).map(toHex));
          const cp = await storedConsistencyProof(t.db, m, n);
          expect(cp.proof.map(toHex)).toEqual(consistencyProof(l, m).map(toHex));
          expect(verifyConsistency(m, n, cp.oldRoot, cp.root, cp.proof)).toBe(true);
        },
      ),
      { numRuns: 150, seed: 42 },
    );
  });
});
