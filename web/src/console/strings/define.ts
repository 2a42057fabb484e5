/**
 * A group of console strings kept beside the pages that use them, in all three languages at once:
 * Russian and Kazakh must have exactly the English keys (the type makes a missing or extra key a
 * compile error), and `test/i18n.test.ts` fails on one left in English.
 */
export interface PageStrings<E extends Readonly<Record<string, string>>> {
  readonly en: E;
  readonly ru: { readonly [K in keyof E]: string };
  readonly kk: { readonly [K in keyof E]: string };
}

export function pageStrings<const E extends Readonly<Record<string, string>>>(
  strings: PageStrings<E>,
): PageStrings<E> {
  return strings;
}
