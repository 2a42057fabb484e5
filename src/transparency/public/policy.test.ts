import { describe, expect, it } from 'vitest';
import type { LotRow } from '../../seizures/store.ts';
import { publishesAddresses } from './policy.ts';

/** The address publication policy, one row per case it decides. */
const base = {
  status: 'forfeited',
  remainingUnits: 5n,
  custodyKind: 'seizure_wallet',
  addresses: ['bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq'],
} as const;

describe('address publication policy', () => {
  it.each([
    ['a forfeited lot held in a state wallet', {}, true],
    ['a lot still before the court', { status: 'frozen' }, false],
    ['a lot ordered returned to victims', { status: 'restitution_to_victims' }, false],
    ['a forfeited lot that has left custody', { remainingUnits: 0n }, false],
    ['a forfeited lot frozen at an exchange', { custodyKind: 'exchange_freeze' }, false],
    ['a forfeited lot at a custodian', { custodyKind: 'custodian_account' }, false],
    ['a lot without addresses', { addresses: [] }, false],
  ] as const)('%s: %s', (_name, over, published) => {
    expect(publishesAddresses({ ...base, ...over } as unknown as LotRow)).toBe(published);
  });
});
