import { appendAudit } from '../audit/append.ts';
import { isAssetCode, type AssetCode } from '../core/assets.ts';
import { parseCsv } from '../core/csv.ts';
import type { Actor } from '../core/identity.ts';
import { parseAmount } from '../core/money.ts';
import { err, ok, type Result } from '../core/result.ts';
import { normalBalance } from '../ledger/model.ts';
import type { StatementError } from './codes.ts';
import type { ChainDeps } from './deps.ts';
import type { Json } from '../core/canonical.ts';
import { cachedBalances, insertStates, type ScanState } from './scancache.ts';
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

async function ledgerBalance(d: ChainDeps, accountId: string): Promise<bigint> {
  const a = await d.ledger.read.account(accountId);
  return a === undefined ? 0n : normalBalance(a.type, a.balances);
}

interface ChainScan {
  readonly rows: store.ReconRow[];
  readonly states: ScanState[];
}

function chainRow(
  w: store.WalletRow,
  accountId: string,
  asset: AssetCode,
  height: number,
  balances: Map<string, bigint>,
  inLedger: bigint,
  scan: Json | null,
): store.ReconRow {
  const onChain = [...balances.values()].reduce((s, b) => s + b, 0n);
  return {
    walletId: w.id,
    accountId,
    asset,
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
      ...(scan === null ? {} : { scan }),
    },
  };
}

/**
 * One row per wallet with a ledger account; Bitcoin-like chains read through the scan cache. A token
 * wallet whose gas accounts are registered gets a second row: its addresses' ETH against the ETH
 * account its gas is paid from, so booked gas and the chain agree too.
 */
async function chainRows(
  d: ChainDeps,
  heights: Partial<Record<AssetCode, number>>,
): Promise<ChainScan> {
  const out: ChainScan = { rows: [], states: [] };
  for (const w of await store.wallets(d.db)) {
    const adapter = d.adapters.any(w.asset);
    if (w.accountId === null || adapter === null || w.addresses.length === 0) continue;
    const height = heights[w.asset] ?? (await adapter.tipHeight());
    const utxo = d.adapters.utxo(w.asset);
    let balances: Map<string, bigint>;
    let scan: Json | null = null;
    if (utxo === null) {
      balances = await adapter.balancesAt(w.asset, w.addresses, height, w.birthHeight);
    } else {
      const cached = await cachedBalances(d.db, utxo, w.addresses, height, w.birthHeight);
      balances = cached.balances;
      scan = cached.scan;
      out.states.push(...cached.states);
    }
    const inLedger = await ledgerBalance(d, w.accountId);
    out.rows.push(chainRow(w, w.accountId, w.asset, height, balances, inLedger, scan));
    const eth = d.adapters.evm('ETH');
    if (w.gasAccountId !== null && w.asset !== 'ETH' && eth !== null) {
      const ethHeight = heights.ETH ?? height;
      const gas = await eth.balancesAt('ETH', w.addresses, ethHeight, w.birthHeight);
      const gasLedger = await ledgerBalance(d, w.gasAccountId);
      out.rows.push(chainRow(w, w.gasAccountId, 'ETH', ethHeight, gas, gasLedger, null));
    }
  }
  return out;
}

async function record(
  d: ChainDeps,
  actor: Actor,
  trigger: 'manual' | 'schedule' | 'statement',
  source: string,
  rows: store.ReconRow[],
  states: readonly ScanState[] = [],
): Promise<RunReport> {
  const runId = d.ids.next<'reconciliation'>();
  const alertIds = rows.filter((r) => r.difference !== 0n).map(() => d.ids.next<'chain_alert'>());
  return d.db.write(async (tx) => {
    const audit = await appendAudit(tx, d.clock, {
      actor,
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
    // The cache advances with the run that read the blocks, or not at all.
    await insertStates(tx, runId, d.clock.now(), states);
    return { runId, rows, alertIds };
  });
}

export async function reconcileChains(
  d: ChainDeps,
  actor: Actor,
  trigger: 'manual' | 'schedule',
  heights: Partial<Record<AssetCode, number>> = {},
): Promise<RunReport> {
  const scanned = await chainRows(d, heights);
  return record(d, actor, trigger, 'chain', scanned.rows, scanned.states);
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
    const [accountId = '', asset = '', balance = ''] = parseCsv(line).flat();
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
