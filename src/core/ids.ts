import type { Clock } from './clock.ts';
import type { RandomSource } from './random.ts';

/**
 * Ids are UUIDv7 strings: time-ordered (good for B-tree locality and for reading logs) and branded,
 * so that a `CaseId` can never be passed where an `AccountId` is expected.
 */
declare const brand: unique symbol;
export type Branded<T, B extends string> = T & { readonly [brand]: B };
export type Id<B extends string> = Branded<string, B>;

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export interface IdSource {
  next<B extends string>(): Id<B>;
}

export function uuidv7(clock: Clock, random: RandomSource): string {
  const ms = BigInt(clock.now().getTime());
  const bytes = random.bytes(16);
  for (let i = 0; i < 6; i++) bytes[i] = Number((ms >> BigInt(8 * (5 - i))) & 0xffn);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x70;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = Buffer.from(bytes).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function idSource(clock: Clock, random: RandomSource): IdSource {
  return { next: <B extends string>() => uuidv7(clock, random) as Id<B> };
}

export function isUuid(text: string): boolean {
  return UUID_PATTERN.test(text);
}

/** Brands a string that was validated at an edge (zod) or read from our own database. */
export function asId<B extends string>(text: string): Id<B> {
  return text as Id<B>;
}
