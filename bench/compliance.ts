import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { sha256 } from '@noble/hashes/sha2.js';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { bunzip2File } from '../src/compliance/bzip2.ts';
import { readSanctionsFile } from '../src/compliance/sanctions-file.ts';
import { validateAddress } from '../src/core/addresses.ts';
import { nowMs, type Bench, type BenchContext } from './harness.ts';

/**
 * 1. Address validation per second, for each form, against the hash that dominates its checksum
 *    (double SHA-256 for base58check, keccak-256 for EIP-55; bech32 against one SHA-256 call).
 * 2. Streaming the shared SDN XML (.bz2) into sanctions entries, against bare decompression of the
 *    same file: the ratio is what XML parsing adds on top of bzip2. Skipped without the shared data.
 */
export const complianceBench: Bench = async (ctx) => {
  validationThroughput(ctx);
  await sdnStream(ctx);
};

const FORMS: readonly (readonly [string, string, string, () => void])[] = [
  [
    'base58check P2PKH',
    'BTC',
    '1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2',
    () => sha256(sha256(new Uint8Array(21))),
  ],
  [
    'bech32 P2WPKH',
    'BTC',
    'bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4',
    () => sha256(new Uint8Array(21)),
  ],
  [
    'EIP-55 checksummed',
    'EVM',
    '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed',
    () => keccak_256(new Uint8Array(40)),
  ],
];

function perSecond(fn: () => void, ms = 400): number {
  let n = 0;
  const start = nowMs();
  while (nowMs() - start < ms) {
    for (let i = 0; i < 100; i++) fn();
    n += 100;
  }
  return (n * 1000) / (nowMs() - start);
}

function validationThroughput(ctx: BenchContext): void {
  for (const [name, chain, address, hash] of FORMS) {
    ctx.progress(`validating ${name}`);
    perSecond(() => validateAddress(chain, address), 100);
    const value = perSecond(() => validateAddress(chain, address));
    const baseline = perSecond(hash);
    ctx.report({
      name: `validateAddress ${name}`,
      value,
      unit: 'ops/s',
      baseline: { name: 'its checksum hash alone', value: baseline },
      note: 'higher is better; 1.0 would be free parsing',
    });
  }
}

async function sdnStream(ctx: BenchContext): Promise<void> {
  const dir = resolve(
    process.env['KAZNA_SHARED_DATA'] ?? join(import.meta.dirname, '..', '..', 'shared', 'data'),
  );
  const path = join(dir, 'sanctions', 'sdn_advanced.xml.bz2');
  if (!existsSync(path)) {
    ctx.progress(`skipping the SDN stream: ${path} is not present`);
    return;
  }
  ctx.progress('bare bzip2 decompression of the SDN XML');
  let started = nowMs();
  let bytes = 0;
  for await (const chunk of bunzip2File(path)) bytes += chunk.length;
  const bare = (bytes / 1e6 / (nowMs() - started)) * 1000;
  ctx.progress('full import parse of the SDN XML');
  started = nowMs();
  const parsed = await readSanctionsFile(path);
  const full = (bytes / 1e6 / (nowMs() - started)) * 1000;
  if (!parsed.ok) throw new Error(parsed.message);
  ctx.report({
    name: `SDN XML to ${parsed.value.entries.length} entries`,
    value: full,
    unit: 'MB/s',
    baseline: { name: 'bzip2 alone', value: bare },
    note: 'higher is better; 1.0 means parsing is free',
  });
  ctx.report({
    name: 'peak RSS of this bench process after the SDN stream',
    value: (process.resourceUsage().maxRSS * 1024) / 1e6,
    unit: 'MB',
  });
}
