import { appendAudit } from '../audit/append.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authHeaders, testKazna, testTargets, type TestKazna } from '../../test/support/targets.ts';

describe.each(testTargets())('HTTP edge on $label PostgreSQL', (target) => {
  let k: TestKazna;
  beforeAll(async () => {
    k = await testKazna(target);
  });
  afterAll(async () => {
    await k.close();
  });

  it('answers liveness and readiness', async () => {
    expect((await k.app.inject({ url: '/healthz' })).json()).toEqual({ status: 'ok' });
    const ready = await k.app.inject({ url: '/readyz' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toMatchObject({ status: 'ready' });
  });

  it('serves a valid OpenAPI 3.1 document', async () => {
    const res = await k.app.inject({ url: '/api/v1/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json<{ openapi: string; info: { title: string }; paths: object }>();
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info.title).toBe('Kazna API');
    expect(typeof doc.paths).toBe('object');
  });

  it('serves Prometheus metrics to the auditor and the administrator only', async () => {
    await k.app.inject({ url: '/healthz' });
    for (const role of ['auditor', 'administrator'] as const) {
      const res = await k.app.inject({ url: '/metrics', headers: await authHeaders(k, role) });
      expect(res.statusCode, role).toBe(200);
      expect(res.headers['content-type']).toContain('text/plain');
      expect(res.body).toContain(
        'kazna_http_requests_total{method="GET",route="/healthz",status="200"}',
      );
    }
    const anonymous = await k.app.inject({ url: '/metrics' });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json()).toMatchObject({ code: 'authentication_required' });
    expect(anonymous.body).not.toContain('kazna_http_requests_total');
    const officer = await k.app.inject({
      url: '/metrics',
      headers: await authHeaders(k, 'custody_officer'),
    });
    expect(officer.statusCode).toBe(403);
  });

  it('asks for a login before the API reference, and keeps the OpenAPI document public', async () => {
    for (const url of [
      '/api/docs',
      '/api/docs/',
      '/api/docs/json',
      '/api/docs/static/index.html',
    ]) {
      const anonymous = await k.app.inject({ url });
      expect(anonymous.statusCode, url).toBe(401);
    }
    const headers = await authHeaders(k, 'enforcement_officer');
    const page = await k.app.inject({ url: '/api/docs', headers });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('swagger');
    const doc = await k.app.inject({ url: '/api/v1/openapi.json' });
    expect(doc.statusCode).toBe(200);
  });

  it('answers an unknown API route with problem+json', async () => {
    const res = await k.app.inject({ url: '/api/v1/nope' });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({
      status: 404,
      code: 'route_not_found',
      type: '/problems/route_not_found',
    });
    expect(res.body).not.toContain('at ');
  });

  it('sets a request id and security headers', async () => {
    const res = await k.app.inject({ url: '/healthz' });
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });
});

describe.each(testTargets())('database role on $label PostgreSQL', (target) => {
  it('runs as the application role, which cannot update append-only tables', async () => {
    const k = await testKazna(target);
    try {
      const [row] = await k.db.query<{ role: string }>('SELECT current_user AS role');
      expect(row?.role).toBe('kazna_app');
      // A write carries its evidence: outside a transaction (so without an entry) it is refused.
      await expect(k.db.query("INSERT INTO demo_steps (name) VALUES ('x')")).rejects.toThrow(
        /carries no audit evidence/,
      );
      await k.db.write(async (tx) => {
        await tx.query("INSERT INTO demo_steps (name) VALUES ('x')");
        await appendAudit(tx, k.clock, {
          actor: 'test',
          action: 'demo.step.loaded',
          subjects: [],
          payload: { step: 'x' },
        });
      });
      await expect(k.db.query("UPDATE demo_steps SET name = 'y'")).rejects.toThrow(
        /permission denied/,
      );
      await expect(k.db.query('DELETE FROM demo_steps')).rejects.toThrow(/permission denied/);
    } finally {
      await k.close();
    }
  });
});

describe.each(testTargets())('bad input on $label PostgreSQL', (target) => {
  let k: TestKazna;
  beforeAll(async () => {
    k = await testKazna(target);
  });
  afterAll(async () => {
    await k.close();
  });

  async function writes(): Promise<string> {
    const rows = await k.db.query<{ n: bigint }>(
      'SELECT (SELECT count(*) FROM audit_entries) + (SELECT count(*) FROM ledger_accounts) AS n',
    );
    return String(rows[0]?.n);
  }

  it.each([
    ['malformed JSON', 'application/json', '{"asset": "BTC",', 400, 'malformed_json'],
    ['a wrong content type', 'text/plain', 'asset=BTC', 415, 'unsupported_media_type'],
    [
      'an oversized body',
      'application/json',
      JSON.stringify({ pad: 'x'.repeat(2 * 1024 * 1024) }),
      413,
      'body_too_large',
    ],
    [
      'a body that fails the schema',
      'application/json',
      JSON.stringify({ asset: 42 }),
      400,
      'request_invalid',
    ],
  ])('answers %s with a problem and writes nothing', async (_name, type, body, status, code) => {
    const headers = await authHeaders(k, 'custody_officer');
    const before = await writes();
    const res = await k.app.inject({
      method: 'POST',
      url: '/api/v1/ledger/accounts',
      headers: { ...headers, 'content-type': type },
      payload: body,
    });
    expect(res.statusCode).toBe(status);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({ status, code });
    expect(res.body).not.toMatch(/\n\s+at /);
    expect(await writes()).toBe(before);
  });
});
