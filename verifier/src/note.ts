import { ed25519 } from '@noble/curves/ed25519.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { utf8 } from './hex.ts';

/**
 * C2SP signed notes (c2sp.org/signed-note), checkpoints (c2sp.org/tlog-checkpoint) and Ed25519
 * cosignatures (c2sp.org/tlog-cosignature, `cosignature/v1`). These are the formats existing
 * witnesses and monitors speak, so the log publishes its checkpoints in them beside its JSON ones.
 * Everything here is pure and runs unchanged in a browser; malformed input is `null` or `false`,
 * never a throw.
 */
export const SIG_ED25519 = 0x01;
export const SIG_COSIGNATURE_V1 = 0x04;

const EM_DASH = '\u2014';
// Verifiers must accept at least 16; a bound stops a hostile note from costing unbounded work.
const MAX_SIGNATURES = 100;

export interface NoteSignature {
  readonly name: string;
  readonly keyId: number;
  /** The signature bytes after the 4-byte key id. */
  readonly signature: Uint8Array;
}

export interface Note {
  /** The signed text, final newline included. */
  readonly text: string;
  readonly signatures: readonly NoteSignature[];
}

/** A verifier key: name, type and 32-byte Ed25519 public key; `keyId` follows from them. */
export interface NoteVerifier {
  readonly name: string;
  readonly type: typeof SIG_ED25519 | typeof SIG_COSIGNATURE_V1;
  readonly keyId: number;
  readonly publicKey: Uint8Array;
}

export function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Standard, padded base64 (RFC 4648 §4) only. */
export function fromBase64(text: string): Uint8Array | null {
  if (!BASE64.test(text)) return null;
  const s = atob(text);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

export function isKeyName(name: string): boolean {
  return name.length > 0 && !/[\s+]/u.test(name);
}

/** SHA-256(name || 0x0A || type || public key)[:4] as a big-endian uint32. */
export function noteKeyId(name: string, type: number, publicKey: Uint8Array): number {
  const n = utf8(name);
  const buf = new Uint8Array(n.length + 2 + publicKey.length);
  buf.set(n, 0);
  buf[n.length] = 0x0a;
  buf[n.length + 1] = type;
  buf.set(publicKey, n.length + 2);
  const h = sha256(buf);
  return (h[0] ?? 0) * 2 ** 24 + ((h[1] ?? 0) << 16) + ((h[2] ?? 0) << 8) + (h[3] ?? 0);
}

export function noteVerifier(
  name: string,
  publicKey: Uint8Array,
  type: NoteVerifier['type'] = SIG_ED25519,
): NoteVerifier {
  return { name, type, publicKey, keyId: noteKeyId(name, type, publicKey) };
}

const hex8 = (id: number): string => id.toString(16).padStart(8, '0');

/** `<name>+<hex key id>+<base64(type || public key)>`. */
export function formatVerifierKey(v: NoteVerifier): string {
  const material = new Uint8Array(33);
  material[0] = v.type;
  material.set(v.publicKey, 1);
  return `${v.name}+${hex8(v.keyId)}+${toBase64(material)}`;
}

/** Parses a vkey; null unless it is Ed25519 or cosignature/v1 and its key id is the computed one. */
export function parseVerifierKey(vkey: string): NoteVerifier | null {
  // Names hold no plus, but base64 may: split at the first two only.
  const m = /^([^+]+)\+([^+]+)\+(.+)$/s.exec(vkey);
  if (m === null) return null;
  const [, name = '', id = '', material = ''] = m;
  const bytes = fromBase64(material);
  if (!isKeyName(name) || !/^[0-9a-f]{8}$/.test(id) || bytes?.length !== 33) return null;
  const type = bytes[0];
  if (type !== SIG_ED25519 && type !== SIG_COSIGNATURE_V1) return null;
  const v = noteVerifier(name, bytes.slice(1), type);
  return hex8(v.keyId) === id ? v : null;
}

function isNoteText(text: string): boolean {
  // UTF-8 is given (a JS string); no control characters but newline.
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 && c !== 0x0a) return false;
  }
  return true;
}

/** Splits a signed note at its last blank line; null when it is not a well-formed note. */
export function parseNote(note: string): Note | null {
  if (!note.endsWith('\n') || !isNoteText(note)) return null;
  const split = note.lastIndexOf('\n\n');
  if (split < 0) return null;
  const text = note.slice(0, split + 1);
  const lines = note.slice(split + 2, -1).split('\n');
  if (lines.length === 0 || lines.length > MAX_SIGNATURES) return null;
  const signatures: NoteSignature[] = [];
  for (const line of lines) {
    const m = /^\u2014 (\S+) (\S+)$/u.exec(line);
    const bytes = m === null ? null : fromBase64(m[2] ?? '');
    if (m === null || bytes === null || bytes.length < 5 || !isKeyName(m[1] ?? '')) return null;
    const keyId = new DataView(bytes.buffer, bytes.byteOffset).getUint32(0);
    signatures.push({ name: m[1] ?? '', keyId, signature: bytes.slice(4) });
  }
  return { text, signatures };
}

export function signatureLine(name: string, keyId: number, signature: Uint8Array): string {
  const bytes = new Uint8Array(4 + signature.length);
  new DataView(bytes.buffer).setUint32(0, keyId);
  bytes.set(signature, 4);
  return `${EM_DASH} ${name} ${toBase64(bytes)}\n`;
}

/** A note: the text, a blank line, the signature lines. */
export function formatNote(text: string, lines: readonly string[]): string {
  return `${text}\n${lines.join('')}`;
}

function verifyRaw(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  try {
    return ed25519.verify(signature, message, publicKey, { zip215: false });
  } catch {
    return false;
  }
}

/** The 8-byte big-endian timestamp and the signed message of a cosignature/v1 over `text`. */
export function cosignatureV1Message(text: string, timestamp: bigint): Uint8Array {
  return utf8(`cosignature/v1\ntime ${timestamp.toString()}\n${text}`);
}

export type SignatureOutcome =
  { readonly verified: true; readonly timestamp: bigint | null } | { readonly verified: false };

/** Verifies the one signature of `v` in the note: Ed25519 over the text, or cosignature/v1. */
export function verifyNoteSignature(note: Note, v: NoteVerifier): SignatureOutcome | null {
  const sig = note.signatures.find((s) => s.name === v.name && s.keyId === v.keyId);
  if (sig === undefined) return null;
  if (v.type === SIG_ED25519) {
    const ok =
      sig.signature.length === 64 && verifyRaw(v.publicKey, utf8(note.text), sig.signature);
    return ok ? { verified: true, timestamp: null } : { verified: false };
  }
  if (sig.signature.length !== 72) return { verified: false };
  const timestamp = new DataView(sig.signature.buffer, sig.signature.byteOffset).getBigUint64(0);
  if (timestamp >= 2n ** 63n) return { verified: false };
  const ok = verifyRaw(
    v.publicKey,
    cosignatureV1Message(note.text, timestamp),
    sig.signature.slice(8),
  );
  return ok ? { verified: true, timestamp } : { verified: false };
}

export interface Checkpoint {
  readonly origin: string;
  readonly size: number;
  readonly root: Uint8Array;
  readonly extensions: readonly string[];
}

/** The note text of a checkpoint: origin, size, base64 root, each on its own line. */
export function checkpointText(origin: string, size: number, root: Uint8Array): string {
  return `${origin}\n${size.toString()}\n${toBase64(root)}\n`;
}

export function parseCheckpointText(text: string): Checkpoint | null {
  const lines = text.split('\n');
  if (lines.pop() !== '' || lines.length < 3) return null;
  const [origin = '', sizeLine = '', rootLine = '', ...extensions] = lines;
  const root = fromBase64(rootLine);
  const sizeOk = /^(?:0|[1-9][0-9]*)$/.test(sizeLine) && Number.isSafeInteger(Number(sizeLine));
  if (origin === '' || !sizeOk || root?.length !== 32 || extensions.includes('')) return null;
  return { origin, size: Number(sizeLine), root, extensions };
}

export interface CheckpointVerdict {
  readonly checkpoint: Checkpoint;
  /** Witnesses whose cosignature verified, with their cosignature/v1 timestamps (null: plain Ed25519). */
  readonly cosigners: readonly { readonly name: string; readonly timestamp: bigint | null }[];
  readonly problems: readonly string[];
}

/**
 * Verifies a checkpoint note: the log's signature must be present and valid, and the origin must be
 * the one expected. Known witness cosignatures are checked; a bad one is a problem, an absent one not.
 */
export function verifyCheckpointNote(
  noteText: string,
  log: NoteVerifier,
  witnesses: readonly NoteVerifier[] = [],
  origin: string = log.name,
): CheckpointVerdict | null {
  const note = parseNote(noteText);
  const checkpoint = note === null ? null : parseCheckpointText(note.text);
  if (note === null || checkpoint === null) return null;
  const problems: string[] = [];
  if (checkpoint.origin !== origin)
    problems.push(`origin ${checkpoint.origin} is not the expected ${origin}`);
  const own = verifyNoteSignature(note, log);
  if (own === null) problems.push(`no signature by the log key ${log.name}`);
  else if (!own.verified) problems.push(`the log signature of ${log.name} does not verify`);
  const cosigners: { name: string; timestamp: bigint | null }[] = [];
  for (const w of witnesses) {
    const r = verifyNoteSignature(note, w);
    if (r === null) continue;
    if (!r.verified) problems.push(`the cosignature of ${w.name} does not verify`);
    else cosigners.push({ name: w.name, timestamp: r.timestamp });
  }
  return { checkpoint, cosigners, problems };
}
