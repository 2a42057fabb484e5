import { join } from 'node:path';
import { ed25519 } from '@noble/curves/ed25519.js';
import { assert } from '../core/assert.ts';
import { canonicalize, type Json } from '../core/canonical.ts';
import type { Clock } from '../core/clock.ts';
import type { Actor } from '../core/identity.ts';
import { err, ok, type Result } from '../core/result.ts';
import type { Db, Queryable, Tx } from '../db/pool.ts';
import {
  AUDIT_ACTIONS,
  checkpointBody,
  cosignatureMessage,
  isCosignaturePayload,
  isLogKeyPayload,
  isWitnessPayload,
  keyRotationMessage,
  type LogKeyPayload,
} from '../../verifier/src/formats.ts';
import { fromHex, toHex, utf8 } from '../../verifier/src/hex.ts';
import {
  checkpointText,
  formatNote,
  formatVerifierKey,
  noteVerifier,
  signatureLine,
} from '../../verifier/src/note.ts';
import { keyIdOf, verifyEd25519 } from '../../verifier/src/signature.ts';
import type { Bundle } from '../../verifier/src/bundle.ts';
import type { Report } from '../../verifier/src/report.ts';
import type {
  InclusionProofDocument,
  ConsistencyProofDocument,
} from '../../verifier/src/bundle.ts';
import { appendAudit, flushAudit, registerHeadSigner } from './append.ts';
import { exportBundle, type ExportRange } from './export.ts';
import { DATA_DIR_KEY_FILE, generateKey, loadLogKey, writeKeyFile, type LogKey } from './keys.ts';
import {
  checkConsistencyRequest,
  checkInclusionRequest,
  type CheckpointView,
  type CosignError,
  type EntryView,
  type KeyView,
  type ProofError,
  type RotateError,
  type WitnessError,
  type WitnessView,
} from './model.ts';
import type { Projector } from './replay.ts';
import * as store from './store.ts';
import { storedConsistencyProof, storedInclusionProof, storedRoot } from './tree.ts';
import { verifyLog, type VerifyOptions } from './verify.ts';

/** The log key's file format, which the transparency report key reuses. */
export { generateKey, keyFromPrivate, writeKeyFile, type LogKey } from './keys.ts';

/**
 * The audit domain: signed checkpoints over the log, the log key and its rotations, witnesses and
 * their cosignatures, proofs, verification and export. Appending entries is `appendAudit`, which every
 * domain calls inside its own transaction; this service only adds entries about the log itself.
 */
export interface AuditServiceDeps {
  readonly db: Db;
  readonly clock: Clock;
  readonly dataDir: string;
  /** An operator-managed key file (KAZNA_LOG_KEY_FILE); absent or null keeps it in the data folder. */
  readonly logKeyFile?: string | null;
  /** Every domain's replay projector; main.ts adds them as it builds each domain. */
  readonly projectors: readonly Projector[];
  /** A read-only database (beside a running server): the key is not logged at start. */
  readonly readOnly?: boolean;
  /** Kazna's public origin (KAZNA_ORIGIN); the log's checkpoint origin line derives from it. */
  readonly relyingParty?: { readonly origin: string };
}

export interface EntryPage {
  readonly entries: readonly EntryView[];
  /** Pass as `cursor` to get the next page; null at the end. */
  readonly nextCursor: number | null;
}

export interface AuditService {
  readonly currentKeyId: () => string;
  /** Signs a checkpoint of the current log; returns the latest one if the log has not grown. */
  checkpoint(actor: Actor): Promise<CheckpointView>;
  latestCheckpoint(): Promise<CheckpointView | null>;
  checkpoints(page: { beforeSize?: number; limit: number }): Promise<CheckpointView[]>;
  keys(): Promise<KeyView[]>;
  rotateKey(actor: Actor): Promise<Result<KeyView, RotateError>>;
  witnesses(): Promise<WitnessView[]>;
  registerWitness(
    actor: Actor,
    input: { name: string; publicKey: string },
  ): Promise<Result<WitnessView, WitnessError>>;
  cosign(
    size: number,
    witnessId: string,
    signature: string,
  ): Promise<Result<CheckpointView, CosignError>>;
  entries(filter: store.EntryFilter): Promise<EntryPage>;
  entry(seq: number): Promise<EntryView | null>;
  size(): Promise<number>;
  inclusionProof(
    index: number,
    size?: number,
  ): Promise<Result<InclusionProofDocument & { checkpoint: CheckpointView | null }, ProofError>>;
  consistencyProof(
    from: number,
    to?: number,
  ): Promise<Result<ConsistencyProofDocument, ProofError>>;
  verify(options?: VerifyOptions): Promise<Report>;
  exportBundle(range?: ExportRange): Promise<Bundle>;
  /** The C2SP checkpoint origin line, and the log key's name in its note signatures. */
  readonly logOrigin: string;
  /** The log key as a C2SP verifier key (`<origin>+<key id>+<base64>`). */
  readonly verifierKey: () => string;
  /**
   * The latest checkpoint as a C2SP signed note, signed now by the log key; null when there is none
   * or when the key has rotated since (the next checkpoint, made within seconds, will be signed).
   */
  checkpointNote(): Promise<{ readonly size: number; readonly note: string } | null>;
}

export async function createAuditService(deps: AuditServiceDeps): Promise<AuditService> {
  const { db, clock } = deps;
  const ctx: Ctx = { deps, key: await loadLogKey(deps.dataDir, deps.logKeyFile ?? null) };
  const origin = logOriginOf(deps.relyingParty?.origin);
  // The key in force signs each new head (a rotation replaces `ctx.key`, and so the signer).
  registerHeadSigner(db, (message) => ({ keyId: ctx.key.keyId, signature: ctx.key.sign(message) }));
  // The key is in the log before it signs anything a verifier must check.
  if (deps.readOnly !== true)
    await db.write(async (tx) => {
      await store.readHead(tx, true);
      await syncKey(ctx, tx);
    });
  return {
    currentKeyId: () => ctx.key.keyId,
    checkpoint: (actor) => makeCheckpoint(ctx, actor),
    latestCheckpoint: async () => {
      const latest = await store.latestCheckpoint(db);
      return latest === null ? null : checkpointView(db, latest.size);
    },
    checkpoints: async (page) => {
      const list = await store.listCheckpoints(db, page);
      return Promise.all(
        list.map(async (c) => withCosignatures(c, await cosignaturesOf(db, c.size))),
      );
    },
    keys: () => listKeys(db, ctx.key.keyId),
    rotateKey: (actor) => rotateKey(ctx, actor),
    witnesses: () => listWitnesses(db),
    registerWitness: (actor, input) => registerWitness(ctx, actor, input),
    cosign: (size, witnessId, signature) => cosign(ctx, size, witnessId, signature),
    entries: async (filter) => {
      const rows = await store.listEntries(db, filter);
      const last = rows.at(-1);
      return {
        entries: rows.map(entryView),
        nextCursor: rows.length === filter.limit && last !== undefined ? Number(last.seq) : null,
      };
    },
    entry: async (seq) => {
      const row = await store.entryAt(db, seq);
      return row === null ? null : entryView(row);
    },
    size: async () => (await store.readHead(db)).size,
    inclusionProof: (index, size) => inclusionProof(db, index, size),
    consistencyProof: (from, to) => consistencyProof(db, from, to),
    verify: (options) => verifyLog(db, { projectors: deps.projectors, ...options }),
    exportBundle: (range) => exportBundle(db, range ?? {}, clock.now().toISOString()),
    logOrigin: origin,
    verifierKey: () => formatVerifierKey(noteVerifier(origin, fromHex(ctx.key.publicKeyHex))),
    checkpointNote: async () => {
      const latest = await store.latestCheckpoint(db);
      if (latest?.body.keyId !== ctx.key.keyId) return null;
      return { size: latest.size, note: signCheckpointNote(ctx.key, origin, latest) };
    },
  };
}

/**
 * `<host>[/path]/log` of Kazna's public origin: the URL prefix its tiles are served under, without
 * the scheme, as c2sp.org/tlog-tiles recommends. Changing KAZNA_ORIGIN changes the log's identity
 * for witnesses (its origin line and note key id), so it is set once, before registering witnesses.
 */
export function logOriginOf(publicOrigin: string | undefined): string {
  const url = new URL(publicOrigin ?? 'http://localhost:3000');
  return `${url.host}${url.pathname.replace(/\/+$/, '')}/log`;
}

/** Ed25519 is deterministic, so signing the same checkpoint again yields the same note. */
function signCheckpointNote(key: LogKey, origin: string, cp: store.StoredCheckpoint): string {
  const text = checkpointText(origin, cp.size, fromHex(cp.body.root));
  const v = noteVerifier(origin, fromHex(key.publicKeyHex));
  return formatNote(text, [signatureLine(origin, v.keyId, key.sign(utf8(text)))]);
}

/** The service's one piece of mutable state: the key this process signs with. */
interface Ctx {
  readonly deps: AuditServiceDeps;
  key: LogKey;
}

/** Makes the log's current key the one this process signs with, logging a change if needed. */
async function syncKey(ctx: Ctx, tx: Tx): Promise<void> {
  const { deps } = ctx;
  const logged = (await keyEntries(tx)).at(-1);
  if (logged?.keyId === ctx.key.keyId) return;
  // Another process may have rotated the data-folder key: pick up its file before logging anything.
  if (ctx.key.source === 'data_dir' && logged !== undefined) {
    const reloaded = await loadLogKey(deps.dataDir, null);
    if (reloaded.keyId === logged.keyId) {
      ctx.key = reloaded;
      return;
    }
  }
  const payload: LogKeyPayload = {
    keyId: ctx.key.keyId,
    publicKey: ctx.key.publicKeyHex,
    previousKeyId: logged?.keyId ?? null,
    endorsement: null,
  };
  await appendAudit(tx, deps.clock, {
    actor: 'system',
    action: logged === undefined ? AUDIT_ACTIONS.keyGenerated : AUDIT_ACTIONS.keyRotated,
    subjects: [`log_key:${ctx.key.keyId}`],
    payload: payload as unknown as Json,
  });
}

/**
 * Signs a checkpoint of the whole log and records it as an entry of its own, so a checkpoint row
 * is proven by the log like any other (deleting one is caught). The entry that records checkpoint N
 * is entry N: a log whose only new entry is that one has nothing new to sign.
 */
async function makeCheckpoint(ctx: Ctx, actor: Actor): Promise<CheckpointView> {
  const { db, clock } = ctx.deps;
  // The timer asks every few seconds: an idle log is answered by a plain read, without a lock.
  const latest = await store.latestCheckpoint(db);
  if (latest !== null && (await nothingToSign(db, latest.size, (await store.readHead(db)).size)))
    return mustView(await checkpointView(db, latest.size), latest.size);
  const made = await db.write(async (tx) => {
    await store.readHead(tx, true);
    await syncKey(ctx, tx);
    await flushAudit(tx);
    const head = await store.readHead(tx);
    const latest = await store.latestCheckpoint(tx);
    if (latest !== null && (await nothingToSign(tx, latest.size, head.size))) return latest.size;
    const root = toHex(await storedRoot(tx, head.size));
    const body = checkpointBody(head.size, root, clock.now().toISOString(), ctx.key.keyId);
    const text = canonicalize(body);
    await store.insertCheckpoint(tx, body, text, ctx.key.sign(utf8(text)));
    await appendAudit(tx, clock, {
      actor,
      action: AUDIT_ACTIONS.checkpointSigned,
      subjects: [`checkpoint:${head.size}`],
      payload: { size: String(head.size), root, keyId: ctx.key.keyId },
    });
    return head.size;
  });
  return mustView(await checkpointView(db, made), made);
}

async function nothingToSign(tx: Queryable, signed: number, size: number): Promise<boolean> {
  if (signed === size) return true;
  if (signed + 1 !== size) return false;
  const last = await store.entryAt(tx, signed);
  return last?.action === AUDIT_ACTIONS.checkpointSigned;
}

async function rotateKey(ctx: Ctx, actor: Actor): Promise<Result<KeyView, RotateError>> {
  const { db, clock, dataDir } = ctx.deps;
  if (ctx.key.source === 'key_file')
    return err(
      'log_key_managed_externally',
      'the log key comes from KAZNA_LOG_KEY_FILE; replace that file to rotate it',
    );
  const next = generateKey();
  await db.write(async (tx) => {
    await store.readHead(tx, true);
    await syncKey(ctx, tx);
    const endorsement = ctx.key.sign(
      keyRotationMessage(ctx.key.keyId, next.key.keyId, next.key.publicKeyHex),
    );
    const payload: LogKeyPayload = {
      keyId: next.key.keyId,
      publicKey: next.key.publicKeyHex,
      previousKeyId: ctx.key.keyId,
      endorsement: toHex(endorsement),
    };
    await appendAudit(tx, clock, {
      actor,
      action: AUDIT_ACTIONS.keyRotated,
      subjects: [`log_key:${next.key.keyId}`, `log_key:${ctx.key.keyId}`],
      payload: payload as unknown as Json,
    });
  });
  // The old private key is overwritten: after a rotation it must not sign again.
  await writeKeyFile(join(dataDir, DATA_DIR_KEY_FILE), next.pem);
  ctx.key = next.key;
  const keys = await listKeys(db, ctx.key.keyId);
  const current = keys.at(-1);
  assert(current?.keyId === next.key.keyId, 'the rotated key is not the current one');
  return ok(current);
}

async function registerWitness(
  ctx: Ctx,
  actor: Actor,
  input: { name: string; publicKey: string },
): Promise<Result<WitnessView, WitnessError>> {
  const { db, clock } = ctx.deps;
  if (!isEd25519PublicKey(input.publicKey))
    return err('witness_key_invalid', 'publicKey must be a 32-byte Ed25519 key in lower-case hex');
  const witnessId = keyIdOf(input.publicKey);
  const result = await db.command(async (tx) => {
    const existing = await listWitnesses(tx);
    if (existing.some((w) => w.witnessId === witnessId))
      return err('witness_exists' as const, `witness ${witnessId} is already registered`, {
        witnessId,
      });
    await appendAudit(tx, clock, {
      actor,
      action: AUDIT_ACTIONS.witnessRegistered,
      subjects: [`witness:${witnessId}`],
      payload: { witnessId, name: input.name, publicKey: input.publicKey },
    });
    return ok(witnessId);
  });
  if (!result.ok) return result;
  const witness = (await listWitnesses(db)).find((w) => w.witnessId === witnessId);
  assert(witness !== undefined, `witness ${witnessId} was not recorded`);
  return ok(witness);
}

async function cosign(
  ctx: Ctx,
  size: number,
  witnessId: string,
  signature: string,
): Promise<Result<CheckpointView, CosignError>> {
  const { db, clock } = ctx.deps;
  const result = await db.command(async (tx): Promise<Result<number, CosignError>> => {
    const cp = await store.checkpointAt(tx, size);
    if (cp === null) return err('checkpoint_not_found', `no checkpoint of size ${size}`);
    const witness = (await listWitnesses(tx)).find((w) => w.witnessId === witnessId);
    if (witness === undefined)
      return err('witness_not_found', `witness ${witnessId} is not registered`);
    if (!verifyEd25519(witness.publicKey, cosignatureMessage(cp.body), signature))
      return err('cosignature_invalid', 'the signature does not verify over the checkpoint', {
        signed: canonicalize({ kind: 'kazna.audit.cosignature', v: 1, checkpoint: cp.body }),
      });
    const existing = await cosignaturesOf(tx, size);
    if (existing.some((c) => c.witnessId === witnessId))
      return err('cosignature_exists', `witness ${witnessId} already cosigned ${size}`);
    await appendAudit(tx, clock, {
      actor: `witness:${witnessId}`,
      action: AUDIT_ACTIONS.cosigned,
      subjects: [`checkpoint:${size}`, `witness:${witnessId}`],
      payload: { size: String(size), witnessId, signature },
    });
    return ok(size);
  });
  if (!result.ok) return result;
  return ok(mustView(await checkpointView(db, size), size));
}

export function isEd25519PublicKey(hex: string): boolean {
  if (!/^[0-9a-f]{64}$/.test(hex)) return false;
  try {
    ed25519.Point.fromHex(hex);
    return true;
  } catch {
    return false;
  }
}

export function entryView(row: store.EntryRow): EntryView {
  return {
    seq: Number(row.seq),
    recordedAt: row.recorded_at.toISOString(),
    actor: row.actor,
    action: row.action,
    subjects: row.subjects,
    payload: (JSON.parse(row.entry) as { payload: Json }).payload,
    entry: row.entry,
    prevHash: row.prev_hash.toString('hex'),
    hash: row.hash.toString('hex'),
  };
}

async function keyEntries(db: Tx): Promise<(LogKeyPayload & { seq: number; on: string })[]> {
  const rows = await store.entriesWithActions(db, store.KEY_ACTIONS);
  return rows.flatMap((r) =>
    isLogKeyPayload(r.payload) ? [{ ...r.payload, seq: r.seq, on: r.recordedAt }] : [],
  );
}

async function listKeys(db: Tx, signingKeyId: string): Promise<KeyView[]> {
  const entries = await keyEntries(db);
  return entries.map((k, i) => ({
    keyId: k.keyId,
    algorithm: 'ed25519' as const,
    publicKey: k.publicKey,
    introducedAt: k.seq,
    introducedOn: k.on,
    previousKeyId: k.previousKeyId,
    current: i === entries.length - 1 && k.keyId === signingKeyId,
  }));
}

async function listWitnesses(db: Tx): Promise<WitnessView[]> {
  const rows = await store.entriesWithActions(db, [AUDIT_ACTIONS.witnessRegistered]);
  return rows.flatMap((r) =>
    isWitnessPayload(r.payload)
      ? [
          {
            witnessId: r.payload.witnessId,
            name: r.payload.name,
            publicKey: r.payload.publicKey,
            registeredAt: r.seq,
            registeredOn: r.recordedAt,
          },
        ]
      : [],
  );
}

async function cosignaturesOf(
  db: Tx,
  size: number,
): Promise<{ witnessId: string; signature: string }[]> {
  const rows = await store.entriesWithActions(db, [AUDIT_ACTIONS.cosigned], `checkpoint:${size}`);
  return rows.flatMap((r) =>
    isCosignaturePayload(r.payload)
      ? [{ witnessId: r.payload.witnessId, signature: r.payload.signature }]
      : [],
  );
}

function withCosignatures(
  c: store.StoredCheckpoint,
  cosignatures: { witnessId: string; signature: string }[],
): CheckpointView {
  return { size: c.size, body: c.body, signature: c.signature, cosignatures };
}

function mustView(view: CheckpointView | null, size: number): CheckpointView {
  assert(view !== null, `checkpoint ${size} was not recorded`);
  return view;
}

async function checkpointView(db: Queryable, size: number): Promise<CheckpointView | null> {
  const c = await store.checkpointAt(db, size);
  return c === null ? null : withCosignatures(c, await cosignaturesOf(db, size));
}

async function inclusionProof(
  db: Db,
  index: number,
  size?: number,
): Promise<Result<InclusionProofDocument & { checkpoint: CheckpointView | null }, ProofError>> {
  const logSize = (await store.readHead(db)).size;
  const n = size ?? logSize;
  const refused = checkInclusionRequest(index, n, logSize);
  if (refused !== null) return err(refused.code, refused.message, { index, size: n, logSize });
  const p = await storedInclusionProof(db, index, n);
  return ok({
    kind: 'inclusion',
    index: String(index),
    size: String(n),
    leafHash: toHex(p.leaf),
    root: toHex(p.root),
    proof: p.proof.map(toHex),
    checkpoint: size === undefined ? null : await checkpointView(db, n),
  });
}

async function consistencyProof(
  db: Db,
  from: number,
  to?: number,
): Promise<Result<ConsistencyProofDocument, ProofError>> {
  const logSize = (await store.readHead(db)).size;
  const n = to ?? logSize;
  const refused = checkConsistencyRequest(from, n, logSize);
  if (refused !== null) return err(refused.code, refused.message, { from, to: n, logSize });
  const p = await storedConsistencyProof(db, from, n);
  return ok({
    kind: 'consistency',
    from: String(from),
    to: String(n),
    fromRoot: toHex(p.oldRoot),
    toRoot: toHex(p.root),
    proof: p.proof.map(toHex),
  });
}

/**
 * Signs a checkpoint every `intervalSeconds` when the log has grown (0 disables it). `schedule` is
 * injectable so tests drive the timer by hand; it returns the function that stops it.
 */
export function startCheckpointTimer(
  service: Pick<AuditService, 'checkpoint'>,
  intervalSeconds: number,
  actor: Actor,
  schedule: (tick: () => void, ms: number) => () => void = defaultSchedule,
  onError: (error: unknown) => void = () => undefined,
): () => void {
  if (intervalSeconds <= 0) return () => undefined;
  let running = false;
  return schedule(() => {
    if (running) return;
    running = true;
    service
      .checkpoint(actor)
      .catch(onError)
      .finally(() => {
        running = false;
      });
  }, intervalSeconds * 1000);
}

function defaultSchedule(tick: () => void, ms: number): () => void {
  const timer = setInterval(tick, ms);
  timer.unref();
  return () => {
    clearInterval(timer);
  };
}
