import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { freePort } from '../../src/db/embedded.ts';
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

async function waitFor(endpoint: RpcEndpoint, method: string, child: ChildProcess): Promise<void> {
  const deadline = performance.now() + 60_000;
  let last: unknown = null;
  while (performance.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${method}: the node exited (${child.exitCode})`);
    try {
      await jsonRpc(endpoint, method, []);
      return;
    } catch (error) {
      last = error;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  throw new Error(`node did not answer ${method}: ${String(last)}`);
}

function stopChild(child: ChildProcess): Promise<void> {
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

export async function startNodes(): Promise<Nodes> {
  const ltcBin = litecoindPath();
  const anvilBin = anvilPath();
  if (ltcBin === null || anvilBin === null) throw new Error('chain node binaries are missing');
  const dir = await mkdtemp(join(tmpdir(), 'kazna-chain-'));
  const [rpcPort, p2pPort, evmPort] = [await freePort(), await freePort(), await freePort()];
  const username = 'kazna';
  const password = 'regtest-only';
  const litecoin: RpcEndpoint = { url: `http://127.0.0.1:${rpcPort}/`, username, password };
  const ltc = spawn(
    ltcBin,
    [
      '-regtest',
      `-datadir=${dir}`,
      `-rpcport=${rpcPort}`,
      `-port=${p2pPort}`,
      '-rpcbind=127.0.0.1',
      '-rpcallowip=127.0.0.1',
      `-rpcuser=${username}`,
      `-rpcpassword=${password}`,
      '-listen=0',
      '-txindex=1',
      '-fallbackfee=0.0002',
      '-printtoconsole=0',
      '-server=1',
    ],
    { stdio: 'ignore' },
  );
  const evm: RpcEndpoint = { url: `http://127.0.0.1:${evmPort}/` };
  const anvil = spawn(anvilBin, ['--port', String(evmPort), '--host', '127.0.0.1', '--silent'], {
    stdio: 'ignore',
  });
  const stop = async (): Promise<void> => {
    await Promise.all([stopChild(ltc), stopChild(anvil)]);
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await waitFor(litecoin, 'getblockcount', ltc);
    await waitFor(evm, 'eth_blockNumber', anvil);
  } catch (error) {
    await stop();
    throw error;
  }
  return { litecoin, evm, stop };
}
