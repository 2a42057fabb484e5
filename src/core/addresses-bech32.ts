import { err, ok, type Result } from './result.ts';

/**
 * Bech32 (BIP-173) and Bech32m (BIP-350) decoding, written out rather than taken from a library so
 * that every way a string can be wrong maps to one reason code the UI can explain.
 */
export type Bech32Encoding = 'bech32' | 'bech32m';

export type Bech32Reason =
  'bad_length' | 'mixed_case' | 'bad_character' | 'unknown_format' | 'bad_checksum';

export interface Bech32Decoded {
  /** Lower case, as the checksum was computed over it. */
  readonly hrp: string;
  /** 5-bit groups between the separator and the checksum. */
  readonly words: readonly number[];
  readonly encoding: Bech32Encoding;
}

const CHARSET = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';
const GENERATOR = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];
const CONSTANTS: Readonly<Record<Bech32Encoding, number>> = { bech32: 1, bech32m: 0x2bc830a3 };
const MAX_LENGTH = 90;
const CHECKSUM_LENGTH = 6;

function polymod(values: readonly number[]): number {
  let chk = 1;
  for (const v of values) {
    const top = chk >>> 25;
    chk = (((chk & 0x1ffffff) << 5) ^ v) >>> 0;
    for (let i = 0; i < 5; i++)
      if (((top >>> i) & 1) === 1) chk = (chk ^ (GENERATOR[i] ?? 0)) >>> 0;
  }
  return chk;
}

function hrpExpand(hrp: string): number[] {
  const high: number[] = [];
  const low: number[] = [];
  for (let i = 0; i < hrp.length; i++) {
    const c = hrp.charCodeAt(i);
    high.push(c >> 5);
    low.push(c & 31);
  }
  return [...high, 0, ...low];
}

export function decodeBech32(text: string): Result<Bech32Decoded, Bech32Reason> {
  if (text.length > MAX_LENGTH) {
    return err('bad_length', `a bech32 string is at most ${MAX_LENGTH} characters`);
  }
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 33 || c > 126) return err('bad_character', `character ${i + 1} is not printable ASCII`);
  }
  if (text.toLowerCase() !== text && text.toUpperCase() !== text) {
    return err('mixed_case', 'the address mixes upper and lower case');
  }
  const lower = text.toLowerCase();
  const sep = lower.lastIndexOf('1');
  if (sep < 1) return err('unknown_format', 'no human-readable prefix before the separator "1"');
  const hrp = lower.slice(0, sep);
  const data = lower.slice(sep + 1);
  if (data.length < CHECKSUM_LENGTH) return err('bad_length', 'the checksum is too short');
  const values: number[] = [];
  for (const ch of data) {
    const v = CHARSET.indexOf(ch);
    if (v < 0) return err('bad_character', `"${ch}" is not a bech32 character`);
    values.push(v);
  }
  const residue = polymod([...hrpExpand(hrp), ...values]);
  const encoding =
    residue === CONSTANTS.bech32 ? 'bech32' : residue === CONSTANTS.bech32m ? 'bech32m' : null;
  if (encoding === null) return err('bad_checksum', 'the bech32 checksum does not match');
  return ok({ hrp, words: values.slice(0, -CHECKSUM_LENGTH), encoding });
}

export type SegwitReason = Bech32Reason | 'bad_witness_version' | 'bad_padding';

export interface SegwitProgram {
  readonly hrp: string;
  readonly version: number;
  readonly program: Uint8Array;
}

/** BIP-173 as amended by BIP-350: v0 must use Bech32, v1..v16 must use Bech32m. */
export function decodeSegwit(text: string): Result<SegwitProgram, SegwitReason> {
  const decoded = decodeBech32(text);
  if (!decoded.ok) return decoded;
  const { hrp, words, encoding } = decoded.value;
  const [version, ...rest] = words;
  if (version === undefined) return err('bad_length', 'the address has no witness version');
  if (version > 16) return err('bad_witness_version', `witness version ${version} is over 16`);
  const program = fromWords(rest);
  if (!program.ok) return program;
  const size = program.value.length;
  if (size < 2 || size > 40)
    return err('bad_length', `a witness program is 2 to 40 bytes, not ${size}`);
  if (version === 0 && size !== 20 && size !== 32) {
    return err('bad_length', `a v0 witness program is 20 or 32 bytes, not ${size}`);
  }
  if ((version === 0) !== (encoding === 'bech32')) {
    return err(
      'bad_checksum',
      `witness v${version} needs a ${version === 0 ? 'Bech32' : 'Bech32m'} checksum`,
    );
  }
  return ok({ hrp, version, program: program.value });
}

/** 5-bit groups to bytes; the leftover bits must be fewer than 5 and all zero. */
function fromWords(words: readonly number[]): Result<Uint8Array, 'bad_padding'> {
  let acc = 0;
  let bits = 0;
  const out: number[] = [];
  for (const w of words) {
    acc = ((acc << 5) | w) & 0xfff;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out.push((acc >> bits) & 0xff);
    }
  }
  if (bits >= 5) return err('bad_padding', 'more than 4 bits of padding');
  if ((acc & ((1 << bits) - 1)) !== 0) return err('bad_padding', 'the padding bits are not zero');
  return ok(new Uint8Array(out));
}
