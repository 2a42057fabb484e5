import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import { loadConfig } from '../src/config.ts';
import { startKazna } from '../src/main.ts';
import { median, nowMs, type Bench, type BenchContext } from './harness.ts';

const BIN = join(import.meta.dirname, '..', 'bin', 'kazna.js');

/**
 * 1. Start to ready: `kazna serve` on an existing data folder until /readyz answers 200, against the
 *    bare cost of starting Node and importing the same entry point (`kazna --version`).
 * 2. /readyz requests per second (it queries the database) against a bare Fastify route, both over
 *    real HTTP with 50 keep-alive connections, in the same process and run.
 */
export const foundationBench: Bench = async (ctx) => {
  // KAZNA_BENCH_SKIP_START=1 measures the routes only (start-up takes minutes on a busy machine).
  if (process.env['KAZNA_BENCH_SKIP_START'] !== '1') await startToReady(ctx);
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
    // The demo data gives the public allocation something to answer with.
    KAZNA_DEMO: 'on',
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
    const allocation = `${running.url}/api/v1/public/allocation`;
    await hammer(`${running.url}/readyz`, 500);
    await hammer(allocation, 500);
    // Taking turns, so that a burst of load on a shared machine falls on all three alike.
    const rps = { bare: [] as number[], ready: [] as number[], alloc: [] as number[] };
    for (let turn = 0; turn < 3; turn++) {
      rps.bare.push(await hammer(`${bareUrl}/bare`, 1000));
      rps.ready.push(await hammer(`${running.url}/readyz`, 1000));
      rps.alloc.push(await hammer(allocation, 1000));
    }
    const baseline = { name: 'bare Fastify route', value: median(rps.bare) };
    ctx.report({
      name: '/readyz requests per second (50 connections)',
      value: median(rps.ready),
      unit: 'req/s',
      baseline,
      note: 'answered from memory, refreshed in the background; median of 3 turns',
      goal: { min: 0.5 },
    });
    ctx.report({
      name: '/api/v1/public/allocation requests per second (50 connections)',
      value: median(rps.alloc),
      unit: 'req/s',
      baseline,
      note: 'kept under the log size; median of 3 turns',
      goal: { min: 0.5 },
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
