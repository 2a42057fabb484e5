import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '../../src/governance/defaults.ts';
import { policySchema, type PolicyDocument, type PolicyRule } from '../../src/governance/policy.ts';
import { translate } from '../../web/src/portal/i18n.ts';
import { diffPolicy, isEmptyDiff } from '../../web/src/policy/diff.ts';
import { draftIssues, issueText, moveItem, secondsOf } from '../../web/src/policy/draft.ts';
import {
  kindName,
  outcomeText,
  quorumText,
  ruleSentence,
  shippedWords,
  type Say,
} from '../../web/src/policy/say.ts';

/**
 * The policy page's pure parts: a rule read as a sentence, the draft compared with the policy in
 * force field by field, and the draft checked with the server's schema in the console's words.
 */
const en: Say = { t: (k, v) => translate('en', k, v), locale: 'en-GB' };
const ru: Say = { t: (k, v) => translate('ru', k, v), locale: 'ru-RU' };

function rule(id: string): PolicyRule {
  const r = DEFAULT_POLICY.rules.find((x) => x.id === id);
  if (r === undefined) throw new Error(`no rule ${id}`);
  return r;
}

describe('rules as sentences', () => {
  it('reads the large-value rule with its quorum, veto and time lock in hours', () => {
    expect(ruleSentence(en, rule('large-value'), 'USD')).toBe(
      'If the value is at least 1,000,000 USD: needs the approval of 2 of Investment committee' +
        ' and 1 of Risk officer; a veto by Risk officer or Compliance officer; then a time lock of 24 h.',
    );
  });

  it('names kinds, owners and velocity windows, and says when a rule matches everything', () => {
    expect(ruleSentence(en, rule('reserve-funding'), 'USD')).toMatch(
      /^If the request is A ledger transfer and value leaves any account of an agency and value reaches any account of the reserve: /,
    );
    expect(ruleSentence(en, rule('velocity-24h'), 'USD')).toMatch(
      /^If requests of the same kind reach 5,000,000 USD within 24 h: /,
    );
    expect(ruleSentence(en, { id: 'x', match: {}, outcome: { kind: 'allow' } }, 'USD')).toBe(
      'Any request: allowed without approval.',
    );
    expect(outcomeText(en, { kind: 'block', reason: 'not whitelisted' })).toBe(
      'refused (not whitelisted)',
    );
  });

  it('translates the words Kazna ships and leaves what someone wrote as written', () => {
    for (const r of DEFAULT_POLICY.rules) {
      if (r.description !== undefined)
        expect(shippedWords(ru, 'rule', r.id, r.description), r.id).not.toBeNull();
      if (r.outcome.kind === 'block')
        expect(shippedWords(ru, 'reason', r.id, r.outcome.reason), r.id).not.toBeNull();
    }
    expect(shippedWords(ru, 'rule', 'large-value', 'our own words')).toBeNull();
    expect(kindName(ru, 'ledger.*')).toBe('любой запрос раздела «реестр»');
    expect(kindName(en, 'unknown.*')).toBe('unknown.*');
    // Every kind and pattern the default policy names has its words.
    for (const r of DEFAULT_POLICY.rules)
      for (const k of r.match.actions ?? []) expect(kindName(ru, k), k).not.toBe(k);
  });

  it('speaks the console’s language', () => {
    expect(quorumText(ru, DEFAULT_POLICY.adminQuorum)).toBe(
      'Член инвестиционного комитета — 2 и Сотрудник комплаенса — 1; право вето: Сотрудник комплаенса; затем блокировка по времени 24 ч',
    );
  });
});

function withRule(doc: PolicyDocument, id: string, f: (r: PolicyRule) => PolicyRule) {
  return { ...doc, rules: doc.rules.map((r) => (r.id === id ? f(r) : r)) };
}

describe('the diff against the policy in force', () => {
  it('is empty for the policy itself', () => {
    expect(isEmptyDiff(diffPolicy(en, DEFAULT_POLICY, DEFAULT_POLICY))).toBe(true);
  });

  it('shows a changed quorum and time lock field by field, before → after', () => {
    const draft = withRule(DEFAULT_POLICY, 'capital-call', (r) =>
      r.outcome.kind === 'quorum'
        ? {
            ...r,
            outcome: {
              kind: 'quorum',
              quorum: {
                ...r.outcome.quorum,
                timeLockSeconds: 7200,
                groups: [{ role: 'investment_committee', count: 3 }],
              },
            },
          }
        : r,
    );
    const d = diffPolicy(en, DEFAULT_POLICY, draft);
    expect(d.added).toEqual([]);
    expect(d.removed).toEqual([]);
    expect(d.moved).toEqual([]);
    expect(d.changed).toEqual([
      {
        id: 'capital-call',
        changes: [
          {
            field: 'Approvers',
            before: '1 of Investment committee and 1 of Risk officer',
            after: '3 of Investment committee',
          },
          { field: 'Time lock', before: '0 h', after: '2 h' },
        ],
      },
    ]);
  });

  it('names added, removed and moved rules, and changed settings', () => {
    const [first, ...rest] = DEFAULT_POLICY.rules;
    if (first === undefined) throw new Error('empty default policy');
    const draft: PolicyDocument = {
      ...DEFAULT_POLICY,
      whitelistCoolingSeconds: 3600,
      rules: [
        ...rest.filter((r) => r.id !== 'capital-call'),
        first,
        { id: 'new-one', match: { hasAmount: false }, outcome: { kind: 'allow' } },
      ],
    };
    const d = diffPolicy(en, DEFAULT_POLICY, draft);
    expect(d.added.map((r) => r.id)).toEqual(['new-one']);
    expect(d.removed.map((r) => r.id)).toEqual(['capital-call']);
    expect(d.moved).toEqual([{ id: 'role-change', from: 1, to: rest.length }]);
    expect(d.settings).toEqual([
      { field: 'Cooling period of a new destination', before: '48 h', after: '1 h' },
    ]);
  });

  it('reports a changed condition in words', () => {
    const draft = withRule(DEFAULT_POLICY, 'large-value', (r) => ({
      ...r,
      match: { value: { min: '2000000' } },
    }));
    expect(diffPolicy(en, DEFAULT_POLICY, draft).changed[0]?.changes).toEqual([
      {
        field: 'Value',
        before: 'the value is at least 1,000,000 USD',
        after: 'the value is at least 2,000,000 USD',
      },
    ]);
  });
});

describe('the draft checked with the server’s schema', () => {
  it('accepts the default policy and finds errors at their fields', () => {
    expect(draftIssues(policySchema.parse(DEFAULT_POLICY))).toEqual([]);
    const draft = withRule(DEFAULT_POLICY, 'capital-call', (r) => ({
      ...r,
      match: { value: { min: '1e6' } },
      outcome: {
        kind: 'quorum',
        quorum: { groups: [{ role: 'risk_officer', count: 0 }], timeLockSeconds: secondsOf('x') },
      },
    }));
    const issues = draftIssues({ ...draft, rules: [...draft.rules, rule('large-value')] });
    const at = issues.map((i) => [i.path.join('.'), issueText(en, i)]);
    const index = DEFAULT_POLICY.rules.findIndex((r) => r.id === 'capital-call');
    expect(at).toEqual(
      expect.arrayContaining([
        [`rules.${String(index)}.match.value.min`, 'A number such as 1000 or 0.5.'],
        [`rules.${String(index)}.outcome.quorum.groups.0.count`, 'At least 1.'],
        [`rules.${String(index)}.outcome.quorum.timeLockSeconds`, 'A number is needed here.'],
        [`rules.${String(DEFAULT_POLICY.rules.length)}.id`, 'Another rule has this name.'],
      ]),
    );
  });

  it('moves rules within bounds', () => {
    expect(moveItem(['a', 'b', 'c'], 2, 0)).toEqual(['c', 'a', 'b']);
    expect(moveItem(['a', 'b'], 0, -1)).toEqual(['a', 'b']);
  });
});
