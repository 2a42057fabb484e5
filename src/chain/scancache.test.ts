import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM } from '../core/identity.ts';
import { testTargets, testKazna, type TestKazna } from '../../test/support/targets.ts';
import { chainNodesAvailable, startNodes, type Nodes } from '../../test/support/chain-nodes.ts';
import { custodyAccounts, postIntake } from '../../test/support/chain-fixtures.ts';
import type { CustodyAccounts } from '../../test/support/chain-fixtures.ts';
import { bitcoinAdapter, type BitcoinAdapter } from './bitcoin.ts';
import { utxoNetwork } from './networks.ts';
import { jsonRpc, type RpcEndpoint } from './rpc.ts';

/**
 * The block-scan cache on Litecoin Core regtest: a second reconciliation asks the node only for the
 * blocks mined since the first, a third with no new block reads none, and after a reorg (the cached
 * tip invalidated, a longer branch mined) the scan restarts below the fork and forgets the coinbase
 * that only the abandoned branch paid. A spend of cached outputs is seen too.
 */
const RUN = chainNodesAvailable();
const LTC = utxoNetwork('LTC', 'regtest');

interface ScanEvidence {
  from: number;
  to: number;
  blocksRead: number;
  reorg: boolean;
}

describe.runIf(RUN).each(testTargets())(
  'Block-scan cache on Litecoin regtest ($label)',
  (target) => {
    let nodes: Nodes;
    let k: TestKazna;
    let funder: RpcEndpoint;
    let watched: RpcEndpoint;
    let accounts: CustodyAccounts;
    /** The height ranges reconciliation asked the node to walk, in order. */
    const scans: [number, number][] = [];
    let adapter: BitcoinAdapter;
    const ltc = (method: string, params: unknown[] = []) => jsonRpc(nodes.litecoin, method, params);
    const fund = (method: string, params: unknown[] = []) => jsonRpc(funder, method, params);
    const mine = async (n = 1) => {
      const to = (await fund('getnewaddress', ['', 'bech32'])) as string;
      await ltc('generatetoaddress', [n, to]);
    };
    const tip = async () => Number(await ltc('getblockcount'));
    const cleanups: (() => Promise<void>)[] = [];

    beforeAll(async () => {
      nodes = await startNodes();
      cleanups.push(() => nodes.stop());
      funder = { ...nodes.litecoin, url: `${nodes.litecoin.url}wallet/funder` };
      watched = { ...nodes.litecoin, url: `${nodes.litecoin.url}wallet/watched` };
      await ltc('createwallet', ['funder']);
      await ltc('createwallet', ['watched']);
      await mine(101);
      k = await testKazna(target);
      cleanups.push(() => k.close());
      if (LTC === null) throw new Error('no LTC regtest parameters');
      const real = bitcoinAdapter(nodes.litecoin, LTC);
      adapter = {
        ...real,
        scan: async (addresses, from, to, start, skip) => {
          scans.push([from, to]);
          return real.scan(addresses, from, to, start, skip);
        },
      };
      k.services.chain.adapters.use(adapter);
      accounts = await custodyAccounts(k, 'LTC', 'ltc-cache');
    });

    afterAll(async () => {
      for (const cleanup of cleanups.reverse()) await cleanup();
    });

    const reconcile = async () => {
      const run = await k.services.chain.reconcile(SYSTEM);
      const row = run.rows[0];
      if (row === undefined) throw new Error('no reconciliation row');
      const scan = (row.evidence as unknown as { scan: ScanEvidence }).scan;
      return { run, row, scan };
    };

    it('reads only new blocks, rescans below a reorg, and sees spends of cached outputs', async () => {
      const chain = k.services.chain;
      const address = (await jsonRpc(watched, 'getnewaddress', ['', 'bech32'])) as string;
      const birth = await tip();
      const w = await chain.registerWallet(SYSTEM, {
        asset: 'LTC',
        kind: 'address',
        label: 'cached seizure address',
        addresses: [address],
        accountId: accounts.custody,
        feeAccountId: accounts.fees,
        birthHeight: birth,
      });
      if (!w.ok) throw new Error(w.message);

      const first = (await fund('sendtoaddress', [address, 1.5])) as string;
      await mine();
      await postIntake(k, accounts, 'LTC', 150_000_000n, first);
      const r1 = await reconcile();
      const t1 = await tip();
      expect(r1.run.alertIds).toEqual([]);
      expect(r1.scan).toMatchObject({ from: birth, to: t1, blocksRead: t1 - birth + 1 });
      expect(scans.at(-1)).toEqual([birth, t1]);

      await mine(3);
      const second = (await fund('sendtoaddress', [address, 0.25])) as string;
      await mine();
      await postIntake(k, accounts, 'LTC', 25_000_000n, second);
      const r2 = await reconcile();
      const t2 = await tip();
      expect(t2 - t1).toBe(4);
      expect(r2.run.alertIds).toEqual([]);
      expect(r2.row.externalBalance).toBe(175_000_000n);
      expect(r2.scan).toMatchObject({ from: t1 + 1, to: t2, blocksRead: 4, reorg: false });
      expect(scans.at(-1)).toEqual([t1 + 1, t2]);
      // The cached answer is the full scan's answer.
      const full = await adapter.balancesAt('LTC', [address], t2, birth);
      expect(full.get(address)).toBe(175_000_000n);

      const r3 = await reconcile();
      expect(r3.scan).toMatchObject({ from: t2 + 1, blocksRead: 0 });
      expect(r3.row.externalBalance).toBe(175_000_000n);

      // A block whose coinbase pays the address: the chain now holds more than the ledger.
      await ltc('generatetoaddress', [1, address]);
      const r4 = await reconcile();
      expect(r4.run.alertIds.length).toBe(1);
      expect(r4.scan).toMatchObject({ from: t2 + 1, blocksRead: 1 });
      const coinbase = r4.row.externalBalance - 175_000_000n;
      expect(coinbase > 0n).toBe(true);

      // Reorg: that block is abandoned and a longer branch without the coinbase is mined.
      const t3 = await tip();
      await ltc('invalidateblock', [await ltc('getblockhash', [t3])]);
      await mine(2);
      const t4 = await tip();
      expect(t4).toBe(t3 + 1);
      const r5 = await reconcile();
      expect(r5.scan).toMatchObject({ from: t2 + 1, to: t4, blocksRead: t4 - t2, reorg: true });
      expect(scans.at(-1)).toEqual([t2 + 1, t4]);
      expect(r5.row.externalBalance).toBe(175_000_000n);
      expect(r5.run.alertIds).toEqual([]);

      // Everything leaves the address from outside Kazna: the cached outputs are seen spent.
      const away = (await fund('getnewaddress', ['', 'bech32'])) as string;
      await jsonRpc(watched, 'sendtoaddress', [away, 1.75, '', '', true]);
      await mine();
      const r6 = await reconcile();
      expect(r6.scan).toMatchObject({ from: t4 + 1, blocksRead: 1, reorg: false });
      expect(r6.row.externalBalance).toBe(0n);
      expect(r6.row.difference).toBe(-175_000_000n);
      expect(r6.run.alertIds.length).toBe(1);
    });
  },
);
