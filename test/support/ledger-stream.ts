import { clearEveryMovement } from './ledger-gate.ts';
/**
 * A writer to kill: `node test/support/ledger-stream.ts <database-url> <seed>` opens a few accounts
 * and then streams single transfers and linked batches (pending + post + single, and every fifth a
 * batch large enough for COPY) until it is killed.
 * Before each batch it prints `plan <id,id,…>`; after the commit is acknowledged, `ack <id,id,…>`.
 * The crash test kills it with SIGKILL mid-stream and checks that every acknowledged transfer exists
 * and that no planned batch is half-applied.
 */
import { systemClock } from '../../src/core/clock.ts';
import { idSource } from '../../src/core/ids.ts';
import { seededRandom } from '../../src/core/random.ts';
import { openDb } from '../../src/db/pool.ts';
import type { AccountId, TransferId, TransferInput } from '../../src/ledger/model.ts';
import { createLedger } from '../../src/ledger/service.ts';
import { COPY_ROWS_MIN } from '../../src/ledger/store.ts';

const [url, seedText] = process.argv.slice(2);
if (url === undefined) throw new Error('usage: ledger-stream.ts <database-url> [seed]');
const seed = Number(seedText ?? '1');
const db = openDb({ connectionString: url, max: 4 });
const ids = idSource(systemClock, seededRandom(seed));
const ledger = createLedger({ db, clock: systemClock, ids, gate: clearEveryMovement });
const actor = { id: 'stream' };

async function open(limited: boolean): Promise<AccountId> {
  const r = await ledger.openAccount(actor, {
    asset: 'BTC',
    owner: { kind: 'escrow', ref: `stream-${seed}` },
    type: 'liability',
    flags: { debitsMustNotExceedCredits: limited },
  });
  if (!r.ok) throw new Error(r.code);
  return r.value.id;
}

const source = await open(false);
const accounts = [await open(true), await open(true), await open(true)];
const pick = (i: number): AccountId => accounts[i % accounts.length]!;
const common = { asset: 'BTC' as const, code: 'stream.move', reason: 'crash test' };

function batchFor(n: number): TransferInput[] {
  // Every fifth batch is large enough to be stored with COPY, so a kill can land inside one.
  if (n % 5 === 4) {
    return Array.from({ length: COPY_ROWS_MIN + 8 }, (_, i) => ({
      ...common,
      kind: 'single' as const,
      id: ids.next(),
      debitAccountId: source,
      creditAccountId: pick(n + i),
      amount: 10n,
    }));
  }
  if (n % 3 !== 0) {
    const from = n % 2 === 0 ? source : pick(n);
    return [
      {
        ...common,
        kind: 'single',
        id: ids.next(),
        debitAccountId: from,
        creditAccountId: pick(n + 1),
        amount: 1000n,
      },
    ];
  }
  const pendingId: TransferId = ids.next();
  return [
    {
      ...common,
      kind: 'pending',
      id: pendingId,
      debitAccountId: source,
      creditAccountId: pick(n),
      amount: 500n,
      timeoutSeconds: 0,
    },
    { ...common, kind: 'post', id: ids.next(), pendingId, amount: 300n },
    {
      ...common,
      kind: 'single',
      id: ids.next(),
      debitAccountId: source,
      creditAccountId: pick(n + 2),
      amount: 700n,
    },
  ];
}

for (let n = 0; ; n++) {
  const batch = batchFor(n);
  const list = batch.map((t) => t.id).join(',');
  process.stdout.write(`plan ${list}\n`);
  const r = await ledger.transferBatch(actor, batch);
  // A refused batch (an overdraw) is fine: it must simply leave nothing behind.
  process.stdout.write(r.ok ? `ack ${list}\n` : `refused ${list} ${r.code}\n`);
}
