import type { z } from 'zod';
import { AuthLoginPostJson, AuthMeJson } from '../../../src/governance/answers.ts';
import { api, fetchAnswer, setCsrfToken, type ApiResult } from '../api.ts';

/**
 * The browser side of a session. The session itself is an HttpOnly cookie the page never sees; the
 * CSRF token from login is kept in sessionStorage (it is useless without the cookie) so a reload
 * keeps working. Approval keys are Ed25519 keys made by WebCrypto as non-extractable: the page can
 * sign with them but never read them, and they stay in this browser's IndexedDB.
 */
const CSRF_KEY = 'kazna.csrf';

export type Me = z.output<typeof AuthMeJson>;

/** Keeps the CSRF token of a new session across reloads (any login method). */
export function storeCsrf(token: string): void {
  sessionStorage.setItem(CSRF_KEY, token);
}

export function restoreSession(): void {
  setCsrfToken(sessionStorage.getItem(CSRF_KEY));
}

export async function logIn(username: string, password: string): Promise<ApiResult<Me>> {
  const r = await fetchAnswer('/auth/login', AuthLoginPostJson, {
    method: 'POST',
    body: JSON.stringify({ username, password }),
  });
  if (!r.ok) return r;
  storeCsrf(r.value.csrfToken);
  setCsrfToken(r.value.csrfToken);
  return fetchAnswer('/auth/me', AuthMeJson);
}

export async function logOut(): Promise<void> {
  await api('/auth/logout', { method: 'POST' });
  sessionStorage.removeItem(CSRF_KEY);
  setCsrfToken(null);
}

/**
 * Who is logged in. Every login (password or passkey) keeps its CSRF token in this tab, so without
 * one nobody is: the answer is known without asking the server (and logging a refusal).
 */
export function whoAmI(): Promise<ApiResult<Me>> {
  restoreSession();
  if (sessionStorage.getItem(CSRF_KEY) === null)
    return Promise.resolve({
      ok: false,
      problem: { status: 401, code: 'not_logged_in', detail: 'nobody is logged in here' },
    });
  return fetchAnswer('/auth/me', AuthMeJson);
}

function keyStore(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open('kazna-keys', 1);
    open.onupgradeneeded = () => {
      open.result.createObjectStore('keys');
    };
    open.onsuccess = () => {
      resolve(open.result);
    };
    open.onerror = () => {
      reject(new Error('IndexedDB is not available'));
    };
  });
}

async function idb<T>(mode: IDBTransactionMode, fn: (s: IDBObjectStore) => IDBRequest): Promise<T> {
  const db = await keyStore();
  return new Promise((resolve, reject) => {
    const req = fn(db.transaction('keys', mode).objectStore('keys'));
    req.onsuccess = () => {
      resolve(req.result as T);
    };
    req.onerror = () => {
      reject(new Error('IndexedDB request failed'));
    };
  });
}

export function storedKey(userId: string): Promise<CryptoKeyPair | undefined> {
  return idb<CryptoKeyPair | undefined>('readonly', (s) => s.get(userId));
}

/** Makes a signing key in this browser and registers its public half (confirmed by password). */
export async function enrolKey(userId: string, password: string): Promise<ApiResult<unknown>> {
  const pair = await crypto.subtle.generateKey({ name: 'Ed25519' }, false, ['sign', 'verify']);
  const raw = new Uint8Array(await crypto.subtle.exportKey('raw', pair.publicKey));
  const publicKeyHex = [...raw].map((b) => b.toString(16).padStart(2, '0')).join('');
  const r = await api('/governance/keys', {
    method: 'POST',
    body: JSON.stringify({ publicKeyHex, password }),
  });
  if (r.ok) await idb('readwrite', (s) => s.put(pair, userId));
  return r;
}
