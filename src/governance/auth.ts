import { scrypt, timingSafeEqual } from 'node:crypto';
import { sha256 } from '../core/hash.ts';
import type { RandomSource } from '../core/random.ts';

/**
 * Credentials: scrypt password hashes, opaque 256-bit session and API tokens (only their SHA-256 is
 * stored), the session cookie, and Ed25519 verification of approval signatures.
 */

/** OWASP's scrypt equivalent of N=2^17,r=8,p=1 at a quarter of the memory: N=2^15, r=8, p=3. */
export interface ScryptCost {
  readonly n: number;
  readonly r: number;
  readonly p: number;
}
export const PASSWORD_COST: ScryptCost = { n: 2 ** 15, r: 8, p: 3 };
const KEY_BYTES = 32;

function scryptAsync(password: string, salt: Uint8Array, c: ScryptCost): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(
      password,
      salt,
      KEY_BYTES,
      { N: c.n, r: c.r, p: c.p, maxmem: 256 * c.n * c.r * 2 },
      (e, key) => {
        if (e === null) resolve(key);
        else reject(e);
      },
    );
  });
}

/** `scrypt$N$r$p$salt$hash` (base64url): self-describing, so the cost can rise without a migration. */
export async function hashPassword(
  password: string,
  random: RandomSource,
  cost = PASSWORD_COST,
): Promise<string> {
  const salt = random.bytes(16);
  const key = await scryptAsync(password, salt, cost);
  return ['scrypt', cost.n, cost.r, cost.p, b64(salt), b64(key)].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || salt === undefined || hash === undefined) return false;
  const cost = { n: Number(n), r: Number(r), p: Number(p) };
  const expected = Buffer.from(hash, 'base64url');
  const key = await scryptAsync(password, Buffer.from(salt, 'base64url'), cost);
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** A hash to verify against when the user does not exist, so timing does not reveal usernames. */
export const DUMMY_PASSWORD_HASH = `scrypt$${PASSWORD_COST.n}$${PASSWORD_COST.r}$${PASSWORD_COST.p}$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA`;

export function newToken(random: RandomSource): string {
  return b64(random.bytes(32));
}

export function tokenHash(token: string): Buffer {
  return Buffer.from(sha256(new TextEncoder().encode(token)));
}

export function sameHash(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

function b64(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64url');
}

/** `__Host-` pins the cookie to this origin over HTTPS, with Path=/ and no Domain. */
export const SESSION_COOKIE = '__Host-kazna_session';

export function sessionCookie(token: string, maxAgeSeconds: number): string {
  return `${SESSION_COOKIE}=${token}; Path=/; HttpOnly; Secure; SameSite=Strict; Max-Age=${maxAgeSeconds}`;
}

export function clearedSessionCookie(): string {
  return `${SESSION_COOKIE}=; Path=/; HttpOnly; Secure; SameSite=Strict; Max-Age=0`;
}

export function readCookie(header: string | undefined, name: string): string | null {
  if (header === undefined) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}
