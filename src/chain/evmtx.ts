import {
  encodeFunctionData,
  getAddress,
  parseTransaction,
  recoverTransactionAddress,
  serializeTransaction,
  type Hex,
  type TransactionSerializableEIP1559,
} from 'viem';
import { err, ok, type Result } from '../core/result.ts';
import { ERC20_ABI } from './evm.ts';

/**
 * EVM custody transactions without keys: Kazna prepares the unsigned EIP-1559 transaction for an
 * approved move; an official signs it on their own device and hands back the signed raw transaction;
 * Kazna recovers the signer and compares every field with what it prepared before broadcasting.
 */
export interface UnsignedEvmTx {
  readonly chainId: number;
  readonly nonce: number;
  readonly to: string;
  readonly value: string;
  readonly data: Hex;
  readonly gas: string;
  readonly maxFeePerGas: string;
  readonly maxPriorityFeePerGas: string;
}

export function transferCall(input: {
  token: string | null;
  destination: string;
  amount: bigint;
}): { to: string; value: bigint; data: Hex } {
  if (input.token === null)
    return { to: getAddress(input.destination), value: input.amount, data: '0x' };
  const data = encodeFunctionData({
    abi: ERC20_ABI,
    functionName: 'transfer',
    args: [getAddress(input.destination), input.amount],
  });
  return { to: getAddress(input.token), value: 0n, data };
}

export function serializable(u: UnsignedEvmTx): TransactionSerializableEIP1559 {
  return {
    type: 'eip1559',
    chainId: u.chainId,
    nonce: u.nonce,
    to: getAddress(u.to),
    value: BigInt(u.value),
    data: u.data,
    gas: BigInt(u.gas),
    maxFeePerGas: BigInt(u.maxFeePerGas),
    maxPriorityFeePerGas: BigInt(u.maxPriorityFeePerGas),
  };
}

/** What a signing device takes: the RLP-encoded unsigned transaction. */
export function unsignedHex(u: UnsignedEvmTx): Hex {
  return serializeTransaction(serializable(u));
}

export type EvmCheckError =
  'signed_transaction_invalid' | 'transaction_differs_from_approval' | 'signer_not_registered';

/** Checks a signed raw transaction against the prepared one and the registered signer. */
export async function checkSignedEvmTx(
  prepared: UnsignedEvmTx,
  raw: string,
  signer: string,
): Promise<Result<{ signer: string }, EvmCheckError>> {
  let parsed: ReturnType<typeof parseTransaction>;
  let from: string;
  try {
    parsed = parseTransaction(raw as Hex);
    from = await recoverTransactionAddress({
      serializedTransaction: raw as Parameters<
        typeof recoverTransactionAddress
      >[0]['serializedTransaction'],
    });
  } catch (error) {
    return err('signed_transaction_invalid', `not a signed EVM transaction: ${String(error)}`);
  }
  const expected = serializable(prepared);
  const found: Record<string, string> = {
    type: String(parsed.type),
    chainId: String(parsed.chainId),
    nonce: String(parsed.nonce ?? 0),
    to: parsed.to === undefined || parsed.to === null ? '' : getAddress(parsed.to),
    value: String(parsed.value ?? 0n),
    data: (parsed.data ?? '0x').toLowerCase(),
    gas: String(parsed.gas),
    maxFeePerGas: String(parsed.maxFeePerGas),
    maxPriorityFeePerGas: String(parsed.maxPriorityFeePerGas),
  };
  const want: Record<string, string> = {
    type: 'eip1559',
    chainId: String(expected.chainId),
    nonce: String(expected.nonce),
    to: expected.to ?? '',
    value: String(expected.value),
    data: (expected.data ?? '0x').toLowerCase(),
    gas: String(expected.gas),
    maxFeePerGas: String(expected.maxFeePerGas),
    maxPriorityFeePerGas: String(expected.maxPriorityFeePerGas),
  };
  const differences = Object.keys(want)
    .filter((k) => want[k] !== found[k])
    .map((k) => ({ field: k, expected: want[k] ?? '', found: found[k] ?? '' }));
  if (differences.length > 0)
    return err(
      'transaction_differs_from_approval',
      'the signed transaction differs from the prepared one',
      { differences },
    );
  if (getAddress(from) !== getAddress(signer))
    return err(
      'signer_not_registered',
      'the transaction is signed by a key that is not registered for this wallet',
      {
        expected: getAddress(signer),
        found: getAddress(from),
      },
    );
  return ok({ signer: getAddress(from) });
}
