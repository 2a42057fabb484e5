import type { PolicyDocument, PolicyRule } from '../../../src/governance/policy.ts';
import { decimal } from '../portal/format.ts';
import { DICTIONARIES, type Key } from '../portal/i18n.ts';
import { wholeAmount } from '../console/money.ts';

/**
 * The policy in words: each rule as one sentence ("If the kind is a ledger transfer and the value is
 * at least 1,000,000 USD: needs approval by 2 of Investment committee…"), so an official reads what
 * is in force without reading JSON. Pure: the words come from the dictionary passed in.
 */
export interface Say {
  readonly t: (key: Key, vars?: Readonly<Record<string, string>>) => string;
  readonly locale: string;
}

export type Match = PolicyRule['match'];
export type Outcome = PolicyRule['outcome'];
export type Quorum = PolicyDocument['adminQuorum'];

/** Every condition the model supports, in the order the sentences name them. */
export const CONDITIONS = [
  'actions',
  'initiatorRoles',
  'initiatorUsers',
  'assets',
  'hasAmount',
  'amount',
  'value',
  'velocity',
  'sourceAccounts',
  'from',
  'to',
  'destination',
  'legalStatuses',
] as const satisfies readonly (keyof Match)[];
export type Condition = (typeof CONDITIONS)[number];

export function hours(say: Say, seconds: number): string {
  const h = Math.round((seconds / 3600) * 100) / 100;
  return say.t('policy.hours', { n: decimal(say.locale, String(h)) });
}

function known(key: string): key is Key {
  return key in DICTIONARIES.en;
}

/**
 * A request kind by its name where the console has one, a pattern (`ledger.*`) as "any request of
 * the ledger"; anything else as written.
 */
export function kindName(say: Say, kind: string): string {
  const key = `kind.${kind}`;
  if (known(key)) return say.t(key);
  const area = `policyWords.area.${kind.replace(/\.\*$/, '')}`;
  return kind.endsWith('.*') && known(area)
    ? say.t('policyWords.kinds', { area: say.t(area) })
    : kind;
}

/** An account pattern (`agency:*`) as "any account of an agency"; a named account as written. */
export function accountName(say: Say, pattern: string): string {
  const owner = `policyWords.owner.${pattern.replace(/:\*$/, '')}`;
  return pattern.endsWith(':*') && known(owner)
    ? say.t('policyWords.accounts', { owner: say.t(owner) })
    : pattern;
}

/** A legal status by its name in the console's language. */
function statusName(say: Say, status: string): string {
  const key = `seizures.state.${status}`;
  return known(key) ? say.t(key) : status;
}

/**
 * A rule's description or refusal reason: the default policy's own words are translated; text
 * someone wrote into a later version is theirs and is shown as written (null: use it as it is).
 */
export function shippedWords(say: Say, kind: 'rule' | 'reason', id: string, text: string) {
  const key = kind === 'rule' ? `policyWords.rule.${id}` : `policyWords.reason.${text}`;
  return known(key) && DICTIONARIES.en[key] === text ? say.t(key) : null;
}

function list(say: Say, items: readonly string[]): string {
  return items.length === 0 ? say.t('policy.nothing') : items.join(say.t('policy.or'));
}

function range(
  say: Say,
  r: { min?: string | undefined; max?: string | undefined },
  unit: string | null,
): string {
  const fmt = (v: string): string =>
    unit === null ? decimal(say.locale, v) : wholeAmount(say.locale, v, unit);
  if (r.min !== undefined && r.max !== undefined)
    return say.t('policy.range.between', { min: fmt(r.min), max: fmt(r.max) });
  if (r.min !== undefined) return say.t('policy.range.min', { min: fmt(r.min) });
  if (r.max !== undefined) return say.t('policy.range.max', { max: fmt(r.max) });
  return say.t('policy.range.any');
}

function has<T>(v: T | undefined, f: (v: T) => string): string | null {
  return v === undefined ? null : f(v);
}

/** One condition as a phrase, or null when the rule does not have it. */
export function conditionText(say: Say, m: Match, c: Condition, reporting: string): string | null {
  const t = say.t;
  const roles = (rs: readonly string[]): string =>
    list(
      say,
      rs.map((r) => t(`role.${r}` as Key)),
    );
  switch (c) {
    case 'actions':
      return has(m.actions, (v) =>
        t('policy.cond.actions', {
          list: list(
            say,
            v.map((k) => kindName(say, k)),
          ),
        }),
      );
    case 'initiatorRoles':
      return has(m.initiatorRoles, (v) => t('policy.cond.initiatorRoles', { list: roles(v) }));
    case 'initiatorUsers':
      return has(m.initiatorUsers, (v) =>
        t('policy.cond.initiatorUsers', { count: String(v.length) }),
      );
    case 'assets':
      return has(m.assets, (v) => t('policy.cond.assets', { list: list(say, v) }));
    case 'hasAmount':
      return has(m.hasAmount, (v) =>
        t(v ? 'policy.cond.hasAmount.yes' : 'policy.cond.hasAmount.no'),
      );
    case 'amount': {
      // Amounts are in the request's own asset: named when the rule is for one asset only.
      const unit = m.assets?.length === 1 ? (m.assets[0] ?? null) : null;
      return has(m.amount, (v) => t('policy.cond.amount', { range: range(say, v, unit) }));
    }
    case 'value':
      return has(m.value, (v) => t('policy.cond.value', { range: range(say, v, reporting) }));
    case 'velocity':
      return has(m.velocity, (v) =>
        t(`policy.cond.velocity.${v.per}`, {
          min: wholeAmount(say.locale, v.min, reporting),
          window: hours(say, v.windowSeconds),
        }),
      );
    case 'destination':
      return has(m.destination, (v) =>
        t('policy.cond.destination', {
          list: list(
            say,
            v.map((d) => t(`policy.destination.${d}`)),
          ),
        }),
      );
    case 'sourceAccounts':
    case 'from':
    case 'to':
      return has(m[c], (v) =>
        t(`policy.cond.${c}`, {
          list: list(
            say,
            v.map((a) => accountName(say, a)),
          ),
        }),
      );
    case 'legalStatuses':
      return has(m.legalStatuses, (v) =>
        t('policy.cond.legalStatuses', {
          list: list(
            say,
            v.map((st) => statusName(say, st)),
          ),
        }),
      );
  }
}

export function conditionsText(say: Say, m: Match, reporting: string): string[] {
  return CONDITIONS.map((c) => conditionText(say, m, c, reporting)).filter((x) => x !== null);
}

export function groupsText(say: Say, q: Quorum): string {
  if (q.groups.length === 0) return say.t('policy.quorum.none');
  return q.groups
    .map((g) =>
      say.t('policy.quorum.group', { count: String(g.count), role: say.t(`role.${g.role}`) }),
    )
    .join(say.t('policy.and'));
}

export function vetoText(say: Say, q: Quorum): string | null {
  const roles = q.vetoRoles ?? [];
  const users = q.vetoUsers ?? [];
  if (roles.length + users.length === 0) return null;
  const names = [
    ...roles.map((r) => say.t(`role.${r}`)),
    ...(users.length === 0 ? [] : [say.t('policy.namedPeople', { count: String(users.length) })]),
  ];
  return say.t('policy.quorum.veto', { roles: names.join(say.t('policy.or')) });
}

/** "2 of Investment committee and 1 of Risk officer; veto by …; a time lock of 24 h". */
export function quorumText(say: Say, q: Quorum): string {
  const parts = [groupsText(say, q), vetoText(say, q)];
  if (q.timeLockSeconds !== undefined && q.timeLockSeconds > 0)
    parts.push(say.t('policy.quorum.timeLock', { hours: hours(say, q.timeLockSeconds) }));
  if (q.expiresInSeconds !== undefined)
    parts.push(say.t('policy.quorum.expires', { hours: hours(say, q.expiresInSeconds) }));
  return parts.filter((p) => p !== null).join('; ');
}

export function outcomeText(say: Say, o: Outcome): string {
  switch (o.kind) {
    case 'allow':
      return say.t('policy.outcome.allow');
    case 'block':
      return say.t('policy.outcome.block', {
        reason: shippedWords(say, 'reason', '', o.reason) ?? o.reason,
      });
    case 'quorum':
      return say.t('policy.outcome.quorum', { quorum: quorumText(say, o.quorum) });
  }
}

/** The whole rule as one sentence: its conditions, then what follows from them. */
export function ruleSentence(say: Say, rule: PolicyRule, reporting: string): string {
  const conditions = conditionsText(say, rule.match, reporting);
  const outcome = outcomeText(say, rule.outcome);
  return conditions.length === 0
    ? say.t('policy.ruleAlways', { outcome })
    : say.t('policy.ruleIf', { conditions: conditions.join(say.t('policy.and')), outcome });
}
