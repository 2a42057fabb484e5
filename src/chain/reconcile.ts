import { appendAudit } from '../audit/append.ts';
import { isAssetCode, type AssetCode } from '../core/assets.ts';
import { parseAmount } from '../core/money.ts';
import { err, ok, type Result } from '../core/result.ts';
import { normalBalance } from '../ledger/model.ts';
import type { Actor } from '../http/access.ts';
import type { ChainDeps } from './service.ts';
import * as store from './store.ts';

/**
 * Reconciliation: every custody account with on-chain addresses is compared with the chain at a
 * block height (the tip unless given); every line of a custodian's statement with the ledger. Each
 * run is kept with its rows; each non-zero difference becomes an alert carrying its evidence.
 */
export interface RunReport {
  readonly runId: string;
  readonly rows: readonly store.ReconRow[];
  readonly alertIds: readonly string[];
}

export type StatementError = 'statement_invalid';

async function ledgerBalance(d: ChainDeps, accountId: string): Promise<bigint> {
  const a = await d.ledger.read.account(accountId);
  return a === undefined ? 0n : normalBalance(a.type, a.balances);
}

async function chainRows(
  d: ChainDeps,
  heights: Partial<Record<AssetCode, number>>,
): Promise<store.ReconRow[]> {
  const rows: store.ReconRow[] = [];
  for (const w of await store.wallets(d.db)) {
    const adapter = d.adapters.any(w.asset);
    if (w.accountId === null || adapter === null || w.addresses.length === 0) continue;
    const height = heights[w.asset] ?? (await adapter.tipHeight());
    const balances = await adapter.balancesAt(w.asset, w.addresses, height, w.birthHeight);
    const onChain = [...balances.values()].reduce((s, b) => s + b, 0n);
    const inLedger = await ledgerBalance(d, w.accountId);
    rows.push({
      walletId: w.id,
      accountId: w.accountId,
      asset: w.asset,
      height,
      ledgerBalance: inLedger,
      externalBalance: onChain,
      difference: onChain - inLedger,
      evidence: {
        source: 'chain',
        height,
        addresses: Object.fromEntries([...balances].map(([a, b]) => [a, b.toString()])),
        ledgerBalance: inLedger.toString(),
        chainBalance: onChain.toString(),
      },
    });
  }
  return rows;
}

async function record(
  d: ChainDeps,
  actor: Actor,
  trigger: 'manual' | 'schedule' | 'statement',
  source: string,
  rows: store.ReconRow[],
): Promise<RunReport> {
  const runId = d.ids.next<'reconciliation'>();
  const alertIds = rows.filter((r) => r.difference !== 0n).map(() => d.ids.next<'chain_alert'>());
  return d.db.write(async (tx) => {
    const audit = await appendAudit(tx, d.clock, {
      actor: actor.id,
      action: 'chain.reconciliation.completed',
      subjects: [runId, ...alertIds],
      payload: {
        runId,
        trigger,
        source,
        alertIds,
        rows: rows.map((r) => ({
          ...r,
          ledgerBalance: r.ledgerBalance.toString(),
          externalBalance: r.externalBalance.toString(),
          difference: r.difference.toString(),
        })),
      },
    });
    await store.insertRun(
      tx,
      {
        id: runId,
        trigger,
        source,
        at: d.clock.now(),
        by: actor.id,
        differences: alertIds.length,
        auditSeq: audit.seq,
      },
      rows,
      alertIds,
    );
    return { runId, rows, alertIds };
  });
}

export async function reconcileChains(
  d: ChainDeps,
  actor: Actor,
  trigger: 'manual' | 'schedule',
  heights: Partial<Record<AssetCode, number>> = {},
): Promise<RunReport> {
  return record(d, actor, trigger, 'chain', await chainRows(d, heights));
}

/**
 * A custodian's statement as CSV with the header `account_id,asset,balance` (balance a decimal in
 * whole units). Any bad line refuses the whole file: a partial comparison would hide differences.
 */
export async function reconcileStatement(
  d: ChainDeps,
  actor: Actor,
  name: string,
  csv: string,
): Promise<Result<RunReport, StatementError>> {
  const lines = csv.split(/\r?\n/).filter((l) => l.trim() !== '');
  if (lines[0]?.trim() !== 'account_id,asset,balance')
    return err('statement_invalid', 'the first line must be account_id,asset,balance');
  const rows: store.ReconRow[] = [];
  for (const [i, line] of lines.slice(1).entries()) {
    const [accountId = '', asset = '', balance = ''] = line.split(',');
    if (!isAssetCode(asset))
      return err('statement_invalid', `line ${i + 2}: unknown asset ${asset}`, { line: i + 2 });
    const parsed = parseAmount(balance, asset);
    if (!parsed.ok)
      return err('statement_invalid', `line ${i + 2}: ${parsed.message}`, {
        line: i + 2,
        code: parsed.code,
      });
    const account = await d.ledger.read.account(accountId);
    if (account?.asset !== asset)
      return err('statement_invalid', `line ${i + 2}: no ${asset} account ${accountId}`, {
        line: i + 2,
      });
    const inLedger = normalBalance(account.type, account.balances);
    rows.push({
      walletId: null,
      accountId,
      asset,
      height: null,
      ledgerBalance: inLedger,
      externalBalance: parsed.value,
      difference: parsed.value - inLedger,
      evidence: {
        source: 'statement',
        statement: name,
        line: i + 2,
        statedBalance: balance,
        ledgerBalance: inLedger.toString(),
      },
    });
  }
  return ok(await record(d, actor, 'statement', `statement:${name}`, rows));
}

/** Runs chain reconciliation every `intervalMs` (0 disables); returns the stop function. */
export function startReconcileTimer(
  d: ChainDeps,
  actor: Actor,
  intervalMs: number,
  onError: (e: unknown) => void,
): () => void {
  if (intervalMs <= 0) return () => undefined;
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    reconcileChains(d, actor, 'schedule')
      .catch(onError)
      .finally(() => {
        running = false;
      });
  }, intervalMs);
  timer.unref();
  return () => {
    clearInterval(timer);
  };
}
