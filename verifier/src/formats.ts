import { canonicalBytes } from './canonical.ts';
import { isHex } from './hex.ts';

/**
 * The signed objects of the audit log. Each is canonical JSON with a `kind` and a version, so one
 * key's signature over one kind of object can never be replayed as another kind.
 */
export const LOG_ORIGIN = 'kazna.audit';
/**
 * Entry versions: 1 carries what a command asked for; 2 adds the rows it wrote (`rows`, which replay
 * rebuilds every table from) and the credential it acted through (`via`, e.g. `token:<id>`).
 */
export const ENTRY_VERSION = 2;
export const ENTRY_VERSIONS: readonly number[] = [1, 2];

export const AUDIT_ACTIONS = {
  keyGenerated: 'audit.log_key.generated',
  keyRotated: 'audit.log_key.rotated',
  witnessRegistered: 'audit.witness.registered',
  cosigned: 'audit.checkpoint.cosigned',
  checkpointSigned: 'audit.checkpoint.signed',
} as const;

/** What the log key signs: the tree of the first `size` entries has root `root`, at time `at`. */
export interface CheckpointBody {
  readonly kind: 'kazna.audit.checkpoint';
  readonly v: 1;
  readonly origin: string;
  readonly size: string;
  readonly root: string;
  readonly at: string;
  readonly keyId: string;
}

export interface SignedCheckpoint {
  readonly body: CheckpointBody;
  /** Ed25519 over `checkpointMessage(body)`, hex. */
  readonly signature: string;
}

export function checkpointBody(
  size: bigint | number,
  rootHex: string,
  at: string,
  keyId: string,
  origin: string = LOG_ORIGIN,
): CheckpointBody {
  return {
    kind: 'kazna.audit.checkpoint',
    v: 1,
    origin,
    size: size.toString(),
    root: rootHex,
    at,
    keyId,
  };
}

export function checkpointMessage(body: CheckpointBody): Uint8Array {
  return canonicalBytes(body);
}

/** A witness cosigns the whole checkpoint body: size, root, time and the log key that signed it. */
export function cosignatureMessage(body: CheckpointBody): Uint8Array {
  return canonicalBytes({ kind: 'kazna.audit.cosignature', v: 1, checkpoint: body });
}

/** The outgoing log key endorses its successor, so a rotation cannot be forged without the old key. */
export function keyRotationMessage(
  fromKeyId: string,
  toKeyId: string,
  publicKey: string,
): Uint8Array {
  return canonicalBytes({
    kind: 'kazna.audit.key_rotation',
    v: 1,
    from: fromKeyId,
    to: toKeyId,
    publicKey,
  });
}

/** Payload of `audit.log_key.generated` / `audit.log_key.rotated`. */
export interface LogKeyPayload {
  readonly keyId: string;
  readonly publicKey: string;
  readonly previousKeyId: string | null;
  readonly endorsement: string | null;
}

/** Payload of `audit.witness.registered`. */
export interface WitnessPayload {
  readonly witnessId: string;
  readonly name: string;
  readonly publicKey: string;
}

/** Payload of `audit.checkpoint.cosigned`. */
export interface CosignaturePayload {
  readonly size: string;
  readonly witnessId: string;
  readonly signature: string;
}

const DECIMAL = /^(0|[1-9][0-9]*)$/;

export function isDecimal(value: unknown): value is string {
  return typeof value === 'string' && DECIMAL.test(value) && value.length < 17;
}

export function isCheckpointBody(value: unknown): value is CheckpointBody {
  const b = value as Partial<Record<keyof CheckpointBody, unknown>> | null;
  return (
    typeof b === 'object' &&
    b !== null &&
    b.kind === 'kazna.audit.checkpoint' &&
    b.v === 1 &&
    typeof b.origin === 'string' &&
    isDecimal(b.size) &&
    isHex(b.root, 32) &&
    typeof b.at === 'string' &&
    typeof b.keyId === 'string'
  );
}

export function isSignedCheckpoint(value: unknown): value is SignedCheckpoint {
  const c = value as { body?: unknown; signature?: unknown } | null;
  return typeof c === 'object' && c !== null && isCheckpointBody(c.body) && isHex(c.signature, 64);
}

export function isLogKeyPayload(value: unknown): value is LogKeyPayload {
  const p = value as Partial<Record<keyof LogKeyPayload, unknown>> | null;
  return (
    typeof p === 'object' &&
    p !== null &&
    typeof p.keyId === 'string' &&
    isHex(p.publicKey, 32) &&
    (p.previousKeyId === null || typeof p.previousKeyId === 'string') &&
    (p.endorsement === null || isHex(p.endorsement, 64))
  );
}

export function isWitnessPayload(value: unknown): value is WitnessPayload {
  const p = value as Partial<Record<keyof WitnessPayload, unknown>> | null;
  return (
    typeof p === 'object' &&
    p !== null &&
    typeof p.witnessId === 'string' &&
    typeof p.name === 'string' &&
    isHex(p.publicKey, 32)
  );
}

export function isCosignaturePayload(value: unknown): value is CosignaturePayload {
  const p = value as Partial<Record<keyof CosignaturePayload, unknown>> | null;
  return (
    typeof p === 'object' &&
    p !== null &&
    isDecimal(p.size) &&
    typeof p.witnessId === 'string' &&
    isHex(p.signature, 64)
  );
}

/**
 * What the log key signs in every transaction that appends: the chain head (the number of entries
 * and the hash of the last). A head signed for another size or hash is not this head.
 */
export function headMessage(size: bigint | number, headHash: Uint8Array): Uint8Array {
  const hex = Array.from(headHash, (b) => b.toString(16).padStart(2, '0')).join('');
  return new TextEncoder().encode(`${LOG_ORIGIN}/head\n${String(size)}\n${hex}\n`);
}
