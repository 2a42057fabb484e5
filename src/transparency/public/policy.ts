import type { LotRow } from '../../seizures/store.ts';

/**
 * Which lots' addresses the portal publishes. The default policy publishes the addresses of lots
 * that the state holds for good: forfeited, still holding units, in a seizure wallet the state
 * controls. Lots awaiting a court are not published (their addresses are evidence in open cases),
 * nor lots frozen at an exchange or held in a custodian's account (those addresses belong to the
 * exchange or the custodian and would expose other people's funds).
 */
export function publishesAddresses(lot: LotRow): boolean {
  return (
    lot.status === 'forfeited' &&
    lot.remainingUnits > 0n &&
    lot.custodyKind === 'seizure_wallet' &&
    lot.addresses.length > 0
  );
}
