import { userInfo } from 'node:os';
import { Option, type Command } from '@commander-js/extra-typings';
import { configOrFail, type Access, type WithKazna } from '../cli/run.ts';
import { CliFailure, EXIT_USAGE, printJson, printLine } from '../cli/io.ts';
import { ASSET_CODES, type AssetCode } from '../core/assets.ts';
import { isUuid, type IdSource } from '../core/ids.ts';
import { ACCOUNT_TYPES, OWNER_KINDS, type AccountType, type OwnerKind } from './model.ts';
import { parseTransferBody, type TransferBody } from './request.ts';
import type { LedgerService } from './service.ts';
import { accountView, statementCsv, statementRowView, transferView } from './views.ts';

/**
 * `kazna ledger accounts|open|balance|statement|transfer`. Exit codes: 0 done, 1 refused by the
 * ledger (the code is printed), 2 a usage error (bad id, asset or amount). Bodies take the service
 * and an output sink, so tests call them without a process.
 */
export interface LedgerOut {
  line(text: string): void;
  json(value: unknown): void;
}

const STDOUT: LedgerOut = { line: printLine, json: printJson };

function cliActor(): { id: string } {
  return { id: `cli:${userInfo().username}` };
}

function uuidOrUsage(text: string, what: string): string {
  if (!isUuid(text))
    throw new CliFailure(`${what} must be a UUID: ${text}`, EXIT_USAGE, 'id_invalid');
  return text;
}

function dateOrUsage(text: string | undefined, what: string): Date | undefined {
  if (text === undefined) return undefined;
  const d = new Date(text);
  if (Number.isNaN(d.getTime()))
    throw new CliFailure(`${what} must be an ISO 8601 time`, EXIT_USAGE, 'time_invalid');
  return d;
}

export async function listAccountsCli(
  ledger: LedgerService,
  o: { asset?: AssetCode; ownerKind?: OwnerKind; ownerRef?: string; json?: boolean },
  out: LedgerOut = STDOUT,
): Promise<void> {
  const accounts = await ledger.read.accounts({
    limit: 1000,
    ...(o.asset === undefined ? {} : { asset: o.asset }),
    ...(o.ownerKind === undefined ? {} : { ownerKind: o.ownerKind }),
    ...(o.ownerRef === undefined ? {} : { ownerRef: o.ownerRef }),
  });
  const views = accounts.map((a) => accountView(a));
  if (o.json === true) {
    out.json({ accounts: views });
    return;
  }
  for (const v of views) {
    out.line(
      `${v.id}  ${v.asset.padEnd(4)} ${`${v.owner.kind}:${v.owner.ref}`.padEnd(30)} ${v.balance.padStart(24)}`,
    );
  }
}

export async function balanceCli(
  ledger: LedgerService,
  id: string,
  o: { at?: string; json?: boolean },
  out: LedgerOut = STDOUT,
): Promise<void> {
  const account = await ledger.read.account(uuidOrUsage(id, 'the account id'));
  if (account === undefined) throw new CliFailure(`no account ${id}`, 1, 'account_not_found');
  const at = dateOrUsage(o.at, '--at');
  const view =
    at === undefined
      ? accountView(account)
      : accountView(account, await ledger.read.balancesAt(account.id, at), at);
  if (o.json === true) {
    out.json(view);
    return;
  }
  out.line(`${view.id} ${view.asset}${at === undefined ? '' : ` as of ${at.toISOString()}`}`);
  out.line(`  balance ${view.balance}  available ${view.available}`);
  for (const [k, v] of Object.entries(view.balances)) out.line(`  ${k.padEnd(15)} ${v}`);
}

export async function statementCli(
  ledger: LedgerService,
  id: string,
  o: { from?: string; to?: string; limit?: string; csv?: boolean; json?: boolean },
  out: LedgerOut = STDOUT,
): Promise<void> {
  const account = await ledger.read.account(uuidOrUsage(id, 'the account id'));
  if (account === undefined) throw new CliFailure(`no account ${id}`, 1, 'account_not_found');
  const limit = Number(o.limit ?? '1000');
  if (!Number.isInteger(limit) || limit < 1 || limit > 100_000)
    throw new CliFailure('--limit must be 1 to 100000', EXIT_USAGE, 'limit_invalid');
  const from = dateOrUsage(o.from, '--from');
  const to = dateOrUsage(o.to, '--to');
  const rows = await ledger.read.statement({
    accountId: account.id,
    limit,
    ...(from === undefined ? {} : { from }),
    ...(to === undefined ? {} : { to }),
  });
  if (o.csv === true) {
    out.line(statementCsv(account, rows).trimEnd());
    return;
  }
  const entries = rows.map((r) => statementRowView(account, r));
  if (o.json === true) {
    out.json({ account: accountView(account), entries });
    return;
  }
  for (const e of entries) {
    const t = e.transfer;
    out.line(
      `${t.createdAt}  ${t.kind.padEnd(7)} ${e.side.padEnd(6)} ${t.amount.padStart(20)}  ${e.balance.padStart(22)}  ${t.code}`,
    );
  }
}

export interface TransferCliOptions {
  debit?: string;
  credit?: string;
  pendingId?: string;
  kind?: string;
  asset: string;
  amount?: string;
  code: string;
  reason: string;
  id?: string;
  timeout?: string;
  json?: boolean;
}

export async function transferCli(
  ledger: LedgerService,
  ids: IdSource,
  o: TransferCliOptions,
  out: LedgerOut = STDOUT,
): Promise<void> {
  const body = transferBodyOf(o);
  const parsed = parseTransferBody(body, () => ids.next());
  if (!parsed.ok) throw new CliFailure(parsed.message, EXIT_USAGE, parsed.code);
  const r = await ledger.transfer(cliActor(), parsed.value);
  if (!r.ok) throw new CliFailure(`${r.code}: ${r.message}`, 1, r.code);
  const views = r.value.transfers.map(transferView);
  if (o.json === true) {
    out.json({ transfers: views, replayed: r.value.replayed });
    return;
  }
  for (const t of views)
    out.line(
      `${r.value.replayed ? 'exists' : 'created'} ${t.id} ${t.kind} ${t.amount} ${t.asset} (audit entry ${t.auditSeq})`,
    );
}

function transferBodyOf(o: TransferCliOptions): TransferBody {
  const kind = o.kind ?? 'single';
  if (kind !== 'single' && kind !== 'pending' && kind !== 'post' && kind !== 'void')
    throw new CliFailure(
      `--kind must be single, pending, post or void`,
      EXIT_USAGE,
      'kind_invalid',
    );
  if (!(ASSET_CODES as readonly string[]).includes(o.asset))
    throw new CliFailure(`unknown asset ${o.asset}`, EXIT_USAGE, 'asset_unknown');
  const timeout = o.timeout === undefined ? undefined : Number(o.timeout);
  if (timeout !== undefined && (!Number.isInteger(timeout) || timeout < 0))
    throw new CliFailure('--timeout must be whole seconds', EXIT_USAGE, 'timeout_invalid');
  return {
    kind,
    asset: o.asset as AssetCode,
    code: o.code,
    reason: o.reason,
    ...(o.id === undefined ? {} : { id: uuidOrUsage(o.id, '--id') }),
    ...(o.debit === undefined ? {} : { debitAccountId: uuidOrUsage(o.debit, '--debit') }),
    ...(o.credit === undefined ? {} : { creditAccountId: uuidOrUsage(o.credit, '--credit') }),
    ...(o.pendingId === undefined ? {} : { pendingId: uuidOrUsage(o.pendingId, '--pending-id') }),
    ...(o.amount === undefined ? {} : { amount: o.amount }),
    ...(timeout === undefined ? {} : { timeoutSeconds: timeout }),
  };
}

export async function openCli(
  ledger: LedgerService,
  o: {
    asset: AssetCode;
    ownerKind: OwnerKind;
    ownerRef: string;
    type: AccountType;
    limit?: 'debits' | 'credits';
    json?: boolean;
  },
  out: LedgerOut = STDOUT,
): Promise<void> {
  const r = await ledger.openAccount(cliActor(), {
    asset: o.asset,
    owner: { kind: o.ownerKind, ref: o.ownerRef },
    type: o.type,
    flags: {
      debitsMustNotExceedCredits: o.limit === 'debits',
      creditsMustNotExceedDebits: o.limit === 'credits',
    },
  });
  if (!r.ok) throw new CliFailure(`${r.code}: ${r.message}`, 1, r.code);
  if (o.json === true) {
    out.json(accountView(r.value));
    return;
  }
  out.line(`opened ${r.value.id} (${r.value.asset}, ${r.value.owner.kind}:${r.value.owner.ref})`);
}

export function registerLedgerCommands(program: Command, withKazna: WithKazna): void {
  const ledger = program.command('ledger').description('the double-entry reserve ledger');
  // Reading commands also run beside a server on the same data folder (read-only).
  const run = (fn: (l: LedgerService, ids: IdSource) => Promise<void>, access: Access = 'write') =>
    withKazna(configOrFail(), (k) => fn(k.services.ledger, k.ids), access);
  ledger
    .command('accounts')
    .description('list accounts with their balances')
    .addOption(new Option('--asset <code>').choices(ASSET_CODES))
    .addOption(new Option('--owner-kind <kind>').choices(OWNER_KINDS))
    .option('--owner-ref <ref>')
    .option('--json', 'print JSON')
    .action((o) => run((l) => listAccountsCli(l, o), 'read'));
  ledger
    .command('open')
    .description('open an account')
    .addOption(new Option('--asset <code>').choices(ASSET_CODES).makeOptionMandatory())
    .addOption(new Option('--owner-kind <kind>').choices(OWNER_KINDS).makeOptionMandatory())
    .requiredOption('--owner-ref <ref>')
    .addOption(new Option('--type <type>').choices(ACCOUNT_TYPES).makeOptionMandatory())
    .addOption(
      new Option('--limit <side>', 'debits: may not go below zero').choices([
        'debits',
        'credits',
      ] as const),
    )
    .option('--json', 'print JSON')
    .action((o) => run((l) => openCli(l, o)));
  ledger
    .command('balance')
    .description("an account's balances, now or as of a past time")
    .argument('<account>')
    .option('--at <time>', 'ISO 8601 time')
    .option('--json', 'print JSON')
    .action((id, o) => run((l) => balanceCli(l, id, o), 'read'));
  ledger
    .command('statement')
    .description("an account's transfers with running balances")
    .argument('<account>')
    .option('--from <time>', 'transfers recorded at or after this time')
    .option('--to <time>', 'transfers recorded before this time')
    .option('--limit <n>', 'rows', '1000')
    .option('--csv', 'print CSV')
    .option('--json', 'print JSON')
    .action((id, o) => run((l) => statementCli(l, id, o), 'read'));
  ledger
    .command('transfer')
    .description('create a transfer (single, pending, post or void)')
    .option('--kind <kind>', 'single | pending | post | void', 'single')
    .option('--debit <account>')
    .option('--credit <account>')
    .option('--pending-id <transfer>')
    .requiredOption('--asset <code>')
    .option('--amount <decimal>')
    .requiredOption('--code <code>')
    .requiredOption('--reason <text>')
    .option('--id <uuid>', 'transfer id; a retry with the same id returns the first result')
    .option('--timeout <seconds>', 'for pending transfers')
    .option('--json', 'print JSON')
    .action((o) => run((l, ids) => transferCli(l, ids, o)));
}
