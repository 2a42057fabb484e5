import { decodeAbiParameters, encodeFunctionData, getAddress, numberToHex, type Hex } from 'viem';
import type { AssetCode } from '../core/assets.ts';
import { err, ok, type Result } from '../core/result.ts';
import type { BroadcastError, ChainAdapter, ChainOutput, ChainTransaction } from './adapter.ts';
import { jsonRpc, RpcError, type RpcEndpoint } from './rpc.ts';

/**
 * EVM JSON-RPC: native ETH and ERC-20 tokens whose contract addresses come from configuration. A
 * token "output" is a `Transfer` log of the configured contract in the receipt; a balance at a
 * height is `eth_getBalance` or `balanceOf` called at that block (the node keeps that state).
 */
export interface EvmToken {
  readonly asset: AssetCode;
  readonly contract: string;
}

export interface EvmFees {
  readonly chainId: number;
  readonly maxFeePerGas: bigint;
  readonly maxPriorityFeePerGas: bigint;
}

export interface EvmAdapter extends ChainAdapter {
  readonly tokens: readonly EvmToken[];
  tokenFor(asset: AssetCode): EvmToken | null;
  nonce(address: string): Promise<number>;
  fees(): Promise<EvmFees>;
  estimateGas(call: { from: string; to: string; value: bigint; data: Hex }): Promise<bigint>;
}

export const ERC20_ABI = [
  {
    type: 'function',
    name: 'transfer',
    stateMutability: 'nonpayable',
    inputs: [
      { name: 'to', type: 'address' },
      { name: 'amount', type: 'uint256' },
    ],
    outputs: [{ name: '', type: 'bool' }],
  },
  {
    type: 'function',
    name: 'balanceOf',
    stateMutability: 'view',
    inputs: [{ name: 'owner', type: 'address' }],
    outputs: [{ name: '', type: 'uint256' }],
  },
] as const;

/** keccak256("Transfer(address,address,uint256)") */
export const TRANSFER_TOPIC = '0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef';

interface Receipt {
  readonly status: Hex;
  readonly gasUsed: Hex;
  readonly effectiveGasPrice?: Hex;
  readonly blockNumber: Hex | null;
  readonly logs: readonly { address: string; topics: readonly Hex[]; data: Hex }[];
}
interface EvmTx {
  readonly hash: Hex;
  readonly from: string;
  readonly to: string | null;
  readonly value: Hex;
  readonly blockNumber: Hex | null;
}

const topicAddress = (topic: Hex): string => getAddress(`0x${topic.slice(26)}`);

interface Ctx {
  readonly call: (method: string, params: readonly unknown[]) => Promise<unknown>;
  readonly tokenFor: (asset: AssetCode) => EvmToken | null;
  readonly tipHeight: () => Promise<number>;
}

async function evmTransaction(
  { call, tokenFor, tipHeight }: Ctx,
  asset: AssetCode,
  hash: string,
): Promise<ChainTransaction | null> {
  const t = (await call('eth_getTransactionByHash', [hash])) as EvmTx | null;
  if (t === null) return null;
  const receipt = (await call('eth_getTransactionReceipt', [hash])) as Receipt | null;
  const blockHeight =
    receipt?.blockNumber === null || receipt === null ? null : Number(BigInt(receipt.blockNumber));
  const confirmations = blockHeight === null ? 0 : (await tipHeight()) - blockHeight + 1;
  const succeeded = receipt !== null && BigInt(receipt.status) === 1n;
  const token = tokenFor(asset);
  let outputs: ChainOutput[];
  if (token === null) {
    outputs = [
      {
        index: 0,
        address: t.to === null ? null : getAddress(t.to),
        amount: BigInt(t.value),
        from: getAddress(t.from),
      },
    ];
  } else {
    outputs = (receipt?.logs ?? [])
      .map((l, index) => ({ l, index }))
      .filter(
        ({ l }) =>
          l.address.toLowerCase() === token.contract.toLowerCase() &&
          l.topics[0] === TRANSFER_TOPIC &&
          l.topics.length === 3,
      )
      .map(({ l, index }) => {
        const [, fromTopic = '0x', toTopic = '0x'] = l.topics;
        return {
          index,
          from: topicAddress(fromTopic),
          address: topicAddress(toTopic),
          amount: decodeAbiParameters([{ type: 'uint256' }], l.data)[0],
        };
      });
  }
  const fee =
    receipt === null ? 0n : BigInt(receipt.gasUsed) * BigInt(receipt.effectiveGasPrice ?? '0x0');
  return { txid: t.hash, blockHeight, confirmations, succeeded, outputs, fee };
}

async function evmBalancesAt(
  { call, tokenFor }: Ctx,
  asset: AssetCode,
  addresses: readonly string[],
  height: number,
): Promise<Map<string, bigint>> {
  const token = tokenFor(asset);
  const block = numberToHex(height);
  const out = new Map<string, bigint>();
  for (const a of addresses) {
    if (token === null) {
      out.set(a, BigInt((await call('eth_getBalance', [a, block])) as string));
    } else {
      const data = encodeFunctionData({
        abi: ERC20_ABI,
        functionName: 'balanceOf',
        args: [getAddress(a)],
      });
      const r = (await call('eth_call', [{ to: token.contract, data }, block])) as Hex;
      out.set(a, BigInt(r));
    }
  }
  return out;
}

export function evmAdapter(endpoint: RpcEndpoint, tokens: readonly EvmToken[]): EvmAdapter {
  const call = (method: string, params: readonly unknown[]) => jsonRpc(endpoint, method, params);
  const tokenFor = (asset: AssetCode) => tokens.find((t) => t.asset === asset) ?? null;
  const tipHeight = async () => Number(BigInt((await call('eth_blockNumber', [])) as string));
  const ctx: Ctx = { call, tokenFor, tipHeight };

  async function broadcast(raw: string): Promise<Result<string, BroadcastError>> {
    try {
      return ok((await call('eth_sendRawTransaction', [raw])) as string);
    } catch (error) {
      if (error instanceof RpcError)
        return err('broadcast_rejected', error.message, { rpcCode: error.code });
      throw error;
    }
  }

  async function fees(): Promise<EvmFees> {
    const chainId = Number(BigInt((await call('eth_chainId', [])) as string));
    const block = (await call('eth_getBlockByNumber', ['latest', false])) as {
      baseFeePerGas?: Hex;
    };
    const base = BigInt(block.baseFeePerGas ?? '0x0');
    const tip = BigInt((await call('eth_maxPriorityFeePerGas', [])) as string);
    // Twice the base fee leaves room for six full blocks of base-fee rises before the tx stalls.
    return { chainId, maxFeePerGas: base * 2n + tip, maxPriorityFeePerGas: tip };
  }

  return {
    kind: 'evm',
    assets: ['ETH', ...tokens.map((t) => t.asset)],
    tokens,
    tokenFor,
    tipHeight,
    transaction: (asset, hash) => evmTransaction(ctx, asset, hash),
    balancesAt: (asset, addresses, height) => evmBalancesAt(ctx, asset, addresses, height),
    broadcast,
    fees,
    nonce: async (address) =>
      Number(BigInt((await call('eth_getTransactionCount', [address, 'pending'])) as string)),
    estimateGas: async (c) =>
      BigInt(
        (await call('eth_estimateGas', [
          { from: c.from, to: c.to, value: numberToHex(c.value), data: c.data },
        ])) as string,
      ),
  };
}
