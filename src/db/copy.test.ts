import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, testTargets, type TestDatabase } from '../../test/support/targets.ts';
import { copyRow, copyValue } from './copy.ts';
import type { Tx } from './pool.ts';

describe('COPY text encoding, offline', () => {
  it('escapes the four characters the text format gives meaning to, and writes NULL as \\N', () => {
    expect(copyValue('a\tb\nc\rd\\e')).toBe('a\\tb\\nc\\rd\\\\e');
    expect(copyValue(null)).toBe('\\N');
    expect(copyValue('\\N')).toBe('\\\\N');
    expect(copyValue(10n ** 30n)).toBe('1000000000000000000000000000000');
    expect(copyRow(['x', null, 3])).toBe('x\t\\N\t3\n');
  });
});

describe.each(testTargets())('COPY on $label', (target) => {
  let d: TestDatabase;
  beforeAll(async () => {
    d = await freshDatabase(target);
    const owner = (await import('./pool.ts')).openDb({ connectionString: d.url, appRole: null });
    await owner.query('CREATE TABLE copy_probe (n int PRIMARY KEY, t text, a numeric(78,0))');
    await owner.query('GRANT SELECT, INSERT, UPDATE ON copy_probe TO kazna_app');
    await owner.close();
  });
  afterAll(async () => {
    await d.drop();
  });

  /** The rows of `text` written in messages of `rowsPerWrite` rows each, then the end. */
  const copyInto = (tx: Tx, sql: string, text: string, rowsPerWrite = 1_000, then?: string) => {
    if (tx.copyFrom === undefined) throw new Error('a transaction must offer COPY');
    const writer = tx.copyFrom(sql, then);
    const rows = text.split(/(?<=\n)/);
    for (let i = 0; i < rows.length; i += rowsPerWrite) {
      writer.write(rows.slice(i, i + rowsPerWrite).join(''));
    }
    return writer.end();
  };
  const copy = (tx: Tx, text: string, rowsPerWrite?: number) =>
    copyInto(tx, 'COPY copy_probe (n, t, a) FROM STDIN', text, rowsPerWrite);

  it('any text and any integer come back unchanged', async () => {
    let base = 0;
    const text = fc.string({ unit: 'binary', maxLength: 16 }).map((s) => s.replace(/\0/g, ''));
    const value = fc.oneof(
      text,
      fc.constantFrom('\\N', '\\', '\t', '\n', '\r\n', ''),
      fc.constant(null),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(value, fc.option(fc.bigInt({ min: 0n, max: 10n ** 40n }))), {
          minLength: 1,
          maxLength: 6,
        }),
        fc.integer({ min: 1, max: 4 }),
        async (rows, rowsPerWrite) => {
          const first = base;
          base += rows.length;
          const body = rows.map(([t, a], i) => copyRow([first + i, t, a])).join('');
          await d.db.transaction(async (tx) => {
            const inFlight = copy(tx, body, rowsPerWrite);
            await inFlight.sent;
            await inFlight.done;
          });
          const back = await d.db.query<{ t: string | null; a: bigint | null }>(
            'SELECT t, a FROM copy_probe WHERE n >= $1 AND n < $2 ORDER BY n',
            [first, base],
          );
          expect(back.map((r) => [r.t, r.a])).toEqual(rows);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('a failing COPY rejects with the database error and leaves nothing behind', async () => {
    const before = await d.db.query<{ n: bigint }>('SELECT count(*) AS n FROM copy_probe');
    const attempt = d.db.transaction(async (tx) => {
      const inFlight = copy(tx, copyRow([-1, 'a', 1]) + copyRow([-1, 'b', 2]));
      await inFlight.sent;
      await inFlight.done;
    });
    await expect(attempt).rejects.toMatchObject({ code: '23505' });
    const after = await d.db.query<{ n: bigint }>('SELECT count(*) AS n FROM copy_probe');
    expect(after).toEqual(before);
  });

  it('settles "sent" even when the statement fails before any data is asked for', async () => {
    const attempt = d.db.transaction(async (tx) => {
      const inFlight = copyInto(tx, 'COPY no_such_table FROM STDIN', copyRow([1]));
      await inFlight.sent;
      await inFlight.done;
    });
    await expect(attempt).rejects.toMatchObject({ code: '42P01' });
  });

  it('runs the statement that follows a COPY after its rows, and skips it when the COPY fails', async () => {
    const note = "UPDATE copy_probe SET t = 'followed' WHERE n = 20000";
    await d.db.transaction(async (tx) => {
      const sql = 'COPY copy_probe (n, t, a) FROM STDIN';
      await copyInto(tx, sql, copyRow([20_000, 'copied', 1]), 1, note).done;
    });
    const [row] = await d.db.query<{ t: string }>('SELECT t FROM copy_probe WHERE n = 20000');
    expect(row?.t).toBe('followed');
    const failing = d.db.transaction(async (tx) => {
      const sql = 'COPY copy_probe (n, t, a) FROM STDIN';
      const bad = copyRow([20_001, 'x', 1]) + copyRow([20_001, 'y', 1]);
      await copyInto(tx, sql, bad, 1, "UPDATE copy_probe SET t = 'no' WHERE n = 20000").done;
    });
    await expect(failing).rejects.toMatchObject({ code: '23505' });
    const [after] = await d.db.query<{ t: string }>('SELECT t FROM copy_probe WHERE n = 20000');
    expect(after?.t).toBe('followed');
  });

  it('leaves every connection usable after failed COPYs, whose data the server ignored', async () => {
    // The data is sent without waiting for the server to ask for it; after a failure the server
    // must skip it, and the connection must carry on with the next statement.
    for (let i = 0; i < 25; i++) {
      const failing = d.db.transaction(async (tx) => {
        await copyInto(tx, 'COPY no_such_table FROM STDIN', copyRow([i]).repeat(100), 10).done;
      });
      await expect(failing).rejects.toMatchObject({ code: '42P01' });
      const [row] = await d.db.query<{ n: number }>('SELECT $1::int + 1 AS n', [i]);
      expect(row?.n).toBe(i + 1);
    }
    await d.db.transaction(async (tx) => {
      await copy(tx, copyRow([10_000, 'after', 1])).done;
    });
    const [row] = await d.db.query<{ t: string }>('SELECT t FROM copy_probe WHERE n = 10000');
    expect(row?.t).toBe('after');
  });
});

describe.each(testTargets())('one statement at a time on $label', (target) => {
  let d: TestDatabase;
  beforeAll(async () => {
    d = await freshDatabase(target);
  });
  afterAll(async () => {
    await d.drop();
  });

  it('refuses a second statement while one runs, and rolls back cleanly', async () => {
    // The driver deprecates queueing a query behind a running one; inside Kazna it is a bug.
    const attempt = d.db.transaction(async (tx) => {
      await Promise.all([tx.query('SELECT pg_sleep(0.05)'), tx.query('SELECT 1')]);
    });
    await expect(attempt).rejects.toThrow(/one statement at a time/);
    // Sequential statements are fine, and the pool is still usable.
    const rows = await d.db.transaction(async (tx) => {
      await tx.query('SELECT 1');
      return tx.query<{ n: number }>('SELECT 2 AS n');
    });
    expect(rows).toEqual([{ n: 2 }]);
  });
});
