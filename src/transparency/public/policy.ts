import type { CustodyKind, LegalStatus } from '../../seizures/model.ts';

/**
 * The publication rule: what anything public (the portal's routes, the proof of reserves, the
 * reports and their CSV and PDF exports) may say about a seized lot. One rule, so no two public
 * answers can disagree about the same lot.
 *
 * - A lot's asset, chain, custody kind, legal status and amounts may be published.
 * - Its id, case, seizure, ledger accounts, parties and custody reference never are; where a reader
 *   must find one lot (a proof-of-reserves leaf), a salted commitment stands in for its id.
 * - Its on-chain addresses only when `publishesAddresses` holds, and only those no withheld lot
 *   shares (a split lot's parts, or two lots seized from one address, share addresses).
 */
export interface LotFacts {
  readonly asset: string;
  readonly chain: string;
  readonly status: LegalStatus;
  readonly remainingUnits: bigint;
  readonly custodyKind: CustodyKind;
  readonly addresses: readonly string[];
}

/** A lot as the public may see it: no id, and only the addresses the rule publishes. */
export interface PublishedLot {
  readonly asset: string;
  readonly chain: string;
  readonly status: LegalStatus;
  readonly remainingUnits: bigint;
  readonly custodyKind: CustodyKind;
  readonly addresses: readonly string[];
}

/**
 * Which lots' addresses may be published: the lots that the state holds for good (forfeited, still
 * holding units, in a seizure wallet the state controls). Lots awaiting a court are not published
 * (their addresses are evidence in open cases), nor lots frozen at an exchange or held in a
 * custodian's account (those addresses belong to the exchange or the custodian and would expose other
 * people's funds).
 */
export function publishesAddresses(lot: Omit<LotFacts, 'asset' | 'chain'>): boolean {
  return (
    lot.status === 'forfeited' &&
    lot.remainingUnits > 0n &&
    lot.custodyKind === 'seizure_wallet' &&
    lot.addresses.length > 0
  );
}

/** Cases not yet decided: before a court, or sold early with the proceeds escrowed until it rules. */
const CASE_OPEN: ReadonlySet<LegalStatus> = new Set([
  'seized',
  'frozen',
  'forfeiture_pending',
  'emergency_sold',
]);

/**
 * A lot whose addresses stay unpublished even where a published lot shares them: its case is open,
 * or it still holds units the rule does not publish. A lot that is finished (paid out, disposed of,
 * split into parts) withholds nothing; its parts decide for themselves.
 */
function withholds(lot: LotFacts): boolean {
  return CASE_OPEN.has(lot.status) || (lot.remainingUnits > 0n && !publishesAddresses(lot));
}

/** Addresses compare without case: an EVM address may be stored with or without its checksum. */
const addressKey = (a: string): string => a.toLowerCase();

export interface Publication {
  /** What may be published about this lot, which must be one of the lots the rule was built on. */
  lot(lot: LotFacts): PublishedLot;
}

/** The rule over every lot Kazna knows: an address is withheld if any withholding lot holds it. */
export function publicationOf(lots: readonly LotFacts[]): Publication {
  const withheld = new Set(lots.filter(withholds).flatMap((l) => l.addresses.map(addressKey)));
  return {
    lot: (l) => ({
      asset: l.asset,
      chain: l.chain,
      status: l.status,
      remainingUnits: l.remainingUnits,
      custodyKind: l.custodyKind,
      addresses: publishesAddresses(l)
        ? l.addresses.filter((a) => !withheld.has(addressKey(a)))
        : [],
    }),
  };
}
