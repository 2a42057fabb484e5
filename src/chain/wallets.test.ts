import { HDKey } from '@scure/bip32';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256 } from '../core/hash.ts';
import { SYSTEM } from '../core/identity.ts';
import { testKazna, testTargets, type TestKazna } from '../../test/support/targets.ts';
import { bitcoinAdapter } from './bitcoin.ts';
import { evmAdapter } from './evm.ts';
import { utxoNetwork } from './networks.ts';

/** Watch-only registration without a node: registration reads nothing from the chain. */
describe.each(testTargets())('chain wallets ($label)', (target) => {
  let k: TestKazna;
  beforeAll(async () => {
    k = await testKazna(target);
    const ltc = utxoNetwork('LTC', 'regtest');
    if (ltc === null) throw new Error('no LTC regtest parameters');
    k.services.chain.adapters.use(bitcoinAdapter({ url: 'http://127.0.0.1:9/' }, ltc));
    k.services.chain.adapters.use(
      evmAdapter({ url: 'http://127.0.0.1:9/' }, [
        { asset: 'USDT', contract: '0x5FbDB2315678afecb367f032d93F642f64180aa3' },
      ]),
    );
  });
  afterAll(() => k.close());

  it('derives watch-only addresses from an xpub with the injected network prefix', async () => {
    const xpub = HDKey.fromMasterSeed(
      sha256(new TextEncoder().encode('xpub test seed')),
    ).publicExtendedKey;
    const w = await k.services.chain.registerWallet(SYSTEM, {
      asset: 'LTC',
      kind: 'xpub',
      label: 'derived',
      xpub,
      derive: 3,
    });
    if (!w.ok) throw new Error(w.message);
    expect(w.value.addresses).toHaveLength(3);
    expect(w.value.addresses.every((a) => a.startsWith('rltc1q'))).toBe(true);
    const again = await k.services.chain.registerWallet(SYSTEM, {
      asset: 'LTC',
      kind: 'address',
      label: 'dup',
      addresses: [w.value.addresses[0] ?? ''],
    });
    expect(!again.ok && again.code).toBe('address_already_watched');
  });

  it('refuses a multisig with repeated keys, an unknown chain and a foreign address', async () => {
    const key = '02' + '11'.repeat(32);
    const repeated = await k.services.chain.registerWallet(SYSTEM, {
      asset: 'LTC',
      kind: 'multisig',
      label: 'bad',
      threshold: 2,
      keys: [key, key],
    });
    expect(!repeated.ok && repeated.code).toBe('multisig_invalid');
    const noNode = await k.services.chain.registerWallet(SYSTEM, {
      asset: 'BTC',
      kind: 'address',
      label: 'btc',
      addresses: ['bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4'],
    });
    expect(!noNode.ok && noNode.code).toBe('chain_not_configured');
    const foreign = await k.services.chain.registerWallet(SYSTEM, {
      asset: 'LTC',
      kind: 'address',
      label: 'btc on ltc',
      addresses: ['bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4'],
    });
    expect(!foreign.ok && foreign.code).toBe('address_invalid');
  });

  it('takes gas accounts only in pairs, for a token, and only ETH accounts', async () => {
    const open = async (asset: 'ETH' | 'USDT', ref: string) => {
      const a = await k.services.ledger.openAccount(
        { id: 'test' },
        { asset, owner: { kind: 'custodian', ref }, type: 'asset' },
      );
      if (!a.ok) throw new Error(a.message);
      return a.value.id;
    };
    const [eth, ethFees, usdt] = [
      await open('ETH', 'gas'),
      await open('ETH', 'gas-fees'),
      await open('USDT', 'not-gas'),
    ];
    const token = (address: string, gas: { gasAccountId?: string; gasFeeAccountId?: string }) =>
      k.services.chain.registerWallet(SYSTEM, {
        asset: 'USDT',
        kind: 'address',
        label: 'usdt',
        addresses: [address],
        ...gas,
      });
    const half = await token('0x70997970C51812dc3A010C7d01b50e0d17dc79C8', { gasAccountId: eth });
    expect(!half.ok && half.code).toBe('gas_accounts_invalid');
    const notEth = await token('0x70997970C51812dc3A010C7d01b50e0d17dc79C8', {
      gasAccountId: usdt,
      gasFeeAccountId: ethFees,
    });
    expect(!notEth.ok && notEth.code).toBe('gas_accounts_invalid');
    const good = await token('0x70997970C51812dc3A010C7d01b50e0d17dc79C8', {
      gasAccountId: eth,
      gasFeeAccountId: ethFees,
    });
    if (!good.ok) throw new Error(good.message);
    expect(good.value).toMatchObject({ gasAccountId: eth, gasFeeAccountId: ethFees });
    expect((await k.services.chain.wallet(good.value.id))?.gasAccountId).toBe(eth);
  });
});
