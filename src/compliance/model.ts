import { UTXO_NETWORKS } from '../core/addresses.ts';
import { canonicalize } from '../core/canonical.ts';
import { sha256Hex } from '../core/hash.ts';
import type { Id } from '../core/ids.ts';

/**
 * Sanctions lists, screenings and alerts: pure types and functions. An address matches a listed one
 * whatever asset it was listed under (OFAC lists one address under XBT, USDT or ETH as the case may
 * be, and a token sits on its chain's address), so screening compares `screeningKey`s only.
 */
export type SnapshotId = Id<'sanctions_snapshot'>;
export type ScreeningId = Id<'screening'>;
export type AlertId = Id<'compliance_alert'>;

export interface ListEntry {
  /** The asset code as the list names it (OFAC: XBT, ETH, USDT, TRX, LTC…). */
  readonly asset: string;
  readonly address: string;
  readonly partyRef: string | null;
}

export interface Snapshot {
  readonly version: bigint;
  readonly id: SnapshotId;
  readonly basedOnVersion: bigint | null;
  readonly sourceKind: 'ofac_sdn_xml' | 'address_list';
  readonly fileName: string;
  readonly fileSha256: string;
  readonly contentSha256: string;
  readonly issuedOn: string | null;
  readonly assets: readonly string[];
  readonly entryCount: number;
  readonly listSha256: string;
  readonly addedCount: number;
  readonly removedCount: number;
  readonly importedAt: string;
  readonly importedBy: string;
}

export interface ListChange {
  readonly change: 'added' | 'removed';
  readonly asset: string;
  readonly address: string;
  readonly partyRef: string | null;
}

export interface Match {
  readonly address: string;
  readonly listAsset: string;
  readonly listedAddress: string;
  readonly partyRef: string | null;
  readonly alertId: AlertId;
}

export interface Alert {
  readonly id: AlertId;
  readonly screeningId: ScreeningId;
  readonly kind: 'sanctions_match';
  readonly address: string;
  readonly listAsset: string;
  readonly partyRef: string | null;
  readonly listVersion: bigint;
  readonly subjectIds: readonly string[];
  readonly raisedAt: string;
  readonly status: 'open' | 'acknowledged';
  readonly acknowledgement: {
    readonly by: string;
    readonly at: string;
    readonly note: string;
  } | null;
}

const HEX_ACCOUNT = /^0x[0-9a-f]{40}$/i;
// The prefixes come from the validator's network table, so a network added there folds case here too.
const SEGWIT_HRPS = UTXO_NETWORKS.map((n) => n.hrp).join('|');
const SEGWIT = new RegExp(`^(${SEGWIT_HRPS})1[02-9ac-hj-np-z]{6,}$`, 'i');

/**
 * The spelling two addresses are compared in. Hex accounts and bech32 are case-insensitive by
 * definition (EIP-55 and BIP-173 case is only a checksum or a display choice); base58 is not.
 */
export function screeningKey(address: string): string {
  const trimmed = address.trim();
  return HEX_ACCOUNT.test(trimmed) || SEGWIT.test(trimmed) ? trimmed.toLowerCase() : trimmed;
}

function entryKey(e: { asset: string; address: string }): string {
  return `${e.asset}\u0000${e.address}`;
}

/** The next version's entries: the previous ones minus the covered assets, plus the file's. */
export function nextEntries(
  previous: readonly ListEntry[],
  covered: readonly string[],
  incoming: readonly ListEntry[],
): ListEntry[] {
  const replaced = new Set(covered);
  const kept = previous.filter((e) => !replaced.has(e.asset));
  // A bare address list names no party: keep the one an earlier SDN import gave the same address.
  const parties = new Map(previous.map((e) => [entryKey(e), e.partyRef]));
  const named = incoming.map((e) =>
    e.partyRef === null ? { ...e, partyRef: parties.get(entryKey(e)) ?? null } : e,
  );
  return sortEntries([...kept, ...named]);
}

export function sortEntries(entries: readonly ListEntry[]): ListEntry[] {
  const byKey = new Map(entries.map((e) => [entryKey(e), e]));
  return [...byKey.values()].sort((a, b) => {
    const ka = entryKey(a);
    const kb = entryKey(b);
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  });
}

export function diffEntries(
  previous: readonly ListEntry[],
  next: readonly ListEntry[],
): ListChange[] {
  const before = new Set(previous.map(entryKey));
  const after = new Set(next.map(entryKey));
  const added = next
    .filter((e) => !before.has(entryKey(e)))
    .map((e) => ({
      change: 'added' as const,
      asset: e.asset,
      address: e.address,
      partyRef: e.partyRef,
    }));
  const removed = previous
    .filter((e) => !after.has(entryKey(e)))
    .map((e) => ({
      change: 'removed' as const,
      asset: e.asset,
      address: e.address,
      partyRef: e.partyRef,
    }));
  return [...added, ...removed];
}

/** SHA-256 of the canonical JSON of the sorted [asset, address] pairs: the list's identity. */
export function listSha256(entries: readonly ListEntry[]): string {
  return sha256Hex(canonicalize(sortEntries(entries).map((e) => [e.asset, e.address])));
}
