import { pageStrings } from './define.ts';

/**
 * The strings of the console's pages for Cases, a lot's history, custody, signing, reconciliation,
 * exchanges and restitution.
 */
export const SEIZURES_STRINGS = pageStrings({
  en: {},
  ru: {},
  kk: {},
});
