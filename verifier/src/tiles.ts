import { sha256 } from '@noble/hashes/sha2.js';
import { merkleWith, type Hasher, type Merkle } from './merkle.ts';

/**
 * The C2SP tlog-tiles layout (c2sp.org/tlog-tiles): the log's Merkle tree as static tiles of 256
 * hashes, and its entries as bundles of 256. A tile at level L holds hashes of subtrees of 256^L
 * leaves; the tree is RFC 6962's, so the paths and bytes here are the same as any tiled log's.
 */
export const TILE_WIDTH = 256;
export const HASH_SIZE = 32;
/** The largest entry a bundle's uint16 length prefix can carry. */
export const MAX_BUNDLE_ENTRY = 0xffff;
/**
 * Kazna entries may exceed 64 KiB (a ledger batch). The spec has no encoding for those, so a bundle
 * holding one is served only here, with uint32 length prefixes, at a URL of its own as the spec asks
 * of other encodings; every other bundle is served at both.
 */
export const WIDE_BUNDLES = 'entries-u32';

export interface TileRef {
  /** A hash-tile level, or `entries` for an entry bundle. */
  readonly level: number | 'entries';
  readonly index: number;
  /** 1..256; 256 is a full tile. */
  readonly width: number;
}

/** `1234067` → `x001/x234/067`. */
export function indexPath(n: number): string {
  let s = (n % 1000).toString().padStart(3, '0');
  for (let rest = Math.floor(n / 1000); rest > 0; rest = Math.floor(rest / 1000))
    s = `x${(rest % 1000).toString().padStart(3, '0')}/${s}`;
  return s;
}

/** The path of a tile below the log prefix: `tile/<L>/<N>[.p/<W>]` or `tile/entries/…`. */
export function tilePath(t: TileRef, wide = false): string {
  const partial = t.width === TILE_WIDTH ? '' : `.p/${t.width.toString()}`;
  if (t.level === 'entries' && wide) return `${WIDE_BUNDLES}/${indexPath(t.index)}${partial}`;
  return `tile/${t.level.toString()}/${indexPath(t.index)}${partial}`;
}

const PATH =
  /^tile\/(entries|0|[1-9][0-9]?)\/((?:x[0-9]{3}\/)*[0-9]{3})(?:\.p\/([1-9][0-9]{0,2}))?$/;

/** Parses a tile path; null for anything not in canonical form (leading zeroes, width 256). */
export function parseTilePath(path: string): TileRef | null {
  const wide = path.startsWith(`${WIDE_BUNDLES}/`);
  const m = PATH.exec(wide ? `tile/entries/${path.slice(WIDE_BUNDLES.length + 1)}` : path);
  if (m === null) return null;
  const [, level = '', index = '', width] = m;
  const w = width === undefined ? TILE_WIDTH : Number(width);
  const n = Number(index.replaceAll('x', '').replaceAll('/', ''));
  if (w > TILE_WIDTH || !Number.isSafeInteger(n) || (level !== 'entries' && Number(level) > 63))
    return null;
  const t = { level: level === 'entries' ? 'entries' : Number(level), index: n, width: w } as const;
  return tilePath(t, wide) === path ? t : null;
}

/** Number of hashes at tile level `level` in a tree of `size`: floor(size / 256^level). */
export function hashesAtLevel(size: number, level: number): number {
  return Math.floor(size / TILE_WIDTH ** level);
}

/** The tiles of one level that a tree of `size` has (full ones, then the partial one if any). */
export function tilesAtLevel(size: number, level: number | 'entries'): TileRef[] {
  const count = hashesAtLevel(size, level === 'entries' ? 0 : level);
  const out: TileRef[] = [];
  for (let i = 0; i * TILE_WIDTH < count; i++)
    out.push({ level, index: i, width: Math.min(TILE_WIDTH, count - i * TILE_WIDTH) });
  return out;
}

/** Every hash tile of a tree of `size`, level 0 first. */
export function hashTiles(size: number): TileRef[] {
  const out: TileRef[] = [];
  for (let level = 0; hashesAtLevel(size, level) > 0; level++)
    out.push(...tilesAtLevel(size, level));
  return out;
}

/** Big-endian length-prefixed entries; null when an entry is too long for the prefix. */
export function encodeBundle(entries: readonly Uint8Array[], wide = false): Uint8Array | null {
  const prefix = wide ? 4 : 2;
  let total = 0;
  for (const e of entries) {
    if (!wide && e.length > MAX_BUNDLE_ENTRY) return null;
    total += prefix + e.length;
  }
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  let at = 0;
  for (const e of entries) {
    if (wide) view.setUint32(at, e.length);
    else view.setUint16(at, e.length);
    out.set(e, at + prefix);
    at += prefix + e.length;
  }
  return out;
}

/** Splits a bundle; null when its lengths run past its end. */
export function decodeBundle(bytes: Uint8Array, wide = false): Uint8Array[] | null {
  const prefix = wide ? 4 : 2;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: Uint8Array[] = [];
  let at = 0;
  while (at < bytes.length) {
    if (at + prefix > bytes.length) return null;
    const n = wide ? view.getUint32(at) : view.getUint16(at);
    if (at + prefix + n > bytes.length) return null;
    out.push(bytes.subarray(at + prefix, at + prefix + n));
    at += prefix + n;
  }
  return out;
}

/** MTH of a perfect run of hashes (a power of two of them), bottom up. */
export function perfectRoot(merkle: Merkle, hashes: readonly Uint8Array[]): Uint8Array {
  let level = [...hashes];
  while (level.length > 1) {
    const next: Uint8Array[] = [];
    for (let i = 0; i < level.length; i += 2) {
      const [l, r] = [level[i], level[i + 1]];
      if (l === undefined || r === undefined) throw new RangeError('not a perfect run');
      next.push(merkle.nodeHash(l, r));
    }
    level = next;
  }
  const [root] = level;
  if (root === undefined) throw new RangeError('no hashes');
  return root;
}

/** Splits tile bytes into hashes. */
export function tileHashes(bytes: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let at = 0; at + HASH_SIZE <= bytes.length; at += HASH_SIZE)
    out.push(bytes.subarray(at, at + HASH_SIZE));
  return out;
}

export function concatHashes(hashes: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(hashes.length * HASH_SIZE);
  hashes.forEach((h, i) => {
    out.set(h, i * HASH_SIZE);
  });
  return out;
}

/** Reads `count` consecutive hashes at a tile level, starting at hash `from`. */
export type HashReader = (level: number, from: number, count: number) => Uint8Array[];

/**
 * The root of a tree of `size` from its tiles. Each set bit b of the size is a perfect subtree:
 * 2^(b mod 8) consecutive hashes at tile level floor(b/8), folded up; the subtrees then fold together
 * from the right (RFC 6962's split).
 */
export function rootFromTiles(merkle: Merkle, size: number, read: HashReader): Uint8Array {
  if (size === 0) return sha256(new Uint8Array(0));
  const parts: Uint8Array[] = [];
  let start = 0;
  for (let b = Math.floor(Math.log2(size)); b >= 0; b--) {
    const span = 2 ** b;
    if (Math.floor(size / span) % 2 === 0) continue;
    const level = Math.floor(b / 8);
    const unit = TILE_WIDTH ** level;
    parts.push(perfectRoot(merkle, read(level, start / unit, span / unit)));
    start += span;
  }
  let root = parts.pop();
  for (let p = parts.pop(); p !== undefined && root !== undefined; p = parts.pop())
    root = merkle.nodeHash(p, root);
  if (root === undefined) throw new RangeError('no subtrees');
  return root;
}

/** Every hash tile's contents for the given leaf hashes (the whole tree of that size). */
export function tilesFromLeaves(
  leaves: readonly Uint8Array[],
  hash: Hasher = (d) => sha256(d),
): Map<string, Uint8Array> {
  const merkle = merkleWith(hash);
  const out = new Map<string, Uint8Array>();
  let level: readonly Uint8Array[] = leaves;
  for (let l = 0; level.length > 0; l++) {
    const above: Uint8Array[] = [];
    for (let i = 0; i * TILE_WIDTH < level.length; i++) {
      const hashes = level.slice(i * TILE_WIDTH, (i + 1) * TILE_WIDTH);
      out.set(tilePath({ level: l, index: i, width: hashes.length }), concatHashes(hashes));
      if (hashes.length === TILE_WIDTH) above.push(perfectRoot(merkle, hashes));
    }
    level = above;
  }
  return out;
}
