import { spawn } from 'node:child_process';
import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { rolldown } from 'rolldown';
import { appendAudit } from '../src/audit/append.ts';
import { createAuditService } from '../src/audit/service.ts';
import { createLogTiles, exportTiles } from '../src/audit/tiles.ts';
import { manualClock } from '../src/core/clock.ts';
import { SYSTEM } from '../src/core/identity.ts';
import { startEmbedded } from '../src/db/embedded.ts';
import { migrate } from '../src/db/migrate.ts';
import { openDb } from '../src/db/pool.ts';
import { CHROMIUM, LAUNCH_ARGS } from '../test/support/browser.ts';
import { nowMs, type Bench } from './harness.ts';

/**
 * The log through its C2SP tiles: a full verification (note, every hash tile, every entry bundle,
 * the entry checker) in Chromium against the standalone verifier's CLI on the same static mirror,
 * over the same HTTP server. Goal: the browser within 2x of the CLI.
 */
const SIZE = Number(process.env['KAZNA_BENCH_TILES_ENTRIES'] ?? 100_000);
const ROOT = join(import.meta.dirname, '..');

async function buildLog(dir: string, url: string, progress: (l: string) => void) {
  const db = openDb({ connectionString: url });
  try {
    const clock = manualClock();
    const audit = await createAuditService({ db, clock, dataDir: dir, projectors: [] });
    for (let done = await audit.size(); done < SIZE; done = await audit.size()) {
      const n = Math.min(1000, SIZE - done);
      await db.write(async (tx) => {
        for (let i = 0; i < n; i++)
          await appendAudit(tx, clock, {
            actor: 'bench',
            action: 'bench.entry.added',
            subjects: [`case:${(done + i) % 97}`],
            payload: { transfer: `t-${done + i}`, amount: String(1000 + done + i), asset: 'BTC' },
          });
      });
      if (Math.floor((done + n) / 20_000) > Math.floor(done / 20_000))
        progress(`  ${done.toLocaleString('en-US')} entries`);
    }
    await audit.checkpoint(SYSTEM);
    const out = join(dir, 'mirror');
    const done = await exportTiles(db, createLogTiles(db, audit), out, { entries: true });
    return { out, size: done?.size ?? 0 };
  } finally {
    await db.close();
  }
}

async function verifierBundle(): Promise<string> {
  const b = await rolldown({ input: join(ROOT, 'verifier/src/tiled-log.ts'), platform: 'browser' });
  const out = await b.generate({ format: 'iife', name: 'KaznaTiles' });
  return out.output[0].code;
}

/** A static file server for the mirror, plus the page and the verifier's browser bundle. */
async function serve(dir: string, script: string): Promise<{ server: Server; base: string }> {
  const page = '<!doctype html><meta charset="utf-8"><script src="/verifier.js"></script>';
  const server = createServer((req, res) => {
    const path = decodeURIComponent((req.url ?? '/').split('?')[0] ?? '/');
    if (path === '/') return res.writeHead(200, { 'content-type': 'text/html' }).end(page);
    if (path === '/verifier.js')
      return res.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
    if (!path.startsWith('/log/') || path.includes('..')) return res.writeHead(404).end();
    readFile(join(dir, path.slice(5))).then(
      (bytes) => res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(bytes),
      () => res.writeHead(404).end(),
    );
    return undefined;
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return { server, base: `http://127.0.0.1:${String(port)}` };
}

function cliVerify(prefix: string): Promise<number> {
  const t0 = nowMs();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, 'verifier/src/cli.ts'), 'tiles', prefix], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (code) => {
      if (code === 0) resolve(nowMs() - t0);
      else reject(new Error(`the CLI verifier failed: ${out}`));
    });
  });
}

async function browserVerify(base: string): Promise<number> {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: LAUNCH_ARGS });
  try {
    const page = await browser.newPage();
    await page.goto(base);
    const r = await page.evaluate(async () => {
      const g = globalThis as unknown as {
        KaznaTiles: typeof import('../verifier/src/tiled-log.ts');
      };
      const t0 = performance.now();
      const report = await g.KaznaTiles.verifyTiledLog(async (p) => {
        const res = await fetch(`/log/${p}`);
        return res.ok ? new Uint8Array(await res.arrayBuffer()) : null;
      });
      return { ms: performance.now() - t0, ok: report.ok, problems: report.problems.slice(0, 3) };
    });
    if (!r.ok) throw new Error(`the browser verification failed: ${r.problems.join('; ')}`);
    return r.ms;
  } finally {
    await browser.close();
  }
}

export const tilesBench: Bench = async (ctx) => {
  const dir = await mkdtemp(join(tmpdir(), 'kazna-bench-tiles-'));
  const pgdb = await startEmbedded({ dataDir: join(dir, 'pg'), database: 'tiles_bench' });
  try {
    const migrated = await migrate(pgdb.url);
    if (!migrated.ok) throw new Error(migrated.message);
    ctx.progress(
      `building a log of ${SIZE.toLocaleString('en-US')} entries and exporting its tiles`,
    );
    const log = await buildLog(dir, pgdb.url, (l) => {
      ctx.progress(l);
    });
    const { server, base } = await serve(log.out, await verifierBundle());
    try {
      ctx.progress('verifying through tiles with the standalone CLI, then in Chromium');
      const cli = await cliVerify(`${base}/log`);
      const browser = await browserVerify(base);
      ctx.report({
        name: `tiles verify in Chromium, ${log.size.toLocaleString('en-US')} entries`,
        value: browser,
        unit: 'ms',
        baseline: { name: 'CLI verifier (tiles, same server)', value: cli },
        note: 'lower is better; goal <= 2',
      });
    } finally {
      server.close();
    }
  } finally {
    await pgdb.stop();
    await rm(dir, { recursive: true, force: true });
  }
};
