import type { AssetCode } from '../core/assets.ts';
import { canonicalBytes, canonicalize, type Json } from '../core/canonical.ts';
import { sha256Hex } from '../core/hash.ts';
import type { Role } from '../core/identity.ts';
import { err, ok, type Result } from '../core/result.ts';

/**
 * Approval requests as pure data and `decide` functions: no I/O, no clock. A request is fixed by the
 * SHA-256 of its canonical content; approvers sign that hash, so a signature cannot be moved to
 * another request, and an auditor can check every vote offline from the audit log alone.
 */
export interface QuorumGroup {
  readonly role: Role;
  readonly count: number;
}

/** All groups must be met (sub-quorums joined by AND). No groups = no approvals needed. */
export interface Quorum {
  readonly groups: readonly QuorumGroup[];
  /** Holders of these roles, or these named users, can reject the request outright. */
  readonly vetoRoles?: readonly Role[] | undefined;
  readonly vetoUsers?: readonly string[] | undefined;
  /** Time between reaching the quorum and the earliest execution. */
  readonly timeLockSeconds?: number | undefined;
  /** Time to collect the quorum, from creation. */
  readonly expiresInSeconds?: number | undefined;
}

export const DEFAULT_EXPIRY_SECONDS = 72 * 3600;

export type RequestStatus = 'pending' | 'approved' | 'rejected' | 'blocked' | 'executed';
export type Decision = 'approve' | 'reject';

export interface ApprovalRequest {
  readonly id: string;
  readonly kind: string;
  readonly content: Json;
  readonly requestHash: string;
  readonly initiatorId: string;
  readonly policyVersion: number;
  readonly ruleId: string | null;
  readonly outcome: 'allow' | 'block' | 'quorum';
  readonly quorum: Quorum;
  readonly status: RequestStatus;
  readonly createdAt: Date;
  readonly expiresAt: Date;
  readonly quorumReachedAt: Date | null;
  readonly executableAt: Date | null;
  /**
   * What the request moves, in the reporting currency of its policy when it was asked (base units),
   * so that approvers read one currency whatever the asset; null when it carries no priced amount.
   */
  readonly value: { readonly currency: AssetCode; readonly units: bigint } | null;
}

export interface Vote {
  readonly userId: string;
  readonly decision: Decision;
  readonly role: Role | null;
}

export interface Voter {
  readonly userId: string;
  readonly roles: readonly Role[];
}

/** What the request hash covers: everything an approver is agreeing to. */
export function requestHash(r: {
  readonly id: string;
  readonly kind: string;
  readonly content: Json;
  readonly initiatorId: string;
  readonly policyVersion: number;
  readonly createdAt: Date;
  readonly expiresAt: Date;
}): string {
  return sha256Hex(
    canonicalize({
      v: 1,
      id: r.id,
      kind: r.kind,
      content: r.content,
      initiator: r.initiatorId,
      policyVersion: r.policyVersion,
      createdAt: r.createdAt.toISOString(),
      expiresAt: r.expiresAt.toISOString(),
    }),
  );
}

/** The exact bytes an approver signs with Ed25519: canonical JSON naming the decision and hash. */
export function approvalMessage(hash: string, decision: Decision): Uint8Array {
  return canonicalBytes({ domain: 'kazna.approval.v1', decision, requestHash: hash });
}

export interface Tally {
  readonly met: boolean;
  readonly groups: readonly (QuorumGroup & { readonly have: number })[];
}

export function tally(quorum: Quorum, votes: readonly Vote[]): Tally {
  const groups = quorum.groups.map((g) => ({
    ...g,
    have: votes.filter((v) => v.decision === 'approve' && v.role === g.role).length,
  }));
  return { met: groups.every((g) => g.have >= g.count), groups };
}

export function isVeto(quorum: Quorum, voter: Voter): boolean {
  if (quorum.vetoUsers?.includes(voter.userId) === true) return true;
  return voter.roles.some((r) => quorum.vetoRoles?.includes(r) === true);
}

export type VoteError =
  | 'approver_is_initiator'
  | 'already_voted'
  | 'already_executed'
  | 'request_rejected'
  | 'request_blocked'
  | 'request_expired'
  | 'request_already_approved'
  | 'approver_not_eligible';

/**
 * Decides whether `voter` may cast `decision`, and which quorum group an approval counts for: the
 * first group still short of votes that the voter's roles fit (or the role the voter asked for).
 * A person counts once, for one group, so one person can never satisfy two sub-quorums.
 */
export function decideVote(
  request: ApprovalRequest,
  votes: readonly Vote[],
  voter: Voter,
  decision: Decision,
  now: Date,
  asRole?: Role,
): Result<{ role: Role | null }, VoteError> {
  const state = checkOpen(request, now);
  if (!state.ok) return state;
  if (voter.userId === request.initiatorId) {
    return err('approver_is_initiator', 'the initiator of a request can never approve it');
  }
  if (votes.some((v) => v.userId === voter.userId)) {
    return err('already_voted', 'each person votes once on a request', { userId: voter.userId });
  }
  if (decision === 'reject') {
    if (isVeto(request.quorum, voter)) return ok({ role: asRole ?? null });
    return eligibleRole(request.quorum, votes, voter, asRole);
  }
  return eligibleRole(request.quorum, votes, voter, asRole);
}

function checkOpen(request: ApprovalRequest, now: Date): Result<null, VoteError> {
  switch (request.status) {
    case 'executed':
      return err('already_executed', 'the request has already been executed');
    case 'rejected':
      return err('request_rejected', 'the request was rejected');
    case 'blocked':
      return err('request_blocked', 'the policy blocked this request');
    case 'approved':
      return err('request_already_approved', 'the quorum is already reached');
    case 'pending':
      break;
  }
  if (now.getTime() >= request.expiresAt.getTime()) {
    return err('request_expired', 'the request expired before reaching its quorum', {
      expiresAt: request.expiresAt.toISOString(),
    });
  }
  return ok(null);
}

function eligibleRole(
  quorum: Quorum,
  votes: readonly Vote[],
  voter: Voter,
  asRole?: Role,
): Result<{ role: Role | null }, VoteError> {
  const t = tally(quorum, votes);
  const fits = t.groups.filter((g) => voter.roles.includes(g.role));
  const chosen =
    asRole === undefined
      ? (fits.find((g) => g.have < g.count) ?? fits[0])
      : fits.find((g) => g.role === asRole);
  if (chosen === undefined) {
    return err('approver_not_eligible', 'none of your roles counts towards this quorum', {
      needed: quorum.groups.map((g) => g.role),
    });
  }
  return ok({ role: chosen.role });
}

export type ExecuteError =
  | 'already_executed'
  | 'request_rejected'
  | 'request_blocked'
  | 'request_expired'
  | 'quorum_not_reached'
  | 'time_lock_active';

/** A request executes once, only with its quorum, and only after its time lock has run. */
export function decideExecution(request: ApprovalRequest, now: Date): Result<null, ExecuteError> {
  switch (request.status) {
    case 'executed':
      return err('already_executed', 'the request has already been executed');
    case 'rejected':
      return err('request_rejected', 'the request was rejected');
    case 'blocked':
      return err('request_blocked', 'the policy blocked this request');
    case 'pending':
      if (now.getTime() >= request.expiresAt.getTime()) {
        return err('request_expired', 'the request expired before reaching its quorum');
      }
      return err('quorum_not_reached', 'the request does not have its quorum yet');
    case 'approved':
      break;
  }
  if (request.executableAt !== null && now.getTime() < request.executableAt.getTime()) {
    return err('time_lock_active', 'the time lock after the quorum has not run out', {
      executableAt: request.executableAt.toISOString(),
    });
  }
  return ok(null);
}

/** The status a reader sees: a pending request past its expiry reads as `expired`. */
export function visibleStatus(r: ApprovalRequest, now: Date): RequestStatus | 'expired' {
  return r.status === 'pending' && now.getTime() >= r.expiresAt.getTime() ? 'expired' : r.status;
}
