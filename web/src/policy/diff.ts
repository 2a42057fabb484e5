import type { PolicyDocument, PolicyRule } from '../../../src/governance/policy.ts';
import {
  CONDITIONS,
  conditionText,
  groupsText,
  hours,
  vetoText,
  type Quorum,
  type Say,
} from './say.ts';

/**
 * What a draft changes against the policy in force, as people check it before proposing: rules
 * added, removed, moved, and for a changed rule each field before → after, in words. Rules are
 * matched by their name (id); a renamed rule reads as one removed and one added.
 */
export interface FieldChange {
  readonly field: string;
  readonly before: string | null;
  readonly after: string | null;
}

export interface PolicyDiff {
  readonly settings: readonly FieldChange[];
  readonly added: readonly PolicyRule[];
  readonly removed: readonly PolicyRule[];
  readonly changed: readonly { readonly id: string; readonly changes: readonly FieldChange[] }[];
  readonly moved: readonly { readonly id: string; readonly from: number; readonly to: number }[];
}

type Fields = Map<string, string>;

function quorumFields(say: Say, q: Quorum, into: Fields, prefix = ''): void {
  const t = say.t;
  into.set(prefix + t('policy.groups'), groupsText(say, q));
  into.set(prefix + t('policy.vetoRoles'), vetoText(say, q) ?? t('policy.nothing'));
  into.set(prefix + t('policy.timeLock'), hours(say, q.timeLockSeconds ?? 0));
  if (q.expiresInSeconds !== undefined)
    into.set(prefix + t('policy.expiry'), hours(say, q.expiresInSeconds));
}

/** A rule as labelled fields in words: the unit the diff compares. */
export function ruleFields(say: Say, rule: PolicyRule, reporting: string): Fields {
  const t = say.t;
  const out: Fields = new Map();
  if (rule.description !== undefined) out.set(t('policy.description'), rule.description);
  for (const c of CONDITIONS) {
    const text = conditionText(say, rule.match, c, reporting);
    if (text !== null) out.set(t(`policy.field.${c}`), text);
  }
  out.set(t('policy.outcome'), t(`policy.kind.${rule.outcome.kind}`));
  if (rule.outcome.kind === 'block') out.set(t('policy.reason'), rule.outcome.reason);
  if (rule.outcome.kind === 'quorum') quorumFields(say, rule.outcome.quorum, out);
  return out;
}

function settingsFields(say: Say, doc: PolicyDocument): Fields {
  const t = say.t;
  const out: Fields = new Map([
    [t('policy.reportingCurrency'), doc.reportingCurrency],
    [t('policy.cooling'), hours(say, doc.whitelistCoolingSeconds)],
  ]);
  quorumFields(say, doc.adminQuorum, out, `${t('policy.adminQuorum')}: `);
  return out;
}

export function compareFields(before: Fields, after: Fields): FieldChange[] {
  const names = [...before.keys(), ...[...after.keys()].filter((k) => !before.has(k))];
  return names
    .map((field) => ({ field, before: before.get(field) ?? null, after: after.get(field) ?? null }))
    .filter((c) => c.before !== c.after);
}

/** Positions (into `xs`) of one longest increasing run of `xs`, not necessarily adjacent. */
function longestIncreasing(xs: readonly number[]): Set<number> {
  const len = xs.map(() => 1);
  const prev = xs.map(() => -1);
  for (let i = 0; i < xs.length; i++)
    for (let j = 0; j < i; j++)
      if ((xs[j] ?? 0) < (xs[i] ?? 0) && (len[j] ?? 0) + 1 > (len[i] ?? 0)) {
        len[i] = (len[j] ?? 0) + 1;
        prev[i] = j;
      }
  let at = len.indexOf(Math.max(0, ...len));
  const out = new Set<number>();
  while (at >= 0) {
    out.add(at);
    at = prev[at] ?? -1;
  }
  return out;
}

/**
 * Rules kept by both whose order against the others changed. The rules that kept their relative
 * order (the longest such run) stay; only the others read as moved, so moving one rule to the top
 * names that rule, not every rule it passed.
 */
function movedRules(
  before: readonly PolicyRule[],
  after: readonly PolicyRule[],
): PolicyDiff['moved'] {
  const oldAt = new Map(before.map((r, i) => [r.id, i]));
  const kept = after.flatMap((r, i) => {
    const from = oldAt.get(r.id);
    return from === undefined ? [] : [{ id: r.id, from, to: i }];
  });
  const stay = longestIncreasing(kept.map((k) => k.from));
  return kept
    .filter((_, i) => !stay.has(i))
    .map((k) => ({ id: k.id, from: k.from + 1, to: k.to + 1 }));
}

export function diffPolicy(say: Say, before: PolicyDocument, after: PolicyDocument): PolicyDiff {
  const byId = (rules: readonly PolicyRule[]) => new Map(rules.map((r) => [r.id, r]));
  const old = byId(before.rules);
  const next = byId(after.rules);
  const changed = after.rules.flatMap((r) => {
    const was = old.get(r.id);
    if (was === undefined) return [];
    const changes = compareFields(
      ruleFields(say, was, before.reportingCurrency),
      ruleFields(say, r, after.reportingCurrency),
    );
    return changes.length === 0 ? [] : [{ id: r.id, changes }];
  });
  return {
    settings: compareFields(settingsFields(say, before), settingsFields(say, after)),
    added: after.rules.filter((r) => !old.has(r.id)),
    removed: before.rules.filter((r) => !next.has(r.id)),
    changed,
    moved: movedRules(before.rules, after.rules),
  };
}

export function isEmptyDiff(d: PolicyDiff): boolean {
  return (
    d.settings.length + d.added.length + d.removed.length + d.changed.length + d.moved.length === 0
  );
}
