import { pageStrings } from './define.ts';

/**
 * The strings of the console's pages for Approvals, audit, ledger, market, risk, the
 * simulator and security.
 */
export const OPERATIONS_STRINGS = pageStrings({
  en: {},
  ru: {},
  kk: {},
});
