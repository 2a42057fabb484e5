import type { Queryable } from '../db/pool.ts';
import { BUNDLE_FORMAT, type Bundle } from '../../verifier/src/bundle.ts';
import {
  AUDIT_ACTIONS,
  isCosignaturePayload,
  isLogKeyPayload,
  isWitnessPayload,
  LOG_ORIGIN,
} from '../../verifier/src/formats.ts';
import { toHex } from '../../verifier/src/hex.ts';
import * as store from './store.ts';
import { cover, nodeOf, readNodes, storedConsistencyProof } from './tree.ts';

/**
 * `kazna audit export`: everything an outsider needs to check the log offline, as one JSON document
 * (format in docs/design/audit-log.md). A range [from, to) carries the tree's left edge so that the
 * checkpoints inside the range can still be rebuilt.
 */
export interface ExportRange {
  readonly from?: number;
  readonly to?: number;
}

export async function exportBundle(
  db: Queryable,
  range: ExportRange,
  exportedAt: string,
): Promise<Bundle> {
  const head = await store.readHead(db);
  const to = Math.min(range.to ?? head.size, head.size);
  const from = Math.min(range.from ?? 0, to);
  const rows: store.EntryRow[] = [];
  for (let at = from; at < to; at += 50_000)
    rows.push(...(await store.entriesInRange(db, at, Math.min(to, at + 50_000))));
  const prefixRefs = cover([0, from]);
  const prefixNodes = await readNodes(db, prefixRefs);
  const prev = from === 0 ? null : await store.entryAt(db, from - 1);
  const checkpoints = (await store.listCheckpoints(db)).filter((c) => c.size <= to);
  const consistency = [];
  for (const [i, cp] of checkpoints.entries()) {
    const m = checkpoints[i - 1]?.size;
    const n = cp.size;
    if (m === undefined) continue;
    const p = await storedConsistencyProof(db, m, n);
    consistency.push({ from: String(m), to: String(n), proof: p.proof.map(toHex) });
  }
  const log = await store.entriesWithActions(db, [
    ...store.KEY_ACTIONS,
    AUDIT_ACTIONS.witnessRegistered,
    AUDIT_ACTIONS.cosigned,
  ]);
  const keys = log.flatMap((e) =>
    isLogKeyPayload(e.payload) && e.seq < to
      ? [{ keyId: e.payload.keyId, publicKey: e.payload.publicKey, introducedAt: String(e.seq) }]
      : [],
  );
  return {
    format: BUNDLE_FORMAT,
    origin: LOG_ORIGIN,
    exportedAt,
    from: String(from),
    to: String(from + rows.length),
    prefix: prefixRefs.map((r) => toHex(nodeOf(prefixNodes, r))),
    prevHash: prev === null ? toHex(new Uint8Array(32)) : prev.hash.toString('hex'),
    entries: rows.map((r) => r.entry),
    checkpoints: checkpoints.map((c) => ({ body: c.body, signature: c.signature })),
    consistency,
    keys: keys.map((k, i) => ({ ...k, current: i === keys.length - 1 })),
    witnesses: log.flatMap((e) =>
      isWitnessPayload(e.payload) && e.seq < to
        ? [{ ...e.payload, registeredAt: String(e.seq) }]
        : [],
    ),
    cosignatures: log.flatMap((e) =>
      isCosignaturePayload(e.payload) && e.seq < to ? [e.payload] : [],
    ),
  };
}
