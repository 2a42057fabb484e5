import type { AssetCode } from '../core/assets.ts';
import { err, ok, type Result } from '../core/result.ts';
import type { Queryable } from '../db/pool.ts';
import { disposableLot } from '../seizures/disposal.ts';
import type { DisposalDeps } from './deps.ts';

export type ReferenceError = 'reference_price_missing' | 'reference_price_stale';

export interface Reference {
  readonly price: bigint;
  readonly day: string;
  readonly source: string;
}

/**
 * The market's reference price of `asset` in USD for `day` (the day's close, or the latest before
 * it while still fresh). A sale is never priced against a missing or stale reference.
 */
export async function referencePrice(
  d: Pick<DisposalDeps, 'market'>,
  asset: AssetCode,
  day: string,
): Promise<Result<Reference, ReferenceError>> {
  const q = await d.market.priceOn(asset, 'USD', day);
  if (q === null) {
    return err('reference_price_missing', `no ${asset}/USD price on or before ${day}`, {
      asset,
      day,
    });
  }
  if (q.stale) {
    return err('reference_price_stale', `the latest ${asset}/USD price is from ${q.day}`, {
      asset,
      day,
      priceDay: q.day,
    });
  }
  return ok({ price: q.price, day: q.day, source: q.source });
}

/**
 * The policy's `legalStatus` fact for a disposal of these lots: the first that is not forfeited
 * (so the default policy's `disposal-before-forfeiture` rule blocks it too), else `forfeited`.
 */
export async function statusesOf(q: Queryable, lotIds: readonly string[]): Promise<string | null> {
  for (const id of lotIds) {
    const r = await disposableLot(q, id);
    if (!r.ok && r.code === 'lot_not_forfeited') {
      const status = r.detail?.['status'];
      return typeof status === 'string' ? status : 'unknown';
    }
  }
  return lotIds.length === 0 ? null : 'forfeited';
}
