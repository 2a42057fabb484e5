import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CliFailure, EXIT_USAGE } from '../cli/io.ts';
import {
  ledgerFixture,
  openAccount,
  type LedgerFixture,
} from '../../test/support/ledger-fixtures.ts';
import { testTargets } from '../../test/support/targets.ts';
import { balanceCli, listAccountsCli, statementCli, transferCli, type LedgerOut } from './cli.ts';
import type { Account } from './model.ts';

/** The CLI bodies: JSON and text output, exit 1 for a refusal, exit 2 for a usage error. */
describe.each(testTargets().filter((t) => t.label === 'embedded'))(
  'ledger CLI on $label',
  (target) => {
    let f: LedgerFixture;
    let a: Account;
    let b: Account;
    const lines: string[] = [];
    const values: unknown[] = [];
    const out: LedgerOut = { line: (t) => lines.push(t), json: (v) => values.push(v) };

    beforeAll(async () => {
      f = await ledgerFixture(target);
      a = await openAccount(f.ledger, 'USDT');
      b = await openAccount(f.ledger, 'USDT', { limited: 'debits' });
    });
    afterAll(() => f.close());

    const move = {
      debit: '',
      credit: '',
      asset: 'USDT',
      amount: '12.5',
      code: 'cli.move',
      reason: 'cli test',
    };

    it('transfers, then shows the balance, the accounts and the statement', async () => {
      await transferCli(f.ledger, f.ids, { ...move, debit: a.id, credit: b.id, json: true }, out);
      expect(values.pop()).toMatchObject({
        replayed: false,
        transfers: [{ amount: '12.5', asset: 'USDT' }],
      });
      await balanceCli(f.ledger, b.id, { json: true }, out);
      expect(values.pop()).toMatchObject({ balance: '12.5', available: '12.5' });
      await listAccountsCli(f.ledger, { asset: 'USDT' }, out);
      expect(lines.splice(0).length).toBe(2);
      await statementCli(f.ledger, b.id, { csv: true }, out);
      expect(lines.pop()).toContain(',12.500000');
    });

    it('exits 1 with the code when the ledger refuses, and 2 on a usage error', async () => {
      const refused = transferCli(
        f.ledger,
        f.ids,
        { ...move, debit: b.id, credit: a.id, amount: '100' },
        out,
      );
      await expect(refused).rejects.toMatchObject({ exitCode: 1, code: 'exceeds_credits' });
      const usage = transferCli(
        f.ledger,
        f.ids,
        { ...move, debit: a.id, credit: b.id, amount: '1.0000001' },
        out,
      );
      await expect(usage).rejects.toMatchObject({
        exitCode: EXIT_USAGE,
        code: 'amount_exceeds_asset_scale',
      });
      await expect(balanceCli(f.ledger, 'not-a-uuid', {}, out)).rejects.toBeInstanceOf(CliFailure);
    });
  },
);
