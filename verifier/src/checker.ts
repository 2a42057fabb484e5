import { sha256 } from '@noble/hashes/sha2.js';
import {
  AUDIT_ACTIONS,
  checkpointMessage,
  cosignatureMessage,
  ENTRY_VERSION,
  isCosignaturePayload,
  isLogKeyPayload,
  isWitnessPayload,
  keyRotationMessage,
  type SignedCheckpoint,
} from './formats.ts';
import { equalBytes, fromHex, isHex, toHex, utf8 } from './hex.ts';
import { merkleWith, type Hasher, type Merkle } from './merkle.ts';
import { keyIdOf, verifyEd25519 } from './signature.ts';
import { findingOf, type Finding, type FindingCode, type Report } from './report.ts';

/**
 * Walks a log from its first entry (or from a stated prefix) to its end, once, in order, keeping
 * only a compact range of the tree (O(log n) hashes). It checks each entry's hash and chain link,
 * rebuilds every checkpoint's root, verifies every signature against keys the log itself introduced,
 * and collects witness cosignatures. The server's `kazna audit verify` and the standalone bundle
 * check both drive this one checker, so they agree on what "valid" means.
 */
export interface KeyRecord {
  readonly keyId: string;
  readonly publicKey: string;
  /** Seq of the entry that introduced the key; it may sign checkpoints of size > this. */
  readonly introducedAt: number;
}

export interface WitnessRecord {
  readonly witnessId: string;
  readonly name: string;
  readonly publicKey: string;
}

export interface ConsistencyProofRecord {
  readonly from: number;
  readonly to: number;
  readonly proof: readonly string[];
}

export interface CheckerOptions {
  readonly hash?: Hasher;
  /** Start part-way: the perfect-subtree hashes covering [0, size) and the hash of entry size-1. */
  readonly start?: {
    readonly size: number;
    readonly prefix: readonly Uint8Array[];
    readonly prevHash: Uint8Array;
  };
  readonly checkpoints: readonly SignedCheckpoint[];
  /** Checkpoints seen before (e.g. by a witness); the log must still contain them. */
  readonly trusted?: readonly SignedCheckpoint[];
  /** Keys and witnesses introduced before `start` (range bundles only). */
  readonly priorKeys?: readonly KeyRecord[];
  readonly priorWitnesses?: readonly WitnessRecord[];
  /** Public keys (hex) the verifier pins: the log's first key must be one of them. */
  readonly pinnedKeys?: readonly string[];
  readonly consistency?: readonly ConsistencyProofRecord[];
  readonly requireWitnesses?: number;
  readonly origin?: string;
  readonly findingsMax?: number;
  /** Collect completed tree nodes for `takeCompleted` (a database-backed check). */
  readonly trackNodes?: boolean;
}

/** Columns a database row stores beside the entry text; each must agree with the text. */
export interface StoredColumns {
  readonly hash: Uint8Array;
  readonly prevHash: Uint8Array;
  readonly actor: string;
  readonly action: string;
  readonly subjects: readonly string[];
  readonly recordedAt: string;
}

export interface ParsedEntry {
  readonly seq: number;
  readonly recordedAt: string;
  readonly actor: string;
  readonly action: string;
  readonly subjects: readonly string[];
  readonly payload: unknown;
}

export interface LogChecker {
  /** Feeds the entry stored at `seq`; `stored` are the row's other columns, when there is a row. */
  push(seq: number, text: string, stored?: StoredColumns): ParsedEntry | null;
  /** A stored perfect-subtree node to compare against the rebuilt tree (level 0 = leaf). */
  storedNode(level: number, idx: number, hash: Uint8Array | undefined): void;
  /**
   * Tree nodes completed since the last call, as [level, idx]; the caller looks each up in its
   * storage and hands it to `storedNode`. Only tracked with `trackNodes`.
   */
  takeCompleted(): [number, number][];
  /** Entries seen so far (the next expected seq). */
  readonly size: number;
  finish(): Report;
}

interface StackItem {
  level: number;
  hash: Uint8Array;
}

export function createLogChecker(options: CheckerOptions): LogChecker {
  const merkle = merkleWith(options.hash ?? ((d) => sha256(d)));
  const findings: Finding[] = [];
  let findingsTotal = 0;
  const add = (f: Finding): void => {
    findingsTotal++;
    if (findings.length < (options.findingsMax ?? 100)) findings.push(f);
  };
  const state = initialState(options);
  const cps = [...options.checkpoints].sort((a, b) => Number(a.body.size) - Number(b.body.size));
  const trusted = [...(options.trusted ?? [])].sort(
    (a, b) => Number(a.body.size) - Number(b.body.size),
  );
  const cosigners = new Map<string, Set<string>>();
  const verifiedCheckpoints: SignedCheckpoint[] = [];
  let cpNext = 0;
  let trustedNext = 0;
  let lastCheckpointAt = '';

  const rootNow = (): Uint8Array => foldStack(merkle, state.stack);

  const checkCheckpointsAt = (size: number): void => {
    while (cpNext < cps.length && Number(cps[cpNext]!.body.size) === size) {
      const cp = cps[cpNext++]!;
      if (checkCheckpoint(cp, size)) verifiedCheckpoints.push(cp);
    }
    while (trustedNext < trusted.length && Number(trusted[trustedNext]!.body.size) === size) {
      const cp = trusted[trustedNext++]!;
      if (state.treeBroken || cp.body.root !== toHex(rootNow()))
        add(
          findingOf(
            'trusted_checkpoint_forked',
            `the log at size ${size} does not match a checkpoint seen before`,
            {
              checkpointSize: size,
              expected: cp.body.root,
              found: state.treeBroken ? 'unavailable' : toHex(rootNow()),
            },
          ),
        );
    }
  };

  function checkCheckpoint(cp: SignedCheckpoint, size: number): boolean {
    const where = { checkpointSize: size };
    const key = state.keys.at(-1);
    const named = state.keys.find((k) => k.keyId === cp.body.keyId);
    let good = true;
    if (named === undefined) {
      add(
        findingOf(
          'checkpoint_key_unknown',
          `checkpoint ${size} names key ${cp.body.keyId}, which the log never introduced`,
          {
            ...where,
            expected: key?.keyId ?? 'a key introduced by the log',
            found: cp.body.keyId,
          },
        ),
      );
      good = false;
    } else if (named !== key) {
      add(
        findingOf(
          'checkpoint_key_not_current',
          `checkpoint ${size} is signed by ${named.keyId}, not the key current at that size`,
          {
            ...where,
            expected: key?.keyId ?? 'none',
            found: named.keyId,
          },
        ),
      );
      good = false;
    } else if (!verifyEd25519(named.publicKey, checkpointMessage(cp.body), cp.signature)) {
      add(
        findingOf(
          'checkpoint_signature_invalid',
          `checkpoint ${size}: the signature does not verify under key ${named.keyId}`,
          {
            ...where,
            found: cp.signature,
          },
        ),
      );
      good = false;
    }
    if (options.origin !== undefined && cp.body.origin !== options.origin) {
      add(
        findingOf('checkpoint_origin_mismatch', `checkpoint ${size} is for another log`, {
          ...where,
          expected: options.origin,
          found: cp.body.origin,
        }),
      );
      good = false;
    }
    if (state.treeBroken) {
      add(
        findingOf(
          'checkpoint_unverifiable',
          `checkpoint ${size} cannot be rebuilt: the log before it is broken`,
          where,
        ),
      );
      return false;
    }
    const root = toHex(rootNow());
    if (cp.body.root !== root) {
      add(
        findingOf(
          'checkpoint_root_mismatch',
          `checkpoint ${size}: its root is not the root of the first ${size} entries`,
          { ...where, expected: root, found: cp.body.root },
        ),
      );
      good = false;
    }
    if (cp.body.at < lastCheckpointAt) {
      add(
        findingOf(
          'checkpoint_time_regressed',
          `checkpoint ${size} is dated before the checkpoint that precedes it`,
          { ...where, expected: `>= ${lastCheckpointAt}`, found: cp.body.at },
        ),
      );
      good = false;
    }
    lastCheckpointAt = cp.body.at;
    return good;
  }

  function pushAuditAction(e: ParsedEntry): void {
    switch (e.action) {
      case AUDIT_ACTIONS.keyGenerated:
      case AUDIT_ACTIONS.keyRotated:
        onKeyEntry(e);
        return;
      case AUDIT_ACTIONS.witnessRegistered:
        if (!isWitnessPayload(e.payload) || keyIdOf(e.payload.publicKey) !== e.payload.witnessId) {
          add(
            findingOf(
              'witness_entry_invalid',
              `entry ${e.seq} registers a witness with a malformed key`,
              { seq: e.seq },
            ),
          );
          return;
        }
        state.witnesses.set(e.payload.witnessId, e.payload);
        return;
      case AUDIT_ACTIONS.cosigned:
        onCosignature(e);
        return;
      default:
        return;
    }
  }

  function onKeyEntry(e: ParsedEntry): void {
    const p = e.payload;
    if (!isLogKeyPayload(p) || keyIdOf(p.publicKey) !== p.keyId) {
      add(
        findingOf('log_key_entry_invalid', `entry ${e.seq} introduces a malformed log key`, {
          seq: e.seq,
        }),
      );
      return;
    }
    const current = state.keys.at(-1);
    if (current === undefined) {
      const pins = options.pinnedKeys;
      if (pins !== undefined && pins.length > 0 && !pins.includes(p.publicKey))
        add(
          findingOf(
            'log_key_not_pinned',
            `the log's first key ${p.keyId} is not one the verifier pinned`,
            { seq: e.seq, expected: pins.join(','), found: p.publicKey },
          ),
        );
    } else if (p.previousKeyId !== current.keyId) {
      add(
        findingOf(
          'log_key_rotation_broken',
          `entry ${e.seq} rotates from ${p.previousKeyId ?? 'nothing'}, but the current key is ${current.keyId}`,
          { seq: e.seq, expected: current.keyId, found: p.previousKeyId ?? 'null' },
        ),
      );
    } else if (
      p.endorsement !== null &&
      !verifyEd25519(
        current.publicKey,
        keyRotationMessage(current.keyId, p.keyId, p.publicKey),
        p.endorsement,
      )
    ) {
      add(
        findingOf(
          'log_key_endorsement_invalid',
          `entry ${e.seq}: the outgoing key's endorsement of ${p.keyId} does not verify`,
          { seq: e.seq },
        ),
      );
    }
    state.keys.push({ keyId: p.keyId, publicKey: p.publicKey, introducedAt: e.seq });
  }

  function onCosignature(e: ParsedEntry): void {
    const p = e.payload;
    if (!isCosignaturePayload(p)) {
      add(
        findingOf('cosignature_invalid', `entry ${e.seq} holds a malformed cosignature`, {
          seq: e.seq,
        }),
      );
      return;
    }
    const witness = state.witnesses.get(p.witnessId);
    const cp = cps.find((c) => c.body.size === p.size && verifiedCheckpoints.includes(c));
    if (witness === undefined || cp === undefined) {
      add(
        findingOf(
          'cosignature_unmatched',
          `entry ${e.seq} cosigns checkpoint ${p.size} by ${p.witnessId}; the checkpoint or witness is unknown`,
          { seq: e.seq, checkpointSize: Number(p.size) },
        ),
      );
      return;
    }
    if (!verifyEd25519(witness.publicKey, cosignatureMessage(cp.body), p.signature)) {
      add(
        findingOf(
          'cosignature_invalid',
          `entry ${e.seq}: witness ${p.witnessId}'s cosignature of checkpoint ${p.size} does not verify`,
          { seq: e.seq, checkpointSize: Number(p.size) },
        ),
      );
      return;
    }
    const set = cosigners.get(p.size) ?? new Set<string>();
    set.add(p.witnessId);
    cosigners.set(p.size, set);
  }

  const entryFinding = (
    code: FindingCode,
    seq: number,
    message: string,
    expected?: string,
    found?: string,
  ): void => {
    add(
      findingOf(code, `entry ${seq}: ${message}`, {
        seq,
        ...(expected === undefined ? {} : { expected }),
        ...(found === undefined ? {} : { found }),
      }),
    );
  };

  function push(seq: number, text: string, stored?: StoredColumns): ParsedEntry | null {
    if (seq !== state.size) {
      if (seq > state.size)
        entryFinding(
          'entry_missing',
          state.size,
          `missing (the next stored entry is ${seq})`,
          String(state.size),
          String(seq),
        );
      else entryFinding('entry_out_of_order', seq, `appears again after entry ${state.size - 1}`);
      state.treeBroken = true;
      state.size = seq;
    }
    const leaf = merkle.leafHash(utf8(text));
    const parsed = parseEntry(text);
    if (typeof parsed === 'string') entryFinding('entry_malformed', seq, parsed);
    else {
      if (parsed.seq !== seq)
        entryFinding(
          'entry_seq_mismatch',
          seq,
          'its text declares another position',
          String(seq),
          String(parsed.seq),
        );
      if (parsed.prev !== toHex(state.prevHash))
        entryFinding(
          'entry_link_broken',
          seq,
          'its prev hash is not the hash of the entry before it',
          toHex(state.prevHash),
          parsed.prev,
        );
    }
    if (stored !== undefined) checkColumns(seq, leaf, parsed, stored);
    state.prevHash = leaf;
    state.size = seq + 1;
    if (!state.treeBroken) addLeaf(leaf);
    if (typeof parsed !== 'string') pushAuditAction(parsed);
    checkCheckpointsAt(state.size);
    return typeof parsed === 'string' ? null : parsed;
  }

  function checkColumns(
    seq: number,
    leaf: Uint8Array,
    parsed: ParsedEntryWithPrev | string,
    s: StoredColumns,
  ): void {
    if (!equalBytes(leaf, s.hash))
      entryFinding(
        'entry_hash_mismatch',
        seq,
        'the stored hash is not the hash of its text',
        toHex(leaf),
        toHex(s.hash),
      );
    if (typeof parsed === 'string') return;
    const cols: [string, string, string][] = [
      ['prev_hash', parsed.prev, toHex(s.prevHash)],
      ['actor', parsed.actor, s.actor],
      ['action', parsed.action, s.action],
      ['subjects', JSON.stringify(parsed.subjects), JSON.stringify(s.subjects)],
      ['recorded_at', parsed.recordedAt, s.recordedAt],
    ];
    for (const [name, fromText, fromColumn] of cols)
      if (fromText !== fromColumn)
        entryFinding(
          'entry_column_mismatch',
          seq,
          `column ${name} disagrees with the entry text`,
          fromText,
          fromColumn,
        );
  }

  function addLeaf(leaf: Uint8Array): void {
    let item: StackItem = { level: 0, hash: leaf };
    const idxOf = (level: number): number => Math.floor((state.size - 1) / 2 ** level);
    const track = options.trackNodes === true;
    if (track) state.completed.push([0, idxOf(0), leaf]);
    while (state.stack.length > 0 && state.stack.at(-1)!.level === item.level) {
      const left = state.stack.pop()!;
      item = { level: item.level + 1, hash: merkle.nodeHash(left.hash, item.hash) };
      if (track) state.completed.push([item.level, idxOf(item.level), item.hash]);
    }
    state.stack.push(item);
  }

  const checker: LogChecker = {
    push,
    takeCompleted: () => state.takeCompleted(),
    storedNode: (level, idx, hash) => {
      const mine = state.pending.get(`${level}/${idx}`);
      if (mine === undefined) return;
      state.pending.delete(`${level}/${idx}`);
      if (hash !== undefined && equalBytes(hash, mine)) return;
      const seq = idx * 2 ** level;
      add(
        findingOf(
          level === 0 ? 'merkle_leaf_mismatch' : 'merkle_node_mismatch',
          `stored tree node ${level}/${idx} (entries ${seq}..${seq + 2 ** level - 1}) is ${hash === undefined ? 'missing' : 'wrong'}`,
          {
            // An interior node covers many entries; the leaf-level finding names the entry.
            ...(level === 0 ? { seq } : {}),
            expected: toHex(mine),
            found: hash === undefined ? 'missing' : toHex(hash),
          },
        ),
      );
    },
    get size() {
      return state.size;
    },
    finish: () => finish(),
  };
  return checker;

  function finish(): Report {
    for (const cp of cps.slice(cpNext))
      add(
        findingOf(
          'checkpoint_beyond_log',
          `checkpoint ${cp.body.size} covers more entries than the log holds (${state.size}): entries were removed`,
          {
            checkpointSize: Number(cp.body.size),
            expected: `>= ${cp.body.size} entries`,
            found: String(state.size),
          },
        ),
      );
    for (const cp of trusted.slice(trustedNext))
      add(
        findingOf(
          'log_rolled_back',
          `the log holds ${state.size} entries, fewer than the ${cp.body.size} of a checkpoint seen before`,
          {
            checkpointSize: Number(cp.body.size),
            expected: `>= ${cp.body.size} entries`,
            found: String(state.size),
          },
        ),
      );
    checkConsistencyProofs();
    const witnessed = witnessedCheckpoint();
    const need = options.requireWitnesses ?? 0;
    if (need > 0 && (witnessed === null || witnessed.witnesses.length < need))
      add(
        findingOf(
          'witnesses_insufficient',
          `no checkpoint carries ${need} valid witness cosignature(s)`,
          { expected: String(need), found: String(witnessed?.witnesses.length ?? 0) },
        ),
      );
    const entryFindings = findings.filter((f) => f.seq !== undefined);
    const firstBad = entryFindings.reduce<Finding | null>(
      (best, f) => (best === null || f.seq! < best.seq! ? f : best),
      null,
    );
    return {
      ok: findingsTotal === 0,
      size: state.size,
      root: state.treeBroken ? null : toHex(rootNow()),
      entriesChecked: state.size - (options.start?.size ?? 0),
      checkpointsChecked: cps.length,
      latestCheckpoint: cps.at(-1) ?? null,
      witnessed,
      firstBadEntry: firstBad,
      findings,
      findingsTotal,
    };
  }

  function checkConsistencyProofs(): void {
    const proofs = options.consistency;
    if (proofs === undefined) return;
    for (let i = 1; i < verifiedCheckpoints.length; i++) {
      const a = verifiedCheckpoints[i - 1]!.body;
      const b = verifiedCheckpoints[i]!.body;
      if (a.size === b.size) continue;
      const rec = proofs.find((p) => String(p.from) === a.size && String(p.to) === b.size);
      const good =
        rec !== undefined &&
        rec.proof.every((h) => isHex(h, 32)) &&
        merkle.verifyConsistency(
          Number(a.size),
          Number(b.size),
          fromHex(a.root),
          fromHex(b.root),
          rec.proof.map(fromHex),
        );
      if (!good)
        add(
          findingOf(
            'checkpoint_inconsistent',
            `checkpoints ${a.size} and ${b.size}: ${rec === undefined ? 'no consistency proof' : 'the consistency proof does not verify'}`,
            { checkpointSize: Number(b.size) },
          ),
        );
    }
  }

  function witnessedCheckpoint(): Report['witnessed'] {
    for (const cp of [...verifiedCheckpoints].reverse()) {
      const set = cosigners.get(cp.body.size);
      if (set !== undefined && set.size > 0)
        return { size: Number(cp.body.size), witnesses: [...set].sort() };
    }
    return null;
  }
}

interface ParsedEntryWithPrev extends ParsedEntry {
  readonly prev: string;
}

/** Parses one entry text (format v1); a string return says what is wrong with it. */
export function parseEntry(text: string): ParsedEntryWithPrev | string {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return 'its text is not JSON';
  }
  const e = v as Record<string, unknown> | null;
  if (typeof e !== 'object' || e === null || Array.isArray(e)) return 'its text is not an object';
  if (e['v'] !== ENTRY_VERSION) return `unknown entry version ${String(e['v'])}`;
  const seq = e['seq'];
  const subjects = e['subjects'];
  const ok =
    typeof seq === 'string' &&
    /^(0|[1-9][0-9]*)$/.test(seq) &&
    typeof e['at'] === 'string' &&
    typeof e['actor'] === 'string' &&
    typeof e['action'] === 'string' &&
    Array.isArray(subjects) &&
    subjects.every((s) => typeof s === 'string') &&
    'payload' in e &&
    isHex(e['prev'], 32);
  if (!ok) return 'a field is missing or has the wrong type';
  return {
    seq: Number(seq),
    recordedAt: e['at'] as string,
    actor: e['actor'] as string,
    action: e['action'] as string,
    subjects: subjects as string[],
    payload: e['payload'],
    prev: e['prev'] as string,
  };
}

interface CheckerState {
  size: number;
  prevHash: Uint8Array;
  stack: StackItem[];
  treeBroken: boolean;
  keys: KeyRecord[];
  witnesses: Map<string, WitnessRecord>;
  completed: [number, number, Uint8Array][];
  pending: Map<string, Uint8Array>;
  takeCompleted(): [number, number][];
}

function initialState(options: CheckerOptions): CheckerState {
  const start = options.start;
  const stack: StackItem[] = [];
  // The prefix [0, size) splits into one perfect subtree per set bit of size, largest first.
  if (start !== undefined) {
    let i = 0;
    for (let level = 52; level >= 0; level--) {
      if (Math.floor(start.size / 2 ** level) % 2 === 1)
        stack.push({ level, hash: start.prefix[i++] ?? new Uint8Array(32) });
    }
  }
  const state: CheckerState = {
    size: start?.size ?? 0,
    prevHash: start?.prevHash ?? new Uint8Array(32),
    stack,
    treeBroken: start !== undefined && start.prefix.length !== stack.length,
    keys: [...(options.priorKeys ?? [])],
    witnesses: new Map((options.priorWitnesses ?? []).map((w) => [w.witnessId, w])),
    completed: [],
    pending: new Map(),
    takeCompleted: () => {
      const out: [number, number][] = [];
      for (const [level, idx, hash] of state.completed) {
        state.pending.set(`${level}/${idx}`, hash);
        out.push([level, idx]);
      }
      state.completed = [];
      return out;
    },
  };
  return state;
}

/** The root of the tree whose perfect subtrees are `stack` (left to right): RFC 9162's right fold. */
function foldStack(merkle: Merkle, stack: readonly StackItem[]): Uint8Array {
  if (stack.length === 0) return merkle.rootFromLeafHashes([]);
  let r = stack.at(-1)!.hash;
  for (let i = stack.length - 2; i >= 0; i--) r = merkle.nodeHash(stack[i]!.hash, r);
  return r;
}
