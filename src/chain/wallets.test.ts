import { HDKey } from '@scure/bip32';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256 } from '../core/hash.ts';
import { SYSTEM } from '../http/access.ts';
import { testKazna, testTargets, type TestKazna } from '../../test/support/targets.ts';
import { bitcoinAdapter } from './bitcoin.ts';
import { utxoNetwork } from './networks.ts';

/** Watch-only registration without a node: registration reads nothing from the chain. */
describe.each(testTargets())('chain wallets ($label)', (target) => {
  let k: TestKazna;
  beforeAll(async () => {
    k = await testKazna(target);
    const ltc = utxoNetwork('LTC', 'regtest');
    if (ltc === null) throw new Error('no LTC regtest parameters');
    k.services.chain.adapters.use(bitcoinAdapter({ url: 'http://127.0.0.1:9/' }, ltc));
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
});
