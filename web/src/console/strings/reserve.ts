import { pageStrings } from './define.ts';

/** The strings of the console's pages for the reserve, its managers, policies, rebalancing and disposals. */
export const RESERVE_STRINGS = pageStrings({
  en: {},
  ru: {},
  kk: {},
});
