import { appendAudit } from '../audit/append.ts';
import type { AuditInput } from '../audit/entry.ts';
import type { Clock } from '../core/clock.ts';
import { canonicalize, type Json } from '../core/canonical.ts';
import type { Action, Actor, Role } from '../core/identity.ts';
import type { IdSource } from '../core/ids.ts';
import { assert } from '../core/assert.ts';
import { err, ok, type Err, type Result } from '../core/result.ts';
import type { Db, Tx } from '../db/pool.ts';
import { isRefusal, type Refusal, type RefusalStatus } from '../http/refusals.ts';
import type {
  ContentSignature,
  ContentSignatureError,
  ContentSigner,
  SignatureEvidence,
} from './content-signature.ts';
import {
  conventionalFacts,
  gatherFacts,
  type Describe,
  type PriceLookup,
  type SanctionsScreen,
} from './facts.ts';
import { can } from './matrix.ts';
import {
  approvalMessage,
  decideExecution,
  decideVote,
  DEFAULT_EXPIRY_SECONDS,
  requestHash,
  tally,
  type ApprovalRequest,
  type Decision,
  type ExecuteError,
  type VoteError,
} from './model.ts';
import { evaluate, kindMatches, type Policy, type PolicyDecision } from './policy.ts';
import * as store from './store.ts';

/**
 * Approval requests: create (the policy decides allow, block or quorum), vote (signed), execute
 * (once, with the quorum, after the time lock). Each step is one transaction with its audit entry;
 * the execution record and the domain's effect commit together or not at all.
 */
export interface ExecutionContext {
  readonly request: ApprovalRequest;
  /** Who pressed execute. */
  readonly actor: Actor;
  readonly at: Date;
  /** Appends an audit entry in the execution's transaction, attributed to the executing actor. */
  audit(input: Omit<AuditInput, 'actor'>): Promise<void>;
}

/** Applies an approved request of one kind; its refusals are that kind's closed union `E`. */
export type Executor<E extends string> = (
  tx: Tx,
  content: Json,
  ctx: ExecutionContext,
) => Promise<Result<Json, E>>;

export interface ExecutorOptions<V extends string = never> {
  /** The action an initiator needs to request this kind, besides `governance.approvals.request`. */
  readonly requires?: Action;
  /** Checks the content when the request is made (shape, business rules); an error refuses it. */
  readonly validate?: (tx: Tx, content: Json, actor: Actor) => Promise<Result<null, V>>;
  /** Facts for the policy (asset, amount, legal status…) when the content fields are not enough. */
  readonly describe?: Describe;
  /**
   * The kind the policy decides this kind as while no rule names it: a new kind is then governed
   * by the rules of the kind it resembles (a service account by those of a role change) without
   * a policy change, and a later policy can still give it rules of its own.
   */
  readonly decidedAs?: string;
}

/**
 * A registered kind, as its domain holds it: requests of this kind refuse with the codes `C` of its
 * validator and executor, each mapped to its status (`refusals`) when the kind was registered.
 */
export interface ExecutorKind<C extends string> {
  readonly kind: string;
  readonly refusals: Refusals<C>;
}

/**
 * An executor as its domain hands it over: main.ts registers every domain's executors in one
 * table, and the domain keeps the descriptor as its handle (`kind`, `refusals`) for `governed`.
 */
export interface ExecutorDescriptor<C extends string = string> extends ExecutorKind<C> {
  readonly execute: Executor<C>;
  readonly options: ExecutorOptions<C> & { readonly refusals: Refusals<C> };
}

/**
 * Describes the executor of `kind` without registering it. As with `registerExecutor`, `refusals`
 * must map every code its executor and validator can refuse with (inferred from them).
 */
export function executor<E extends string, V extends string = never>(d: {
  readonly kind: string;
  readonly execute: Executor<E>;
  readonly options: ExecutorOptions<V> & { readonly refusals: Refusals<NoInfer<E | V>> };
}): ExecutorDescriptor<E | V> {
  return { kind: d.kind, execute: d.execute, options: d.options, refusals: d.options.refusals };
}

/**
 * A status for every code of a kind. A plain record, not a `StatusMap`: a conditional type here
 * would stop the codes being inferred from the executor. Domains pass their closed `StatusMap`.
 */
type Refusals<C extends string> = Readonly<Record<C, RefusalStatus>>;

interface Registered {
  readonly execute: Executor<string>;
  readonly options: ExecutorOptions<string>;
  readonly refusals: Readonly<Record<string, RefusalStatus>>;
}

export interface ApprovalsDeps {
  readonly db: Db;
  readonly clock: Clock;
  readonly ids: IdSource;
  readonly prices: PriceLookup;
  readonly screen: SanctionsScreen;
  /** Checks a vote's signature: a registered key's or a passkey's, over the approval message. */
  readonly signer: ContentSigner;
}

/** Governance's own refusals of a request; the kind's validator adds its own (a `Refusal`). */
export type RequestError =
  'unknown_request_kind' | 'permission_denied' | 'content_invalid' | 'policy_blocked';

export type VoteCommandError =
  VoteError | 'request_not_found' | 'request_hash_mismatch' | ContentSignatureError;

/** Governance's own refusals of an execution; the kind's executor adds its own (a `Refusal`). */
export type ExecuteCommandError = ExecuteError | 'request_not_found' | 'executor_missing';

/** What a governed command refuses with: the request's, the execution's, and the kind's codes. */
export type GovernedError<C extends string> = RequestError | ExecuteCommandError | C;

export interface GovernedOutcome {
  readonly requestId: string;
  /** `applied`: executed now; `pending_approval`: waiting for the policy's quorum or time lock. */
  readonly state: 'applied' | 'pending_approval';
  readonly result: Json;
}

interface State extends ApprovalsDeps {
  readonly executors: Map<string, Registered>;
}

export function createApprovals(deps: ApprovalsDeps) {
  const s: State = { ...deps, executors: new Map() };
  return {
    /**
     * Registers the executor of `kind`. `refusals` maps every code its executor and validator can
     * refuse with (inferred from them, so the map cannot miss one) to a client-error status.
     */
    registerExecutor: <E extends string, V extends string = never>(
      kind: string,
      execute: Executor<E>,
      options: ExecutorOptions<V> & { readonly refusals: Refusals<NoInfer<E | V>> },
    ): ExecutorKind<E | V> => {
      if (s.executors.has(kind)) throw new Error(`an executor for ${kind} is already registered`);
      // Stored by code as a string: a refusal is looked up with the code the executor returned.
      const refusals = options.refusals as Readonly<Record<string, RefusalStatus>>;
      s.executors.set(kind, { execute, options, refusals });
      return { kind, refusals: options.refusals };
    },
    request: (actor: Actor, kind: string, content: Json) => request(s, actor, kind, content),
    vote: (actor: Actor, requestId: string, v: VoteInput) => vote(s, actor, requestId, v),
    execute: (actor: Actor, requestId: string) => execute(s, actor, requestId),
    governed: <C extends string>(actor: Actor, k: ExecutorKind<C>, content: Json) =>
      governed(s, actor, k, content),
    dryRun: (actor: Actor, kind: string, content: Json, candidate?: Policy) =>
      dryRun(s, actor, kind, content, candidate),
    dryRunRecent: (candidate: Policy, limit: number) => dryRunRecent(s, candidate, limit),
    get: (id: string) => get(s, id),
    list: (status: string | null) => list(s, status),
    kinds: (): string[] => [...s.executors.keys()],
    coverWith,
  };
}

/** A vote, signed by a registered key (`signatureHex`, as before) or either way (`signature`). */
export type VoteInput = {
  readonly decision: Decision;
  readonly requestHash?: string;
  readonly role?: Role;
} & ({ readonly signatureHex: string } | { readonly signature: ContentSignature });

/** What the policy would decide for this request now, without recording anything. */
async function dryRun(
  s: State,
  actor: Actor,
  kind: string,
  content: Json,
  candidate?: Policy,
): Promise<PolicyDecision & { policyVersion: number; facts: Record<string, Json> }> {
  return s.db.transaction(async (tx) => {
    const policy = candidate ?? (await store.activePolicy(tx));
    const { decision, facts } = await decide(s, tx, policy, actor, kind, content);
    return { ...decision, policyVersion: policy.version, facts: factsJson(facts) };
  });
}

/** How one policy decides a request: the outcome and the rule that decided it. */
export interface Decided {
  readonly outcome: PolicyDecision['outcome'];
  readonly ruleId: string | null;
  readonly reason: string;
}

export interface RecentComparison {
  readonly requestId: string;
  readonly kind: string;
  readonly initiatorId: string;
  readonly createdAt: Date;
  readonly current: Decided;
  readonly candidate: Decided;
  /** The outcome differs (kind, reason or quorum); the deciding rule alone may differ without it. */
  readonly changed: boolean;
}

/**
 * The last `limit` requests decided again, as if made now by the same person, by the policy in force
 * and by a candidate: what a proposed change would do to the work people actually submit. Both are
 * decided with facts of the same moment, so a difference comes from the rules and nothing else.
 * Nothing is recorded.
 */
async function dryRunRecent(
  s: State,
  candidate: Policy,
  limit: number,
): Promise<{ policyVersion: number; requests: RecentComparison[] }> {
  return s.db.transaction(async (tx) => {
    const policy = await store.activePolicy(tx);
    const out: RecentComparison[] = [];
    for (const r of await store.listRequests(tx, null, limit)) {
      const user = await store.userById(tx, r.initiatorId);
      const actor: Actor = {
        kind: 'user',
        id: r.initiatorId,
        roles: user?.roles ?? [],
        organisationId: user?.organisationId ?? null,
      };
      const current = decided((await decide(s, tx, policy, actor, r.kind, r.content)).decision);
      const next = decided((await decide(s, tx, candidate, actor, r.kind, r.content)).decision);
      const changed = sameJson(current.outcome) !== sameJson(next.outcome);
      const { id: requestId, kind, initiatorId, createdAt } = r;
      out.push({ requestId, kind, initiatorId, createdAt, current, candidate: next, changed });
    }
    return { policyVersion: policy.version, requests: out };
  });
}

function decided(d: PolicyDecision): Decided {
  return { outcome: d.outcome, ruleId: d.ruleId, reason: d.reason };
}

/** Canonical text of a value, for comparing outcomes whatever order their keys were written in. */
function sameJson(v: unknown): string {
  return canonicalize(JSON.parse(JSON.stringify(v)) as Json);
}

async function decide(s: State, tx: Tx, policy: Policy, actor: Actor, kind: string, content: Json) {
  const options = s.executors.get(kind)?.options;
  const describe = options?.describe;
  const described = {
    ...conventionalFacts(content),
    ...(describe === undefined ? {} : await describe(tx, content)),
  };
  const at = s.clock.now();
  const facts = await gatherFacts(
    tx,
    { policy, kind, described, actor, at, prices: s.prices },
    s.screen,
  );
  const alias = options?.decidedAs;
  if (alias === undefined || namesKind(policy, kind)) {
    return { decision: evaluate(policy, facts), facts };
  }
  const d = evaluate(policy, { ...facts, kind: alias });
  return { decision: { ...d, reason: `${d.reason} (${kind} is decided as ${alias})` }, facts };
}

/** Whether some rule of the policy names `kind` in its `actions` (a pattern counts). */
function namesKind(policy: Policy, kind: string): boolean {
  return policy.rules.some(
    (r) => r.match.actions !== undefined && kindMatches(r.match.actions, kind),
  );
}

/** The executor's (or validator's) refusal, with the status its kind maps the code to. */
function refused(entry: Registered, e: Err<string>): Refusal {
  const status = entry.refusals[e.code];
  assert(status !== undefined, `the refusal ${e.code} is in its kind's status map`);
  return { ...e, status };
}

async function request(
  s: State,
  actor: Actor,
  kind: string,
  content: Json,
): Promise<Result<RequestView, RequestError> | Refusal> {
  const entry = s.executors.get(kind);
  if (entry === undefined)
    return err('unknown_request_kind', `no executor is registered for ${kind}`);
  const needs = entry.options.requires;
  if (needs !== undefined && !can(actor, needs)) {
    return err('permission_denied', `requesting ${kind} needs ${needs}`, { action: needs });
  }
  // `write`, not `command`: a blocked request is itself a decision and stays on the record.
  const created = await s.db.write(async (tx) => {
    const valid =
      entry.options.validate === undefined
        ? ok(null)
        : await entry.options.validate(tx, content, actor);
    if (!valid.ok) return { refused: refused(entry, valid) };
    const policy = await store.activePolicy(tx);
    const { decision, facts } = await decide(s, tx, policy, actor, kind, content);
    const r = buildRequest(
      s.ids.next<'request'>(),
      kind,
      content,
      actor,
      policy,
      decision,
      s.clock.now(),
      facts.valueUnits,
    );
    await store.insertRequest(tx, r);
    await appendAudit(tx, s.clock, {
      actor,
      action: 'governance.approval.requested',
      subjects: [r.id],
      payload: {
        ...requestJson(r),
        decision: { ruleId: decision.ruleId, reason: decision.reason },
        facts: factsJson(facts),
      },
    });
    return { r, decision };
  });
  if ('refused' in created) return created.refused;
  if (created.r.status === 'blocked') {
    return err('policy_blocked', created.decision.reason, {
      requestId: created.r.id,
      ruleId: created.decision.ruleId,
    });
  }
  return ok(view(created.r, []));
}

async function vote(
  s: State,
  actor: Actor,
  requestId: string,
  v: VoteInput,
): Promise<Result<RequestView, VoteCommandError>> {
  return s.db.command(async (tx) => {
    const r = await store.requestById(tx, requestId, true);
    if (r === null) return err('request_not_found', 'no such request');
    if (v.requestHash !== undefined && v.requestHash !== r.requestHash) {
      return err('request_hash_mismatch', 'the signed hash is not this request’s hash', {
        expected: r.requestHash,
      });
    }
    const votes = await store.votesFor(tx, r.id);
    const now = s.clock.now();
    const d = decideVote(
      r,
      votes,
      { userId: actor.id, roles: actor.roles },
      v.decision,
      now,
      v.role,
    );
    if (!d.ok) return d;
    const message = approvalMessage(r.requestHash, v.decision);
    const signature: ContentSignature =
      'signature' in v ? v.signature : { method: 'key', signatureHex: v.signatureHex };
    const verified = await s.signer.verify(tx, actor.id, message, signature);
    if (!verified.ok) return verified;
    const evidence = verified.value;
    const row = { userId: actor.id, decision: v.decision, role: d.value.role, createdAt: now };
    const signed = { ...row, ...signerOf(evidence) };
    await store.insertVote(tx, r.id, signed);
    await audit(s, tx, actor, 'governance.approval.signed', r, {
      decision: v.decision,
      role: d.value.role,
      ...signedFields(evidence),
      signedMessage: new TextDecoder().decode(message),
      signature: { ...evidence },
    });
    const next = await settle(s, tx, r, [...votes, signed], actor, now);
    return ok(view(next, [...votes, signed]));
  });
}

/** What the vote row keeps of its signature: the key or passkey, and the signature's bytes. */
function signerOf(e: SignatureEvidence): store.VoteSigner {
  return e.algorithm === 'ed25519'
    ? { keyId: e.keyId, passkeyId: null, signatureHex: e.signatureHex }
    : {
        keyId: null,
        passkeyId: e.passkeyId,
        signatureHex: Buffer.from(e.signature, 'base64url').toString('hex'),
      };
}

/**
 * The vote entry's flat fields: an Ed25519 vote keeps the ones it always had (readers of older
 * entries rely on them); a passkey vote names its passkey. The full evidence is in `signature`.
 */
function signedFields(e: SignatureEvidence): Record<string, string> {
  return e.algorithm === 'ed25519'
    ? {
        keyId: e.keyId,
        algorithm: 'ed25519',
        publicKeyHex: e.publicKeyHex,
        signatureHex: e.signatureHex,
      }
    : { passkeyId: e.passkeyId };
}

/** After a vote: a veto rejects; a met quorum approves and starts the time lock. */
async function settle(
  s: State,
  tx: Tx,
  r: ApprovalRequest,
  votes: readonly store.VoteRow[],
  actor: Actor,
  now: Date,
) {
  const last = votes.at(-1);
  if (last?.decision === 'reject' && last.role === null) {
    await store.setRequestStatus(tx, r.id, { status: 'rejected', at: now });
    await audit(s, tx, actor, 'governance.approval.vetoed', r, { vetoedBy: actor.id });
    return { ...r, status: 'rejected' as const };
  }
  if (last?.decision === 'reject' || !tally(r.quorum, votes).met) return r;
  const executableAt = new Date(now.getTime() + (r.quorum.timeLockSeconds ?? 0) * 1000);
  await store.setRequestStatus(tx, r.id, {
    status: 'approved',
    at: now,
    quorumReachedAt: now,
    executableAt,
  });
  await audit(s, tx, actor, 'governance.approval.quorum_reached', r, {
    executableAt: executableAt.toISOString(),
  });
  return { ...r, status: 'approved' as const, quorumReachedAt: now, executableAt };
}

async function audit(
  s: State,
  tx: Tx,
  actor: Actor,
  action: string,
  r: ApprovalRequest,
  extra: Record<string, Json>,
) {
  await appendAudit(tx, s.clock, {
    actor,
    action,
    subjects: [r.id],
    payload: { requestId: r.id, requestHash: r.requestHash, ...extra },
  });
}

async function execute(
  s: State,
  actor: Actor,
  requestId: string,
): Promise<Result<{ request: RequestView; result: Json }, ExecuteCommandError> | Refusal> {
  return commandWithRefusals(s.db, async (tx) => {
    const r = await store.requestById(tx, requestId, true);
    if (r === null) return err('request_not_found', 'no such request');
    const now = s.clock.now();
    const d = decideExecution(r, now);
    if (!d.ok) return d;
    const entry = s.executors.get(r.kind);
    if (entry === undefined)
      return err('executor_missing', `no executor is registered for ${r.kind}`);
    const ctx: ExecutionContext = {
      request: r,
      actor,
      at: now,
      audit: async (input) => {
        await appendAudit(tx, s.clock, { ...input, actor });
      },
    };
    EXECUTING.set(tx, r);
    const result = await entry.execute(tx, r.content, ctx).finally(() => EXECUTING.delete(tx));
    if (!result.ok) return refused(entry, result);
    await store.insertExecution(tx, {
      requestId: r.id,
      executedBy: actor.id,
      at: now,
      result: result.value,
    });
    await store.setRequestStatus(tx, r.id, { status: 'executed', at: now });
    await audit(s, tx, actor, 'governance.approval.executed', r, {
      kind: r.kind,
      result: result.value,
    });
    const votes = await store.votesFor(tx, r.id);
    return ok({ request: view({ ...r, status: 'executed' }, votes), result: result.value });
  });
}

/**
 * `db.command` for a body that may end in a `Refusal`: the command rolls back on it and hands the
 * very object back, status included, which its `Result` type cannot say.
 */
function commandWithRefusals<T, E extends string>(
  db: Db,
  fn: (tx: Tx) => Promise<Result<T, E> | Refusal>,
): Promise<Result<T, E> | Refusal> {
  return db.command<T, string>(fn) as Promise<Result<T, E> | Refusal>;
}

/**
 * Creates a request of a registered kind and, when the policy allows it at once (no quorum, no
 * time lock), executes it in the same call; otherwise it waits for votes and execution. The kind's
 * refusals come back in its own closed union.
 */
async function governed<C extends string>(
  s: State,
  actor: Actor,
  k: ExecutorKind<C>,
  content: Json,
): Promise<Result<GovernedOutcome, GovernedError<C>>> {
  const r = await request(s, actor, k.kind, content);
  if (!r.ok) return ofKind(k, r);
  const req = r.value.request;
  const due = req.executableAt !== null && req.executableAt.getTime() <= s.clock.now().getTime();
  if (req.status !== 'approved' || !due)
    return ok({ requestId: req.id, state: 'pending_approval', result: null });
  const done = await execute(s, actor, req.id);
  if (!done.ok) return ofKind(k, done);
  return ok({ requestId: req.id, state: 'applied', result: done.value.result });
}

/** A refusal of a request of kind `k` is one of `k`'s codes: only its validator or executor makes one. */
function ofKind<C extends string, E extends string>(
  _k: ExecutorKind<C>,
  e: Err<E> | Refusal,
): Err<E | C> {
  if (!isRefusal(e)) return e;
  // Its validator or executor made it (`refused`), so the code is one of `k`'s.
  return err(e.code as C, e.message, e.detail);
}

async function get(s: State, id: string): Promise<RequestView | null> {
  const r = await store.requestById(s.db, id);
  return r === null ? null : view(r, await store.votesFor(s.db, r.id));
}

async function list(s: State, status: string | null): Promise<RequestView[]> {
  const rows = await store.listRequests(s.db, status, 200);
  return Promise.all(rows.map(async (r) => view(r, await store.votesFor(s.db, r.id))));
}

export type Approvals = ReturnType<typeof createApprovals>;

/** The approved request whose executor is running in this transaction, if any. */
const EXECUTING = new WeakMap<Tx, ApprovalRequest>();
/** An approved request a command in this transaction acts under (`coverWith`). */
const COVERS = new WeakMap<Tx, ApprovalRequest>();

/**
 * The approved request that covers what `tx` does: the one being executed in it (what the quorum
 * approved is what its executor does), or one a command declared it acts under. A movement made
 * there is cleared by that approval (see `movements.ts`).
 */
export function coveringRequest(tx: Tx): ApprovalRequest | null {
  return EXECUTING.get(tx) ?? COVERS.get(tx) ?? null;
}

export type CoverError = 'approval_not_found' | 'approval_not_approved' | 'approval_kind_mismatch';

/**
 * Declares that the rest of `tx` acts under an approved (or executed) request of `kind`, such as the
 * committee's approval to record a reserve's positions from before Kazna (`reserve.onboarding`).
 */
async function coverWith(
  tx: Tx,
  requestId: string,
  kind: string,
): Promise<Result<ApprovalRequest, CoverError>> {
  const r = await store.requestById(tx, requestId);
  if (r === null) return err('approval_not_found', `no approval request ${requestId}`);
  if (r.kind !== kind)
    return err('approval_kind_mismatch', `request ${requestId} is a ${r.kind}, not a ${kind}`);
  if (r.status !== 'approved' && r.status !== 'executed')
    return err('approval_not_approved', `request ${requestId} is ${r.status}`, {
      status: r.status,
    });
  COVERS.set(tx, r);
  return ok(r);
}

function buildRequest(
  id: string,
  kind: string,
  content: Json,
  actor: Actor,
  policy: Policy,
  decision: PolicyDecision,
  now: Date,
  valueUnits: bigint | null,
): ApprovalRequest {
  const o = decision.outcome;
  const quorum = o.kind === 'quorum' ? o.quorum : { groups: [] };
  const expiresAt = new Date(
    now.getTime() + (quorum.expiresInSeconds ?? DEFAULT_EXPIRY_SECONDS) * 1000,
  );
  const base = {
    id,
    kind,
    content,
    initiatorId: actor.id,
    policyVersion: policy.version,
    createdAt: now,
    expiresAt,
  };
  const approvedNow = o.kind === 'allow' || (o.kind === 'quorum' && quorum.groups.length === 0);
  const executableAt = approvedNow
    ? new Date(now.getTime() + (quorum.timeLockSeconds ?? 0) * 1000)
    : null;
  return {
    ...base,
    requestHash: requestHash(base),
    ruleId: decision.ruleId,
    outcome: o.kind,
    quorum,
    status: o.kind === 'block' ? 'blocked' : approvedNow ? 'approved' : 'pending',
    quorumReachedAt: approvedNow ? now : null,
    executableAt,
    value: valueUnits === null ? null : { currency: policy.reportingCurrency, units: valueUnits },
  };
}

export interface RequestView {
  readonly request: ApprovalRequest;
  readonly votes: readonly store.VoteRow[];
  readonly tally: ReturnType<typeof tally>;
}

function view(request: ApprovalRequest, votes: readonly store.VoteRow[]): RequestView {
  return { request, votes, tally: tally(request.quorum, votes) };
}

function requestJson(r: ApprovalRequest): Record<string, Json> {
  return {
    id: r.id,
    kind: r.kind,
    content: r.content,
    requestHash: r.requestHash,
    initiatorId: r.initiatorId,
    policyVersion: r.policyVersion,
    ruleId: r.ruleId,
    outcome: r.outcome,
    quorum: r.quorum as unknown as Json,
    status: r.status,
    createdAt: r.createdAt.toISOString(),
    expiresAt: r.expiresAt.toISOString(),
  };
}

function factsJson(f: Awaited<ReturnType<typeof gatherFacts>>): Record<string, Json> {
  const units = (x: bigint | null): string | null => (x === null ? null : x.toString());
  return {
    asset: f.asset,
    amountUnits: units(f.amountUnits),
    valueUnits: units(f.valueUnits),
    sourceAccount: f.sourceAccount,
    destination: f.destination,
    destinationStatus: f.destinationStatus,
    legalStatus: f.legalStatus,
    sanctioned: f.sanctioned,
    velocityUnits: Object.fromEntries(
      Object.entries(f.velocityUnits).map(([k, v]) => [k, units(v)]),
    ),
  };
}
