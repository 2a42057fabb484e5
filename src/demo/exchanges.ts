import { sha256Hex } from '../core/hash.ts';

/**
 * The exchanges Operation Shadow Exchange shut down, as the demo's registries hold them: the two
 * the demo's cases name, and fictional others up to the operation's count, each with an estimated
 * volume drawn from SHA-256 of its name and scaled so that together they processed exactly the
 * operation's volume. The registries then tell the story the portal tells: the Exchanges page
 * lists the same number of exchanges and their volumes add up to the portal's figure.
 */
export const DEMO_EXCHANGES_SHUT_DOWN = 130;
/** USD cents (the operation records whole dollars: 124000000). */
export const DEMO_VOLUME_PROCESSED_CENTS = 12_400_000_000n;

export const NAMED_EXCHANGES = [
  'CashCrypto KZ (illegal OTC desk)',
  'Steppe Swap (unlicensed exchange)',
] as const;

const PLACES = [
  'Altyn',
  'Nomad',
  'Tenge',
  'Caspian',
  'Saryarka',
  'Tulpar',
  'Zhetysu',
  'Irtysh',
  'Aral',
  'Alatau',
  'Baiterek',
  'Kokshe',
  'Turan',
  'Ulytau',
] as const;
const KINDS = ['Swap', 'Change', 'OTC', 'Coin', 'Trade', 'P2P', 'Pay', 'Cash', 'Bit', 'Crypto'];

export interface DemoExchange {
  readonly name: string;
  readonly volumeCents: bigint;
  /** A day within the operation (2025-01-20 to 2025-06-30). */
  readonly shutdownOn: string;
}

function names(): string[] {
  const out: string[] = [...NAMED_EXCHANGES];
  for (const kind of KINDS)
    for (const place of PLACES) {
      if (out.length === DEMO_EXCHANGES_SHUT_DOWN) return out;
      out.push(`${place} ${kind} (illegal exchange)`);
    }
  return out;
}

function weight(name: string): bigint {
  return BigInt(`0x${sha256Hex(`kazna demo exchange volume ${name}`).slice(0, 6)}`) + 1n;
}

function shutdownOn(name: string): string {
  const offset = parseInt(sha256Hex(`kazna demo shutdown ${name}`).slice(0, 4), 16) % 161;
  return new Date(Date.parse('2025-01-20T00:00:00Z') + offset * 86_400_000)
    .toISOString()
    .slice(0, 10);
}

/** Every exchange with its volume; the volumes add up to DEMO_VOLUME_PROCESSED_CENTS exactly. */
export function demoExchanges(): DemoExchange[] {
  const all = names();
  const weights = all.map(weight);
  const sum = weights.reduce((s, w) => s + w, 0n);
  const volumes = weights.map((w) => (DEMO_VOLUME_PROCESSED_CENTS * w) / sum);
  const rest = DEMO_VOLUME_PROCESSED_CENTS - volumes.reduce((s, v) => s + v, 0n);
  volumes[0] = (volumes[0] ?? 0n) + rest;
  return all.map((name, i) => ({
    name,
    volumeCents: volumes[i] ?? 0n,
    shutdownOn: shutdownOn(name),
  }));
}
