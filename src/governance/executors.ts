import { z } from 'zod';
import { ASSET_CODES } from '../core/assets.ts';
import { canonicalize, type Json } from '../core/canonical.ts';
import { sha256Hex } from '../core/hash.ts';
import { ROLES, type Actor } from '../core/identity.ts';
import type { IdSource } from '../core/ids.ts';
import { err, ok, type Result } from '../core/result.ts';
import type { Tx } from '../db/pool.ts';
import { executor, type ExecutorDescriptor } from './approvals.ts';
import type { SanctionsScreen } from './facts.ts';
import { policySchema, POLICY_CHANGE_KIND } from './policy.ts';
import { GOVERNANCE_STATUS } from './statuses.ts';
import * as store from './store.ts';

/**
 * Governance's own sensitive actions, each an approval request like any other: changing the policy
 * (always under the admin quorum), changing a person's roles, and whitelisting a destination.
 */
export const ROLE_CHANGE_KIND = 'governance.role.change';
export const WHITELIST_ADD_KIND = 'governance.whitelist.add';

const policyChange = z.strictObject({ baseVersion: z.int().min(1), policy: policySchema });
const roleChange = z.strictObject({
  userId: z.string().min(1),
  roles: z.array(z.enum(ROLES)).max(9),
});
const whitelistAdd = z.strictObject({
  asset: z.enum(ASSET_CODES),
  address: z.string().min(1).max(200),
  label: z.string().min(1).max(200),
});

function parsed<T>(schema: z.ZodType<T>, content: Json): Result<T, 'content_invalid'> {
  const r = schema.safeParse(content);
  if (r.success) return ok(r.data);
  return err('content_invalid', 'the request content does not match its kind', {
    issues: r.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
  });
}

function validator<T>(schema: z.ZodType<T>) {
  return (_tx: Tx, content: Json): Promise<Result<null, 'content_invalid'>> => {
    const r = parsed(schema, content);
    return Promise.resolve(r.ok ? ok(null) : r);
  };
}

/** Governance's own kinds, for main.ts to register: policy change, role change, whitelist add. */
export function governanceExecutors(deps: {
  ids: IdSource;
  screen: SanctionsScreen;
}): readonly ExecutorDescriptor[] {
  return [policyChangeExecutor(), roleChangeExecutor(), whitelistAddExecutor(deps)];
}

function policyChangeExecutor() {
  return executor({
    kind: POLICY_CHANGE_KIND,
    execute: async (tx, content, ctx) => {
      const c = parsed(policyChange, content);
      if (!c.ok) return c;
      const current = await store.activePolicy(tx);
      if (current.version !== c.value.baseVersion) {
        return err('policy_version_conflict', 'the policy changed since this request was made', {
          current: current.version,
          base: c.value.baseVersion,
        });
      }
      const version = current.version + 1;
      const hash = sha256Hex(canonicalize(c.value.policy));
      await store.insertPolicy(tx, {
        version,
        document: c.value.policy,
        hash,
        requestId: ctx.request.id,
        at: ctx.at,
      });
      await ctx.audit({
        action: 'governance.policy.activated',
        subjects: [ctx.request.id],
        payload: { version, documentHash: hash, document: c.value.policy as unknown as Json },
      });
      return ok({ version, documentHash: hash });
    },
    options: {
      requires: 'governance.policy.change',
      validate: validator(policyChange),
      refusals: GOVERNANCE_STATUS,
    },
  });
}

function roleChangeExecutor() {
  return executor({
    kind: ROLE_CHANGE_KIND,
    execute: async (tx, content, ctx) => {
      const c = parsed(roleChange, content);
      if (!c.ok) return c;
      const user = await store.userById(tx, c.value.userId);
      if (user === null) return err('user_not_found', 'no such user');
      await store.setRoles(tx, user.id, c.value.roles);
      await ctx.audit({
        action: 'governance.role.changed',
        subjects: [user.id, ctx.request.id],
        payload: { userId: user.id, from: [...user.roles], to: c.value.roles },
      });
      return ok({ userId: user.id, roles: c.value.roles });
    },
    options: {
      requires: 'governance.users.manage',
      validate: validateRoleChange,
      refusals: GOVERNANCE_STATUS,
    },
  });
}

function whitelistAddExecutor(deps: { ids: IdSource; screen: SanctionsScreen }) {
  return executor({
    kind: WHITELIST_ADD_KIND,
    execute: async (tx, content, ctx) => {
      const c = parsed(whitelistAdd, content);
      if (!c.ok) return c;
      const { asset, address, label } = c.value;
      if ((await deps.screen(asset, address)).listed) {
        return err('destination_sanctioned', 'the destination is on a sanctions list', {
          asset,
          address,
        });
      }
      if ((await store.whitelistEntry(tx, asset, address)) !== null) {
        return err('destination_already_whitelisted', 'the destination is already whitelisted');
      }
      const policy = await store.activePolicy(tx);
      const usableFrom = new Date(ctx.at.getTime() + policy.whitelistCoolingSeconds * 1000);
      const id = deps.ids.next<'whitelist'>();
      await store.insertWhitelist(tx, {
        id,
        asset,
        address,
        label,
        addedAt: ctx.at,
        usableFrom,
        requestId: ctx.request.id,
      });
      const entry = { id, asset, address, label, usableFrom: usableFrom.toISOString() };
      await ctx.audit({
        action: 'governance.whitelist.added',
        subjects: [id, ctx.request.id],
        payload: entry,
      });
      return ok(entry);
    },
    options: {
      requires: 'governance.whitelist.manage',
      validate: validator(whitelistAdd),
      refusals: GOVERNANCE_STATUS,
      describe: (_tx, content) => {
        const c = whitelistAdd.safeParse(content);
        return Promise.resolve(
          c.success ? { asset: c.data.asset, destination: c.data.address } : {},
        );
      },
    },
  });
}

async function validateRoleChange(
  tx: Tx,
  content: Json,
  actor: Actor,
): Promise<Result<null, 'content_invalid' | 'cannot_change_own_roles' | 'user_not_found'>> {
  const c = parsed(roleChange, content);
  if (!c.ok) return c;
  if (c.value.userId === actor.id)
    return err('cannot_change_own_roles', 'nobody changes their own roles');
  if ((await store.userById(tx, c.value.userId)) === null)
    return err('user_not_found', 'no such user');
  return ok(null);
}
