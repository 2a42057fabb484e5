/**
 * The log key id a reader has pinned: one published somewhere the server does not control (the
 * official gazette, a ministry's site). The panel can only check that a checkpoint is signed by the
 * key the server hands it; comparing that key's id with one obtained elsewhere is what makes the
 * check independent of the server. A link may carry it (`?key=<id>`, as a gazette notice would
 * print it), and the browser remembers it for later visits.
 */
const STORAGE_KEY = 'kazna.portal.pinnedKey';

/** A key id: the first 16 hex digits of the SHA-256 of the public key. */
export function isKeyId(s: string): boolean {
  return /^[0-9a-f]{16}$/.test(s);
}

/** The key id from the link if it has a valid one (and remembered), else the remembered one. */
export function pinnedKey(search: string): string | null {
  const fromLink = new URLSearchParams(search).get('key')?.trim().toLowerCase() ?? null;
  if (fromLink !== null && isKeyId(fromLink)) {
    rememberPin(fromLink);
    return fromLink;
  }
  try {
    const stored = window.localStorage.getItem(STORAGE_KEY);
    return stored !== null && isKeyId(stored) ? stored : null;
  } catch {
    return null; // storage disabled: only a link can pin
  }
}

export function rememberPin(keyId: string | null): void {
  try {
    if (keyId === null) window.localStorage.removeItem(STORAGE_KEY);
    else window.localStorage.setItem(STORAGE_KEY, keyId);
  } catch {
    // Nothing to remember it in; the pin holds for this page only.
  }
}
