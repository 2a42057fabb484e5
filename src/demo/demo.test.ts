import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testKazna, testTargets, type TestKazna } from '../../test/support/targets.ts';
import { DEMO_STEPS, loadDemo } from './demo.ts';
import { demoId } from './reserve.ts';

describe.each(testTargets())('the demo on $label PostgreSQL', (target) => {
  let k: TestKazna;
  beforeAll(async () => {
    k = await testKazna(target);
  });
  afterAll(async () => {
    await k.close();
  });

  it('loads every step once, and a second load adds nothing', async () => {
    const first = await loadDemo(k, () => undefined);
    expect(first.loaded).toEqual(DEMO_STEPS.map((s) => s.name));
    const entries = await k.db.query<{ n: bigint }>('SELECT count(*) AS n FROM audit_entries');
    const second = await loadDemo(k, () => undefined);
    expect(second.loaded).toEqual([]);
    expect(second.skipped).toEqual(DEMO_STEPS.map((s) => s.name));
    expect(await k.db.query('SELECT count(*) AS n FROM audit_entries')).toEqual(entries);
  });

  it('funds the reserve with gold and foreign currency, in balance', async () => {
    const gold = await k.services.ledger.read.account(demoId('reserve:gold:XAU'));
    expect(gold?.balances.debitsPosted).toBe(79_245_283_018n);
    const usd = await k.services.ledger.read.account(demoId('reserve:fx:USD'));
    // $100M allocated, plus the one venture distribution the reserve demo pays back in cash.
    // ... and the proceeds of the disposal demo's auction and OTC tranches, booked to the same account.
    const [sold] = await k.db.query<{ cents: bigint }>(
      `SELECT (SELECT COALESCE(sum(proceeds_cents), 0) FROM reserve_disposal_awards)
            + (SELECT COALESCE(sum(proceeds_cents), 0) FROM reserve_disposal_otc_fills) AS cents`,
    );
    expect(sold?.cents ?? 0n).toBeGreaterThan(0n);
    expect(usd?.balances.debitsPosted).toBe(10_000_000_000n + 150_000_000n + (sold?.cents ?? 0n));
    for (const t of await k.services.ledger.read.totalsByAsset()) {
      expect(t.balances.debitsPosted).toBe(t.balances.creditsPosted);
    }
  });
});
