import fc from 'fast-check';
import {
  arbitraryFor,
  encodeComponent,
  HOSTILE_NUMBERS,
  HOSTILE_STRINGS,
  ONE_MEGABYTE,
  RawNumber,
  toJson,
  toText,
  WHOLE_BODIES,
  WRONG_TYPES,
  type IdSource,
  type Schema,
} from './fuzz-schema.ts';

/**
 * The operations of the served OpenAPI document, and requests generated for them: values from the
 * schemas, then at most one mutation (a hostile value in one spot, a value of the wrong type, an
 * unknown field, a missing field, or a whole other body). Requests are plain `inject` options.
 */
export interface Param {
  readonly name: string;
  readonly required: boolean;
  readonly schema: Schema;
}

export interface Operation {
  readonly key: string;
  readonly method: string;
  /** The OpenAPI path, `{name}` for parameters. */
  readonly path: string;
  readonly pathParams: readonly Param[];
  readonly query: readonly Param[];
  readonly headers: readonly Param[];
  readonly body: Schema | null;
}

interface OpenApiDoc {
  readonly paths: Record<string, Record<string, OpenApiOperation>>;
}
interface OpenApiOperation {
  readonly parameters?: readonly {
    name: string;
    in: string;
    required?: boolean;
    schema?: Schema;
  }[];
  readonly requestBody?: { content?: Record<string, { schema?: Schema }> };
}

export function operationsOf(doc: unknown): Operation[] {
  const ops: Operation[] = [];
  for (const [path, methods] of Object.entries((doc as OpenApiDoc).paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const params = (where: string): Param[] =>
        (op.parameters ?? [])
          .filter((p) => p.in === where)
          .map((p) => ({ name: p.name, required: p.required === true, schema: p.schema ?? {} }));
      const body = op.requestBody?.content?.['application/json']?.schema ?? null;
      ops.push({
        key: `${method.toUpperCase()} ${path}`,
        method: method.toUpperCase(),
        path,
        pathParams: params('path'),
        query: params('query'),
        headers: params('header'),
        body,
      });
    }
  }
  return ops;
}

/** The Fastify route URL of an operation (`:name` for parameters). */
export function routeUrl(op: Operation): string {
  return op.path.replaceAll(/\{([^}]+)\}/g, ':$1');
}

type Mutation =
  | { readonly kind: 'none' }
  | { readonly kind: 'hostile'; readonly at: number; readonly value: unknown }
  | { readonly kind: 'wrong-type'; readonly at: number; readonly value: unknown }
  | { readonly kind: 'extra'; readonly at: number; readonly key: string; readonly value: unknown }
  | { readonly kind: 'drop'; readonly at: number }
  | { readonly kind: 'body'; readonly value: unknown };

export interface FuzzCase {
  readonly path: Record<string, unknown>;
  readonly query: Record<string, unknown>;
  readonly headers: Record<string, unknown>;
  readonly body: unknown;
  readonly mutation: Mutation;
}

export interface FuzzRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly payload?: string;
  /** What was done to the generated values, for the failure report. */
  readonly label: string;
}

const EXTRA_KEYS = ['unknownField', '__proto__', 'constructor', 'isAdmin', 'id', 'actor', ''];

function hostileValue(): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 12, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
    { weight: 6, arbitrary: fc.constantFrom(...HOSTILE_NUMBERS) },
    { weight: 1, arbitrary: fc.constant(ONE_MEGABYTE) },
  );
}

function mutation(op: Operation): fc.Arbitrary<Mutation> {
  const at = fc.nat();
  const choices = [
    { weight: 3, arbitrary: fc.constant<Mutation>({ kind: 'none' }) },
    {
      weight: 5,
      arbitrary: fc.record({ kind: fc.constant('hostile' as const), at, value: hostileValue() }),
    },
    {
      weight: 2,
      arbitrary: fc.record({
        kind: fc.constant('wrong-type' as const),
        at,
        value: fc.constantFrom(...WRONG_TYPES),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constant('extra' as const),
        at,
        key: fc.constantFrom(...EXTRA_KEYS),
        value: fc.oneof(hostileValue(), fc.constantFrom(...WRONG_TYPES)),
      }),
    },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('drop' as const), at }) },
  ];
  if (op.method !== 'GET') {
    choices.push({
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constant('body' as const),
        value: fc.constantFrom(...WHOLE_BODIES),
      }),
    });
  }
  return fc.oneof(...(choices as fc.WeightedArbitrary<Mutation>[]));
}

function paramsArbitrary(
  params: readonly Param[],
  ids: IdSource,
  hintOf: (p: Param) => string,
  preferReal = false,
) {
  const model: Record<string, fc.Arbitrary<unknown>> = {};
  for (const p of params) {
    const made = arbitraryFor(p.schema, ids, hintOf(p));
    const real = preferReal ? ids(hintOf(p)) : [];
    model[p.name] = real.length === 0 ? made : fc.oneof(fc.constantFrom(...real), made);
  }
  return fc.record(model, { requiredKeys: params.filter((p) => p.required).map((p) => p.name) });
}

/** Requests for one operation: generated values, then a mutation drawn with them. */
export function caseArbitrary(op: Operation, ids: IdSource): fc.Arbitrary<FuzzCase> {
  const segments = op.path.split('/');
  const pathHint = (p: Param): string => {
    if (p.name !== 'id') return p.name;
    const i = segments.indexOf(`{${p.name}}`);
    return segments[i - 1] ?? p.name;
  };
  return fc.record({
    path: paramsArbitrary(op.pathParams, ids, pathHint, true),
    query: paramsArbitrary(op.query, ids, (p) => p.name),
    headers: paramsArbitrary(op.headers, ids, (p) => p.name),
    body: op.body === null ? fc.constant(undefined) : arbitraryFor(op.body, ids),
    mutation: mutation(op),
  });
}

type Spot =
  | { readonly where: 'path' | 'query' | 'header'; readonly name: string }
  | { readonly where: 'body'; readonly keys: readonly (string | number)[] };

/** Leaves a value can be put in: every parameter, and every leaf and container of the body. */
function spots(op: Operation, body: unknown): { leaves: Spot[]; containers: Spot[] } {
  const leaves: Spot[] = [
    ...op.pathParams.map((p) => ({ where: 'path' as const, name: p.name })),
    ...op.query.map((p) => ({ where: 'query' as const, name: p.name })),
    ...op.headers.map((p) => ({ where: 'header' as const, name: p.name })),
  ];
  const containers: Spot[] = [];
  const walk = (v: unknown, keys: (string | number)[]): void => {
    if (typeof v === 'object' && v !== null) {
      containers.push({ where: 'body', keys });
      const entries = Array.isArray(v) ? v.map((x, i) => [i, x] as const) : Object.entries(v);
      for (const [k, x] of entries) walk(x, [...keys, k]);
      if (entries.length > 0) return;
    }
    leaves.push({ where: 'body', keys });
  };
  if (op.body !== null && body !== undefined) walk(body, []);
  return { leaves, containers };
}

function copy(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(copy);
  if (typeof v === 'object' && v !== null && !(v instanceof RawNumber)) {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, copy(x)]));
  }
  return v;
}

interface Parts {
  path: Record<string, unknown>;
  query: Record<string, unknown>;
  headers: Record<string, unknown>;
  body: unknown;
}

function setAt(parts: Parts, spot: Spot, value: unknown): void {
  if (spot.where !== 'body') {
    const place =
      spot.where === 'header' ? parts.headers : spot.where === 'path' ? parts.path : parts.query;
    place[spot.name] = spot.where === 'header' && !printable(value) ? 'x' : value;
    return;
  }
  if (spot.keys.length === 0) {
    parts.body = value;
    return;
  }
  const parent = getAt(parts.body, spot.keys.slice(0, -1)) as Record<string | number, unknown>;
  parent[spot.keys[spot.keys.length - 1] ?? ''] = value;
}

function dropAt(parts: Parts, spot: Spot): void {
  if (spot.where !== 'body') {
    if (spot.where === 'path') parts.path[spot.name] = '';
    else (spot.where === 'header' ? parts.headers : parts.query)[spot.name] = undefined;
    return;
  }
  if (spot.keys.length === 0) {
    parts.body = undefined;
    return;
  }
  const parent = getAt(parts.body, spot.keys.slice(0, -1));
  const last = spot.keys[spot.keys.length - 1] ?? '';
  if (Array.isArray(parent)) parent.splice(Number(last), 1);
  else Reflect.deleteProperty(parent as object, last);
}

function getAt(v: unknown, keys: readonly (string | number)[]): unknown {
  return keys.reduce<unknown>((o, k) => (o as Record<string | number, unknown>)[k], v);
}

/** Headers cannot carry control characters or lone surrogates on the wire; keep them sendable. */
function printable(v: unknown): boolean {
  const text = toText(v);
  return text.length < 8192 && /^[\x20-\x7e]*$/.test(text);
}

function mutate(op: Operation, c: FuzzCase): { parts: Parts; label: string } {
  const parts: Parts = {
    path: { ...c.path },
    query: { ...c.query },
    headers: { ...c.headers },
    body: copy(c.body),
  };
  const m = c.mutation;
  const { leaves, containers } = spots(op, parts.body);
  const pick = (list: Spot[], at: number): Spot | undefined => list[at % Math.max(1, list.length)];
  const where = (s: Spot | undefined): string =>
    s === undefined
      ? 'nowhere'
      : s.where === 'body'
        ? `body/${s.keys.join('/')}`
        : `${s.where}:${s.name}`;
  const show = (v: unknown): string =>
    toText(v).length > 80 ? `<${toText(v).length} chars>` : toJson(v);
  switch (m.kind) {
    case 'none':
      return { parts, label: 'as generated' };
    case 'hostile':
    case 'wrong-type': {
      const spot = pick(leaves, m.at);
      if (spot !== undefined) setAt(parts, spot, m.value);
      return { parts, label: `${m.kind} ${show(m.value)} at ${where(spot)}` };
    }
    case 'extra': {
      const spot = pick(containers, m.at);
      if (spot?.where === 'body') {
        const target = getAt(parts.body, spot.keys);
        if (Array.isArray(target)) target.push(m.value);
        else
          Object.defineProperty(target, m.key, {
            value: m.value,
            enumerable: true,
            writable: true,
          });
      } else parts.query[m.key === '' ? 'unknown' : m.key] = m.value;
      return { parts, label: `extra ${JSON.stringify(m.key)}=${show(m.value)} at ${where(spot)}` };
    }
    case 'drop': {
      const spot = pick([...leaves, ...containers], m.at);
      if (spot !== undefined) dropAt(parts, spot);
      return { parts, label: `drop ${where(spot)}` };
    }
    case 'body':
      parts.body = m.value;
      return { parts, label: `body ${show(m.value)}` };
  }
}

/** The request a case describes, with the caller's headers. */
export function requestFor(
  op: Operation,
  c: FuzzCase,
  callerHeaders: Readonly<Record<string, string>>,
): FuzzRequest {
  const { parts, label } = mutate(op, c);
  const path = op.path.replaceAll(/\{([^}]+)\}/g, (_all, name: string) =>
    encodeComponent(toText(parts.path[name] ?? '')),
  );
  const query = Object.entries(parts.query)
    .filter(([, v]) => v !== undefined)
    .flatMap(([k, v]) => (Array.isArray(v) && v.length > 0 ? v : [v]).map((x) => [k, x] as const))
    .map(([k, v]) => `${encodeComponent(k)}=${encodeComponent(toText(v))}`)
    .join('&');
  const headers: Record<string, string> = { ...callerHeaders };
  for (const [k, v] of Object.entries(parts.headers)) if (v !== undefined) headers[k] = toText(v);
  const sendsBody = op.method !== 'GET' && parts.body !== undefined;
  if (sendsBody) headers['content-type'] = 'application/json';
  return {
    method: op.method,
    url: query === '' ? path : `${path}?${query}`,
    headers,
    ...(sendsBody ? { payload: toJson(parts.body) } : {}),
    label,
  };
}
