import {
  policySchema,
  type PolicyDocument,
  type PolicyRule,
} from '../../../src/governance/policy.ts';
import type { Condition, Match, Say } from './say.ts';

/**
 * The draft a person edits: a policy document, checked on every change with the server's own schema
 * (the one the policy-change request is validated with), so an error shows beside its field before
 * anything is sent. Pure helpers; the form components only call these.
 */
export type Path = readonly (string | number)[];

export interface DraftIssue {
  readonly path: Path;
  readonly code: string;
  readonly message: string;
  readonly minimum?: number | bigint;
  readonly maximum?: number | bigint;
}

export function draftIssues(doc: PolicyDocument): DraftIssue[] {
  const parsed = policySchema.safeParse(doc);
  const out: DraftIssue[] = parsed.success
    ? []
    : parsed.error.issues.map((i) => ({
        path: i.path.filter((p) => typeof p !== 'symbol'),
        code: i.code,
        message: i.message,
        ...('minimum' in i ? { minimum: i.minimum } : {}),
        ...('maximum' in i ? { maximum: i.maximum } : {}),
      }));
  // Not the schema's concern, but velocity sums and the diff go by rule name: names are unique.
  const seen = new Set<string>();
  doc.rules.forEach((r, i) => {
    if (seen.has(r.id)) out.push({ path: ['rules', i, 'id'], code: 'duplicate', message: r.id });
    seen.add(r.id);
  });
  return out;
}

export function samePath(a: Path, b: Path): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

export function issuesAt(issues: readonly DraftIssue[], path: Path): DraftIssue[] {
  return issues.filter((i) => samePath(i.path, path));
}

/** An issue in the console's words; the schema's own message is not shown to people. */
export function issueText(say: Say, i: DraftIssue): string {
  switch (i.code) {
    case 'duplicate':
      return say.t('policy.error.duplicate');
    case 'too_small':
      return i.minimum === 1 && i.path.at(-1) !== 'count'
        ? say.t('policy.error.required')
        : say.t('policy.error.tooSmall', { min: String(i.minimum ?? '') });
    case 'too_big':
      return say.t('policy.error.tooBig', { max: String(i.maximum ?? '') });
    case 'invalid_format':
      return say.t('policy.error.decimal');
    case 'invalid_type':
      return say.t(
        typeof i.path.at(-1) === 'string' ? 'policy.error.number' : 'policy.error.invalid',
      );
    default:
      return say.t('policy.error.invalid');
  }
}

export function moveItem<T>(xs: readonly T[], from: number, to: number): T[] {
  if (to < 0 || to >= xs.length) return [...xs];
  const out = [...xs];
  const [x] = out.splice(from, 1);
  if (x !== undefined) out.splice(to, 0, x);
  return out;
}

export function replaceAt<T>(xs: readonly T[], at: number, x: T): T[] {
  return xs.map((y, i) => (i === at ? x : y));
}

export function removeAt<T>(xs: readonly T[], at: number): T[] {
  return xs.filter((_, i) => i !== at);
}

/** The object with `key` set, or without it when the value is undefined (no `key: undefined`). */
export function withOptional<T extends object, K extends keyof T>(
  o: T,
  key: K,
  value: T[K] | undefined,
): T {
  const out = { ...o };
  if (value === undefined) Reflect.deleteProperty(out, key);
  else out[key] = value;
  return out;
}

/** What a newly added condition starts as: a harmless value the person then narrows. */
export function conditionDefault(c: Condition): Match {
  switch (c) {
    case 'hasAmount':
      return { hasAmount: true };
    case 'amount':
    case 'value':
      return { [c]: { min: '0' } };
    case 'velocity':
      return { velocity: { windowSeconds: 86400, min: '0', per: 'kind' } };
    case 'destination':
      return { destination: ['whitelisted'] };
    case 'actions':
    case 'initiatorRoles':
    case 'initiatorUsers':
    case 'assets':
    case 'sourceAccounts':
    case 'from':
    case 'to':
    case 'legalStatuses':
      return { [c]: [] };
  }
}

export function newRule(existing: readonly PolicyRule[]): PolicyRule {
  let n = existing.length + 1;
  while (existing.some((r) => r.id === `rule-${String(n)}`)) n++;
  return {
    id: `rule-${String(n)}`,
    match: {},
    outcome: { kind: 'quorum', quorum: { groups: [{ role: 'investment_committee', count: 1 }] } },
  };
}

/** Hours as typed → whole seconds; blank → undefined; not a number → NaN, which the schema refuses. */
export function secondsOf(text: string): number | undefined {
  const t = text.trim().replace(',', '.');
  if (t === '') return undefined;
  const h = Number(t);
  return Number.isFinite(h) ? Math.round(h * 3600) : Number.NaN;
}

export function hoursOf(seconds: number | undefined): string {
  return seconds === undefined || Number.isNaN(seconds)
    ? ''
    : String(Math.round((seconds / 3600) * 100) / 100);
}

/** A comma-separated list as typed → its items, blanks dropped. */
export function itemsOf(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}
