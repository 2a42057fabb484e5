import { secp256k1 } from '@noble/curves/secp256k1.js';
import { base64 } from '@scure/base';
import { SigHash, Transaction } from '@scure/btc-signer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256 } from '../core/hash.ts';
import { SYSTEM } from '../core/identity.ts';
import { testTargets, testKazna, type TestKazna } from '../../test/support/targets.ts';
import { chainNodesAvailable, startNodes, type Nodes } from '../../test/support/chain-nodes.ts';
import {
  approved,
  approvedMove,
  custodyAccounts,
  custodyPolicy,
  postIntake,
  whitelist,
  type CustodyAccounts,
  type Officials,
} from '../../test/support/chain-fixtures.ts';
import { bitcoinAdapter } from './bitcoin.ts';
import { utxoNetwork } from './networks.ts';
import { jsonRpc, type RpcEndpoint } from './rpc.ts';

/**
 * End to end on Litecoin Core in regtest: fund a 2-of-3 P2WSH seizure wallet, verify the intake, move
 * coins out under an approved request with two signatures made here by test keys standing in for
 * officials' devices, confirm, reconcile clean, then pay the wallet from outside and see the alert.
 */
const RUN = chainNodesAvailable();
const LTC = utxoNetwork('LTC', 'regtest');

/** Private keys of three officials: in real use each lives on its owner's signing device. */
const officialKeys = [1, 2, 3].map((i) => sha256(new TextEncoder().encode(`official ${i} (test)`)));
const outsiderKey = sha256(new TextEncoder().encode('not a custody key (test)'));
const pub = (k: Uint8Array) => Buffer.from(secp256k1.getPublicKey(k, true)).toString('hex');

/** What an official's device does: sign every input it can, hand back the PSBT. */
function signElsewhere(psbtB64: string, key: Uint8Array): string {
  const tx = Transaction.fromPSBT(base64.decode(psbtB64));
  tx.sign(key);
  return base64.encode(tx.toPSBT());
}

/** A key outside the wallet forces a well-formed signature in (btc-signer itself refuses to). */
function signWithForeignKey(psbtB64: string, key: Uint8Array): string {
  const tx = Transaction.fromPSBT(base64.decode(psbtB64));
  for (let i = 0; i < tx.inputsLength; i++) {
    const input = tx.getInput(i);
    const hash = tx.preimageWitnessV0(
      i,
      input.witnessScript ?? new Uint8Array(),
      SigHash.ALL,
      input.witnessUtxo?.amount ?? 0n,
    );
    const der = secp256k1.sign(hash, key, { prehash: false, format: 'der' });
    const sig = new Uint8Array([...der, SigHash.ALL]);
    tx.updateInput(i, { partialSig: [[secp256k1.getPublicKey(key, true), sig]] }, true);
  }
  return base64.encode(tx.toPSBT());
}

describe.runIf(RUN).each(testTargets())('Litecoin regtest custody ($label)', (target) => {
  let nodes: Nodes;
  let k: TestKazna;
  let funder: RpcEndpoint;
  let accounts: CustodyAccounts;
  let officials: Officials;
  const ltc = (method: string, params: unknown[] = []) => jsonRpc(nodes.litecoin, method, params);
  const wallet = (method: string, params: unknown[] = []) => jsonRpc(funder, method, params);
  const mine = async (n = 1) => {
    const to = (await wallet('getnewaddress', ['', 'bech32'])) as string;
    await ltc('generatetoaddress', [n, to]);
  };

  beforeAll(async () => {
    nodes = await startNodes();
    cleanups.push(() => nodes.stop());
    funder = { ...nodes.litecoin, url: `${nodes.litecoin.url}wallet/funder` };
    await ltc('createwallet', ['funder']);
    await mine(101);
    k = await testKazna(target);
    cleanups.push(() => k.close());
    if (LTC === null) throw new Error('no LTC regtest parameters');
    k.services.chain.adapters.use(bitcoinAdapter(nodes.litecoin, LTC));
    accounts = await custodyAccounts(k, 'LTC', 'ltc');
    officials = await custodyPolicy(k, 'ltc');
  });

  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it('funds, verifies, moves under approval with 2 of 3 signatures, and reconciles', async () => {
    const chain = k.services.chain;
    // The custody keys are registered by an approved request, like any sensitive change.
    await approved(k, officials, 'chain.wallet.register', {
      asset: 'LTC',
      kind: 'multisig',
      label: 'seizure wallet 2-of-3',
      threshold: 2,
      keys: officialKeys.map(pub),
      accountId: accounts.custody,
      feeAccountId: accounts.fees,
    });
    const [wallet0] = await chain.wallets();
    if (wallet0 === undefined) throw new Error('the wallet was not registered');
    const registered = { value: wallet0 };
    const address = registered.value.addresses[0] ?? '';
    expect(address.startsWith('rltc1q')).toBe(true);

    // 1) The seizure pays the state's multisig address.
    const seizureTxid = (await wallet('sendtoaddress', [address, 1.5])) as string;
    await mine(1);

    // 2) Intake: the txid exists, is confirmed, and paid exactly 1.5 LTC to the seizure address.
    const short = await chain.verifyIntake(SYSTEM, {
      subjectId: 'lot-ltc-1',
      asset: 'LTC',
      txid: seizureTxid,
      address,
      amount: 150_000_001n,
    });
    expect(short.ok && short.value.outcome).toBe('amount_differs');
    k.clock.advance(1000);
    const v = await chain.verifyIntake(SYSTEM, {
      subjectId: 'lot-ltc-1',
      asset: 'LTC',
      txid: seizureTxid,
      address,
      amount: 150_000_000n,
    });
    if (!v.ok) throw new Error(v.message);
    expect(v.value.outcome).toBe('verified');
    expect(v.value.blockHeight).toBe(102);
    expect((await chain.verifications('lot-ltc-1')).map((x) => x.outcome)).toEqual([
      'amount_differs',
      'verified',
    ]);
    await postIntake(k, accounts, 'LTC', 150_000_000n, seizureTxid);

    // 3) An approved move to a whitelisted destination.
    const destination = (await wallet('getnewaddress', ['', 'bech32'])) as string;
    await whitelist(k, 'LTC', destination);
    const id = await approvedMove(k, officials, {
      walletId: registered.value.id,
      asset: 'LTC',
      amount: '0.4',
      destination,
      destinationAccountId: accounts.destination,
    });
    const prepared = await chain.prepare(officials.custodian.actor, id);
    if (!prepared.ok) throw new Error(prepared.message);

    // Refusals, each with its own code.
    const byOutsider = await chain.addSignatures(
      officials.custodian.actor,
      id,
      signWithForeignKey(prepared.value.unsigned, outsiderKey),
    );
    expect(!byOutsider.ok && byOutsider.code).toBe('signer_not_registered');
    const altered = Transaction.fromPSBT(base64.decode(prepared.value.unsigned));
    altered.updateOutput(0, { amount: 41_000_000n });
    const tampered = await chain.addSignatures(
      officials.custodian.actor,
      id,
      signElsewhere(base64.encode(altered.toPSBT()), officialKeys[0]!),
    );
    expect(!tampered.ok && tampered.code).toBe('transaction_differs_from_approval');

    const first = await chain.addSignatures(
      officials.custodian.actor,
      id,
      signElsewhere(prepared.value.unsigned, officialKeys[0]!),
    );
    expect(first.ok && first.value).toEqual({ collected: 1, threshold: 2, complete: false });
    const early = await chain.broadcast(officials.custodian.actor, id);
    expect(!early.ok && early.code).toBe('signatures_insufficient');

    const second = await chain.addSignatures(
      officials.custodian.actor,
      id,
      signElsewhere(prepared.value.unsigned, officialKeys[2]!),
    );
    expect(second.ok && second.value.complete).toBe(true);
    const sent = await chain.broadcast(officials.custodian.actor, id);
    if (!sent.ok) throw new Error(sent.message);
    const unconfirmed = await chain.confirm(officials.custodian.actor, id);
    expect(!unconfirmed.ok && unconfirmed.code).toBe('confirmations_insufficient');
    await mine(1);
    const confirmed = await chain.confirm(officials.custodian.actor, id);
    if (!confirmed.ok) throw new Error(confirmed.message);
    const fee = BigInt(prepared.value.fee);
    const vault = await k.services.ledger.read.account(accounts.custody);
    expect(vault?.balances.creditsPosted).toBe(40_000_000n + fee);
    const received = (await jsonRpc(nodes.litecoin, 'getrawtransaction', [
      sent.value.txid,
      true,
    ])) as { confirmations: number };
    expect(received.confirmations).toBe(1);

    // 4) Chain and ledger agree.
    const clean = await chain.reconcile(SYSTEM);
    expect(clean.alertIds).toEqual([]);
    expect(clean.rows[0]?.externalBalance).toBe(150_000_000n - 40_000_000n - fee);

    // 5) Coins arrive from outside Kazna: the next run raises an alert with its evidence.
    await wallet('sendtoaddress', [address, 0.1]);
    await mine(1);
    const dirty = await chain.reconcile(SYSTEM);
    expect(dirty.alertIds).toHaveLength(1);
    const [alert] = await chain.alerts();
    expect(alert?.difference).toBe(10_000_000n);
    expect(alert?.evidence).toMatchObject({
      source: 'chain',
      chainBalance: (120_000_000n - fee).toString(),
    });
  });
});
