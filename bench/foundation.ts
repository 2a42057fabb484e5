import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import { loadConfig } from '../src/config.ts';
import { startKazna } from '../src/main.ts';
import { nowMs, type Bench, type BenchContext } from './harness.ts';

const BIN = join(import.meta.dirname, '..', 'bin', 'kazna.js');

/**
 * 1. Start to ready: `kazna serve` on an existing data folder until /readyz answers 200, against the
 *    bare cost of starting Node and importing the same entry point (`kazna --version`).
 * 2. /readyz requests per second (it queries the database) against a bare Fastify route, both over
 *    real HTTP with 50 keep-alive connections, in the same process and run.
 */
export const foundationBench: Bench = async (ctx) => {
  await startToReady(ctx);
  await readyzThroughput(ctx);
};

async function startToReady(ctx: BenchContext): Promise<void> {
  const dataDir = await mkdtemp(join(tmpdir(), 'kazna-bench-'));
  try {
    ctx.progress('first start (initdb, migrations, demo)');
    const first = await timeServe(dataDir);
    const restarts: number[] = [];
    for (let i = 0; i < 3; i++) restarts.push(await timeServe(dataDir));
    const bare: number[] = [];
    for (let i = 0; i < 3; i++) bare.push(await timeCommand(['--version']));
    const baseline = { name: 'kazna --version', value: Math.min(...bare) };
    ctx.report({
      name: 'start to ready, first start (initdb + demo)',
      value: first,
      unit: 'ms',
      baseline,
    });
    ctx.report({
      name: 'start to ready, restart',
      value: Math.min(...restarts),
      unit: 'ms',
      baseline,
    });
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

function timeCommand(args: string[]): Promise<number> {
  const t0 = nowMs();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: 'ignore' });
    child.on('error', reject);
    child.on('close', () => {
      resolve(nowMs() - t0);
    });
  });
}

function timeServe(dataDir: string): Promise<number> {
  const t0 = nowMs();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'serve'], {
      env: {
        ...process.env,
        KAZNA_DATA_DIR: dataDir,
        PORT: '0',
        KAZNA_LOG: 'off',
        KAZNA_CHECKPOINT_INTERVAL_SECONDS: '0',
      },
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const url = /Kazna is running at (\S+)/.exec(out)?.[1];
      if (url === undefined) return;
      out = '';
      void fetch(`${url}/readyz`).then((res) => {
        const elapsed = nowMs() - t0;
        child.kill('SIGTERM');
        child.on('close', () => {
          if (res.status === 200) resolve(elapsed);
          else reject(new Error(`readyz answered ${res.status}`));
        });
      }, reject);
    });
    child.on('error', reject);
  });
}

async function readyzThroughput(ctx: BenchContext): Promise<void> {
  const dataDir = await mkdtemp(join(tmpdir(), 'kazna-bench-'));
  const loaded = loadConfig({
    KAZNA_DATA_DIR: dataDir,
    PORT: '0',
    KAZNA_LOG: 'off',
    KAZNA_DEMO: 'off',
    KAZNA_CHECKPOINT_INTERVAL_SECONDS: '0',
  });
  if (!loaded.ok) throw new Error(loaded.message);
  const running = await startKazna(loaded.config, () => undefined);
  const bare = Fastify();
  bare.get('/bare', () => ({ status: 'ok' }));
  const bareUrl = await bare.listen({ port: 0, host: '127.0.0.1' });
  try {
    ctx.progress('warming up');
    await hammer(`${bareUrl}/bare`, 500);
    await hammer(`${running.url}/readyz`, 500);
    const bareRps = await hammer(`${bareUrl}/bare`, 3000);
    const readyRps = await hammer(`${running.url}/readyz`, 3000);
    ctx.report({
      name: '/readyz requests per second (50 connections)',
      value: readyRps,
      unit: 'req/s',
      baseline: { name: 'bare Fastify route', value: bareRps },
      note: 'readyz reads the migrations table each time',
    });
  } finally {
    await bare.close();
    await running.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

async function hammer(url: string, durationMs: number, connections = 50): Promise<number> {
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const { hostname, port, pathname } = new URL(url);
  const deadline = nowMs() + durationMs;
  let done = 0;
  const one = (): Promise<void> =>
    new Promise((resolve, reject) => {
      const req = request({ hostname, port, path: pathname, agent }, (res) => {
        res.resume();
        res.on('end', () => {
          if (res.statusCode === 200) done += 1;
          resolve();
        });
      });
      req.on('error', reject);
      req.end();
    });
  const t0 = nowMs();
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (nowMs() < deadline) await one();
    }),
  );
  agent.destroy();
  return (done * 1000) / (nowMs() - t0);
}
