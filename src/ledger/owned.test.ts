import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testKazna, testTargets, type TestKazna } from '../../test/support/targets.ts';

/**
 * `ownedAccountInTx`, the find-or-open other domains use for their per-purpose accounts: a second
 * call inside another transaction finds the first account instead of opening a twin, and a closed
 * account is not found again.
 */
describe.each(testTargets())('ledger owned accounts on $label', (target) => {
  let k: TestKazna;
  beforeAll(async () => {
    k = await testKazna(target);
  });
  afterAll(() => k.close());

  const owned = (ref: string) =>
    k.db.write((tx) =>
      k.services.ledger.ownedAccountInTx(
        tx,
        { id: 'test' },
        { asset: 'USD', owner: { kind: 'reserve', ref }, type: 'income', metadata: {} },
      ),
    );

  it('opens the account once and finds it afterwards', async () => {
    const first = await owned('realised_gains');
    const again = await owned('realised_gains');
    expect(again.id).toBe(first.id);
    const other = await owned('received_in_kind');
    expect(other.id).not.toBe(first.id);
    const all = await k.services.ledger.read.accounts({
      ownerKind: 'reserve',
      ownerRef: 'realised_gains',
      limit: 10,
    });
    expect(all.map((a) => a.id)).toEqual([first.id]);
  });

  it('opens a new account once the old one is closed', async () => {
    const first = await owned('closing');
    const closed = await k.services.ledger.closeAccount({ id: 'test' }, first.id);
    expect(closed.ok).toBe(true);
    const next = await owned('closing');
    expect(next.id).not.toBe(first.id);
    expect(next.closedAt).toBeNull();
  });
});
