import { describe, expect, it } from 'vitest';
import { ROLES } from '../src/core/identity.ts';
import { CONSOLE_EN } from '../web/src/console/strings/en.ts';
import { OPERATIONS_STRINGS } from '../web/src/console/strings/operations.ts';
import { POLICY_WORDS } from '../web/src/console/strings/policy-words.ts';
import { RESERVE_STRINGS } from '../web/src/console/strings/reserve.ts';
import { SEIZURES_STRINGS } from '../web/src/console/strings/seizures.ts';
import { DICTIONARIES, type Key } from '../web/src/portal/i18n.ts';
import { EN } from '../web/src/portal/strings/en.ts';

/**
 * The portal's and the console's strings: Russian and Kazakh translate every English string (a
 * string left in English, or left out, fails here), keep its `{placeholders}`, and every role has
 * its name in each language. Strings that are the same in every language (formats, proper names)
 * are listed with their reason.
 */
const SAME_IN_EVERY_LANGUAGE: Readonly<Partial<Record<Key, string>>> = {
  'tasks.riskAlertItem': 'only placeholders: the subject and the day',
  'reports.hash': 'the name of the hash function, SHA-256',
};

function placeholders(text: string): string[] {
  return [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '').sort();
}

describe('translations', () => {
  const en = DICTIONARIES.en;
  const keys = Object.keys(en) as Key[];

  it.each(['ru', 'kk'] as const)(
    '%s has every string, translated, with its placeholders',
    (lang) => {
      const dict = DICTIONARIES[lang];
      expect(Object.keys(dict).sort()).toEqual([...keys].sort());
      const untranslated = keys.filter(
        (k) =>
          (dict[k].trim() === '' || dict[k] === en[k]) && SAME_IN_EVERY_LANGUAGE[k] === undefined,
      );
      expect(untranslated).toEqual([]);
      const changed = keys.filter(
        (k) => placeholders(dict[k]).join() !== placeholders(en[k]).join(),
      );
      expect(changed).toEqual([]);
    },
  );

  it('defines each key in one dictionary only, so no group overrides another', () => {
    const all = [
      EN,
      CONSOLE_EN,
      SEIZURES_STRINGS.en,
      OPERATIONS_STRINGS.en,
      RESERVE_STRINGS.en,
      POLICY_WORDS.en,
    ];
    const seen = new Map<string, number>();
    for (const d of all) for (const k of Object.keys(d)) seen.set(k, (seen.get(k) ?? 0) + 1);
    expect([...seen].filter(([, n]) => n > 1).map(([k]) => k)).toEqual([]);
  });

  it('names every role in every language', () => {
    for (const lang of ['en', 'ru', 'kk'] as const)
      for (const role of ROLES) expect(DICTIONARIES[lang][`role.${role}`]).toBeTruthy();
  });
});
