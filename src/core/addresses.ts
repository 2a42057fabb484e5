import { keccak_256 } from '@noble/hashes/sha3.js';
import { err, ok, type Result } from './result.ts';
import { decodeBase58Check, isBase58Text } from './addresses-base58.ts';
import { decodeSegwit, type SegwitProgram } from './addresses-bech32.ts';

/**
 * Address validation per chain. Pure (no node: imports) so the web app can run the same rules as the
 * API. A failure is a reason code the UI can explain as the user types; an address that is valid on
 * another chain or network is `wrong_network`, with where it does belong as evidence.
 */
export const CHAINS = ['BTC', 'LTC', 'EVM', 'TRON'] as const;
export type Chain = (typeof CHAINS)[number];
export type NetworkName = 'mainnet' | 'testnet' | 'regtest';

export type AddressReason =
  | 'empty'
  | 'unsupported_chain'
  | 'unknown_format'
  | 'bad_character'
  | 'mixed_case'
  | 'bad_length'
  | 'bad_checksum'
  | 'bad_witness_version'
  | 'bad_padding'
  | 'wrong_network';

export type AddressType =
  | 'p2pkh'
  | 'p2sh'
  | 'p2wpkh'
  | 'p2wsh'
  | 'p2tr'
  | 'witness_unknown'
  | 'evm_account'
  | 'tron_account';

/** How the address protects itself against typos; `none` is an unchecksummed EVM address. */
export type ChecksumKind = 'base58check' | 'bech32' | 'bech32m' | 'eip55' | 'none';

export interface ValidAddress {
  readonly chain: Chain;
  /** Null where the format carries no network: EVM (same on every EVM chain) and TRON. */
  readonly network: NetworkName | null;
  readonly type: AddressType;
  readonly checksum: ChecksumKind;
  /** The canonical spelling: lower-case bech32, EIP-55 mixed case, base58 as given. */
  readonly normalized: string;
  readonly witnessVersion?: number;
}

/** Network parameters of a UTXO chain. Injectable, because regtest set-ups differ (`rltc`). */
export interface UtxoNetworkParams {
  readonly chain: 'BTC' | 'LTC';
  readonly network: NetworkName;
  /** Bech32 human-readable part, lower case. */
  readonly hrp: string;
  readonly p2pkh: readonly number[];
  readonly p2sh: readonly number[];
}

export const UTXO_NETWORKS: readonly UtxoNetworkParams[] = [
  { chain: 'BTC', network: 'mainnet', hrp: 'bc', p2pkh: [0x00], p2sh: [0x05] },
  { chain: 'BTC', network: 'testnet', hrp: 'tb', p2pkh: [0x6f], p2sh: [0xc4] },
  { chain: 'BTC', network: 'regtest', hrp: 'bcrt', p2pkh: [0x6f], p2sh: [0xc4] },
  // Litecoin moved P2SH from 0x05 ("3") to 0x32 ("M"); both are still in use on mainnet.
  { chain: 'LTC', network: 'mainnet', hrp: 'ltc', p2pkh: [0x30], p2sh: [0x32, 0x05] },
  { chain: 'LTC', network: 'testnet', hrp: 'tltc', p2pkh: [0x6f], p2sh: [0x3a, 0xc4] },
  { chain: 'LTC', network: 'regtest', hrp: 'rltc', p2pkh: [0x6f], p2sh: [0x3a, 0xc4] },
];

export const TRON_VERSION = 0x41;

export interface ValidateOptions {
  /** Defaults to mainnet. */
  readonly network?: NetworkName;
  /** Overrides the built-in parameters for a UTXO chain (a custom regtest, say). */
  readonly params?: UtxoNetworkParams;
}

export function parseChain(text: string): Chain | null {
  const upper = text.trim().toUpperCase();
  const alias: Readonly<Record<string, Chain>> = { ETH: 'EVM', TRX: 'TRON' };
  const chain = alias[upper] ?? upper;
  return (CHAINS as readonly string[]).includes(chain) ? (chain as Chain) : null;
}

export function validateAddress(
  chainText: string,
  address: string,
  options: ValidateOptions = {},
): Result<ValidAddress, AddressReason> {
  const chain = parseChain(chainText);
  if (chain === null) {
    return err('unsupported_chain', `"${chainText}" is not a supported chain`, {
      supported: [...CHAINS],
    });
  }
  if (address.length === 0) return err('empty', 'the address is empty');
  if (/\s/.test(address)) return err('bad_character', 'the address contains spaces');
  const network = options.network ?? 'mainnet';
  const params = options.params ?? utxoParams(chain, network);
  const result = validateOn(chain, address, params, network);
  if (result.ok || result.code !== 'unknown_format') return result;
  const elsewhere = detectElsewhere(address, chain, params);
  if (elsewhere === null) return result;
  return err(
    'wrong_network',
    `this is a ${elsewhere.chain} ${elsewhere.network ?? ''} address, not ${chain} ${network}`,
    {
      expected: { chain, network },
      detected: { chain: elsewhere.chain, network: elsewhere.network },
    },
  );
}

function utxoParams(chain: Chain, network: NetworkName): UtxoNetworkParams | null {
  return UTXO_NETWORKS.find((n) => n.chain === chain && n.network === network) ?? null;
}

function validateOn(
  chain: Chain,
  address: string,
  params: UtxoNetworkParams | null,
  network: NetworkName,
): Result<ValidAddress, AddressReason> {
  switch (chain) {
    case 'EVM':
      return validateEvm(address);
    case 'TRON':
      return validateTron(address);
    case 'BTC':
    case 'LTC':
      if (params === null) return err('unknown_format', `no parameters for ${chain} ${network}`);
      return validateUtxo(address, params);
  }
}

/** Where else the address is valid: every other chain and known network, then the given params. */
function detectElsewhere(
  address: string,
  chain: Chain,
  params: UtxoNetworkParams | null,
): ValidAddress | null {
  const candidates: [Chain, UtxoNetworkParams | null, NetworkName][] = [
    ...UTXO_NETWORKS.map((n): [Chain, UtxoNetworkParams, NetworkName] => [n.chain, n, n.network]),
    ['EVM', null, 'mainnet'],
    ['TRON', null, 'mainnet'],
  ];
  for (const [c, p, n] of candidates) {
    if (c === chain && (p === null || p.hrp === params?.hrp)) continue;
    const found = validateOn(c, address, p, n);
    if (found.ok) return found.value;
  }
  return null;
}

function validateUtxo(
  address: string,
  params: UtxoNetworkParams,
): Result<ValidAddress, AddressReason> {
  if (/^0x/i.test(address)) return err('unknown_format', `a ${params.chain} address has no 0x`);
  const lower = address.toLowerCase();
  const sep = lower.lastIndexOf('1');
  const hrp = sep > 0 ? lower.slice(0, sep) : '';
  const knownHrp = hrp === params.hrp || UTXO_NETWORKS.some((n) => n.hrp === hrp);
  if (knownHrp || (sep > 0 && !isBase58Text(address))) return validateSegwit(address, params);
  const body = decodeBase58Check(address, 25);
  if (!body.ok) return body;
  const version = body.value[0] ?? -1;
  const type = params.p2pkh.includes(version)
    ? 'p2pkh'
    : params.p2sh.includes(version)
      ? 'p2sh'
      : null;
  if (type === null) {
    return err('unknown_format', `version byte 0x${version.toString(16)} is not ${params.chain}`);
  }
  return ok({
    chain: params.chain,
    network: params.network,
    type,
    checksum: 'base58check',
    normalized: address,
  });
}

function validateSegwit(
  address: string,
  params: UtxoNetworkParams,
): Result<ValidAddress, AddressReason> {
  const decoded = decodeSegwit(address);
  if (!decoded.ok) return decoded;
  const { hrp, version } = decoded.value;
  if (hrp !== params.hrp) {
    return err('unknown_format', `prefix "${hrp}" is not ${params.chain} ${params.network}`);
  }
  return ok({
    chain: params.chain,
    network: params.network,
    type: segwitType(decoded.value),
    checksum: version === 0 ? 'bech32' : 'bech32m',
    normalized: address.toLowerCase(),
    witnessVersion: version,
  });
}

function segwitType({ version, program }: SegwitProgram): AddressType {
  if (version === 0) return program.length === 20 ? 'p2wpkh' : 'p2wsh';
  if (version === 1 && program.length === 32) return 'p2tr';
  return 'witness_unknown';
}

/** The scriptPubKey a segwit address pays to, hex; the BIP test vectors state it. */
export function segwitScriptHex(address: string): string | null {
  const decoded = decodeSegwit(address);
  if (!decoded.ok) return null;
  const { version, program } = decoded.value;
  const op = version === 0 ? 0 : 0x50 + version;
  return toHex(Uint8Array.of(op, program.length, ...program));
}

function validateEvm(address: string): Result<ValidAddress, AddressReason> {
  if (!address.startsWith('0x')) return err('unknown_format', 'an EVM address starts with 0x');
  const hex = address.slice(2);
  if (!/^[0-9a-fA-F]*$/.test(hex)) return err('bad_character', 'an EVM address is hexadecimal');
  if (hex.length !== 40)
    return err('bad_length', `an EVM address has 40 hex digits, not ${hex.length}`);
  const checksummed = `0x${eip55(hex)}`;
  const uniformCase = hex === hex.toLowerCase() || hex === hex.toUpperCase();
  if (!uniformCase && checksummed !== address) {
    return err('bad_checksum', 'the EIP-55 mixed-case checksum does not match', {
      expected: checksummed,
    });
  }
  return ok({
    chain: 'EVM',
    network: null,
    type: 'evm_account',
    checksum: uniformCase ? 'none' : 'eip55',
    normalized: checksummed,
  });
}

/** EIP-55: upper-case each hex letter whose nibble in keccak256(lower-case hex) is 8 or more. */
export function eip55(hex40: string): string {
  const lower = hex40.toLowerCase();
  const hash = toHex(keccak_256(new TextEncoder().encode(lower)));
  let out = '';
  for (let i = 0; i < lower.length; i++) {
    const c = lower.charAt(i);
    out += parseInt(hash.charAt(i), 16) >= 8 ? c.toUpperCase() : c;
  }
  return out;
}

function validateTron(address: string): Result<ValidAddress, AddressReason> {
  if (!address.startsWith('T')) return err('unknown_format', 'a TRON address starts with T');
  const body = decodeBase58Check(address, 25);
  if (!body.ok) return body;
  if (body.value[0] !== TRON_VERSION) {
    return err('unknown_format', 'a TRON address has version byte 0x41 (it starts with T)');
  }
  // TRON's test networks (Shasta, Nile) use the same 0x41 prefix, so the address cannot tell.
  return ok({
    chain: 'TRON',
    network: null,
    type: 'tron_account',
    checksum: 'base58check',
    normalized: address,
  });
}

function toHex(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += b.toString(16).padStart(2, '0');
  return out;
}
