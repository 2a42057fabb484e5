import { sha256 } from '@noble/hashes/sha2.js';
import {
  AUDIT_ACTIONS,
  checkpointMessage,
  cosignatureMessage,
  ENTRY_VERSIONS,
  isCosignaturePayload,
  isLogKeyPayload,
  isWitnessPayload,
  keyRotationMessage,
  type SignedCheckpoint,
} from './formats.ts';
import { signatureFindings } from './evidence.ts';
import { equalBytes, fromHex, isHex, toHex, utf8 } from './hex.ts';
import { merkleWith, type Hasher, type Merkle } from './merkle.ts';
import { keyIdOf, verifyEd25519 } from './signature.ts';
import { findingOf, firstBadEntry, type Finding, type FindingCode, type Report } from './report.ts';

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
  /** The credential the actor used (v2), e.g. `token:<id>`; null when none is named. */
  readonly via: string | null;
  /** The rows the entry's transaction wrote (v2); empty for v1 entries. */
  readonly rows: readonly EntryRow[];
}

/** One row an entry's transaction wrote: its table, what happened to it, and its image. */
export interface EntryRow {
  readonly t: string;
  readonly op: 'insert' | 'update' | 'delete';
  readonly row: Readonly<Record<string, unknown>>;
}

/**
 * A run of consecutive stored rows whose per-entry work (hashing, parsing, comparing columns, the
 * links inside the run, and optionally the tree nodes inside it) was done elsewhere, e.g. on worker
 * threads with `examineEntry`. The checker only adds what needs the log's order: the link to the
 * entry before the run, the tree above the run, checkpoints, keys and witnesses.
 */
export interface PreparedRun {
  readonly seqs: Float64Array;
  /** The leaf hash of each row, 32 bytes each. */
  readonly leaves: Uint8Array;
  /** The first row's findings before its link check, after it, and the prev hash its text names. */
  readonly first: {
    readonly before: readonly Finding[];
    readonly after: readonly Finding[];
    readonly prev: string | null;
  };
  /** Every finding of each later row (its link to the row before included), by index. */
  readonly findings: ReadonlyMap<number, readonly Finding[]>;
  /** Parsed rows: at least those whose action the checker follows (keys, witnesses, cosignatures). */
  readonly parsed: ReadonlyMap<number, ParsedEntry>;
  /**
   * When the run is contiguous and starts at a multiple of 2^`below`: the tree nodes of levels
   * 1..`below` completed inside it, in completion order, already compared with the stored ones by
   * whoever computed them (`nodeFindings`). Null otherwise: the checker hashes and tracks them.
   */
  readonly nodes: { readonly below: number; readonly hashes: Uint8Array } | null;
  /** Findings about stored nodes inside the run; reported unless the tree broke before it. */
  readonly nodeFindings: readonly Finding[];
}

export interface LogChecker {
  /** Feeds the entry stored at `seq`; `stored` are the row's other columns, when there is a row. */
  push(seq: number, text: string, stored?: StoredColumns): ParsedEntry | null;
  /** Feeds a prepared run of rows (see `PreparedRun`). */
  pushRun(prepared: PreparedRun): void;
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
  readonly level: number;
  readonly hash: Uint8Array;
}

/** Everything one checking run accumulates; the functions below read and update it. */
interface Run {
  readonly options: CheckerOptions;
  readonly merkle: Merkle;
  readonly cps: readonly SignedCheckpoint[];
  readonly trusted: readonly SignedCheckpoint[];
  readonly findings: Finding[];
  findingsTotal: number;
  size: number;
  prevHash: Uint8Array;
  stack: StackItem[];
  treeBroken: boolean;
  readonly keys: KeyRecord[];
  readonly witnesses: Map<string, WitnessRecord>;
  completed: [number, number, Uint8Array][];
  readonly pending: Map<string, Uint8Array>;
  readonly cosigners: Map<string, Set<string>>;
  readonly verified: SignedCheckpoint[];
  cpNext: number;
  trustedNext: number;
  lastCheckpointAt: string;
}

const bySize = (a: SignedCheckpoint, b: SignedCheckpoint): number =>
  Number(a.body.size) - Number(b.body.size);

export function createLogChecker(options: CheckerOptions): LogChecker {
  const run = startRun(options);
  return {
    push: (seq, text, stored) => push(run, seq, text, stored),
    pushRun: (prepared) => {
      pushRun(run, prepared);
    },
    takeCompleted: () => takeCompleted(run),
    storedNode: (level, idx, hash) => {
      storedNode(run, level, idx, hash);
    },
    get size() {
      return run.size;
    },
    finish: () => finish(run),
  };
}

function startRun(options: CheckerOptions): Run {
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
  return {
    options,
    merkle: merkleWith(options.hash ?? ((d) => sha256(d))),
    cps: [...options.checkpoints].sort(bySize),
    trusted: [...(options.trusted ?? [])].sort(bySize),
    findings: [],
    findingsTotal: 0,
    size: start?.size ?? 0,
    prevHash: start?.prevHash ?? new Uint8Array(32),
    stack,
    treeBroken: start !== undefined && start.prefix.length !== stack.length,
    keys: [...(options.priorKeys ?? [])],
    witnesses: new Map((options.priorWitnesses ?? []).map((w) => [w.witnessId, w])),
    completed: [],
    pending: new Map(),
    cosigners: new Map(),
    verified: [],
    cpNext: 0,
    trustedNext: 0,
    lastCheckpointAt: '',
  };
}

function add(run: Run, f: Finding): void {
  run.findingsTotal++;
  if (run.findings.length < (run.options.findingsMax ?? 100)) run.findings.push(f);
}

function entryFinding(
  run: Run,
  code: FindingCode,
  seq: number,
  message: string,
  expected?: string,
  found?: string,
): void {
  add(run, entryFindingOf(code, seq, message, expected, found));
}

function entryFindingOf(
  code: FindingCode,
  seq: number,
  message: string,
  expected?: string,
  found?: string,
): Finding {
  return findingOf(code, `entry ${seq}: ${message}`, {
    seq,
    ...(expected === undefined ? {} : { expected }),
    ...(found === undefined ? {} : { found }),
  });
}

/** RFC 9162's root of the compact range: fold the perfect subtrees from the right. */
function rootNow(run: Run): Uint8Array {
  let r: Uint8Array | undefined;
  for (let i = run.stack.length - 1; i >= 0; i--) {
    const item = run.stack[i];
    if (item !== undefined) r = r === undefined ? item.hash : run.merkle.nodeHash(item.hash, r);
  }
  return r ?? run.merkle.rootFromLeafHashes([]);
}

function push(run: Run, seq: number, text: string, stored?: StoredColumns): ParsedEntry | null {
  checkOrder(run, seq);
  const leaf = run.merkle.leafHash(utf8(text));
  const exam = examineEntry(seq, leaf, text, stored);
  for (const f of exam.before) add(run, f);
  if (typeof exam.parsed !== 'string') checkLink(run, seq, exam.parsed.prev);
  for (const f of exam.after) add(run, f);
  run.prevHash = leaf;
  run.size = seq + 1;
  if (!run.treeBroken) addLeaf(run, leaf);
  if (typeof exam.parsed !== 'string') onAuditAction(run, exam.parsed);
  checkCheckpointsAt(run, run.size);
  return typeof exam.parsed === 'string' ? null : exam.parsed;
}

function checkOrder(run: Run, seq: number): void {
  if (seq === run.size) return;
  if (seq > run.size)
    entryFinding(
      run,
      'entry_missing',
      run.size,
      `missing (the next stored entry is ${seq})`,
      String(run.size),
      String(seq),
    );
  else entryFinding(run, 'entry_out_of_order', seq, `appears again after entry ${run.size - 1}`);
  run.treeBroken = true;
  run.size = seq;
}

function checkLink(run: Run, seq: number, prev: string): void {
  const f = linkFinding(seq, prev, toHex(run.prevHash));
  if (f !== null) add(run, f);
}

/** The chain link: an entry's text must name the hash of the entry stored before it. */
export function linkFinding(seq: number, prev: string, expected: string): Finding | null {
  if (prev === expected) return null;
  return entryFindingOf(
    'entry_link_broken',
    seq,
    'its prev hash is not the hash of the entry before it',
    expected,
    prev,
  );
}

/**
 * What one stored entry says about itself, whatever comes before it: its parse, its declared seq
 * (`before` the link check) and its stored columns (`after` it). Pure, so it can run anywhere.
 */
export function examineEntry(
  seq: number,
  leaf: Uint8Array,
  text: string,
  stored?: StoredColumns,
): { parsed: ParsedEntryWithPrev | string; before: Finding[]; after: Finding[] } {
  const before: Finding[] = [];
  const after: Finding[] = [];
  const parsed = parseEntry(text);
  if (typeof parsed === 'string') before.push(entryFindingOf('entry_malformed', seq, parsed));
  else if (parsed.seq !== seq)
    before.push(
      entryFindingOf(
        'entry_seq_mismatch',
        seq,
        'its text declares another position',
        String(seq),
        String(parsed.seq),
      ),
    );
  if (stored !== undefined) checkColumns(after, seq, leaf, parsed, stored);
  // People's signatures the entry keeps hold over the message it keeps beside them.
  if (typeof parsed !== 'string')
    after.push(...signatureFindings(seq, parsed.actor, parsed.payload));
  return { parsed, before, after };
}

/** Feeds a prepared run; see `PreparedRun`. */
function pushRun(run: Run, p: PreparedRun): void {
  const pre = p.nodes === null ? undefined : { ...p.nodes, at: 0 };
  for (let i = 0; i < p.seqs.length; i++) {
    const seq = p.seqs[i] ?? 0;
    checkOrder(run, seq);
    if (i === 0) {
      for (const f of p.first.before) add(run, f);
      if (p.first.prev !== null) checkLink(run, seq, p.first.prev);
      for (const f of p.first.after) add(run, f);
    } else for (const f of p.findings.get(i) ?? []) add(run, f);
    const leaf = p.leaves.subarray(i * 32, i * 32 + 32);
    run.prevHash = leaf;
    run.size = seq + 1;
    if (!run.treeBroken) addLeaf(run, leaf, pre);
    const parsed = p.parsed.get(i);
    if (parsed !== undefined) onAuditAction(run, parsed);
    checkCheckpointsAt(run, run.size);
  }
  if (!run.treeBroken) for (const f of p.nodeFindings) add(run, f);
}

function checkColumns(
  out: Finding[],
  seq: number,
  leaf: Uint8Array,
  parsed: ParsedEntryWithPrev | string,
  s: StoredColumns,
): void {
  if (!equalBytes(leaf, s.hash))
    out.push(
      entryFindingOf(
        'entry_hash_mismatch',
        seq,
        'the stored hash is not the hash of its text',
        toHex(leaf),
        toHex(s.hash),
      ),
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
      out.push(
        entryFindingOf(
          'entry_column_mismatch',
          seq,
          `column ${name} disagrees with the entry text`,
          fromText,
          fromColumn,
        ),
      );
}

function addLeaf(
  run: Run,
  leaf: Uint8Array,
  pre?: { readonly below: number; readonly hashes: Uint8Array; at: number },
): void {
  const track = run.options.trackNodes === true;
  const last = run.size - 1;
  let item: StackItem = { level: 0, hash: leaf };
  if (track && pre === undefined) run.completed.push([0, last, leaf]);
  for (let top = run.stack.at(-1); top?.level === item.level; top = run.stack.at(-1)) {
    run.stack.pop();
    const level = item.level + 1;
    if (pre !== undefined && level <= pre.below) {
      // Folded (and compared with storage) with the run: the same fold over the same leaves.
      item = { level, hash: pre.hashes.subarray(pre.at * 32, pre.at * 32 + 32) };
      pre.at++;
      continue;
    }
    item = { level, hash: run.merkle.nodeHash(top.hash, item.hash) };
    if (track) run.completed.push([level, Math.floor(last / 2 ** level), item.hash]);
  }
  run.stack.push(item);
}

function takeCompleted(run: Run): [number, number][] {
  const out: [number, number][] = [];
  for (const [level, idx, hash] of run.completed) {
    run.pending.set(`${level}/${idx}`, hash);
    out.push([level, idx]);
  }
  run.completed = [];
  return out;
}

function storedNode(run: Run, level: number, idx: number, hash: Uint8Array | undefined): void {
  const mine = run.pending.get(`${level}/${idx}`);
  if (mine === undefined) return;
  run.pending.delete(`${level}/${idx}`);
  const f = nodeFinding(level, idx, mine, hash);
  if (f !== null) add(run, f);
}

/** A stored tree node against the one rebuilt from the entries; null when they agree. */
export function nodeFinding(
  level: number,
  idx: number,
  mine: Uint8Array,
  hash: Uint8Array | undefined,
): Finding | null {
  if (hash !== undefined && equalBytes(hash, mine)) return null;
  const first = idx * 2 ** level;
  const what = hash === undefined ? 'missing' : 'wrong';
  return findingOf(
    level === 0 ? 'merkle_leaf_mismatch' : 'merkle_node_mismatch',
    `stored tree node ${level}/${idx} (entries ${first}..${first + 2 ** level - 1}) is ${what}`,
    {
      // An interior node covers many entries; the leaf-level finding names the entry.
      ...(level === 0 ? { seq: first } : {}),
      expected: toHex(mine),
      found: hash === undefined ? 'missing' : toHex(hash),
    },
  );
}

function checkCheckpointsAt(run: Run, size: number): void {
  for (
    let cp = run.cps[run.cpNext];
    cp !== undefined && Number(cp.body.size) === size;
    cp = run.cps[run.cpNext]
  ) {
    run.cpNext++;
    if (checkCheckpoint(run, cp, size)) run.verified.push(cp);
  }
  for (
    let cp = run.trusted[run.trustedNext];
    cp !== undefined && Number(cp.body.size) === size;
    cp = run.trusted[run.trustedNext]
  ) {
    run.trustedNext++;
    const found = run.treeBroken ? 'unavailable' : toHex(rootNow(run));
    if (cp.body.root !== found)
      add(
        run,
        findingOf(
          'trusted_checkpoint_forked',
          `the log at size ${size} does not match a checkpoint seen before`,
          { checkpointSize: size, expected: cp.body.root, found },
        ),
      );
  }
}

/** The signature must come from the key the log made current before this size. */
function checkCheckpointKey(run: Run, cp: SignedCheckpoint, size: number): boolean {
  const where = { checkpointSize: size };
  const current = run.keys.at(-1);
  const named = run.keys.find((k) => k.keyId === cp.body.keyId);
  if (named === undefined) {
    add(
      run,
      findingOf(
        'checkpoint_key_unknown',
        `checkpoint ${size} names key ${cp.body.keyId}, which the log never introduced`,
        {
          ...where,
          expected: current?.keyId ?? 'a key introduced by the log',
          found: cp.body.keyId,
        },
      ),
    );
    return false;
  }
  if (named !== current) {
    add(
      run,
      findingOf(
        'checkpoint_key_not_current',
        `checkpoint ${size} is signed by ${named.keyId}, not the key current at that size`,
        { ...where, expected: current?.keyId ?? 'none', found: named.keyId },
      ),
    );
    return false;
  }
  if (!verifyEd25519(named.publicKey, checkpointMessage(cp.body), cp.signature)) {
    add(
      run,
      findingOf(
        'checkpoint_signature_invalid',
        `checkpoint ${size}: the signature does not verify under key ${named.keyId}`,
        { ...where, found: cp.signature },
      ),
    );
    return false;
  }
  return true;
}

function checkCheckpoint(run: Run, cp: SignedCheckpoint, size: number): boolean {
  const where = { checkpointSize: size };
  let good = checkCheckpointKey(run, cp, size);
  const origin = run.options.origin;
  if (origin !== undefined && cp.body.origin !== origin) {
    add(
      run,
      findingOf('checkpoint_origin_mismatch', `checkpoint ${size} is for another log`, {
        ...where,
        expected: origin,
        found: cp.body.origin,
      }),
    );
    good = false;
  }
  if (run.treeBroken) {
    add(
      run,
      findingOf(
        'checkpoint_unverifiable',
        `checkpoint ${size} cannot be rebuilt: the log before it is broken`,
        where,
      ),
    );
    return false;
  }
  const root = toHex(rootNow(run));
  if (cp.body.root !== root) {
    add(
      run,
      findingOf(
        'checkpoint_root_mismatch',
        `checkpoint ${size}: its root is not the root of the first ${size} entries`,
        { ...where, expected: root, found: cp.body.root },
      ),
    );
    good = false;
  }
  if (cp.body.at < run.lastCheckpointAt) {
    add(
      run,
      findingOf(
        'checkpoint_time_regressed',
        `checkpoint ${size} is dated before the checkpoint that precedes it`,
        { ...where, expected: `>= ${run.lastCheckpointAt}`, found: cp.body.at },
      ),
    );
    good = false;
  }
  run.lastCheckpointAt = cp.body.at;
  return good;
}

function onAuditAction(run: Run, e: ParsedEntry): void {
  switch (e.action) {
    case AUDIT_ACTIONS.keyGenerated:
    case AUDIT_ACTIONS.keyRotated:
      onKeyEntry(run, e);
      return;
    case AUDIT_ACTIONS.witnessRegistered:
      if (!isWitnessPayload(e.payload) || keyIdOf(e.payload.publicKey) !== e.payload.witnessId) {
        add(
          run,
          findingOf(
            'witness_entry_invalid',
            `entry ${e.seq} registers a witness with a malformed key`,
            { seq: e.seq },
          ),
        );
        return;
      }
      run.witnesses.set(e.payload.witnessId, e.payload);
      return;
    case AUDIT_ACTIONS.cosigned:
      onCosignature(run, e);
      return;
    default:
      return;
  }
}

function onKeyEntry(run: Run, e: ParsedEntry): void {
  const p = e.payload;
  if (!isLogKeyPayload(p) || keyIdOf(p.publicKey) !== p.keyId) {
    add(
      run,
      findingOf('log_key_entry_invalid', `entry ${e.seq} introduces a malformed log key`, {
        seq: e.seq,
      }),
    );
    return;
  }
  const current = run.keys.at(-1);
  const pins = run.options.pinnedKeys ?? [];
  if (current === undefined) {
    if (pins.length > 0 && !pins.includes(p.publicKey))
      add(
        run,
        findingOf(
          'log_key_not_pinned',
          `the log's first key ${p.keyId} is not one the verifier pinned`,
          { seq: e.seq, expected: pins.join(','), found: p.publicKey },
        ),
      );
  } else if (p.previousKeyId !== current.keyId) {
    add(
      run,
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
      run,
      findingOf(
        'log_key_endorsement_invalid',
        `entry ${e.seq}: the outgoing key's endorsement of ${p.keyId} does not verify`,
        { seq: e.seq },
      ),
    );
  }
  run.keys.push({ keyId: p.keyId, publicKey: p.publicKey, introducedAt: e.seq });
}

function onCosignature(run: Run, e: ParsedEntry): void {
  const p = e.payload;
  if (!isCosignaturePayload(p)) {
    add(
      run,
      findingOf('cosignature_invalid', `entry ${e.seq} holds a malformed cosignature`, {
        seq: e.seq,
      }),
    );
    return;
  }
  const where = { seq: e.seq, checkpointSize: Number(p.size) };
  const witness = run.witnesses.get(p.witnessId);
  const cp = run.verified.find((c) => c.body.size === p.size);
  if (witness === undefined || cp === undefined) {
    add(
      run,
      findingOf(
        'cosignature_unmatched',
        `entry ${e.seq} cosigns checkpoint ${p.size} by ${p.witnessId}; the checkpoint or witness is unknown`,
        where,
      ),
    );
    return;
  }
  if (!verifyEd25519(witness.publicKey, cosignatureMessage(cp.body), p.signature)) {
    add(
      run,
      findingOf(
        'cosignature_invalid',
        `entry ${e.seq}: witness ${p.witnessId}'s cosignature of checkpoint ${p.size} does not verify`,
        where,
      ),
    );
    return;
  }
  const set = run.cosigners.get(p.size) ?? new Set<string>();
  set.add(p.witnessId);
  run.cosigners.set(p.size, set);
}

function finish(run: Run): Report {
  const found = String(run.size);
  for (const cp of run.cps.slice(run.cpNext))
    add(
      run,
      findingOf(
        'checkpoint_beyond_log',
        `checkpoint ${cp.body.size} covers more entries than the log holds (${run.size}): entries were removed`,
        { checkpointSize: Number(cp.body.size), expected: `>= ${cp.body.size} entries`, found },
      ),
    );
  for (const cp of run.trusted.slice(run.trustedNext))
    add(
      run,
      findingOf(
        'log_rolled_back',
        `the log holds ${run.size} entries, fewer than the ${cp.body.size} of a checkpoint seen before`,
        { checkpointSize: Number(cp.body.size), expected: `>= ${cp.body.size} entries`, found },
      ),
    );
  checkConsistencyProofs(run);
  const witnessed = witnessedCheckpoint(run);
  const need = run.options.requireWitnesses ?? 0;
  const have = witnessed?.witnesses.length ?? 0;
  if (need > 0 && have < need)
    add(
      run,
      findingOf(
        'witnesses_insufficient',
        `no checkpoint carries ${need} valid witness cosignature(s)`,
        { expected: String(need), found: String(have) },
      ),
    );
  return {
    ok: run.findingsTotal === 0,
    size: run.size,
    root: run.treeBroken ? null : toHex(rootNow(run)),
    entriesChecked: run.size - (run.options.start?.size ?? 0),
    checkpointsChecked: run.cps.length,
    latestCheckpoint: run.cps.at(-1) ?? null,
    witnessed,
    firstBadEntry: firstBadEntry(run.findings),
    findings: [...run.findings],
    findingsTotal: run.findingsTotal,
  };
}

/** Consecutive valid checkpoints must be provably consistent (RFC 9162 §2.1.4). */
function checkConsistencyProofs(run: Run): void {
  const proofs = run.options.consistency;
  if (proofs === undefined) return;
  run.verified.forEach((cp, i) => {
    const a = run.verified[i - 1]?.body;
    const b = cp.body;
    if (a === undefined || a.size === b.size) return;
    const rec = proofs.find((p) => String(p.from) === a.size && String(p.to) === b.size);
    const good =
      rec !== undefined &&
      rec.proof.every((h) => isHex(h, 32)) &&
      run.merkle.verifyConsistency(
        Number(a.size),
        Number(b.size),
        fromHex(a.root),
        fromHex(b.root),
        rec.proof.map(fromHex),
      );
    if (!good)
      add(
        run,
        findingOf(
          'checkpoint_inconsistent',
          `checkpoints ${a.size} and ${b.size}: ${rec === undefined ? 'no consistency proof' : 'the consistency proof does not verify'}`,
          { checkpointSize: Number(b.size) },
        ),
      );
  });
}

function witnessedCheckpoint(run: Run): Report['witnessed'] {
  for (const cp of [...run.verified].reverse()) {
    const set = run.cosigners.get(cp.body.size);
    if (set !== undefined && set.size > 0)
      return { size: Number(cp.body.size), witnesses: [...set].sort() };
  }
  return null;
}

export interface ParsedEntryWithPrev extends ParsedEntry {
  readonly prev: string;
}

/** Parses one entry text (format v1 or v2); a string return says what is wrong with it. */
export function parseEntry(text: string): ParsedEntryWithPrev | string {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return 'its text is not JSON';
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return 'its text is not an object';
  const e = v as Record<string, unknown>;
  if (typeof e['v'] !== 'number' || !ENTRY_VERSIONS.includes(e['v']))
    return `unknown entry version ${String(e['v'])}`;
  const { seq, at, actor, action, subjects, prev } = e;
  if (
    typeof seq !== 'string' ||
    !/^(0|[1-9][0-9]*)$/.test(seq) ||
    typeof at !== 'string' ||
    typeof actor !== 'string' ||
    typeof action !== 'string' ||
    !Array.isArray(subjects) ||
    !subjects.every((s) => typeof s === 'string') ||
    !('payload' in e) ||
    !isHex(prev, 32)
  )
    return 'a field is missing or has the wrong type';
  const extra = e['v'] === 1 ? { via: null, rows: [] } : versionTwo(e);
  if (typeof extra === 'string') return extra;
  return {
    seq: Number(seq),
    recordedAt: at,
    actor,
    action,
    subjects,
    payload: e['payload'],
    prev,
    ...extra,
  };
}

function versionTwo(e: Record<string, unknown>): Pick<ParsedEntry, 'via' | 'rows'> | string {
  const via = e['via'] ?? null;
  const rows = e['rows'];
  if (via !== null && typeof via !== 'string') return 'its via is not a string';
  if (!Array.isArray(rows) || !rows.every(isEntryRow)) return 'its rows are not a list of rows';
  return { via, rows };
}

function isEntryRow(r: unknown): r is EntryRow {
  if (typeof r !== 'object' || r === null || Array.isArray(r)) return false;
  const o = r as Record<string, unknown>;
  const row = o['row'];
  return (
    typeof o['t'] === 'string' &&
    (o['op'] === 'insert' || o['op'] === 'update' || o['op'] === 'delete') &&
    typeof row === 'object' &&
    row !== null &&
    !Array.isArray(row)
  );
}
