import { ASSETS, isAssetCode, type AssetCode } from '../core/assets.ts';
import type { Json } from '../core/canonical.ts';
import type { Actor } from '../core/identity.ts';
import { mulDiv, parseAmount } from '../core/money.ts';
import type { Tx } from '../db/pool.ts';
import { parsePrice, type Policy, type PolicyFacts } from './policy.ts';
import { valueInWindow, whitelistEntry } from './store.ts';

/**
 * Gathers what the policy needs to know about a request. A domain may describe its own requests
 * (for example, read a lot's legal status); otherwise the conventional content fields are used:
 * `asset`, `amount` (decimal string, whole units), `sourceAccount`, `destination`, `legalStatus`.
 */

/** The price of one whole `asset` in `quote`, as a decimal string; null when unknown. */
export type PriceLookup = (asset: AssetCode, quote: AssetCode, at: Date) => Promise<string | null>;

/** Sanctions screening of a destination (the compliance domain plugs its screening in here). */
export type SanctionsScreen = (
  asset: string,
  address: string,
) => Promise<{ readonly listed: boolean; readonly source?: string }>;

export interface DescribedFacts {
  readonly asset?: string | null;
  readonly amount?: string | null;
  readonly sourceAccount?: string | null;
  readonly destination?: string | null;
  readonly legalStatus?: string | null;
  /** For a movement between ledger accounts: the owners (`kind:ref`) of both accounts. */
  readonly fromOwner?: string | null;
  readonly toOwner?: string | null;
}

export type Describe = (tx: Tx, content: Json) => Promise<DescribedFacts>;

/** Prices only an asset in its own currency; the market domain replaces this in main.ts. */
export const identityPrices: PriceLookup = (asset, quote) =>
  Promise.resolve(asset === quote ? '1' : null);

export const noSanctions: SanctionsScreen = () => Promise.resolve({ listed: false });

export function conventionalFacts(content: Json): DescribedFacts {
  if (content === null || typeof content !== 'object' || Array.isArray(content)) return {};
  const c = content as Readonly<Record<string, Json>>;
  const text = (k: string): string | null => {
    const v = c[k];
    return typeof v === 'string' ? v : null;
  };
  return {
    asset: text('asset'),
    amount: text('amount'),
    sourceAccount: text('sourceAccount'),
    destination: text('destination'),
    legalStatus: text('legalStatus'),
  };
}

export interface GatherInput {
  readonly policy: Policy;
  readonly kind: string;
  readonly described: DescribedFacts;
  readonly actor: Actor;
  readonly at: Date;
  readonly prices: PriceLookup;
}

export type GatheredFacts = PolicyFacts & { readonly sanctioned: boolean };

export async function gatherFacts(
  tx: Tx,
  g: GatherInput,
  screen: SanctionsScreen,
): Promise<GatheredFacts> {
  const d = g.described;
  const asset = d.asset !== undefined && d.asset !== null && isAssetCode(d.asset) ? d.asset : null;
  const parsed =
    asset !== null && typeof d.amount === 'string' ? parseAmount(d.amount, asset) : null;
  const amountUnits = parsed?.ok === true ? parsed.value : null;
  const valueUnits =
    asset === null || amountUnits === null
      ? null
      : await valueOf(asset, amountUnits, g.policy.reportingCurrency, g.at, g.prices);
  const destination = d.destination ?? null;
  const sanctioned = destination === null ? false : (await screen(asset ?? '', destination)).listed;
  return {
    kind: g.kind,
    initiatorId: g.actor.id,
    initiatorRoles: g.actor.roles,
    asset,
    amountUnits,
    valueUnits,
    sourceAccount: d.sourceAccount ?? null,
    fromOwner: d.fromOwner ?? null,
    toOwner: d.toOwner ?? null,
    destination,
    destinationStatus: await destinationStatus(tx, asset, destination, g.at),
    legalStatus: d.legalStatus ?? null,
    velocityUnits: await velocitySums(tx, g),
    sanctioned,
  };
}

/** Value in the reporting currency's base units, exact: amount * price, rounded half-even once. */
export async function valueOf(
  asset: AssetCode,
  amountUnits: bigint,
  quote: AssetCode,
  at: Date,
  prices: PriceLookup,
): Promise<bigint | null> {
  const text = asset === quote ? '1' : await prices(asset, quote, at);
  const price = text === null ? null : parsePrice(text);
  if (price === null) return null;
  const scaleIn = BigInt(ASSETS[asset].scale + 18);
  return mulDiv(amountUnits, price * 10n ** BigInt(ASSETS[quote].scale), 10n ** scaleIn);
}

async function destinationStatus(
  tx: Tx,
  asset: AssetCode | null,
  destination: string | null,
  at: Date,
): Promise<PolicyFacts['destinationStatus']> {
  if (destination === null) return null;
  if (asset === null) return 'new';
  const entry = await whitelistEntry(tx, asset, destination);
  if (entry === null) return 'new';
  return entry.usableFrom.getTime() > at.getTime() ? 'cooling' : 'whitelisted';
}

async function velocitySums(tx: Tx, g: GatherInput): Promise<Record<string, bigint | null>> {
  const out: Record<string, bigint | null> = {};
  for (const rule of g.policy.rules) {
    const v = rule.match.velocity;
    if (v === undefined) continue;
    out[rule.id] = await valueInWindow(tx, {
      kind: g.kind,
      initiatorId: v.per === 'initiator' ? g.actor.id : null,
      from: new Date(g.at.getTime() - v.windowSeconds * 1000),
    });
  }
  return out;
}
