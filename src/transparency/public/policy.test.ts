import { describe, expect, it } from 'vitest';
import { publicationOf, publishesAddresses, type LotFacts } from './policy.ts';

/** The publication rule, one row per case it decides. */
const ADDRESS = 'bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq';
const base: LotFacts = {
  asset: 'BTC',
  chain: 'BTC',
  status: 'forfeited',
  remainingUnits: 5n,
  custodyKind: 'seizure_wallet',
  addresses: [ADDRESS],
};

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
    const lot: LotFacts = { ...base, ...over };
    expect(publishesAddresses(lot)).toBe(published);
    expect(publicationOf([lot]).lot(lot).addresses).toEqual(published ? [ADDRESS] : []);
  });
});

describe('publication of a lot among the others', () => {
  it('gives the public facts of a lot and never its id', () => {
    const lot = { ...base, id: '01941f29-7c00-7dba-8f3d-9327689a27f4', caseId: 'x' };
    expect(publicationOf([lot]).lot(lot)).toEqual({
      asset: 'BTC',
      chain: 'BTC',
      status: 'forfeited',
      remainingUnits: 5n,
      custodyKind: 'seizure_wallet',
      addresses: [ADDRESS],
    });
  });

  it.each([
    ['a lot before a court', { status: 'forfeiture_pending' }, []],
    ['a lot sold early, its case still open', { status: 'emergency_sold', remainingUnits: 0n }, []],
    ['a lot at an exchange still holding units', { custodyKind: 'exchange_freeze' }, []],
    [
      'a part paid out in full',
      { status: 'restitution_to_victims', remainingUnits: 0n },
      [ADDRESS],
    ],
    ['a split parent', { status: 'split', remainingUnits: 0n }, [ADDRESS]],
  ] as const)('withholds a shared address when %s holds it', (_name, over, shown) => {
    const published: LotFacts = { ...base, addresses: [ADDRESS, 'bc1qother'] };
    // Stored in another case: the rule compares addresses without case.
    const other: LotFacts = { ...base, ...over, addresses: [ADDRESS.toUpperCase()] };
    const rule = publicationOf([published, other]);
    expect(rule.lot(published).addresses).toEqual([...shown, 'bc1qother']);
    expect(rule.lot(other).addresses).toEqual(
      publishesAddresses(other) ? [ADDRESS.toUpperCase()] : [],
    );
  });
});
