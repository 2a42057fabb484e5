import fc from 'fast-check';

/**
 * Values for the API fuzzer: a fast-check arbitrary from the JSON Schema the OpenAPI document gives
 * for a body, a parameter or a header, plus the hostile values that schemas tend to forget. The
 * schemas come from zod, so only the keywords zod emits are understood; anything else (an empty
 * schema, a `$ref` the document does not resolve) becomes any JSON value.
 */
export type Schema = Readonly<Record<string, unknown>>;

/** A JSON number sent as written, for numbers JavaScript cannot hold (`1e400`, 100 nines). */
export class RawNumber {
  readonly text: string;
  constructor(text: string) {
    this.text = text;
  }
}

/** Real ids to draw from, by a hint taken from the field or path segment that wants one. */
export type IdSource = (hint: string) => readonly string[];

const MAX_ITEMS = 3;
const MAX_STRING = 24;
const DEPTH_LIMIT = 6;

export function arbitraryFor(
  schema: unknown,
  ids: IdSource,
  hint = '',
  depth = 0,
): fc.Arbitrary<unknown> {
  if (typeof schema !== 'object' || schema === null || depth > DEPTH_LIMIT) return anyJson();
  const s = schema as Schema;
  if ('const' in s) return fc.constant(s['const']);
  if (Array.isArray(s['enum'])) return fc.constantFrom(...(s['enum'] as unknown[]));
  const alternatives = (s['anyOf'] ?? s['oneOf']) as unknown[] | undefined;
  if (Array.isArray(alternatives) && alternatives.length > 0) {
    return fc.oneof(...alternatives.map((a) => arbitraryFor(a, ids, hint, depth + 1)));
  }
  const type = s['type'];
  if (Array.isArray(type)) {
    const types = type as unknown[];
    return fc.oneof(...types.map((t) => arbitraryFor({ ...s, type: t }, ids, hint, depth + 1)));
  }
  switch (type) {
    case 'string':
      return stringFor(s, ids, hint);
    case 'integer':
      return integerFor(s);
    case 'number':
      return numberFor(s);
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array':
      return arrayFor(s, ids, hint, depth);
    case 'object':
      return objectFor(s, ids, depth);
    default:
      return anyJson();
  }
}

function anyJson(): fc.Arbitrary<unknown> {
  return fc.jsonValue({ maxDepth: 2 });
}

function stringFor(s: Schema, ids: IdSource, hint: string): fc.Arbitrary<unknown> {
  const minLength = num(s['minLength']) ?? 0;
  const maxLength = Math.max(minLength, Math.min(num(s['maxLength']) ?? MAX_STRING, MAX_STRING));
  const plain = fc.oneof(
    { weight: 4, arbitrary: fc.string({ minLength, maxLength }) },
    { weight: 1, arbitrary: fc.string({ minLength, maxLength, unit: 'binary' }) },
  );
  switch (s['format']) {
    case 'uuid': {
      const real = ids(hint);
      const made = fc.uuid({ version: 7 });
      return real.length === 0 ? made : fc.oneof(fc.constantFrom(...real), made);
    }
    case 'date':
      return dates().map((d) => d.toISOString().slice(0, 10));
    case 'date-time':
      return dates().map((d) => d.toISOString());
    default:
      break;
  }
  const pattern = typeof s['pattern'] === 'string' ? matching(s['pattern']) : null;
  if (pattern !== null)
    return fc.oneof({ weight: 3, arbitrary: pattern }, { weight: 1, arbitrary: plain });
  if (/amount|price|units|nav|value|quantity|proceeds/i.test(hint)) {
    return fc.oneof(plain, decimalString());
  }
  return plain;
}

function matching(pattern: string): fc.Arbitrary<string> | null {
  try {
    return fc.stringMatching(new RegExp(pattern));
  } catch {
    return null;
  }
}

/** Decimal strings: what amounts look like, including a few that are almost right. */
function decimalString(): fc.Arbitrary<string> {
  return fc.oneof(
    fc.bigInt({ min: 0n, max: 10n ** 30n }).map(String),
    fc
      .tuple(fc.bigInt({ min: 0n, max: 10n ** 12n }), fc.bigInt({ min: 0n, max: 10n ** 18n }))
      .map(([a, b]) => `${a}.${b}`),
    fc.constantFrom('0', '-1', '1', '0.1', '1.', '.5', '1e3', ' 1', '+1', '00', '1_000'),
  );
}

/** Dates around the demo's, and the edges of the calendar. */
function dates(): fc.Arbitrary<Date> {
  return fc.oneof(
    {
      weight: 4,
      arbitrary: fc.date({
        min: new Date('2019-01-01'),
        max: new Date('2027-12-31'),
        noInvalidDate: true,
      }),
    },
    {
      weight: 1,
      arbitrary: fc.date({
        min: new Date('0001-01-01'),
        max: new Date('9999-12-31'),
        noInvalidDate: true,
      }),
    },
  );
}

function integerFor(s: Schema): fc.Arbitrary<number> {
  const min = Math.max(num(s['minimum']) ?? Number.MIN_SAFE_INTEGER, Number.MIN_SAFE_INTEGER);
  const max = Math.min(num(s['maximum']) ?? Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
  return fc.integer({ min: Math.ceil(min), max: Math.max(Math.ceil(min), Math.floor(max)) });
}

function numberFor(s: Schema): fc.Arbitrary<number> {
  const min = num(s['minimum']) ?? -1e15;
  const max = num(s['maximum']) ?? 1e15;
  return fc.double({ min, max: Math.max(min, max), noNaN: true, noDefaultInfinity: true });
}

function arrayFor(s: Schema, ids: IdSource, hint: string, depth: number): fc.Arbitrary<unknown[]> {
  const minLength = Math.min(num(s['minItems']) ?? 0, 10);
  const maxLength = Math.max(minLength, Math.min(num(s['maxItems']) ?? MAX_ITEMS, MAX_ITEMS));
  return fc.array(arbitraryFor(s['items'], ids, hint, depth + 1), { minLength, maxLength });
}

function objectFor(s: Schema, ids: IdSource, depth: number): fc.Arbitrary<unknown> {
  const properties = (s['properties'] ?? {}) as Record<string, unknown>;
  const required = Array.isArray(s['required']) ? (s['required'] as string[]) : [];
  const model: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [key, sub] of Object.entries(properties)) {
    model[key] = arbitraryFor(sub, ids, key, depth + 1);
  }
  const known = fc.record(model, { requiredKeys: required.filter((k) => k in model) });
  const extra = s['additionalProperties'];
  if (typeof extra !== 'object' || extra === null) return known;
  const more = fc.dictionary(
    fc.string({ minLength: 1, maxLength: 8 }),
    arbitraryFor(extra, ids, '', depth + 1),
    { maxKeys: MAX_ITEMS },
  );
  return fc.tuple(known, more).map(([k, m]) => ({ ...m, ...k }));
}

function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** Strings that have broken parsers, databases and number handling elsewhere. */
export const ONE_MEGABYTE = 'a'.repeat(1024 * 1024);
export const HOSTILE_STRINGS: readonly string[] = [
  '\u0000',
  'a\u0000b',
  '\ud800',
  'x\udfffy',
  '9'.repeat(100),
  `-${'9'.repeat(100)}`,
  '1e5',
  '1e308',
  '1e400',
  '-1e400',
  '0x10',
  'NaN',
  'Infinity',
  '-0',
  '',
  ' ',
  '\u202e\u0644',
  '💰',
  "' OR 1=1 --",
  '../../etc/passwd',
  '%00',
  '{}',
  'null',
  '2024-02-30',
  '0000-00-00',
  '+275760-09-13T00:00:00.001Z',
  '00000000-0000-0000-0000-000000000000',
];

/** Numbers as JSON text: beyond doubles, beyond safe integers, exponents, negative zero. */
export const HOSTILE_NUMBERS: readonly RawNumber[] = [
  '9'.repeat(100),
  `-${'9'.repeat(100)}`,
  '1e400',
  '-1e400',
  '1e308',
  '1e5',
  '-0',
  '0.1',
  '9007199254740993',
  '-1',
].map((t) => new RawNumber(t));

/** A value of some other type than the schema asked for. */
export const WRONG_TYPES: readonly unknown[] = [
  {},
  [],
  null,
  true,
  0,
  -1,
  'text',
  [[[]]],
  { a: { b: { c: {} } } },
  [null],
];

/** Whole bodies that replace whatever the schema wanted. */
export const WHOLE_BODIES: readonly unknown[] = [
  {},
  [],
  null,
  'text',
  new RawNumber('1e400'),
  { ['__proto__']: { admin: true } },
  { constructor: { prototype: { admin: true } } },
  nested(200),
  { big: ONE_MEGABYTE },
];

function nested(depth: number): unknown {
  let v: unknown = {};
  for (let i = 0; i < depth; i += 1) v = { a: v };
  return v;
}

/** JSON text for a value that may hold raw numbers; `__proto__` stays an own key, as sent. */
export function toJson(value: unknown): string {
  if (value instanceof RawNumber) return value.text;
  if (Array.isArray(value)) return `[${value.map(toJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const parts = Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}:${toJson(v)}`);
    return `{${parts.join(',')}}`;
  }
  return value === undefined ? 'null' : JSON.stringify(value);
}

/** Text for a query, path or header value. */
export function toText(value: unknown): string {
  if (value instanceof RawNumber) return value.text;
  if (typeof value === 'string') return value;
  return toJson(value);
}

/**
 * Percent-encodes like encodeURIComponent, but a lone surrogate (which encodeURIComponent refuses)
 * becomes its WTF-8 bytes, which is what a careless client would put on the wire.
 */
export function encodeComponent(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    const high = c >= 0xd800 && c <= 0xdbff;
    const next = text.charCodeAt(i + 1);
    if (high && next >= 0xdc00 && next <= 0xdfff) {
      out += encodeURIComponent(text.slice(i, i + 2));
      i += 1;
    } else if (c >= 0xd800 && c <= 0xdfff) {
      out += [0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f)]
        .map((b) => `%${b.toString(16).toUpperCase()}`)
        .join('');
    } else {
      out += encodeURIComponent(text[i] ?? '');
    }
  }
  return out;
}
