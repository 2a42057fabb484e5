import { describe, expect, it } from 'vitest';
import { decodeBech32 } from './addresses-bech32.ts';
import { segwitScriptHex, validateAddress, type UtxoNetworkParams } from './addresses.ts';

/*
 * Published test vectors, embedded verbatim:
 * - BIP-173 "Test vectors" (github.com/bitcoin/bips, bip-0173.mediawiki, Appendices)
 * - BIP-350 "Test vectors for Bech32m" and "Test vectors for v0-v16 native segregated witness
 *   addresses" (bip-0350.mediawiki)
 * - EIP-55 "Test Cases" (eips.ethereum.org/EIPS/eip-55)
 * - TRON's address example (developers.tron.network, "Account" page: hex
 *   418840E6C55B9ADA326D211D818C34A994AECED808) and the USDT-TRC20 contract address.
 * The reason codes on the invalid rows are ours; the BIP's reason is kept as the row's comment.
 */

const BIP173_VALID_BECH32 = [
  'A12UEL5L',
  'a12uel5l',
  'an83characterlonghumanreadablepartthatcontainsthenumber1andtheexcludedcharactersbio1tt5tgs',
  'abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxw',
  '11qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqc8247j',
  'split1checkupstagehandshakeupstreamerranterredcaperred2y9e3w',
  '?1ezyfcl',
];

const BIP350_VALID_BECH32M = [
  'A1LQFN3A',
  'a1lqfn3a',
  'an83characterlonghumanreadablepartthatcontainsthetheexcludedcharactersbioandnumber11sg7hg6',
  'abcdef1l7aum6echk45nj3s0wdvt2fg8x9yrzpqzd3ryx',
  '11llllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllludsr8',
  'split1checkupstagehandshakeupstreamerranterredcaperredlc445v',
  '?1v759aa',
];

const BIP173_INVALID_BECH32: readonly (readonly [string, string, string])[] = [
  ['\x201nwldj5', 'bad_character', 'HRP character out of range'],
  ['\x7f1axkwrx', 'bad_character', 'HRP character out of range'],
  ['\x801eym55h', 'bad_character', 'HRP character out of range'],
  [
    'an84characterslonghumanreadablepartthatcontainsthenumber1andtheexcludedcharactersbio1569pvx',
    'bad_length',
    'overall max length exceeded',
  ],
  ['pzry9x0s0muk', 'unknown_format', 'No separator character'],
  ['1pzry9x0s0muk', 'unknown_format', 'Empty HRP'],
  ['x1b4n0q5v', 'bad_character', 'Invalid data character'],
  ['li1dgmt3', 'bad_length', 'Too short checksum'],
  ['de1lg7wt\xff', 'bad_character', 'Invalid character in checksum'],
  ['A1G7SGD8', 'bad_checksum', 'checksum calculated with uppercase form of HRP'],
  ['10a06t8', 'unknown_format', 'empty HRP'],
  ['1qzzfhee', 'unknown_format', 'empty HRP'],
];

const BIP350_INVALID_BECH32M: readonly (readonly [string, string, string])[] = [
  ['\x201xj0phk', 'bad_character', 'HRP character out of range'],
  ['\x7f1g6xzxy', 'bad_character', 'HRP character out of range'],
  ['\x801vctc34', 'bad_character', 'HRP character out of range'],
  [
    'an84characterslonghumanreadablepartthatcontainsthetheexcludedcharactersbioandnumber11d6pts4',
    'bad_length',
    'overall max length exceeded',
  ],
  ['qyrz8wqd2c9m', 'unknown_format', 'No separator character'],
  ['1qyrz8wqd2c9m', 'unknown_format', 'Empty HRP'],
  ['y1b0jsk6g', 'bad_character', 'Invalid data character'],
  ['lt1igcx5c0', 'bad_character', 'Invalid data character'],
  ['in1muywd', 'bad_length', 'Too short checksum'],
  ['mm1crxm3i', 'bad_character', 'Invalid character in checksum'],
  ['au1s5cgom', 'bad_character', 'Invalid character in checksum'],
  ['M1VUXWEZ', 'bad_checksum', 'checksum calculated with uppercase form of HRP'],
  ['16plkw9', 'unknown_format', 'empty HRP'],
  ['1p2gdwpf', 'unknown_format', 'empty HRP'],
];

/** [address, scriptPubKey hex]: BIP-350's list, which supersedes BIP-173's for v1+. */
const BIP350_VALID_SEGWIT: readonly (readonly [string, string])[] = [
  ['BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4', '0014751e76e8199196d454941c45d1b3a323f1433bd6'],
  [
    'tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sl5k7',
    '00201863143c14c5166804bd19203356da136c985678cd4d27a1b8c6329604903262',
  ],
  [
    'bc1pw508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7kt5nd6y',
    '5128751e76e8199196d454941c45d1b3a323f1433bd6751e76e8199196d454941c45d1b3a323f1433bd6',
  ],
  ['BC1SW50QGDZ25J', '6002751e'],
  ['bc1zw508d6qejxtdg4y5r3zarvaryvaxxpcs', '5210751e76e8199196d454941c45d1b3a323'],
  [
    'tb1qqqqqp399et2xygdj5xreqhjjvcmzhxw4aywxecjdzew6hylgvsesrxh6hy',
    '0020000000c4a5cad46221b2a187905e5266362b99d5e91c6ce24d165dab93e86433',
  ],
  [
    'tb1pqqqqp399et2xygdj5xreqhjjvcmzhxw4aywxecjdzew6hylgvsesf3hn0c',
    '5120000000c4a5cad46221b2a187905e5266362b99d5e91c6ce24d165dab93e86433',
  ],
  [
    'bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0',
    '512079be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798',
  ],
];

/** BIP-173's v0 addresses stay valid under BIP-350. */
const BIP173_VALID_V0: readonly (readonly [string, string])[] = BIP350_VALID_SEGWIT.filter(([a]) =>
  /^(bc|tb)1q/i.test(a),
);

/** BIP-173's v1+ examples use a Bech32 checksum, which BIP-350 made invalid for v1+. */
const BIP173_V1_PLUS_NOW_INVALID = [
  'bc1pw508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7k7grplx',
  'BC1SW50QA3JX3S',
  'bc1zw508d6qejxtdg4y5r3zarvaryvg6kdaj',
];

const BIP173_INVALID_SEGWIT: readonly (readonly [string, string, string])[] = [
  ['tc1qw508d6qejxtdg4y5r3zarvary0c5xw7kg3g4ty', 'unknown_format', 'Invalid human-readable part'],
  ['bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5', 'bad_checksum', 'Invalid checksum'],
  ['BC13W508D6QEJXTDG4Y5R3ZARVARY0C5XW7KN40WF2', 'bad_witness_version', 'Invalid witness version'],
  ['bc1rw5uspcuh', 'bad_length', 'Invalid program length'],
  [
    'bc10w508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7kw5rljs90',
    'bad_length',
    'Invalid program length',
  ],
  ['BC1QR508D6QEJXTDG4Y5R3ZARVARYV98GJ9P', 'bad_length', 'Invalid program length for v0'],
  ['tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sL5k7', 'mixed_case', 'Mixed case'],
  ['bc1zw508d6qejxtdg4y5r3zarvaryvqyzf3du', 'bad_padding', 'zero padding of more than 4 bits'],
  [
    'tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3pjxtptv',
    'bad_padding',
    'Non-zero padding in 8-to-5 conversion',
  ],
  ['bc1gmk9yu', 'bad_length', 'Empty data section'],
];

const BIP350_INVALID_SEGWIT: readonly (readonly [string, string, string])[] = [
  [
    'tc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq5zuyut',
    'unknown_format',
    'Invalid human-readable part',
  ],
  [
    'bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqh2y7hd',
    'bad_checksum',
    'Invalid checksum (Bech32 instead of Bech32m)',
  ],
  [
    'tb1z0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqglt7rf',
    'bad_checksum',
    'Invalid checksum (Bech32 instead of Bech32m)',
  ],
  [
    'BC1S0XLXVLHEMJA6C4DQV22UAPCTQUPFHLXM9H8Z3K2E72Q4K9HCZ7VQ54WELL',
    'bad_checksum',
    'Invalid checksum (Bech32 instead of Bech32m)',
  ],
  [
    'bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kemeawh',
    'bad_checksum',
    'Invalid checksum (Bech32m instead of Bech32)',
  ],
  [
    'tb1q0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq24jc47',
    'bad_checksum',
    'Invalid checksum (Bech32m instead of Bech32)',
  ],
  [
    'bc1p38j9r5y49hruaue7wxjce0updqjuyyx0kh56v8s25huc6995vvpql3jow4',
    'bad_character',
    'Invalid character in checksum',
  ],
  [
    'BC130XLXVLHEMJA6C4DQV22UAPCTQUPFHLXM9H8Z3K2E72Q4K9HCZ7VQ7ZWS8R',
    'bad_witness_version',
    'Invalid witness version',
  ],
  ['bc1pw5dgrnzv', 'bad_length', 'Invalid program length (1 byte)'],
  [
    'bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7v8n0nx0muaewav253zgeav',
    'bad_length',
    'Invalid program length (41 bytes)',
  ],
  ['BC1QR508D6QEJXTDG4Y5R3ZARVARYV98GJ9P', 'bad_length', 'Invalid program length for v0'],
  ['tb1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq47Zagq', 'mixed_case', 'Mixed case'],
  [
    'bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7v07qwwzcrf',
    'bad_padding',
    'zero padding of more than 4 bits',
  ],
  [
    'tb1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vpggkg4j',
    'bad_padding',
    'Non-zero padding in 8-to-5 conversion',
  ],
  ['bc1gmk9yu', 'bad_length', 'Empty data section'],
];

/** EIP-55's four groups of examples. */
const EIP55_ALL_CAPS = [
  '0x52908400098527886E0F7030069857D2E4169EE7',
  '0x8617E340B3D01FA5F11F306F4090FD50E238070D',
];
const EIP55_ALL_LOWER = [
  '0xde709f2102306220921060314715629080e2fb77',
  '0x27b1fdb04752bbc536007a920d24acb045561c26',
];
const EIP55_NORMAL = [
  '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed',
  '0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359',
  '0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB',
  '0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb',
];

const TRON_VALID = ['TNPeeaaFB7K9cmo4uQpcU32zGK8G1NYqeL', 'TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t'];

function networkOf(address: string): 'mainnet' | 'testnet' {
  return address.toLowerCase().startsWith('bc1') ? 'mainnet' : 'testnet';
}

function codeOf(chain: string, address: string, network?: 'mainnet' | 'testnet'): string {
  const r = validateAddress(chain, address, network === undefined ? {} : { network });
  return r.ok ? 'valid' : r.code;
}

describe('bech32 and bech32m strings (BIP-173, BIP-350)', () => {
  it.each(BIP173_VALID_BECH32)('BIP-173 valid Bech32: %s', (s) => {
    const r = decodeBech32(s);
    expect(r.ok && r.value.encoding).toBe('bech32');
  });

  it.each(BIP350_VALID_BECH32M)('BIP-350 valid Bech32m (so invalid Bech32): %s', (s) => {
    const r = decodeBech32(s);
    expect(r.ok && r.value.encoding).toBe('bech32m');
  });

  it.each([...BIP173_INVALID_BECH32, ...BIP350_INVALID_BECH32M])(
    'invalid %j is %s (%s)',
    (s, code) => {
      const r = decodeBech32(s);
      expect(r.ok ? 'valid' : r.code).toBe(code);
    },
  );
});

describe('segwit addresses (BIP-173 as amended by BIP-350)', () => {
  it.each([...BIP173_VALID_V0, ...BIP350_VALID_SEGWIT])('valid %s -> %s', (address, script) => {
    const r = validateAddress('BTC', address, { network: networkOf(address) });
    expect(r.ok).toBe(true);
    expect(segwitScriptHex(address)).toBe(script);
    if (r.ok) expect(r.value.normalized).toBe(address.toLowerCase());
  });

  it.each(BIP173_V1_PLUS_NOW_INVALID)('BIP-173 v1+ with a Bech32 checksum: %s', (address) => {
    expect(codeOf('BTC', address, 'mainnet')).toBe('bad_checksum');
  });

  it.each([...BIP173_INVALID_SEGWIT, ...BIP350_INVALID_SEGWIT])(
    'invalid %s is %s (%s)',
    (address, code) => {
      expect(codeOf('BTC', address, networkOf(address))).toBe(code);
    },
  );

  it('names the types', () => {
    const types = BIP350_VALID_SEGWIT.map(([a]) => {
      const r = validateAddress('BTC', a, { network: networkOf(a) });
      return r.ok ? r.value.type : r.code;
    });
    expect(types).toEqual([
      'p2wpkh',
      'p2wsh',
      'witness_unknown',
      'witness_unknown',
      'witness_unknown',
      'p2wsh',
      'p2tr',
      'p2tr',
    ]);
  });
});

describe('EVM addresses (EIP-55)', () => {
  it.each(EIP55_NORMAL)('checksummed %s is valid', (a) => {
    expect(validateAddress('EVM', a)).toMatchObject({
      ok: true,
      value: { checksum: 'eip55', normalized: a, type: 'evm_account' },
    });
  });

  it.each([...EIP55_ALL_CAPS, ...EIP55_ALL_LOWER])('%s is valid but unchecksummed', (a) => {
    const r = validateAddress('ETH', a);
    expect(r).toMatchObject({ ok: true, value: { checksum: 'none' } });
    if (r.ok) expect(r.value.normalized.toLowerCase()).toBe(a.toLowerCase());
  });

  it.each(EIP55_NORMAL)('one flipped letter case in %s is bad_checksum', (a) => {
    const i = a.search(/[a-f]/);
    const flipped = a.slice(0, i) + a[i]!.toUpperCase() + a.slice(i + 1);
    expect(codeOf('EVM', flipped)).toBe('bad_checksum');
  });

  it.each([
    ['5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed', 'unknown_format'],
    ['0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAe', 'bad_length'],
    ['0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAedd', 'bad_length'],
    ['0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeg', 'bad_character'],
  ])('%s is %s', (a, code) => {
    expect(codeOf('EVM', a)).toBe(code);
  });
});

describe('TRON addresses', () => {
  it.each(TRON_VALID)('%s is valid', (a) => {
    expect(validateAddress('TRON', a)).toMatchObject({ ok: true, value: { type: 'tron_account' } });
  });

  it.each([
    ['TNPeeaaFB7K9cmo4uQpcU32zGK8G1NYqeM', 'bad_checksum'],
    ['TNPeeaaFB7K9cmo4uQpcU32z', 'bad_length'],
    ['TNPeeaaFB7K9cmo4uQpcU32zGK8G1NYqe0', 'bad_character'],
    ['1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2', 'wrong_network'],
    ['0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed', 'wrong_network'],
  ])('%s is %s', (a, code) => {
    expect(codeOf('TRX', a)).toBe(code);
  });
});

describe('Bitcoin and Litecoin base58, networks', () => {
  it.each([
    ['BTC', 'mainnet', '1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2', 'p2pkh'],
    ['BTC', 'mainnet', '3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy', 'p2sh'],
    ['BTC', 'testnet', 'mipcBbFg9gMiCh81Kj8tqqdgoZub1ZJRfn', 'p2pkh'],
    ['BTC', 'testnet', '2MzQwSSnBHWHqSAqtTVQ6v47XtaisrJa1Vc', 'p2sh'],
    ['LTC', 'mainnet', 'LaMT348PWRnrqeeWArpwQPbuanpXDZGEUz', 'p2pkh'],
    ['LTC', 'mainnet', 'MQMcJhpWHYVeQArcZR3sBgyPZxxRtnH441', 'p2sh'],
    ['LTC', 'mainnet', '3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy', 'p2sh'],
  ] as const)('%s %s %s is %s', (chain, network, address, type) => {
    expect(validateAddress(chain, address, { network })).toMatchObject({
      ok: true,
      value: { type },
    });
  });

  it.each([
    ['BTC', 'mainnet', 'mipcBbFg9gMiCh81Kj8tqqdgoZub1ZJRfn', 'wrong_network'],
    ['BTC', 'testnet', '1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2', 'wrong_network'],
    ['BTC', 'mainnet', 'LaMT348PWRnrqeeWArpwQPbuanpXDZGEUz', 'wrong_network'],
    ['LTC', 'mainnet', '1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2', 'wrong_network'],
    ['BTC', 'mainnet', '1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN3', 'bad_checksum'],
    ['BTC', 'mainnet', '1BvBMSEYstWetqTFn5Au4m4GFg7xJaNV', 'bad_length'],
    ['BTC', 'mainnet', '1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN0', 'bad_character'],
    ['BTC', 'mainnet', '', 'empty'],
    ['BTC', 'mainnet', ' 1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2', 'bad_character'],
    ['BTC', 'mainnet', 'hello', 'bad_character'],
    ['BTC', 'mainnet', '0x1234', 'unknown_format'],
    ['BTC', 'mainnet', '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed', 'wrong_network'],
    ['DOGE', 'mainnet', '1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2', 'unsupported_chain'],
  ] as const)('%s %s %j is %s', (chain, network, address, code) => {
    expect(codeOf(chain, address, network)).toBe(code);
  });

  it('says where a wrong-network address belongs', () => {
    const r = validateAddress(
      'BTC',
      'tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sl5k7',
    );
    expect(r).toMatchObject({
      ok: false,
      code: 'wrong_network',
      detail: { detected: { chain: 'BTC', network: 'testnet' } },
    });
  });

  it('takes injected regtest parameters (rltc)', () => {
    const program = 'qw508d6qejxtdg4y5r3zarvary0c5xw7k';
    const rltc = bech32Address('rltc', program);
    const params: UtxoNetworkParams = {
      chain: 'LTC',
      network: 'regtest',
      hrp: 'rltc',
      p2pkh: [0x6f],
      p2sh: [0x3a, 0xc4],
    };
    expect(validateAddress('LTC', rltc, { params })).toMatchObject({
      ok: true,
      value: { chain: 'LTC', network: 'regtest', type: 'p2wpkh' },
    });
    expect(codeOf('LTC', rltc, 'mainnet')).toBe('wrong_network');
    const custom = { ...params, hrp: 'xltc' };
    expect(validateAddress('LTC', bech32Address('xltc', program), { params: custom }).ok).toBe(
      true,
    );
  });
});

/** Builds a v0 bech32 address from a data part, to exercise custom prefixes. */
function bech32Address(hrp: string, data: string): string {
  const CHARSET = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';
  const GEN = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];
  const codes = Array.from({ length: hrp.length }, (_, i) => hrp.charCodeAt(i));
  const values = Array.from({ length: data.length }, (_, i) => CHARSET.indexOf(data.charAt(i)));
  const expand = [...codes.map((c) => c >> 5), 0, ...codes.map((c) => c & 31)];
  let chk = 1;
  for (const v of [...expand, ...values, 0, 0, 0, 0, 0, 0]) {
    const top = chk >>> 25;
    chk = (((chk & 0x1ffffff) << 5) ^ v) >>> 0;
    for (let i = 0; i < 5; i++) if ((top >>> i) & 1) chk = (chk ^ GEN[i]!) >>> 0;
  }
  chk ^= 1;
  const checksum = [0, 1, 2, 3, 4, 5].map((i) => CHARSET[(chk >>> (5 * (5 - i))) & 31]).join('');
  return `${hrp}1${data}${checksum}`;
}
