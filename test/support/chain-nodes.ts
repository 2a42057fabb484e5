import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { freePorts } from '../../src/db/embedded.ts';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { jsonRpc, type RpcEndpoint } from '../../src/chain/rpc.ts';

/**
 * Local chain nodes for integration tests: Litecoin Core in regtest (Debian's `litecoind`, the same
 * JSON-RPC as Bitcoin Core) and anvil (the binary inside `@foundry-rs/anvil-<platform>`, the npm
 * package that `@foundry-rs/anvil` itself resolves to; Kazna lists the linux-x64 one as an optional
 * dependency because the wrapper's other platform packages are not all published), each on free ports in
 * its own temporary folder, stopped and removed afterwards. When a binary is missing the tests skip
 * with a printed notice, except under CI=true, where a missing binary is a failure.
 */
/** Tries per node before its start counts as a failure. */
const START_TRIES = 3;

export interface Nodes {
  readonly litecoin: RpcEndpoint;
  readonly evm: RpcEndpoint;
  stop(): Promise<void>;
}

/** `litecoind` on PATH, looked up without a shell. */
export function litecoindPath(): string | null {
  for (const dir of (process.env['PATH'] ?? '').split(delimiter)) {
    const candidate = join(dir, 'litecoind');
    if (dir !== '' && existsSync(candidate)) return candidate;
  }
  return null;
}

/** The platform binary inside the npm package (its `bin.mjs` wrapper would put a node process between). */
export function anvilPath(): string | null {
  const require = createRequire(import.meta.url);
  const arch = process.arch === 'x64' ? 'amd64' : process.arch;
  try {
    const p = require.resolve(`@foundry-rs/anvil-${process.platform}-${arch}/bin/anvil`);
    return existsSync(p) ? p : null;
  } catch {
    return null;
  }
}

/** Whether the chain tests can run here; prints why not, and throws under CI. */
export function chainNodesAvailable(): boolean {
  const missing = [
    litecoindPath() === null ? 'litecoind (apt-get install litecoind)' : null,
    anvilPath() === null ? 'anvil (npm package @foundry-rs/anvil-linux-amd64)' : null,
  ].filter((m) => m !== null);
  if (missing.length === 0) return true;
  const notice = `chain integration tests need ${missing.join(' and ')}`;
  if (process.env['CI'] === 'true') throw new Error(`${notice}; CI must install them`);
  console.warn(`SKIPPED: ${notice}`);
  return false;
}

/** Polls until the node answers; gives up as soon as it exits, even while a call is in flight. */
async function waitFor(endpoint: RpcEndpoint, method: string, child: ChildProcess): Promise<void> {
  const exited = new Promise<never>((_, reject) => {
    const fail = (): void => {
      reject(
        new Error(`${method}: the node exited (${String(child.exitCode ?? child.signalCode)})`),
      );
    };
    if (child.exitCode !== null || child.signalCode !== null) fail();
    else child.once('exit', fail);
  });
  exited.catch(() => undefined);
  const deadline = performance.now() + 60_000;
  let last: unknown = null;
  while (performance.now() < deadline) {
    try {
      await Promise.race([jsonRpc(endpoint, method, []), exited]);
      return;
    } catch (error) {
      if (child.exitCode !== null || child.signalCode !== null) throw error;
      last = error;
      await Promise.race([new Promise((r) => setTimeout(r, 200)), exited]);
    }
  }
  throw new Error(`node did not answer ${method}: ${String(last)}`);
}

export function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** A child process with the tail of what it wrote to stderr, for the error when it does not come up. */
export interface Launched {
  readonly child: ChildProcess;
  readonly endpoint: RpcEndpoint;
  readonly why: () => Promise<string>;
}

function launch(
  bin: string,
  args: readonly string[],
  endpoint: RpcEndpoint,
  logFile?: string,
): Launched {
  const child = spawn(bin, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-2000);
  });
  const why = async (): Promise<string> => {
    const log = logFile === undefined ? '' : await readFile(logFile, 'utf8').catch(() => '');
    return [stderr.trim(), log.split('\n').slice(-8).join('\n').trim()]
      .filter((s) => s !== '')
      .join('\n');
  };
  return { child, endpoint, why };
}

/**
 * Starts a node until it answers. A port picked as free is released before the node binds it, so a
 * node of another test file can take it first; the node then exits, and a new try picks new ports.
 */
async function startNode(
  method: string,
  attempt: (n: number) => Promise<Launched>,
): Promise<Launched> {
  const reasons: string[] = [];
  for (let n = 1; n <= START_TRIES; n++) {
    const node = await attempt(n);
    try {
      await waitFor(node.endpoint, method, node.child);
      return node;
    } catch (error) {
      await stopChild(node.child);
      reasons.push(`try ${String(n)}: ${String(error)}\n${await node.why()}`);
    }
  }
  throw new Error(`the node did not start:\n${reasons.join('\n')}`);
}

const USERNAME = 'kazna';
const PASSWORD = 'regtest-only';

/** Starts litecoind in regtest; `pickPorts` is replaced only by the test of a port taken first. */
export function startLitecoind(
  bin: string,
  dir: string,
  pickPorts: (count: number) => Promise<number[]> = freePorts,
): Promise<Launched> {
  return startNode('getblockcount', async (n) => {
    const [rpcPort = 0, p2pPort = 0] = await pickPorts(2);
    const datadir = join(dir, `litecoin-${String(n)}`);
    await mkdir(datadir);
    const endpoint = {
      url: `http://127.0.0.1:${String(rpcPort)}/`,
      username: USERNAME,
      password: PASSWORD,
    };
    const args = [
      '-regtest',
      `-datadir=${datadir}`,
      `-rpcport=${String(rpcPort)}`,
      `-port=${String(p2pPort)}`,
      '-rpcbind=127.0.0.1',
      '-rpcallowip=127.0.0.1',
      `-rpcuser=${USERNAME}`,
      `-rpcpassword=${PASSWORD}`,
      '-listen=0',
      '-txindex=1',
      '-fallbackfee=0.0002',
      '-printtoconsole=0',
      '-server=1',
    ];
    return launch(bin, args, endpoint, join(datadir, 'regtest', 'debug.log'));
  });
}

function startAnvil(bin: string): Promise<Launched> {
  return startNode('eth_blockNumber', async () => {
    const [port = 0] = await freePorts(1);
    const args = ['--port', String(port), '--host', '127.0.0.1', '--silent'];
    return launch(bin, args, { url: `http://127.0.0.1:${String(port)}/` });
  });
}

export async function startNodes(): Promise<Nodes> {
  const ltcBin = litecoindPath();
  const anvilBin = anvilPath();
  if (ltcBin === null || anvilBin === null) throw new Error('chain node binaries are missing');
  const dir = await mkdtemp(join(tmpdir(), 'kazna-chain-'));
  const started: Launched[] = [];
  const stop = async (): Promise<void> => {
    await Promise.all(started.map((node) => stopChild(node.child)));
    await rm(dir, { recursive: true, force: true });
  };
  try {
    const ltc = await startLitecoind(ltcBin, dir);
    started.push(ltc);
    const anvil = await startAnvil(anvilBin);
    started.push(anvil);
    return { litecoin: ltc.endpoint, evm: anvil.endpoint, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
