import type { IncomingMessage } from 'node:http';
import { connect } from 'node:net';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authHeaders, testKazna, testTargets, type TestKazna } from '../../test/support/targets.ts';
import { drainBody } from './drain.ts';

/**
 * Oversized bodies on real sockets. `inject` never shows the failure: it needs a client still
 * writing when the server answers, which only a socket has.
 */
const BODY = Buffer.from(JSON.stringify({ pad: 'x'.repeat(2 * 1024 * 1024) }));
const CLIENTS = 40;

interface Outcome {
  readonly status: number | 'reset';
  readonly problem: boolean;
}

/**
 * A client that writes the whole request, in pieces as a slow link would, before it reads anything,
 * as simple scripts do: if the server closes early, a write fails and the answer waiting for it is
 * lost to the reset.
 */
function writeThenRead(port: number, head: string, body: Buffer): Promise<Outcome> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.pause();
    const chunks: Buffer[] = [];
    socket.on('error', () => {
      resolve({ status: 'reset', problem: false });
    });
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('end', () => {
      const text = Buffer.concat(chunks).toString('latin1');
      const status = Number(/^HTTP\/1\.1 (\d{3}) /.exec(text)?.[1] ?? 0);
      resolve({ status, problem: /content-type: application\/problem\+json/i.test(text) });
      socket.destroy();
    });
    socket.write(`${head}Content-Length: ${body.length}\r\nConnection: close\r\n\r\n`);
    const piece = 128 * 1024;
    const writeFrom = (offset: number): void => {
      if (socket.destroyed) return;
      if (offset >= body.length) {
        socket.resume();
        return;
      }
      socket.write(body.subarray(offset, offset + piece), () => {
        setTimeout(() => {
          writeFrom(offset + piece);
        }, 2);
      });
    };
    writeFrom(0);
  });
}

async function viaFetch(url: string, headers: Record<string, string>): Promise<Outcome> {
  try {
    const res = await fetch(url, { method: 'POST', headers, body: BODY });
    await res.arrayBuffer();
    const type = res.headers.get('content-type') ?? '';
    return { status: res.status, problem: type.includes('application/problem+json') };
  } catch {
    return { status: 'reset', problem: false };
  }
}

function tally(outcomes: readonly Outcome[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const o of outcomes) {
    const key = `${String(o.status)}${o.problem ? ' problem' : ''}`;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

function fakeRequest(contentLength?: number): { stream: PassThrough; request: IncomingMessage } {
  const stream = new PassThrough();
  const headers = contentLength === undefined ? {} : { 'content-length': String(contentLength) };
  return { stream, request: Object.assign(stream, { headers, complete: false }) as never };
}

describe('draining a refused body', () => {
  const limits = { maxBytes: 1000, maxMs: 5000 };

  it('reads a body within the bound to its end', async () => {
    const { stream, request } = fakeRequest(900);
    const drained = drainBody(request, limits);
    stream.end(Buffer.alloc(900));
    expect(await drained).toBe(true);
  });

  it('gives up at once on a body that declares more than the bound', async () => {
    const { request } = fakeRequest(1001);
    expect(await drainBody(request, limits)).toBe(false);
  });

  it('gives up on an undeclared body once it passes the bound', async () => {
    const { stream, request } = fakeRequest();
    const drained = drainBody(request, limits);
    stream.write(Buffer.alloc(600));
    stream.write(Buffer.alloc(600));
    expect(await drained).toBe(false);
  });

  it('gives up on a body that stalls', async () => {
    const { stream, request } = fakeRequest(900);
    const drained = drainBody(request, { maxBytes: 1000, maxMs: 20 });
    stream.write(Buffer.alloc(10));
    expect(await drained).toBe(false);
  });
});

describe.each(testTargets())('oversized bodies on sockets on $label PostgreSQL', (target) => {
  let k: TestKazna;
  let port: number;
  let bearer: Record<string, string>;
  beforeAll(async () => {
    k = await testKazna(target);
    bearer = await authHeaders(k, 'custody_officer');
    port = Number(new URL(await k.app.listen({ port: 0, host: '127.0.0.1' })).port);
  });
  afterAll(async () => {
    await k.close();
  });

  it(`answers ${CLIENTS} simultaneous 2 MB logins from write-then-read clients with 413`, async () => {
    const head =
      'POST /api/v1/auth/login HTTP/1.1\r\nHost: kazna\r\nContent-Type: application/json\r\n';
    const outcomes = await Promise.all(
      Array.from({ length: CLIENTS }, () => writeThenRead(port, head, BODY)),
    );
    expect(tally(outcomes)).toEqual({ '413 problem': CLIENTS });
  });

  it(`answers ${CLIENTS} simultaneous 2 MB authenticated writes over fetch with 413`, async () => {
    const headers = { ...bearer, 'content-type': 'application/json' };
    const url = `http://127.0.0.1:${port}/api/v1/ledger/accounts`;
    const outcomes = await Promise.all(
      Array.from({ length: CLIENTS }, () => viaFetch(url, headers)),
    );
    expect(tally(outcomes)).toEqual({ '413 problem': CLIENTS });
  });

  it('keeps the connection open after a drained 413, so the next request on it is answered', async () => {
    const socket = connect(port, '127.0.0.1');
    const text = await new Promise<string>((resolve, reject) => {
      let seen = '';
      socket.on('data', (chunk: Buffer) => {
        seen += chunk.toString('latin1');
        if (/HTTP\/1\.1 200 [\s\S]*"status":"ok"/.test(seen)) resolve(seen);
      });
      socket.on('error', reject);
      socket.on('close', () => {
        resolve(seen);
      });
      socket.write(
        'POST /api/v1/auth/login HTTP/1.1\r\nHost: kazna\r\nContent-Type: application/json\r\n' +
          `Content-Length: ${BODY.length}\r\n\r\n`,
      );
      socket.write(BODY);
      socket.write('GET /healthz HTTP/1.1\r\nHost: kazna\r\n\r\n');
    });
    socket.destroy();
    expect(text).toMatch(/^HTTP\/1\.1 413 /);
    expect(text).toContain('HTTP/1.1 200 ');
  });
});
