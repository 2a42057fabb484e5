import { connect } from 'node:net';
import type { LightMyRequestResponse as Response } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authHeaders, testKazna, testTargets, type TestKazna } from '../../test/support/targets.ts';
import { checkRawQuery, findBadText, isStorableText } from './input.ts';

describe('storable text', () => {
  it('refuses NUL and unpaired surrogates, keeps everything else', () => {
    expect(isStorableText('plain, ünïcødé, 😀')).toBe(true);
    expect(isStorableText('a\u0000b')).toBe(false);
    expect(isStorableText('\ud800')).toBe(false);
    expect(isStorableText('x\udc00')).toBe(false);
    expect(isStorableText('\ud83d\ude00')).toBe(true);
  });

  it('finds bad text at any depth, in keys too, and says where', () => {
    expect(findBadText({ a: [1, { b: 'ok' }], c: null }, 'body')).toBeNull();
    expect(findBadText({ a: [1, { 'b/~': 'x\u0000' }] }, 'body')).toEqual({
      location: 'body',
      pointer: '/a/1/b~1~0',
      part: 'value',
    });
    expect(findBadText({ a: { 'k\ud800': 1 } }, 'body')).toEqual({
      location: 'body',
      pointer: '/a',
      part: 'key',
    });
    expect(findBadText('\u0000', 'body')).toMatchObject({ pointer: '' });
  });

  it('walks a deeply nested value without overflowing the stack', () => {
    let deep: unknown = 'a\u0000';
    for (let i = 0; i < 200_000; i += 1) deep = [deep];
    expect(findBadText(deep, 'body')?.pointer.length).toBe(400_000);
  });

  it('checks the raw query for malformed escapes and decoded bad text', () => {
    expect(checkRawQuery('/x')).toBeNull();
    expect(checkRawQuery('/x?a=b+c&d=%C3%A9')).toBeNull();
    expect(checkRawQuery('/x?a=%00')).toBe('invalid_text');
    expect(checkRawQuery('/x?a%00=1')).toBe('invalid_text');
    expect(checkRawQuery('/x?a=%')).toBe('malformed_url');
    expect(checkRawQuery('/x?a=%E0%A4%A')).toBe('malformed_url');
    expect(checkRawQuery('/x?a=%ED%A0%80')).toBe('malformed_url');
  });
});

describe.each(testTargets())('bad text at the edge on $label PostgreSQL', (target) => {
  let k: TestKazna;
  let auditor: Record<string, string>;
  let investment: Record<string, string>;
  beforeAll(async () => {
    k = await testKazna(target);
    auditor = await authHeaders(k, 'auditor');
    investment = await authHeaders(k, 'investment_officer');
  });
  afterAll(async () => {
    await k.close();
  });

  async function entries(): Promise<string> {
    const rows = await k.db.query<{ n: bigint }>('SELECT count(*) AS n FROM audit_entries');
    return String(rows[0]?.n);
  }

  function expectProblem(res: Response, code: string): void {
    expect(res.statusCode).toBe(400);
    expect(String(res.headers['content-type'])).toContain('application/problem+json');
    expect(res.json()).toMatchObject({ status: 400, code });
  }

  it.each([
    ['a NUL in an anonymous login body', '{"username":"a\\u0000b","password":"x"}', 'body'],
    ['an unpaired surrogate in a body value', '{"username":"\\ud800","password":"x"}', 'body'],
    ['a NUL in a nested key', '{"username":"a","password":"x","z":[{"k\\u0000":1}]}', 'body'],
  ])('refuses %s with invalid_text', async (_name, payload, location) => {
    const before = await entries();
    const res = await k.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'content-type': 'application/json' },
      payload,
    });
    expectProblem(res, 'invalid_text');
    expect(res.json()).toMatchObject({ location });
    expect(await entries()).toBe(before);
  });

  it('refuses a body that is not UTF-8', async () => {
    const res = await k.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'content-type': 'application/json' },
      // "\xED\xA0\x80" is a surrogate encoded as UTF-8, which UTF-8 forbids.
      payload: Buffer.concat([
        Buffer.from('{"username":"'),
        Buffer.from([0xed, 0xa0, 0x80]),
        Buffer.from('","password":"x"}'),
      ]),
    });
    expectProblem(res, 'invalid_text');
  });

  it.each([
    ['/api/v1/seizures/lots?asset=a%00b', 'query'],
    ['/api/v1/audit/entries?action=a%00b', 'query'],
    ['/api/v1/audit/entries?subject=%00', 'query'],
    ['/api/v1/governance/approvals?status=x%00', 'query'],
    ['/api/v1/governance/approvals?st%00atus=x', 'query'],
  ])('refuses GET %s with invalid_text', async (url, location) => {
    const res = await k.app.inject({ url, headers: auditor });
    expectProblem(res, 'invalid_text');
    expect(res.json()).toMatchObject({ location });
  });

  it('refuses a NUL in a path parameter', async () => {
    const res = await k.app.inject({ url: '/api/v1/governance/approvals/a%00b', headers: auditor });
    expectProblem(res, 'invalid_text');
    expect(res.json()).toMatchObject({ location: 'path', pointer: '/id' });
  });

  it('refuses a NUL in an Idempotency-Key before the schema or the handler', async () => {
    const before = await entries();
    const res = await k.app.inject({
      method: 'POST',
      url: '/api/v1/ledger/transfers',
      headers: { ...investment, 'idempotency-key': 'k\u0000' },
      payload: {},
    });
    expectProblem(res, 'invalid_text');
    expect(res.json()).toMatchObject({ location: 'header', pointer: 'idempotency-key' });
    expect(await entries()).toBe(before);
  });

  it.each([
    '/api/v1/seizures/lots?asset=%E0%A4%A',
    '/api/v1/seizures/lots?asset=%',
    '/api/v1/governance/approvals/%ZZ',
    '/api/v1/governance/approvals/%ED%A0%80',
  ])('refuses the malformed escape in %s with malformed_url', async (url) => {
    expectProblem(await k.app.inject({ url, headers: auditor }), 'malformed_url');
  });

  it('still answers good text, escapes and all', async () => {
    const res = await k.app.inject({
      url: '/api/v1/audit/entries?action=caf%C3%A9+x&limit=5',
      headers: auditor,
    });
    expect(res.statusCode).toBe(200);
  });

  it('answers malformed JSON with a problem', async () => {
    const res = await k.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: '{"username":',
    });
    expectProblem(res, 'malformed_json');
  });

  it('answers a NUL in a header on a real socket with a problem', async () => {
    const address = await k.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = new URL(address);
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(port), '127.0.0.1', () => {
        socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\nX-Thing: a\u0000b\r\n\r\n');
      });
      let text = '';
      socket.on('data', (chunk: Buffer) => {
        text += chunk.toString('latin1');
      });
      socket.on('close', () => {
        resolve(text);
      });
      socket.on('error', reject);
    });
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    expect(answer).toContain('application/problem+json');
    expect(answer).toContain('"code":"malformed_request"');
  });
});
