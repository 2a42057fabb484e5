import { describe, expect, it } from 'vitest';
import { leafHash, rootFromLeafHashes } from './merkle.ts';
import { merkleWith } from './merkle.ts';
import { sha256 } from '@noble/hashes/sha2.js';
import {
  decodeBundle,
  encodeBundle,
  hashTiles,
  indexPath,
  parseTilePath,
  rootFromTiles,
  tileHashes,
  tilePath,
  tilesAtLevel,
  tilesFromLeaves,
} from './tiles.ts';
import { utf8 } from './hex.ts';

describe('tile paths and sets (c2sp.org/tlog-tiles)', () => {
  it("encodes the specification's example index", () => {
    expect(indexPath(1234067)).toBe('x001/x234/067');
    expect(tilePath({ level: 0, index: 1234067, width: 256 })).toBe('tile/0/x001/x234/067');
    expect(tilePath({ level: 'entries', index: 5, width: 17 })).toBe('tile/entries/005.p/17');
    expect(parseTilePath('tile/0/000')).toEqual({ level: 0, index: 0, width: 256 });
    expect(parseTilePath('tile/entries/x001/000')).toEqual({
      level: 'entries',
      index: 1000,
      width: 256,
    });
    expect(parseTilePath('tile/2/x001/x234/067.p/9')).toEqual({
      level: 2,
      index: 1234067,
      width: 9,
    });
    for (const bad of [
      'tile/01/000',
      'tile/0/1',
      'tile/0/000.p/256',
      'tile/0/000.p/0',
      'tile/64/000',
    ])
      expect(parseTilePath(bad)).toBeNull();
  });

  it('has the tiles the specification lists for sizes 70,000 and 256', () => {
    const at70k = (level: number) => tilesAtLevel(70000, level);
    expect(at70k(0).filter((t) => t.width === 256)).toHaveLength(273);
    expect(at70k(0).at(-1)?.width).toBe(112);
    expect(at70k(1).map((t) => t.width)).toEqual([256, 17]);
    expect(at70k(2).map((t) => t.width)).toEqual([1]);
    expect(hashTiles(70000)).toHaveLength(274 + 2 + 1);
    expect(hashTiles(256).map((t) => tilePath(t))).toEqual(['tile/0/000', 'tile/1/000.p/1']);
  });
});

describe('entry bundles', () => {
  it('round-trips uint16 prefixes and refuses an entry too long for them', () => {
    const entries = [utf8('a'), utf8(''), utf8('x'.repeat(300))];
    const bundle = encodeBundle(entries);
    expect(bundle?.subarray(0, 3)).toEqual(new Uint8Array([0, 1, 0x61]));
    expect(bundle === null ? null : decodeBundle(bundle)).toEqual(entries);
    expect(encodeBundle([new Uint8Array(70000)])).toBeNull();
    const wide = encodeBundle([new Uint8Array(70000)], true);
    expect(wide === null ? null : decodeBundle(wide, true)?.[0]?.length).toBe(70000);
    expect(decodeBundle(new Uint8Array([0, 5, 1]))).toBeNull();
  });
});

describe('roots from tiles', () => {
  it('equal the RFC 6962 root from leaves at every size that crosses a tile boundary', () => {
    const merkle = merkleWith((d) => sha256(d));
    const leaves = Array.from({ length: 66000 }, (_, i) => leafHash(utf8(`entry ${i}`)));
    for (const size of [1, 2, 255, 256, 257, 511, 512, 65535, 65536, 65537, 66000]) {
      const tiles = tilesFromLeaves(leaves.slice(0, size));
      const read = (level: number, from: number, count: number) => {
        const out = [];
        for (let i = from; i < from + count; i++) {
          const width = Math.min(256, Math.floor(size / 256 ** level) - Math.floor(i / 256) * 256);
          const tile = tiles.get(tilePath({ level, index: Math.floor(i / 256), width }));
          const h = tile === undefined ? undefined : tileHashes(tile)[i % 256];
          if (h === undefined) throw new Error(`no hash ${level}/${i} at size ${size}`);
          out.push(h);
        }
        return out;
      };
      expect(rootFromTiles(merkle, size, read)).toEqual(rootFromLeafHashes(leaves.slice(0, size)));
    }
  });
});
