/**
 * A minimal ERC-20 for the anvil tests, compile-free: its bytecode is assembled below from the EVM
 * assembly listed here, so the source is the listing itself (no compiler is needed or trusted).
 *
 *   constructor: balance[msg.sender] = SUPPLY; return runtime
 *   runtime (storage slot = holder address, value = balance):
 *     balanceOf(address)  0x70a08231  -> balance[addr]
 *     decimals()          0x313ce567  -> 6
 *     transfer(to, amt)   0xa9059cbb  -> reverts if balance[caller] < amt; moves amt;
 *                                        emits Transfer(caller, to, amt); returns true
 *     anything else reverts.
 */
const OP: Record<string, number> = {
  ADD: 0x01,
  SUB: 0x03,
  LT: 0x10,
  EQ: 0x14,
  SHR: 0x1c,
  CALLER: 0x33,
  CALLDATALOAD: 0x35,
  CODECOPY: 0x39,
  MSTORE: 0x52,
  SLOAD: 0x54,
  SSTORE: 0x55,
  JUMPI: 0x57,
  JUMPDEST: 0x5b,
  DUP1: 0x80,
  DUP2: 0x81,
  DUP3: 0x82,
  SWAP1: 0x90,
  LOG3: 0xa3,
  RETURN: 0xf3,
  REVERT: 0xfd,
};

/** Assembles `OP`, `PUSHn hex`, `@label` (a PUSH2 of the label) and `label:` (a JUMPDEST). */
function assemble(lines: readonly string[]): string {
  const pass = (labels: Map<string, number>): { code: number[]; labels: Map<string, number> } => {
    const code: number[] = [];
    const found = new Map<string, number>();
    for (const line of lines) {
      const [op = '', arg = ''] = line.trim().split(/\s+/);
      if (op.endsWith(':')) {
        found.set(op.slice(0, -1), code.length);
        code.push(0x5b);
      } else if (op.startsWith('@')) {
        const at = labels.get(op.slice(1)) ?? 0;
        code.push(0x61, at >> 8, at & 0xff);
      } else if (op.startsWith('PUSH')) {
        const n = Number(op.slice(4));
        const hex = arg.replace(/^0x/, '').padStart(n * 2, '0');
        code.push(0x5f + n, ...Buffer.from(hex, 'hex'));
      } else {
        const byte = OP[op];
        if (byte === undefined) throw new Error(`unknown opcode ${op}`);
        code.push(byte);
      }
    }
    return { code, labels: found };
  };
  const first = pass(new Map());
  return Buffer.from(pass(first.labels).code).toString('hex');
}

const TRANSFER_TOPIC = 'ddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef';

const RUNTIME = assemble([
  'PUSH1 00',
  'CALLDATALOAD',
  'PUSH1 e0',
  'SHR',
  'DUP1',
  'PUSH4 70a08231',
  'EQ',
  '@balanceOf',
  'JUMPI',
  'DUP1',
  'PUSH4 a9059cbb',
  'EQ',
  '@transfer',
  'JUMPI',
  'DUP1',
  'PUSH4 313ce567',
  'EQ',
  '@decimals',
  'JUMPI',
  'PUSH1 00',
  'DUP1',
  'REVERT',
  'balanceOf:',
  'PUSH1 04',
  'CALLDATALOAD',
  'SLOAD',
  'PUSH1 00',
  'MSTORE',
  'PUSH1 20',
  'PUSH1 00',
  'RETURN',
  'decimals:',
  'PUSH1 06',
  'PUSH1 00',
  'MSTORE',
  'PUSH1 20',
  'PUSH1 00',
  'RETURN',
  'transfer:',
  'PUSH1 24',
  'CALLDATALOAD', // amount
  'CALLER',
  'SLOAD', // sender balance
  'DUP2',
  'DUP2',
  'LT',
  '@fail',
  'JUMPI', // balance < amount
  'DUP2',
  'SWAP1',
  'SUB',
  'CALLER',
  'SSTORE', // balance[caller] -= amount
  'PUSH1 04',
  'CALLDATALOAD',
  'DUP1',
  'SLOAD',
  'DUP3',
  'ADD',
  'SWAP1',
  'SSTORE', // balance[to] += amount
  'PUSH1 00',
  'MSTORE', // log data: amount
  'PUSH1 04',
  'CALLDATALOAD',
  'CALLER',
  `PUSH32 ${TRANSFER_TOPIC}`,
  'PUSH1 20',
  'PUSH1 00',
  'LOG3',
  'PUSH1 01',
  'PUSH1 00',
  'MSTORE',
  'PUSH1 20',
  'PUSH1 00',
  'RETURN',
  'fail:',
  'PUSH1 00',
  'DUP1',
  'REVERT',
]);

/** Deployment bytecode: the constructor, then the runtime it copies out and returns. */
export function erc20Bytecode(supply: bigint): `0x${string}` {
  const runtimeLength = RUNTIME.length / 2;
  const constructorLength = 33 + 1 + 1 + 3 + 1 + 3 + 2 + 1 + 2 + 1;
  const init = assemble([
    `PUSH32 ${supply.toString(16)}`,
    'CALLER',
    'SSTORE',
    `PUSH2 ${runtimeLength.toString(16)}`,
    'DUP1',
    `PUSH2 ${constructorLength.toString(16)}`,
    'PUSH1 00',
    'CODECOPY',
    'PUSH1 00',
    'RETURN',
  ]);
  if (init.length / 2 !== constructorLength) throw new Error('constructor length changed');
  return `0x${init}${RUNTIME}`;
}
