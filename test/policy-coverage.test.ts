import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '../src/governance/defaults.ts';
import { moneyPaths } from './support/money-paths.ts';

/**
 * Every movement of value goes through the transaction policy, and this file is how a new route
 * that forgot it fails the suite.
 *
 * The guarantee is structural: the only code that writes the ledger's tables is `src/ledger/store.ts`,
 * which only the ledger service uses, and the service's one way to book a transfer
 * (`transferInTx`) asks the policy gate (`clear`) before it records anything. So every route,
 * command and executor that can change a balance does so through the gate; below, the call graph
 * of `src/` finds each of them, and each must be listed here with the rules that govern it (the
 * closing note and `docs/design/governance.md` quote this table). A new entry point that reaches the
 * ledger fails until someone has said which rule governs it.
 */
const ROOT = fileURLToPath(new URL('../', import.meta.url));

/** What a hand-booked transfer may meet, in the policy's order: a direct fee, else a quorum. */
const LEDGER_POSTING_RULES = [
  'small-operational-posting',
  'operational-postings-ceiling',
  'large-value',
  'velocity-24h',
  'ordinary-money',
];

/** How each entry point that can change a balance is governed by the default policy, version 1. */
const GOVERNED: Readonly<
  Record<string, { readonly rules: readonly string[]; readonly how: string }>
> = {
  'POST /ledger/transfers': {
    rules: LEDGER_POSTING_RULES,
    how: 'evaluated per movement: a small fee to a custodian is booked under its rule; anything else answers 202 with a ledger.transfer approval request',
  },
  'POST /ledger/transfers/batch': {
    rules: LEDGER_POSTING_RULES,
    how: 'as the single route, the batch grouped into movements by asset and owners',
  },
  'cli ledger transfer': {
    rules: ['small-operational-posting', 'large-value', 'ordinary-money'],
    how: 'evaluated like the route; a command line cannot gather a quorum, so anything needing one exits 1 (approval_required)',
  },
  'executor ledger.transfer': {
    rules: ['operational-postings-ceiling', 'large-value', 'velocity-24h', 'ordinary-money'],
    how: 'booked only inside the execution of the approved request, cleared as approval:<request id>',
  },
  'executor reserve.capital_call': {
    rules: ['capital-call'],
    how: 'a venture fund’s capital call, paid only once its approval request is executed',
  },
  'executor reserve.subscription | reserve.subscription.cap_exception': {
    rules: ['large-value', 'velocity-24h', 'ordinary-money'],
    how: 'a subscription to a fund, paid only once its approval request is executed',
  },
  'executor seizures.disposal.auction.award': {
    rules: ['disposal-before-forfeiture', 'large-value', 'ordinary-money'],
    how: 'an auction’s award settles the lot and books the proceeds under its approval',
  },
  'executor seizures.disposal.otc.tranche': {
    rules: ['disposal-before-forfeiture', 'large-value', 'ordinary-money'],
    how: 'an OTC tranche books the sale under its approval',
  },
  'executor seizures.legal.transition': {
    rules: ['ordinary-unpriced'],
    how: 'a court decision’s effect (forfeiture, restitution, release) moves the lot under its approval',
  },
  'POST /chain/custody/:id/confirm': {
    rules: ['new-destination', 'large-value', 'ordinary-money'],
    how: 'the ledger follows the chain for a custody move approved (and signed) before its broadcast',
  },
  'cli custody confirm': {
    rules: ['new-destination', 'large-value', 'ordinary-money'],
    how: 'as the route',
  },
  'POST /reserve/distributions': {
    rules: ['fund-inflow'],
    how: 'a fund paying the reserve back, from a manager into the reserve only',
  },
  'POST /reserve/redemptions': {
    rules: ['fund-inflow'],
    how: 'a redemption paid from a manager into the reserve only',
  },
  'POST /reserve/redemptions/:id/deal-queued': {
    rules: ['fund-inflow'],
    how: 'a queued redemption’s payment, from a manager into the reserve only',
  },
  'POST /seizures/claims/:id/{approve|pay}': {
    rules: ['seizure-bookkeeping'],
    how: 'a victim’s approved claim paid between seizure accounts (custody to escrow); never the reserve',
  },
  'POST /seizures/intake': {
    rules: ['seizure-bookkeeping'],
    how: 'seized assets booked into custody and the agency’s seizure books; never the reserve',
  },
  'POST /seizures/intake/csv': {
    rules: ['seizure-bookkeeping'],
    how: 'as intake, row by row, for a CSV file checked in the console',
  },
  'cli cases import': {
    rules: ['seizure-bookkeeping'],
    how: 'as intake, row by row',
  },
  'POST /seizures/lots/:id/split': {
    rules: ['seizure-bookkeeping'],
    how: 'a lot split within its custody account; never the reserve',
  },
};

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sources(path);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [path] : [];
  });
}

describe('every movement of value goes through the transaction policy', () => {
  const files = sources(join(ROOT, 'src')).map((path) => ({
    file: relative(ROOT, path),
    text: readFileSync(path, 'utf8'),
  }));

  it('writes the ledger’s tables only from the ledger’s store, used only by its service', () => {
    const writes =
      /\b(INSERT\s+INTO|UPDATE|DELETE\s+FROM|COPY|TRUNCATE)\s+ledger_(transfers|accounts)\b/i;
    expect(files.filter((f) => writes.test(f.text)).map((f) => f.file)).toEqual([
      'src/ledger/store.ts',
    ]);
    // Files that import the ledger's store and use one of its writers.
    const importsStore = (f: { file: string; text: string }) =>
      f.file.startsWith('src/ledger/')
        ? f.text.includes("from './store.ts'")
        : /from '[./]*\/ledger\/store\.ts'/.test(f.text);
    // `store.recordBatch(` or a named import's `recordBatch(`; not the service's `ledger.closeAccount(`.
    const recorders = /(store\.|(?<![.\w]))(recordBatch|prepareBatch|insertAccount|closeAccount)\(/;
    expect(
      files
        .filter(
          (f) => f.file !== 'src/ledger/store.ts' && importsStore(f) && recorders.test(f.text),
        )
        .map((f) => f.file),
    ).toEqual(['src/ledger/service.ts']);
  });

  it('asks the gate before the ledger records a transfer', () => {
    const service = files.find((f) => f.file === 'src/ledger/service.ts')?.text ?? '';
    const body = service.slice(service.indexOf('async function transferInTx('));
    const end = body.indexOf('\n}\n');
    const transferInTx = body.slice(0, end);
    expect(transferInTx.indexOf('await clear(')).toBeGreaterThan(0);
    expect(transferInTx.indexOf('recordTransfers(')).toBeGreaterThan(
      transferInTx.indexOf('await clear('),
    );
    // The only other recording is the expiry of pending transfers, which releases holds.
    const recorded = [...service.matchAll(/recordTransfers\(\s*\{[^}]*\},\s*[^,]+,\s*'([^']+)'/g)];
    expect(recorded.map((m) => m[1]).sort()).toEqual([
      'ledger.transfers.created',
      'ledger.transfers.expired',
    ]);
  });

  it('finds every route, command and executor that can change a balance, each with its rule', () => {
    const found = moneyPaths();
    const entries = found.map((p) => p.entry);
    const undocumented = found.filter((p) => !Object.hasOwn(GOVERNED, p.entry));
    expect(
      undocumented,
      'new entry points that reach the ledger: say which rule governs each',
    ).toEqual([]);
    expect(Object.keys(GOVERNED).filter((e) => !entries.includes(e))).toEqual([]);
    const ruleIds = new Set(DEFAULT_POLICY.rules.map((r) => r.id));
    for (const [entry, g] of Object.entries(GOVERNED))
      expect([entry, g.rules.filter((r) => !ruleIds.has(r))]).toEqual([entry, []]);
  }, 240_000);
});
