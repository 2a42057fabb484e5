import { sha256 } from '@noble/hashes/sha2.js';
import { createLogChecker, type LogChecker } from './checker.ts';
import { AUDIT_ACTIONS, isLogKeyPayload } from './formats.ts';
import { equalBytes, fromHex, toHex } from './hex.ts';
import { merkleWith, type Hasher, type Merkle } from './merkle.ts';
import {
  noteVerifier,
  parseCheckpointText,
  parseNote,
  verifyCheckpointNote,
  type Checkpoint,
  type NoteVerifier,
} from './note.ts';
import type { Report } from './report.ts';
import {
  decodeBundle,
  HASH_SIZE,
  hashesAtLevel,
  perfectRoot,
  rootFromTiles,
  TILE_WIDTH,
  tileHashes,
  tilePath,
  tilesAtLevel,
  type TileRef,
} from './tiles.ts';

/**
 * Verifies a log published as tiles, reading nothing but its static files: the checkpoint note, every
 * hash tile and every entry bundle up to the checkpoint's size. Every entry must hash to its level-0
 * tile, every full tile must hash to its parent's entry, the tiles must fold to the signed root, and
 * the entries must make a valid Kazna log (chain, keys, witnesses) whose key signed the note. The
 * size in the note is read before the signature is checked, but only to know what to fetch.
 */
export type TileFetch = (path: string) => Promise<Uint8Array | null>;

export interface TiledLogOptions {
  /** A checkpoint note obtained elsewhere (a witness's cosigned copy); default: `checkpoint`. */
  readonly checkpoint?: string;
  /** The log's verifier keys, pinned; without any, the key the log itself introduced last. */
  readonly logKeys?: readonly NoteVerifier[];
  readonly witnesses?: readonly NoteVerifier[];
  readonly requireWitnesses?: number;
  /** Public keys (hex) the log's first key must be one of. */
  readonly pinnedKeys?: readonly string[];
  readonly hash?: Hasher;
  /** Tiles fetched at once; a static server over HTTP/2 takes many. */
  readonly concurrency?: number;
  readonly onProgress?: (done: number, total: number) => void;
}

export interface TiledLogReport {
  readonly ok: boolean;
  readonly origin: string | null;
  readonly size: number;
  readonly root: string | null;
  readonly cosigners: readonly { readonly name: string; readonly timestamp: string | null }[];
  readonly tilesChecked: number;
  readonly problems: readonly string[];
  /** The entry-level check of the log (null when the tiles could not be read). */
  readonly log: Report | null;
}

const text = new TextDecoder('utf-8', { fatal: true });

interface Walk {
  readonly fetch: TileFetch;
  readonly merkle: Merkle;
  readonly checker: LogChecker;
  readonly problems: string[];
  /** Tile bytes by level, levels >= 1 only (level 0 streams through). */
  readonly upper: Map<number, Uint8Array[]>;
  lastLeafTile: Uint8Array | null;
  readonly keys: { publicKey: string; introducedAt: number }[];
  tiles: number;
}

async function must(fetch: TileFetch, path: string, problems: string[]): Promise<Uint8Array> {
  const bytes = await fetch(path);
  if (bytes === null) problems.push(`${path} is missing`);
  return bytes ?? new Uint8Array(0);
}

async function bundleOf(fetch: TileFetch, t: TileRef): Promise<Uint8Array[] | null> {
  const narrow = await fetch(tilePath(t));
  if (narrow !== null) return decodeBundle(narrow);
  const wide = await fetch(tilePath(t, true));
  return wide === null ? null : decodeBundle(wide, true);
}

function upperHash(w: Walk, level: number, i: number): Uint8Array | undefined {
  const tile = w.upper.get(level)?.[Math.floor(i / TILE_WIDTH)];
  const at = (i % TILE_WIDTH) * HASH_SIZE;
  return tile === undefined || tile.length < at + HASH_SIZE
    ? undefined
    : tile.subarray(at, at + HASH_SIZE);
}

/** One level-0 tile and its bundle: entries hash to the tile, a full tile to its parent's hash. */
function checkLeafTile(w: Walk, t: TileRef, tile: Uint8Array, entries: Uint8Array[] | null): void {
  const path = tilePath(t);
  if (entries?.length !== t.width) {
    w.problems.push(`entry bundle ${t.index} is missing, malformed or not ${t.width} entries`);
    return;
  }
  if (tile.length !== t.width * HASH_SIZE) w.problems.push(`${path} is not ${t.width} hashes`);
  const leaves = entries.map((e) => w.merkle.leafHash(e));
  leaves.forEach((leaf, i) => {
    const seq = t.index * TILE_WIDTH + i;
    const stored = tile.subarray(i * HASH_SIZE, (i + 1) * HASH_SIZE);
    if (!equalBytes(stored, leaf)) w.problems.push(`${path} hash ${i} is not entry ${seq}'s`);
    let entry: string;
    try {
      entry = text.decode(entries[i]);
    } catch {
      w.problems.push(`entry ${seq} is not UTF-8`);
      return;
    }
    const parsed = w.checker.push(seq, entry);
    if (
      parsed !== null &&
      (parsed.action === AUDIT_ACTIONS.keyGenerated ||
        parsed.action === AUDIT_ACTIONS.keyRotated) &&
      isLogKeyPayload(parsed.payload)
    )
      w.keys.push({ publicKey: parsed.payload.publicKey, introducedAt: seq });
  });
  if (t.width === TILE_WIDTH) checkParent(w, 0, t.index, perfectRoot(w.merkle, leaves));
  else w.lastLeafTile = tile;
}

function checkParent(w: Walk, level: number, index: number, top: Uint8Array): void {
  const parent = upperHash(w, level + 1, index);
  if (parent === undefined || !equalBytes(parent, top))
    w.problems.push(
      `${tilePath({ level: level + 1, index: Math.floor(index / TILE_WIDTH), width: TILE_WIDTH })} hash ${index % TILE_WIDTH} is not the hash of tile ${level}/${index}`,
    );
}

async function fetchUpper(w: Walk, size: number, concurrency: number): Promise<void> {
  for (let level = 1; hashesAtLevel(size, level) > 0; level++) {
    const refs = tilesAtLevel(size, level);
    const tiles: Uint8Array[] = [];
    for (let i = 0; i < refs.length; i += concurrency) {
      const batch = refs.slice(i, i + concurrency);
      tiles.push(...(await Promise.all(batch.map((t) => must(w.fetch, tilePath(t), w.problems)))));
    }
    refs.forEach((t, i) => {
      if (tiles[i]?.length !== t.width * HASH_SIZE)
        w.problems.push(`${tilePath(t)} is not ${t.width} hashes`);
    });
    w.upper.set(level, tiles);
    w.tiles += refs.length;
  }
  // Each full tile above level 0 must hash to its parent's entry.
  for (const [level, tiles] of w.upper)
    tiles.forEach((tile, index) => {
      if (tile.length === TILE_WIDTH * HASH_SIZE)
        checkParent(w, level, index, perfectRoot(w.merkle, tileHashes(tile)));
    });
}

async function walkLeaves(w: Walk, size: number, o: TiledLogOptions): Promise<void> {
  const refs = tilesAtLevel(size, 0);
  const window = Math.max(1, o.concurrency ?? 16);
  const load = (t: TileRef) => {
    const p = Promise.all([
      must(w.fetch, tilePath(t), w.problems),
      bundleOf(w.fetch, { ...t, level: 'entries' }),
    ]);
    // A failed fetch surfaces when its turn is awaited, not as an unhandled rejection before.
    p.catch(() => undefined);
    return p;
  };
  const inflight: (ReturnType<typeof load> | undefined)[] = refs.slice(0, window).map(load);
  for (const [i, t] of refs.entries()) {
    const next = refs[i + window];
    if (next !== undefined) inflight.push(load(next));
    const [tile, entries] = await (inflight[i] ?? load(t));
    // Drop the bytes once checked: only a window of tiles is held at once.
    inflight[i] = undefined;
    checkLeafTile(w, t, tile, entries);
    w.tiles += 1;
    o.onProgress?.(Math.min(size, (i + 1) * TILE_WIDTH), size);
  }
}

function readHashes(w: Walk, level: number, from: number, count: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let i = from; i < from + count; i++) {
    const h =
      level === 0
        ? w.lastLeafTile?.subarray((i % TILE_WIDTH) * HASH_SIZE, ((i % TILE_WIDTH) + 1) * HASH_SIZE)
        : upperHash(w, level, i);
    out.push(h?.length === HASH_SIZE ? h : new Uint8Array(HASH_SIZE));
  }
  return out;
}

/** The log key that must have signed a checkpoint of `size`: the last one introduced below it. */
function logVerifiers(w: Walk, cp: Checkpoint, o: TiledLogOptions): NoteVerifier[] {
  if (o.logKeys !== undefined && o.logKeys.length > 0) return [...o.logKeys];
  const key = w.keys.filter((k) => k.introducedAt < cp.size).at(-1);
  return key === undefined ? [] : [noteVerifier(cp.origin, fromHex(key.publicKey))];
}

function checkNote(w: Walk, note: string, cp: Checkpoint, o: TiledLogOptions) {
  const verifiers = logVerifiers(w, cp, o);
  if (verifiers.length === 0) w.problems.push('no log key to check the checkpoint signature with');
  const verdicts = verifiers.map((v) =>
    verifyCheckpointNote(note, v, o.witnesses ?? [], cp.origin),
  );
  const good = verdicts.find((v) => v !== null && v.problems.length === 0);
  if (good === undefined) w.problems.push(...(verdicts[0]?.problems ?? []));
  const cosigners = (good ?? verdicts[0])?.cosigners ?? [];
  const need = o.requireWitnesses ?? 0;
  if (cosigners.length < need)
    w.problems.push(`the checkpoint carries ${cosigners.length} valid cosignature(s), not ${need}`);
  return cosigners.map((c) => ({ name: c.name, timestamp: c.timestamp?.toString() ?? null }));
}

export async function verifyTiledLog(
  fetch: TileFetch,
  o: TiledLogOptions = {},
): Promise<TiledLogReport> {
  const fetched = o.checkpoint === undefined ? await fetch('checkpoint') : null;
  const note = o.checkpoint ?? (fetched === null ? null : text.decode(fetched));
  const parsed = note === null ? null : parseNote(note);
  const cp = parsed === null ? null : parseCheckpointText(parsed.text);
  if (note === null || cp === null)
    return {
      ...{ ok: false, origin: null, size: 0, root: null, cosigners: [], tilesChecked: 0 },
      problems: ['the checkpoint is missing or not a signed checkpoint note'],
      log: null,
    };
  const hash = o.hash ?? ((d: Uint8Array) => sha256(d));
  const w: Walk = {
    fetch,
    merkle: merkleWith(hash),
    checker: createLogChecker({ hash, checkpoints: [], pinnedKeys: o.pinnedKeys ?? [] }),
    problems: [],
    upper: new Map(),
    lastLeafTile: null,
    keys: [],
    tiles: 0,
  };
  await fetchUpper(w, cp.size, Math.max(1, o.concurrency ?? 16));
  await walkLeaves(w, cp.size, o);
  const root = rootFromTiles(w.merkle, cp.size, (l, from, n) => readHashes(w, l, from, n));
  if (!equalBytes(root, cp.root))
    w.problems.push(
      `the tiles fold to root ${toHex(root)}, not the checkpoint's ${toHex(cp.root)}`,
    );
  const log = w.checker.finish();
  if (log.root !== null && log.root !== toHex(cp.root))
    w.problems.push(`the entries make root ${log.root}, not the checkpoint's ${toHex(cp.root)}`);
  const cosigners = checkNote(w, note, cp, o);
  return {
    ok: w.problems.length === 0 && log.ok,
    origin: cp.origin,
    size: cp.size,
    root: toHex(cp.root),
    cosigners,
    tilesChecked: w.tiles,
    problems: w.problems,
    log,
  };
}

export interface LeafCheck {
  /** The tiles fold to the checkpoint's root (every full tile above level 0 checked on the way). */
  readonly rootMatches: boolean;
  /** Seqs whose leaf hash sits at its place in a tile that hashes into that root. */
  readonly included: readonly number[];
  readonly problems: readonly string[];
}

/**
 * Checks given leaves against a verified checkpoint through the hash tiles alone, without entry
 * bundles: the tiles above level 0 and the last partial tiles fold to the root, and each leaf's
 * level-0 tile hashes to its parent. This is what a browser does for a few entries of a large log.
 */
export async function checkLeavesInTiles(
  fetch: TileFetch,
  cp: Pick<Checkpoint, 'size' | 'root'>,
  leaves: readonly { readonly seq: number; readonly leafHash: Uint8Array }[],
  hash: Hasher = (d) => sha256(d),
): Promise<LeafCheck> {
  const w: Walk = {
    fetch,
    merkle: merkleWith(hash),
    checker: createLogChecker({ checkpoints: [] }),
    ...{ problems: [], upper: new Map(), lastLeafTile: null, keys: [], tiles: 0 },
  };
  await fetchUpper(w, cp.size, 16);
  const refs = tilesAtLevel(cp.size, 0);
  const last = refs.at(-1);
  if (last !== undefined && last.width < TILE_WIDTH)
    w.lastLeafTile = await must(fetch, tilePath(last), w.problems);
  const root = rootFromTiles(w.merkle, cp.size, (l, from, n) => readHashes(w, l, from, n));
  const rootMatches = equalBytes(root, cp.root) && w.problems.length === 0;
  const wanted = [
    ...new Set(leaves.filter((l) => l.seq < cp.size).map((l) => Math.floor(l.seq / TILE_WIDTH))),
  ];
  const tiles = new Map<number, Uint8Array>();
  await Promise.all(
    wanted.map(async (n) => {
      const t = refs[n];
      if (t === undefined) return;
      const bytes =
        t.width < TILE_WIDTH ? w.lastLeafTile : await must(fetch, tilePath(t), w.problems);
      if (bytes?.length !== t.width * HASH_SIZE) return;
      if (t.width === TILE_WIDTH) {
        const before = w.problems.length;
        checkParent(w, 0, n, perfectRoot(w.merkle, tileHashes(bytes)));
        if (w.problems.length > before) return;
      }
      tiles.set(n, bytes);
    }),
  );
  const included = leaves
    .filter((l) => {
      const tile = l.seq < cp.size ? tiles.get(Math.floor(l.seq / TILE_WIDTH)) : undefined;
      const at = (l.seq % TILE_WIDTH) * HASH_SIZE;
      return (
        rootMatches &&
        tile !== undefined &&
        equalBytes(tile.subarray(at, at + HASH_SIZE), l.leafHash)
      );
    })
    .map((l) => l.seq);
  return { rootMatches, included, problems: w.problems };
}
