import { z } from 'zod';
import { ASSET_CODES, type AssetCode } from '../core/assets.ts';
import { parseAmount, parseUnits } from '../core/money.ts';
import type { Role } from '../http/access.ts';
import { ROLES } from './matrix.ts';
import type { Quorum } from './model.ts';

/**
 * The transaction policy: an ordered list of rules, first match wins, and no match means block
 * (default deny). A rule matches on facts about a request; its outcome allows it, blocks it, or
 * requires a quorum. `evaluate` is pure: the service gathers the facts (prices, velocity sums,
 * whitelist state) first, so a dry run and a real request are decided by the same function.
 */
const roleSchema = z.enum(ROLES);
const decimal = z.string().regex(/^(0|[1-9][0-9]*)(\.[0-9]+)?$/, 'a decimal string');

export const quorumSchema = z.strictObject({
  groups: z.array(z.strictObject({ role: roleSchema, count: z.int().min(1).max(20) })).max(10),
  vetoRoles: z.array(roleSchema).optional(),
  vetoUsers: z.array(z.string()).optional(),
  timeLockSeconds: z
    .int()
    .min(0)
    .max(90 * 86400)
    .optional(),
  expiresInSeconds: z
    .int()
    .min(60)
    .max(90 * 86400)
    .optional(),
});

const range = z.strictObject({ min: decimal.optional(), max: decimal.optional() });

export const ruleSchema = z.strictObject({
  id: z.string().min(1).max(64),
  description: z.string().max(500).optional(),
  match: z.strictObject({
    /** Request kinds; `prefix.*` matches a prefix, `*` everything. */
    actions: z.array(z.string().min(1)).optional(),
    initiatorRoles: z.array(roleSchema).optional(),
    initiatorUsers: z.array(z.string()).optional(),
    assets: z.array(z.enum(ASSET_CODES)).optional(),
    /** Whether the request moves an amount of an asset at all. */
    hasAmount: z.boolean().optional(),
    /** Amount in the request's own asset, as a decimal of whole units; min inclusive, max exclusive. */
    amount: range.optional(),
    /** Value in the policy's reporting currency; min inclusive, max exclusive. */
    value: range.optional(),
    /** Matches when the value of same-kind requests in the window, plus this one, reaches `min`. */
    velocity: z
      .strictObject({
        windowSeconds: z
          .int()
          .min(60)
          .max(366 * 86400),
        min: decimal,
        per: z.enum(['kind', 'initiator']),
      })
      .optional(),
    sourceAccounts: z.array(z.string()).optional(),
    /**
     * For a movement between ledger accounts: the owner of the account value leaves (`from`) or
     * reaches (`to`), as `kind:ref` (`reserve:fx`, `manager:…`); a pattern may end in `*`.
     */
    from: z.array(z.string().min(1).max(200)).optional(),
    to: z.array(z.string().min(1).max(200)).optional(),
    destination: z.array(z.enum(['whitelisted', 'new'])).optional(),
    legalStatuses: z.array(z.string()).optional(),
  }),
  outcome: z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('allow') }),
    z.strictObject({ kind: z.literal('block'), reason: z.string().max(300) }),
    z.strictObject({ kind: z.literal('quorum'), quorum: quorumSchema }),
  ]),
});

export const policySchema = z.strictObject({
  reportingCurrency: z.enum(ASSET_CODES),
  /** Days a newly whitelisted destination waits before its first use (BitGo-style lock). */
  whitelistCoolingSeconds: z
    .int()
    .min(0)
    .max(90 * 86400),
  /** The quorum for changing this policy; rules cannot lower it. */
  adminQuorum: quorumSchema,
  rules: z.array(ruleSchema).max(500),
});

export type PolicyRule = z.infer<typeof ruleSchema>;
export type PolicyDocument = z.infer<typeof policySchema>;
export interface Policy extends PolicyDocument {
  readonly version: number;
}

/** Facts about one request, gathered before evaluation. Amounts are base units. */
export interface PolicyFacts {
  readonly kind: string;
  readonly initiatorId: string;
  readonly initiatorRoles: readonly Role[];
  readonly asset: AssetCode | null;
  readonly amountUnits: bigint | null;
  /** Value in the reporting currency's base units; null when there is no price. */
  readonly valueUnits: bigint | null;
  readonly sourceAccount: string | null;
  /** For a ledger movement: the owners (`kind:ref`) of the accounts value leaves and reaches. */
  readonly fromOwner?: string | null;
  readonly toOwner?: string | null;
  readonly destination: string | null;
  /** `cooling` = whitelisted but still inside its cooling period. */
  readonly destinationStatus: 'whitelisted' | 'cooling' | 'new' | null;
  readonly legalStatus: string | null;
  /** The sanctions screen listed the destination; nothing overrides this. */
  readonly sanctioned?: boolean;
  /** Value already requested in each rule's velocity window, keyed by rule id. */
  readonly velocityUnits: Readonly<Record<string, bigint | null>>;
}

export type PolicyOutcome =
  | { readonly kind: 'allow' }
  | { readonly kind: 'block'; readonly reason: string }
  | { readonly kind: 'quorum'; readonly quorum: Quorum };

export interface RuleTrace {
  readonly ruleId: string;
  readonly matched: boolean;
  /** The first condition that did not hold, for the dry-run explanation. */
  readonly failed?: string;
}

export interface PolicyDecision {
  readonly outcome: PolicyOutcome;
  /** The deciding rule; null for default deny or a hard guard. */
  readonly ruleId: string | null;
  readonly reason: string;
  readonly trace: readonly RuleTrace[];
}

export const POLICY_CHANGE_KIND = 'governance.policy.change';

export function evaluate(policy: Policy, facts: PolicyFacts): PolicyDecision {
  const guard = hardGuards(policy, facts);
  if (guard !== null) return guard;
  const trace: RuleTrace[] = [];
  for (const rule of policy.rules) {
    const failed = firstFailedCondition(rule, facts, policy.reportingCurrency);
    trace.push(
      failed === null
        ? { ruleId: rule.id, matched: true }
        : { ruleId: rule.id, matched: false, failed },
    );
    if (failed === null) {
      return { outcome: rule.outcome, ruleId: rule.id, reason: `rule ${rule.id} matched`, trace };
    }
  }
  return {
    outcome: { kind: 'block', reason: 'no rule matched (default deny)' },
    ruleId: null,
    reason: 'no rule matched (default deny)',
    trace,
  };
}

/** Checks no rule can override: a policy change needs the admin quorum; a cooling destination waits. */
function hardGuards(policy: Policy, facts: PolicyFacts): PolicyDecision | null {
  if (facts.kind === POLICY_CHANGE_KIND) {
    const reason = 'policy changes always need the admin quorum';
    return {
      outcome: { kind: 'quorum', quorum: policy.adminQuorum },
      ruleId: null,
      reason,
      trace: [],
    };
  }
  if (facts.sanctioned === true) {
    const reason = 'the destination is on a sanctions list';
    return { outcome: { kind: 'block', reason }, ruleId: null, reason, trace: [] };
  }
  if (facts.destinationStatus === 'cooling') {
    const reason = 'the destination is whitelisted but still in its cooling period';
    return { outcome: { kind: 'block', reason }, ruleId: null, reason, trace: [] };
  }
  return null;
}

export function kindMatches(patterns: readonly string[], kind: string): boolean {
  return patterns.some(
    (p) => p === '*' || p === kind || (p.endsWith('.*') && kind.startsWith(p.slice(0, -1))),
  );
}

function firstFailedCondition(
  rule: PolicyRule,
  f: PolicyFacts,
  reporting: AssetCode,
): string | null {
  const m = rule.match;
  if (m.actions !== undefined && !kindMatches(m.actions, f.kind)) return 'actions';
  if (
    m.initiatorRoles !== undefined &&
    !f.initiatorRoles.some((r) => m.initiatorRoles?.includes(r))
  )
    return 'initiatorRoles';
  if (m.initiatorUsers !== undefined && !m.initiatorUsers.includes(f.initiatorId))
    return 'initiatorUsers';
  if (m.assets !== undefined && (f.asset === null || !m.assets.includes(f.asset))) return 'assets';
  if (m.hasAmount !== undefined && m.hasAmount !== (f.amountUnits !== null)) return 'hasAmount';
  if (m.amount !== undefined) {
    if (f.asset === null || f.amountUnits === null) return 'amount';
    if (!inRange(m.amount, f.amountUnits, (t) => parseThreshold(t, f.asset ?? 'USD')))
      return 'amount';
  }
  if (m.value !== undefined && !inRange(m.value, f.valueUnits, (t) => parseThreshold(t, reporting)))
    return 'value';
  if (m.velocity !== undefined && !velocityReached(rule.id, m.velocity.min, f, reporting))
    return 'velocity';
  if (
    m.sourceAccounts !== undefined &&
    (f.sourceAccount === null || !m.sourceAccounts.includes(f.sourceAccount))
  )
    return 'sourceAccounts';
  if (m.from !== undefined && !ownerMatches(m.from, f.fromOwner ?? null)) return 'from';
  if (m.to !== undefined && !ownerMatches(m.to, f.toOwner ?? null)) return 'to';
  if (m.destination !== undefined) {
    const status = f.destinationStatus === 'cooling' ? 'new' : f.destinationStatus;
    if (status === null || !m.destination.includes(status)) return 'destination';
  }
  if (
    m.legalStatuses !== undefined &&
    (f.legalStatus === null || !m.legalStatuses.includes(f.legalStatus))
  )
    return 'legalStatuses';
  return null;
}

/** `reserve:fx` matches `reserve:fx`, `reserve:*` and `*`; no owner matches nothing. */
function ownerMatches(patterns: readonly string[], owner: string | null): boolean {
  if (owner === null) return false;
  return patterns.some((p) => (p.endsWith('*') ? owner.startsWith(p.slice(0, -1)) : p === owner));
}

type Parse = (text: string) => { ok: true; value: bigint } | { ok: false };

/**
 * An unknown value satisfies no range: a rule that depends on a value cannot match without a price,
 * so an unpriced request falls through to later rules or to default deny instead of slipping under a
 * threshold. (Velocity is the opposite: an amount of unknown value counts as reached, the stricter
 * reading; a request with no amount at all never reaches a velocity window.)
 */
/**
 * A rule's bound is not an amount anyone moves: a rule written as "below 10^30" still means "any
 * amount", so bounds are held only to what can be stored, not to the asset's maximum.
 */
function parseThreshold(text: string, asset: AssetCode): ReturnType<Parse> {
  return parseAmount(text, asset, { bound: 'storable' });
}

function inRange(
  r: { min?: string | undefined; max?: string | undefined },
  units: bigint | null,
  parse: Parse,
): boolean {
  if (units === null) return false;
  if (r.min !== undefined) {
    const min = parse(r.min);
    if (!min.ok || units < min.value) return false;
  }
  if (r.max !== undefined) {
    const max = parse(r.max);
    if (!max.ok || units >= max.value) return false;
  }
  return true;
}

function velocityReached(
  ruleId: string,
  minText: string,
  f: PolicyFacts,
  reporting: AssetCode,
): boolean {
  // A request that moves no amount (a legal step, a hand-off) adds nothing to any window.
  if (f.amountUnits === null) return false;
  const prior = f.velocityUnits[ruleId];
  if (prior === undefined || prior === null || f.valueUnits === null) return true;
  const min = parseThreshold(minText, reporting);
  return min.ok && prior + f.valueUnits >= min.value;
}

/** Parses a decimal price (quote per whole unit) exactly; used to value amounts without floats. */
export function parsePrice(text: string): bigint | null {
  const r = parseUnits(text, 18);
  return r.ok ? r.value : null;
}
