import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testKazna, testTargets, type TestKazna } from '../../test/support/targets.ts';
import {
  auctionCreateCli,
  operator,
  otcExecuteCli,
  otcPlanCli,
  reportCli,
  type DisposalOut,
} from './cli.ts';
import {
  disposalWorld,
  importBtcPrices,
  lotIn,
  NOT_FORFEITED,
  type DisposalWorld,
} from '../../test/support/disposal.ts';

/**
 * The CLI bodies over the assembled service: a lot that is not forfeited is refused with its code
 * and exit 1, whichever route; a forfeited one gets its approval request.
 */
describe.each(testTargets())('disposal CLI on $label PostgreSQL', (target) => {
  let k: TestKazna;
  let w: DisposalWorld;
  const values: unknown[] = [];
  const lines: string[] = [];
  const out: DisposalOut = { line: (t) => lines.push(t), json: (v) => values.push(v) };

  beforeAll(async () => {
    k = await testKazna(target);
    k.clock.set(new Date('2026-03-02T10:00:00Z'));
    w = await disposalWorld(k, 'dc');
    await importBtcPrices(k);
  });
  afterAll(() => k.close());

  it.each([
    ...NOT_FORFEITED.map((s) => [s, 'lot_not_forfeited']),
    ['unearmarked', 'lot_not_earmarked'],
  ])(
    'no CLI path disposes of a %s lot (%s, exit 1), and nothing is written',
    async (status, code) => {
      const id = await lotIn(k, w, status === 'unearmarked' ? 'forfeited' : status, '0.5', false);
      const before = await k.services.audit.size();
      const s = k.services.disposal;
      const auction = auctionCreateCli(
        s,
        operator(),
        { lot: [id], reservePrice: '1', closesAt: '2026-04-01T00:00:00Z' },
        out,
      );
      await expect(auction).rejects.toMatchObject({ exitCode: 1, code });
      const plan = otcPlanCli(
        s,
        operator(),
        {
          lot: id,
          tranche: ['0.1'],
          counterparty: 'desk:x1',
          shareBps: '1000',
          toleranceBps: '50',
        },
        out,
      );
      await expect(plan).rejects.toMatchObject({ exitCode: 1, code });
      expect(await k.services.audit.size()).toBe(before);
    },
  );

  it('asks for an OTC plan of a forfeited lot; its tranche and report wait for the approval', async () => {
    const id = await lotIn(k, w, 'forfeited', '1');
    const s = k.services.disposal;
    await otcPlanCli(
      s,
      operator(),
      {
        lot: id,
        tranche: ['0.5', '0.5'],
        counterparty: 'desk:x1',
        shareBps: '1000',
        toleranceBps: '50',
        json: true,
      },
      out,
    );
    const v = values.pop() as { planId: string; state: string };
    expect(v.state).toBe('pending_approval');
    const tranche = otcExecuteCli(
      s,
      operator(),
      { plan: v.planId, tranche: '1', day: '2026-03-02', price: '60000' },
      out,
    );
    await expect(tranche).rejects.toMatchObject({ exitCode: 1, code: 'plan_not_found' });
    await expect(reportCli(s, v.planId, { csv: true }, out)).rejects.toMatchObject({
      code: 'plan_not_found',
    });
  });
});
