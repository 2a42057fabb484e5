import { encodeFunctionData, type Hex } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listFromAddresses } from '../compliance/sanctions-file.ts';
import { sha256, toHex } from '../core/hash.ts';
import { SYSTEM } from '../core/identity.ts';
import { testTargets, testKazna, type TestKazna } from '../../test/support/targets.ts';
import { chainNodesAvailable, startNodes, type Nodes } from '../../test/support/chain-nodes.ts';
import { erc20Bytecode } from '../../test/support/chain-erc20.ts';
import {
  approvedMove,
  custodyAccounts,
  custodyPolicy,
  postIntake,
  whitelist,
} from '../../test/support/chain-fixtures.ts';
import { ERC20_ABI, evmAdapter } from './evm.ts';
import { serializable, type UnsignedEvmTx } from './evmtx.ts';
import { jsonRpc } from './rpc.ts';

/**
 * ERC-20 on anvil: a test token, a "seizure" sent by impersonating a sanctioned holder (screening
 * flags the lot), intake verification, a move signed by the registered official's key outside
 * Kazna, and a clean reconciliation. Altered or foreign-signed transactions are refused.
 */
const RUN = chainNodesAvailable();
/** anvil's first pre-funded, unlocked account. */
const DEPLOYER = '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266';
/** Stands in for an address on the OFAC list. */
const LISTED = '0x8589427373D6D84E98730D7795D8f6f8731FDA16';
const keyOf = (label: string): Hex => `0x${toHex(sha256(new TextEncoder().encode(label)))}`;
const official = privateKeyToAccount(keyOf('evm custody official (test)'));
const stranger = privateKeyToAccount(keyOf('not a custody key (test)'));
const destination = privateKeyToAccount(keyOf('destination (test)')).address;

describe.runIf(RUN).each(testTargets())('ERC-20 on anvil ($label)', (target) => {
  let nodes: Nodes;
  let k: TestKazna;
  let token: string;
  const eth = (method: string, params: unknown[] = []) => jsonRpc(nodes.evm, method, params);
  const send = async (tx: Record<string, string>): Promise<{ contractAddress: string | null }> => {
    const hash = (await eth('eth_sendTransaction', [tx])) as string;
    // Anvil mines at once, but on a busy machine the receipt can lag the hash by a moment.
    for (let i = 0; i < 100; i++) {
      const receipt = (await eth('eth_getTransactionReceipt', [hash])) as {
        contractAddress: string | null;
      } | null;
      if (receipt !== null) return receipt;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`no receipt for ${hash} after 10 s`);
  };
  const transferData = (to: string, amount: bigint) =>
    encodeFunctionData({ abi: ERC20_ABI, functionName: 'transfer', args: [to as Hex, amount] });

  beforeAll(async () => {
    nodes = await startNodes();
    cleanups.push(() => nodes.stop());
    const deployed = await send({ from: DEPLOYER, data: erc20Bytecode(10n ** 12n) });
    token = deployed.contractAddress ?? '';
    await send({ from: DEPLOYER, to: token, data: transferData(LISTED, 5_000_000_000n) });
    await eth('anvil_setBalance', [LISTED, '0xde0b6b3a7640000']);
    await eth('anvil_setBalance', [official.address, '0xde0b6b3a7640000']);
    k = await testKazna(target);
    cleanups.push(() => k.close());
    k.services.chain.adapters.use(evmAdapter(nodes.evm, [{ asset: 'USDT', contract: token }]));
  });

  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it('screens, verifies, moves with a checked signature, and reconciles', async () => {
    const chain = k.services.chain;
    const list = listFromAddresses('USDT', 'test-sanctions-list', [LISTED]);
    if (!list.ok) throw new Error(list.message);
    await k.services.compliance.importSanctions(SYSTEM, list.value);
    const accounts = await custodyAccounts(k, 'USDT', 'usdt');
    const officials = await custodyPolicy(k, 'usdt');
    // The address pays its gas in ETH: 1 ETH (set on anvil above) is booked in its ETH account.
    const gas = await custodyAccounts(k, 'ETH', 'usdt-gas');
    await postIntake(k, gas, 'ETH', 10n ** 18n, 'anvil_setBalance (test)');
    const w = await chain.registerWallet(SYSTEM, {
      gasAccountId: gas.custody,
      gasFeeAccountId: gas.fees,
      asset: 'USDT',
      kind: 'address',
      label: 'USDT seizure address',
      addresses: [official.address],
      keys: [official.address],
      accountId: accounts.custody,
      feeAccountId: accounts.fees,
    });
    if (!w.ok) throw new Error(w.message);

    // The seizure: the listed holder's tokens move to the state's address (impersonated on anvil).
    await eth('anvil_impersonateAccount', [LISTED]);
    const seizure = (await eth('eth_sendTransaction', [
      { from: LISTED, to: token, data: transferData(official.address, 1_000_000_000n) },
    ])) as string;
    await eth('anvil_stopImpersonatingAccount', [LISTED]);

    const v = await chain.verifyIntake(SYSTEM, {
      subjectId: 'lot-usdt-1',
      asset: 'USDT',
      txid: seizure,
      address: official.address,
      amount: 1_000_000_000n,
    });
    if (!v.ok) throw new Error(v.message);
    expect(v.value.outcome).toBe('verified');
    expect(v.value.screening).toMatchObject({ matches: 1 });
    const flagged = await k.services.compliance.alerts({ subjectId: 'lot-usdt-1' });
    expect(flagged.length).toBe(1);
    await postIntake(k, accounts, 'USDT', 1_000_000_000n, seizure);

    await whitelist(k, 'USDT', destination);
    const id = await approvedMove(k, officials, {
      walletId: w.value.id,
      asset: 'USDT',
      amount: '400',
      destination,
      destinationAccountId: accounts.destination,
    });
    const prepared = await chain.prepare(officials.custodian.actor, id);
    if (!prepared.ok) throw new Error(prepared.message);
    const unsigned = JSON.parse(prepared.value.unsigned) as UnsignedEvmTx;

    // Signed on the official's device; Kazna only sees the result.
    const altered = await official.signTransaction({
      ...serializable(unsigned),
      data: transferData(destination, 500_000_000n),
    });
    const differs = await chain.addSignedTransaction(officials.custodian.actor, id, altered);
    expect(!differs.ok && differs.code).toBe('transaction_differs_from_approval');
    const foreign = await stranger.signTransaction(serializable(unsigned));
    const notOurs = await chain.addSignedTransaction(officials.custodian.actor, id, foreign);
    expect(!notOurs.ok && notOurs.code).toBe('signer_not_registered');
    const signed = await official.signTransaction(serializable(unsigned));
    const accepted = await chain.addSignedTransaction(officials.custodian.actor, id, signed);
    expect(accepted.ok).toBe(true);

    const sent = await chain.broadcast(officials.custodian.actor, id);
    if (!sent.ok) throw new Error(sent.message);
    const confirmed = await chain.confirm(officials.custodian.actor, id);
    if (!confirmed.ok) throw new Error(confirmed.message);
    const vault = await k.services.ledger.read.account(accounts.custody);
    expect(vault?.balances.creditsPosted).toBe(400_000_000n);

    // The gas, exactly gasUsed × effectiveGasPrice wei, went from the ETH account to the expense.
    const receipt = (await eth('eth_getTransactionReceipt', [sent.value.txid])) as {
      gasUsed: string;
      effectiveGasPrice: string;
    };
    const paid = BigInt(receipt.gasUsed) * BigInt(receipt.effectiveGasPrice);
    expect(paid > 0n).toBe(true);
    const expense = await k.services.ledger.read.account(gas.fees);
    expect(expense?.balances.debitsPosted).toBe(paid);
    const ethHeld = await k.services.ledger.read.account(gas.custody);
    expect(ethHeld?.balances.creditsPosted).toBe(paid);
    expect(confirmed.value.transferIds.length).toBe(2);

    const run = await chain.reconcile(SYSTEM);
    expect(run.alertIds).toEqual([]);
    expect(run.rows[0]?.externalBalance).toBe(600_000_000n);
    expect(run.rows[1]).toMatchObject({
      asset: 'ETH',
      accountId: gas.custody,
      externalBalance: 10n ** 18n - paid,
      difference: 0n,
    });
  });
});
