import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { clearEveryMovement } from '../../test/support/ledger-gate.ts';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../core/clock.ts';
import { idSource } from '../core/ids.ts';
import { seededRandom } from '../core/random.ts';
import { replayLedger, unbalancedAssets } from '../../test/support/ledger-fixtures.ts';
import { freshDatabase, testTargets, type TestDatabase } from '../../test/support/targets.ts';
import { createLedger } from './service.ts';

/**
 * Kill -9 a writer in the middle of a stream of transfers and linked batches, start another, and
 * check the book: every acknowledged transfer exists, no batch is half-applied, debits equal credits,
 * and the audit log replays to exactly the live balances.
 */
const STREAM = join(import.meta.dirname, '..', '..', 'test', 'support', 'ledger-stream.ts');

interface StreamLog {
  readonly planned: string[][];
  readonly acked: Set<string>;
}

/** Runs the stream until `acks` batches are acknowledged, then kills it with SIGKILL. */
async function streamThenKill(
  url: string,
  seed: number,
  acks: number,
  log: StreamLog,
): Promise<void> {
  const child = spawn(process.execPath, [STREAM, url, String(seed)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<NodeJS.Signals | null>((resolve) =>
    child.on('exit', (_c, s) => {
      resolve(s);
    }),
  );
  let count = 0;
  for await (const line of createInterface({ input: child.stdout })) {
    const [verb, list] = line.split(' ');
    const batch = (list ?? '').split(',');
    if (verb === 'plan') log.planned.push(batch);
    if (verb === 'ack') {
      for (const id of batch) log.acked.add(id);
      if (++count === acks) child.kill('SIGKILL');
    }
  }
  const signal = await exited;
  expect(signal, stderr).toBe('SIGKILL');
}

describe.each(testTargets())('ledger after kill -9 on $label', (target) => {
  let database: TestDatabase;
  const log: StreamLog = { planned: [], acked: new Set() };

  beforeAll(async () => {
    database = await freshDatabase(target);
  });
  afterAll(() => database.drop());

  it('keeps every acknowledged transfer and applies no batch by halves', async () => {
    await streamThenKill(database.url, 1, 120, log);
    await streamThenKill(database.url, 2, 40, log);
    const rows = await database.db.query<{ id: string }>('SELECT id FROM ledger_transfers');
    const stored = new Set(rows.map((r) => r.id));
    const missing = [...log.acked].filter((id) => !stored.has(id));
    expect(missing).toEqual([]);
    const halves = log.planned.filter((b) => {
      const present = b.filter((id) => stored.has(id)).length;
      return present !== 0 && present !== b.length;
    });
    expect(halves).toEqual([]);
    expect(log.acked.size).toBeGreaterThan(150);
  });

  it('still balances, replays to the live book, and takes new transfers after the restart', async () => {
    const clock = manualClock();
    const ledger = createLedger({
      db: database.db,
      clock,
      ids: idSource(clock, seededRandom(9)),
      gate: clearEveryMovement,
    });
    expect(await unbalancedAssets(ledger)).toEqual([]);
    expect(await replayLedger(database.db)).toEqual([]);
    const [a, b] = await ledger.read.accounts({ ownerKind: 'escrow', limit: 2 });
    const moved = await ledger.transfer(
      { id: 'test' },
      {
        kind: 'single',
        id: idSource(clock, seededRandom(10)).next(),
        debitAccountId: a!.id,
        creditAccountId: b!.id,
        asset: 'BTC',
        amount: 1n,
        code: 'test.after_crash',
        reason: 'the book takes writes after a crash',
      },
    );
    expect(moved.ok).toBe(true);
  });
});
