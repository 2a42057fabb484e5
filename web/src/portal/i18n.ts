import { createContext, useContext } from 'react';
import { COURT_STRINGS } from '../console/strings/court.ts';
import { CONSOLE_EN } from '../console/strings/en.ts';
import { CONSOLE_KK } from '../console/strings/kk.ts';
import { OPERATIONS_STRINGS } from '../console/strings/operations.ts';
import { POLICY_WORDS } from '../console/strings/policy-words.ts';
import { RESERVE_STRINGS } from '../console/strings/reserve.ts';
import { CONSOLE_RU } from '../console/strings/ru.ts';
import { INTAKE_STRINGS } from '../console/strings/intake.ts';
import { SEIZURES_STRINGS } from '../console/strings/seizures.ts';
import { SCREENING_STRINGS } from '../console/strings/screening.ts';
import { SIGNING_STRINGS } from '../console/strings/signing.ts';
import { HANDOFF_STRINGS } from '../console/strings/handoff.ts';
import { TIMELINE_STRINGS } from '../console/strings/timeline.ts';
import { EN } from './strings/en.ts';
import { KK } from './strings/kk.ts';
import { RU } from './strings/ru.ts';

/**
 * The portal speaks English, Russian and Kazakh (Cyrillic). Every string lives in one dictionary per
 * language with the same keys (the type makes a missing translation a compile error). The choice is
 * remembered in localStorage and set on <html lang>, so screen readers and hyphenation follow it.
 * The officials' console keeps its strings in dictionaries of its own (`web/src/console/strings`),
 * joined here: one choice of language switches the portal and the console together.
 */
export const LANGS = ['en', 'ru', 'kk'] as const;
export type Lang = (typeof LANGS)[number];
/** The console's pages keep their strings in groups beside them (`console/strings/<group>.ts`). */
const GROUPS = [
  SEIZURES_STRINGS,
  OPERATIONS_STRINGS,
  RESERVE_STRINGS,
  POLICY_WORDS,
  COURT_STRINGS,
  SIGNING_STRINGS,
  HANDOFF_STRINGS,
  INTAKE_STRINGS,
  TIMELINE_STRINGS,
  SCREENING_STRINGS,
] as const;
export type Key = keyof (typeof EN &
  typeof CONSOLE_EN &
  typeof SEIZURES_STRINGS.en &
  typeof OPERATIONS_STRINGS.en &
  typeof RESERVE_STRINGS.en &
  typeof POLICY_WORDS.en &
  typeof COURT_STRINGS.en &
  typeof SIGNING_STRINGS.en &
  typeof HANDOFF_STRINGS.en &
  typeof INTAKE_STRINGS.en &
  typeof TIMELINE_STRINGS.en &
  typeof SCREENING_STRINGS.en);
export type Strings = Readonly<Record<Key, string>>;

function joined(lang: Lang, portal: object, console: object): Strings {
  return Object.assign({}, portal, console, ...GROUPS.map((g) => g[lang])) as Strings;
}

export const DICTIONARIES: Readonly<Record<Lang, Strings>> = {
  en: joined('en', EN, CONSOLE_EN),
  ru: joined('ru', RU, CONSOLE_RU),
  kk: joined('kk', KK, CONSOLE_KK),
};
export const LANG_NAMES: Readonly<Record<Lang, string>> = {
  en: 'English',
  ru: 'Русский',
  kk: 'Қазақша',
};
/** BCP 47 tags for Intl: numbers and dates in each language's own conventions. */
export const LOCALES: Readonly<Record<Lang, string>> = { en: 'en-GB', ru: 'ru-RU', kk: 'kk-KZ' };

const STORAGE_KEY = 'kazna.portal.lang';

export function storedLang(): Lang {
  try {
    const v = window.localStorage.getItem(STORAGE_KEY);
    if (v !== null && (LANGS as readonly string[]).includes(v)) return v as Lang;
  } catch {
    // Storage can be disabled; the portal then starts in English every time.
  }
  return 'en';
}

/** A logged-in official's own choice, kept apart from the browser's so a shared desk keeps each's. */
function userKey(userId: string): string {
  return `kazna.lang.user.${userId}`;
}

export function storedUserLang(userId: string): Lang | null {
  try {
    const v = window.localStorage.getItem(userKey(userId));
    return v !== null && (LANGS as readonly string[]).includes(v) ? (v as Lang) : null;
  } catch {
    return null;
  }
}

export function rememberLang(lang: Lang, userId?: string): void {
  try {
    window.localStorage.setItem(STORAGE_KEY, lang);
    if (userId !== undefined) window.localStorage.setItem(userKey(userId), lang);
  } catch {
    // As above: nothing to remember it in.
  }
  document.documentElement.lang = lang;
}

/** `{name}` placeholders are filled from `vars`. */
export function translate(
  lang: Lang,
  key: Key,
  vars: Readonly<Record<string, string>> = {},
): string {
  const text = DICTIONARIES[lang][key];
  return text.replace(/\{(\w+)\}/g, (m, name: string) => vars[name] ?? m);
}

export interface I18n {
  readonly lang: Lang;
  readonly locale: string;
  readonly setLang: (lang: Lang) => void;
  readonly t: (key: Key, vars?: Readonly<Record<string, string>>) => string;
}

export const I18nContext = createContext<I18n>({
  lang: 'en',
  locale: LOCALES.en,
  setLang: () => undefined,
  t: (key, vars) => translate('en', key, vars),
});

export function useI18n(): I18n {
  return useContext(I18nContext);
}
