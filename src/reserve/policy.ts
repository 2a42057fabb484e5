import { z } from 'zod';
import { executor } from '../governance/approvals.ts';
import { canonicalize, type Json } from '../core/canonical.ts';
import { sha256Hex } from '../core/hash.ts';
import type { Actor } from '../core/identity.ts';
import { err, ok, type Result } from '../core/result.ts';
import type { Queryable, Tx } from '../db/pool.ts';
import type { PolicyError } from './codes.ts';
import { appliedBy, audit, governed, type Applied, type ReserveDeps } from './deps.ts';
import { allocationPolicySchema, type AllocationPolicy } from './model.ts';
import { RESERVE_STATUS } from './statuses.ts';
import * as store from './store.ts';

/**
 * The strategic allocation policy. A version is written only by an approved
 * `reserve.policy.change` request; its audit entry carries the whole document, so the table can be
 * rebuilt from the log.
 */
export const POLICY_CHANGE_KIND = 'reserve.policy.change';

const isoDay = z.iso.date();
export const policyChangeSchema = z.strictObject({
  /** The version the change was written against (0 before the first): a stale edit is refused. */
  baseVersion: z.int().min(0),
  effectiveFrom: isoDay,
  policy: allocationPolicySchema,
});
export type PolicyChange = z.infer<typeof policyChangeSchema>;

export interface PolicyVersion {
  readonly version: number;
  readonly effectiveFrom: string;
  readonly policy: AllocationPolicy;
  readonly documentHash: string;
  readonly requestId: string | null;
}

function parse(content: Json): Result<PolicyChange, 'content_invalid'> {
  const p = policyChangeSchema.safeParse(content);
  if (p.success) return ok(p.data);
  return err('content_invalid', 'not a reserve policy change', {
    issues: p.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
  });
}

export async function policyVersions(q: Queryable): Promise<PolicyVersion[]> {
  const rows = await store.policies(q);
  return rows.map((r) => ({
    version: r.version,
    effectiveFrom: r.effectiveFrom,
    policy: allocationPolicySchema.parse(r.document),
    documentHash: r.documentHash,
    requestId: r.requestId,
  }));
}

/** The version in force on `day`: the latest whose effective day has come; null before the first. */
export async function policyOn(q: Queryable, day: string): Promise<PolicyVersion | null> {
  const all = await policyVersions(q);
  return all.filter((p) => p.effectiveFrom <= day).at(-1) ?? null;
}

async function apply(
  d: ReserveDeps,
  tx: Tx,
  c: PolicyChange,
  a: Applied,
): Promise<Result<Json, PolicyError>> {
  const all = await store.policies(tx);
  const current = all.at(-1)?.version ?? 0;
  if (current !== c.baseVersion) {
    return err('policy_version_conflict', 'the policy changed since this change was written', {
      current,
      base: c.baseVersion,
    });
  }
  const version = current + 1;
  const documentHash = sha256Hex(canonicalize(c.policy));
  const payload = { version, effectiveFrom: c.effectiveFrom, documentHash, requestId: a.requestId };
  const seq = await audit(d, tx, a, 'reserve.policy.activated', [`reserve-policy:${version}`], {
    ...payload,
    document: c.policy as unknown as Json,
  });
  await store.insertPolicy(tx, {
    version,
    document: c.policy,
    documentHash,
    effectiveFrom: c.effectiveFrom,
    requestId: a.requestId,
    createdAt: a.at,
    auditSeq: seq,
  });
  return ok(payload);
}

export function policyCommands(d: ReserveDeps) {
  const change = executor({
    kind: POLICY_CHANGE_KIND,
    execute: async (tx, content, ctx) => {
      const c = parse(content);
      return c.ok ? apply(d, tx, c.value, appliedBy(ctx)) : c;
    },
    options: {
      requires: 'reserve.manage',
      validate: (_tx, content) => {
        const c = parse(content);
        return Promise.resolve(c.ok ? ok(null) : c);
      },
      refusals: RESERVE_STATUS,
    },
  });
  return {
    /** The allocation policy change kind, for main.ts to register. */
    executors: [change] as const,
    /** Errors: content_invalid, policy_blocked, permission_denied, policy_version_conflict. */
    requestPolicyChange: (actor: Actor, c: PolicyChange) => governed(d, actor, change, c),
    /** A version adopted before Kazna, recorded as history (no request id). */
    recordHistoricalPolicy: (actor: Actor, c: PolicyChange) =>
      d.db.command((tx) =>
        apply(d, tx, c, { actorId: actor.id, requestId: null, at: d.clock.now() }),
      ),
    policies: () => policyVersions(d.db),
    policyOn: (day: string) => policyOn(d.db, day),
  };
}
