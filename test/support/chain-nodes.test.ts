import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { jsonRpc } from '../../src/chain/rpc.ts';
import { freePorts } from '../../src/db/embedded.ts';
import { chainNodesAvailable, litecoindPath, startLitecoind, stopChild } from './chain-nodes.ts';

const RUN = chainNodesAvailable();

describe('chain test nodes', () => {
  it('picks distinct ports', async () => {
    const ports = await freePorts(3);
    expect(new Set(ports).size).toBe(3);
    for (const port of ports) expect(port).toBeGreaterThan(0);
  });

  describe.runIf(RUN)('litecoind', () => {
    const cleanups: (() => Promise<void>)[] = [];
    afterAll(async () => {
      for (const cleanup of cleanups.reverse()) await cleanup();
    });

    // Another test file's node can bind a port between our pick and our node's bind; litecoind then
    // exits with "Unable to start HTTP server". The start must try again on new ports.
    it('starts again on new ports when its RPC port is taken first', async () => {
      const bin = litecoindPath();
      if (bin === null) throw new Error('litecoind is missing');
      // It hangs up at once, as a node of another kind would answer our RPC with nothing useful.
      const taken = createServer((socket) => socket.destroy());
      await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
      cleanups.push(
        () =>
          new Promise((resolve) =>
            taken.close(() => {
              resolve();
            }),
          ),
      );
      const address = taken.address();
      const takenPort = typeof address === 'object' && address !== null ? address.port : 0;
      const dir = await mkdtemp(join(tmpdir(), 'kazna-chain-test-'));
      cleanups.push(() => rm(dir, { recursive: true, force: true }));
      let picks = 0;
      const node = await startLitecoind(bin, dir, async (count) => {
        picks += 1;
        return picks === 1 ? [takenPort, ...(await freePorts(count - 1))] : freePorts(count);
      });
      cleanups.push(() => stopChild(node.child));
      expect(picks).toBe(2);
      expect(node.endpoint.url).not.toContain(`:${String(takenPort)}/`);
      expect(await jsonRpc(node.endpoint, 'getblockcount', [])).toBe(0);
    });
  });
});
