import { assert } from '../core/assert.ts';
import { canonicalize, type CanonicalText, type Json } from '../core/canonical.ts';
import { sha256 } from '../core/hash.ts';
import type { RowEvidence } from '../db/evidence.ts';
import { ENTRY_VERSION } from '../../verifier/src/formats.ts';

/**
 * What one audit entry is, byte for byte. The encoding is part of the public contract: the standalone
 * verifier rebuilds these bytes, so a change here is a new `v`, never an edit.
 */
export { ENTRY_VERSION };
export const ZERO_HASH = new Uint8Array(32);

/** A person or process, and the credential it acted through (an API token), if any. */
export interface AuditActor {
  readonly id: string;
  readonly tokenId?: string | undefined;
}

export interface AuditInput {
  /** Who caused the change: a user id, `system`, or `demo`; with the token they used, if any. */
  readonly actor: string | AuditActor;
  /** Dotted verb, domain first: `ledger.transfer.posted`, `governance.approval.signed`. */
  readonly action: string;
  /** Ids the entry is about (case, lot, account, transfer…); indexed for look-ups. */
  readonly subjects: readonly string[];
  /** Everything needed to replay the change; amounts as decimal strings. */
  readonly payload: Json;
}

export interface AuditEntry extends Omit<AuditInput, 'payload'> {
  readonly seq: bigint;
  readonly recordedAt: string;
  readonly prevHash: Uint8Array;
  /** The payload, or its canonical text encoded ahead of time. */
  readonly payload: Json | CanonicalText;
  /** The rows the entry's transaction wrote (row evidence, src/db/evidence.ts); none if absent. */
  readonly rows?: readonly RowEvidence[];
}

export function actorId(actor: string | AuditActor): string {
  return typeof actor === 'string' ? actor : actor.id;
}

/** `token:<id>` when the actor acted through an API token, so the entry names person and token. */
export function actorVia(actor: string | AuditActor): string | undefined {
  return typeof actor === 'string' || actor.tokenId === undefined
    ? undefined
    : `token:${actor.tokenId}`;
}

export function encodeEntry(e: AuditEntry): string {
  assert(e.seq >= 0n, 'seq must be non-negative');
  assert(e.prevHash.length === 32, 'prev hash must be 32 bytes');
  assert(/^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$/.test(e.action), `bad audit action ${e.action}`);
  return canonicalize({
    v: ENTRY_VERSION,
    seq: e.seq.toString(),
    at: e.recordedAt,
    actor: actorId(e.actor),
    via: actorVia(e.actor),
    action: e.action,
    subjects: [...e.subjects],
    payload: e.payload,
    rows: e.rows ?? [],
    prev: Buffer.from(e.prevHash).toString('hex'),
  });
}

/** RFC 9162 leaf hash: SHA-256(0x00 || entry bytes). */
export function leafHash(entryBytes: Uint8Array): Uint8Array {
  const buf = new Uint8Array(entryBytes.length + 1);
  buf[0] = 0x00;
  buf.set(entryBytes, 1);
  return sha256(buf);
}

/** RFC 9162 interior node hash: SHA-256(0x01 || left || right). */
export function nodeHash(left: Uint8Array, right: Uint8Array): Uint8Array {
  const buf = new Uint8Array(65);
  buf[0] = 0x01;
  buf.set(left, 1);
  buf.set(right, 33);
  return sha256(buf);
}
