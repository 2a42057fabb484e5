import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Queryable } from '../db/pool.ts';
import {
  encodeBundle,
  hashesAtLevel,
  hashTiles,
  TILE_WIDTH,
  tilePath,
  tilesAtLevel,
  type TileRef,
} from '../../verifier/src/tiles.ts';
import type { AuditService } from './service.ts';

/**
 * The log in the C2SP tlog-tiles layout, read straight from the stored tree: a hash tile at level L
 * is the run of `audit_merkle_nodes` at level 8·L (each node there is the hash of 256^L leaves), and
 * an entry bundle is the run of entry texts. Nothing is stored twice. What is published is bounded
 * by the latest checkpoint, so every tile served belongs to a tree a signed note vouches for.
 */
export interface LogTiles {
  /** The signed checkpoint note, or null when there is none to serve yet. */
  checkpoint(): Promise<{ readonly size: number; readonly note: string } | null>;
  /** A hash tile's bytes, or null when the published tree has no such tile. */
  hashTile(t: TileRef): Promise<Uint8Array | null>;
  /**
   * An entry bundle; `too_long` when an entry exceeds the spec's uint16 prefix (then only the wide
   * encoding serves it).
   */
  bundle(t: TileRef, wide: boolean): Promise<Uint8Array | 'too_long' | null>;
}

/** Whether tile `t` exists in the tree of `size`: its hashes are all below that level's count. */
export function tileExists(t: TileRef, size: number): boolean {
  const count = hashesAtLevel(size, t.level === 'entries' ? 0 : t.level);
  // A partial tile stays served after its tile fills up: its bytes are still a fixed prefix of the
  // full one, and a client holding an older checkpoint still needs it.
  return t.index * TILE_WIDTH + t.width <= count;
}

async function readHashTile(db: Queryable, t: TileRef & { level: number }): Promise<Uint8Array> {
  const first = t.index * TILE_WIDTH;
  const rows = await db.query<{ hash: Buffer }>(
    `SELECT hash FROM audit_merkle_nodes WHERE level = $1 AND idx >= $2 AND idx < $3 ORDER BY idx`,
    [8 * t.level, first, first + t.width],
  );
  if (rows.length !== t.width)
    throw new Error(`stored tree nodes of tile ${tilePath(t)} are missing`);
  return Buffer.concat(rows.map((r) => r.hash));
}

async function readEntries(db: Queryable, t: TileRef): Promise<Uint8Array[]> {
  const first = t.index * TILE_WIDTH;
  const rows = await db.query<{ entry: string }>(
    `SELECT entry FROM audit_entries WHERE seq >= $1 AND seq < $2 ORDER BY seq`,
    [first, first + t.width],
  );
  if (rows.length !== t.width) throw new Error(`entries of bundle ${t.index} are missing`);
  return rows.map((r) => Buffer.from(r.entry, 'utf8'));
}

export function createLogTiles(db: Queryable, audit: AuditService): LogTiles {
  const published = async (): Promise<number> => (await audit.latestCheckpoint())?.size ?? 0;
  return {
    checkpoint: () => audit.checkpointNote(),
    hashTile: async (t) => {
      if (t.level === 'entries' || !tileExists(t, await published())) return null;
      return readHashTile(db, { ...t, level: t.level });
    },
    bundle: async (t, wide) => {
      if (!tileExists(t, await published())) return null;
      const bytes = encodeBundle(await readEntries(db, t), wide);
      return bytes ?? 'too_long';
    },
  };
}

export interface TilesExport {
  readonly size: number;
  readonly hashTiles: number;
  readonly bundles: number;
  /** Bundles written only in the wide encoding (an entry over 64 KiB). */
  readonly wideOnly: number;
}

async function put(dir: string, path: string, bytes: Uint8Array | string): Promise<void> {
  const file = join(dir, path);
  await mkdir(dirname(file), { recursive: true });
  // Written aside and renamed, so a static server never serves half a tile.
  await writeFile(`${file}.tmp`, bytes);
  await rename(`${file}.tmp`, file);
}

/**
 * Writes the published log as static files: `checkpoint`, `tile/<L>/…` and `tile/entries/…` (or
 * `entries-u32/…` for a bundle holding an entry over 64 KiB, which a reader falls back to), so any
 * static file server mirrors it. Full tiles never change; a re-export rewrites them all the same.
 */
export async function exportTiles(
  db: Queryable,
  tiles: LogTiles,
  dir: string,
  options: { readonly entries: boolean },
): Promise<TilesExport | null> {
  const cp = await tiles.checkpoint();
  if (cp === null) return null;
  let wideOnly = 0;
  const refs = hashTiles(cp.size);
  for (const t of refs) {
    if (t.level === 'entries') continue;
    await put(dir, tilePath(t), await readHashTile(db, { ...t, level: t.level }));
  }
  const bundles = options.entries ? tilesAtLevel(cp.size, 'entries') : [];
  for (const t of bundles) {
    const entries = await readEntries(db, t);
    const narrow = encodeBundle(entries);
    if (narrow !== null) await put(dir, tilePath(t), narrow);
    else {
      wideOnly += 1;
      await put(dir, tilePath(t, true), encodeBundle(entries, true) ?? new Uint8Array(0));
    }
  }
  await put(dir, 'checkpoint', cp.note);
  return { size: cp.size, hashTiles: refs.length, bundles: bundles.length, wideOnly };
}
