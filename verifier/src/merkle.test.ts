import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from './hex.ts';
import {
  consistencyProof,
  inclusionProof,
  leafHash,
  rootFromLeafHashes,
  verifyConsistency,
  verifyInclusion,
} from './merkle.ts';

// The RFC 6962/9162 reference vectors used by the certificate-transparency implementations.
const INPUTS = [
  '',
  '00',
  '10',
  '2021',
  '3031',
  '40414243',
  '5051525354555657',
  '606162636465666768696a6b6c6d6e6f',
].map(fromHex);
const ROOTS = [
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];
const LEAVES = INPUTS.map((d) => leafHash(d));

const cache = new Map<number, Uint8Array[]>();
/** n distinct leaf hashes, built once per size. */
function leaves(n: number): Uint8Array[] {
  let l = cache.get(10_000);
  if (l === undefined) {
    l = Array.from({ length: 10_000 }, (_, i) => leafHash(new TextEncoder().encode(`leaf ${i}`)));
    cache.set(10_000, l);
  }
  return l.slice(0, n);
}

function flip(bytes: Uint8Array, bit: number): Uint8Array {
  const out = new Uint8Array(bytes);
  out[bit >> 3]! ^= 1 << (bit & 7);
  return out;
}

describe('RFC 9162 Merkle tree', () => {
  it('gives the empty tree the root SHA-256("")', () => {
    const empty = createHash('sha256').update('').digest('hex');
    expect(toHex(rootFromLeafHashes([]))).toBe(empty);
    expect(empty).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it('hashes leaves and nodes with the 0x00 / 0x01 domain prefixes', () => {
    const sha = (hex: string) => createHash('sha256').update(Buffer.from(hex, 'hex')).digest('hex');
    expect(toHex(leafHash(fromHex('abcd')))).toBe(sha('00abcd'));
    const two = rootFromLeafHashes([LEAVES[0]!, LEAVES[1]!]);
    expect(toHex(two)).toBe(sha(`01${toHex(LEAVES[0]!)}${toHex(LEAVES[1]!)}`));
  });

  it('matches the reference roots for sizes 1 to 8', () => {
    for (let n = 1; n <= 8; n++)
      expect(toHex(rootFromLeafHashes(LEAVES.slice(0, n)))).toBe(ROOTS[n - 1]);
  });

  it('matches the reference inclusion and consistency proofs', () => {
    expect(inclusionProof(LEAVES, 0).map(toHex)).toEqual([
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ]);
    expect(consistencyProof(LEAVES, 1).map(toHex)).toEqual(inclusionProof(LEAVES, 0).map(toHex));
    expect(consistencyProof(LEAVES, 6).map(toHex)).toEqual([
      '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ]);
    expect(consistencyProof(LEAVES.slice(0, 5), 2).map(toHex)).toEqual([
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    ]);
  });

  it('handles the edge cases: one leaf, index = size - 1, m = n, m = 1, powers of two', () => {
    const one = LEAVES.slice(0, 1);
    expect(inclusionProof(one, 0)).toEqual([]);
    expect(verifyInclusion(one[0]!, 0, 1, [], rootFromLeafHashes(one))).toBe(true);
    for (const n of [1, 2, 3, 4, 5, 7, 8]) {
      const l = LEAVES.slice(0, n);
      const root = rootFromLeafHashes(l);
      expect(verifyInclusion(l[n - 1]!, n - 1, n, inclusionProof(l, n - 1), root)).toBe(true);
      expect(consistencyProof(l, n)).toEqual([]);
      expect(verifyConsistency(n, n, root, root, [])).toBe(true);
      const r1 = rootFromLeafHashes(l.slice(0, 1));
      expect(verifyConsistency(1, n, r1, root, consistencyProof(l, 1))).toBe(
        n === 1 || consistencyProof(l, 1).length > 0,
      );
    }
  });

  it('refuses impossible requests instead of answering them', () => {
    const l = LEAVES.slice(0, 4);
    const root = rootFromLeafHashes(l);
    expect(() => inclusionProof(l, 4)).toThrow(RangeError);
    expect(() => inclusionProof([], 0)).toThrow(RangeError);
    expect(() => consistencyProof(l, 5)).toThrow(RangeError);
    expect(() => consistencyProof(l, 0)).toThrow(RangeError);
    expect(verifyInclusion(l[0]!, 4, 4, inclusionProof(l, 0), root)).toBe(false);
    expect(verifyInclusion(l[0]!, 0, 0, [], root)).toBe(false);
    expect(verifyConsistency(5, 4, root, root, [])).toBe(false);
    expect(verifyConsistency(0, 4, root, root, [])).toBe(false);
    expect(verifyConsistency(2, 4, root, root, [])).toBe(false);
    // A proof with an extra element must fail, not be ignored.
    const p = inclusionProof(l, 1);
    expect(verifyInclusion(l[1]!, 1, 4, [...p, root], root)).toBe(false);
  });
});

describe('RFC 9162 proofs on random trees up to 10,000 leaves', () => {
  const sizes = fc.oneof(fc.integer({ min: 1, max: 64 }), fc.integer({ min: 1, max: 10_000 }));

  it('every inclusion proof verifies, and flipping any bit of proof, root or leaf fails it', () => {
    fc.assert(
      fc.property(
        sizes,
        fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }),
        fc.nat(),
        (n, at, bit) => {
          const l = leaves(n);
          const i = Math.floor(at * n);
          const root = rootFromLeafHashes(l);
          const proof = inclusionProof(l, i);
          expect(verifyInclusion(l[i]!, i, n, proof, root)).toBe(true);
          expect(verifyInclusion(flip(l[i]!, bit % 256), i, n, proof, root)).toBe(false);
          expect(verifyInclusion(l[i]!, i, n, proof, flip(root, bit % 256))).toBe(false);
          if (proof.length > 0) {
            const k = bit % (proof.length * 256);
            const bad = proof.map((p, j) => (j === k >> 8 ? flip(p, k & 255) : p));
            expect(verifyInclusion(l[i]!, i, n, bad, root)).toBe(false);
          }
          if (n > 1) expect(verifyInclusion(l[i]!, (i + 1) % n, n, proof, root)).toBe(false);
        },
      ),
      { numRuns: 60, seed: 9162 },
    );
  });

  it('every consistency proof verifies, and flipping any bit of proof or either root fails it', () => {
    fc.assert(
      fc.property(sizes, fc.double({ min: 0, max: 1, noNaN: true }), fc.nat(), (n, at, bit) => {
        const l = leaves(n);
        const m = Math.max(1, Math.ceil(at * n));
        const oldRoot = rootFromLeafHashes(l.slice(0, m));
        const newRoot = rootFromLeafHashes(l);
        const proof = consistencyProof(l, m);
        expect(verifyConsistency(m, n, oldRoot, newRoot, proof)).toBe(true);
        expect(verifyConsistency(m, n, flip(oldRoot, bit % 256), newRoot, proof)).toBe(false);
        expect(verifyConsistency(m, n, oldRoot, flip(newRoot, bit % 256), proof)).toBe(false);
        if (proof.length > 0) {
          const k = bit % (proof.length * 256);
          const bad = proof.map((p, j) => (j === k >> 8 ? flip(p, k & 255) : p));
          expect(verifyConsistency(m, n, oldRoot, newRoot, bad)).toBe(false);
        }
      }),
      { numRuns: 60, seed: 6962 },
    );
  });

  it('flipping every single bit of a proof is caught (exhaustive, three shapes)', () => {
    for (const [n, i, m] of [
      [1000, 999, 999],
      [777, 0, 1],
      [4096, 2049, 2048],
    ] as const) {
      const l = leaves(n);
      const root = rootFromLeafHashes(l);
      const ip = inclusionProof(l, i);
      const cp = consistencyProof(l, m);
      const oldRoot = rootFromLeafHashes(l.slice(0, m));
      for (let j = 0; j < ip.length * 256; j++) {
        const bad = ip.map((p, x) => (x === j >> 8 ? flip(p, j & 255) : p));
        expect(verifyInclusion(l[i]!, i, n, bad, root)).toBe(false);
      }
      for (let j = 0; j < cp.length * 256; j++) {
        const bad = cp.map((p, x) => (x === j >> 8 ? flip(p, j & 255) : p));
        expect(verifyConsistency(m, n, oldRoot, root, bad)).toBe(false);
      }
    }
  });
});
