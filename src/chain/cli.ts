import { readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { Option, type Command } from '@commander-js/extra-typings';
import { configOrFail, type WithKazna } from '../cli/run.ts';
import { CliFailure, EXIT_USAGE, printJson, printLine } from '../cli/io.ts';
import { ASSET_CODES } from '../core/assets.ts';
import type { Actor } from '../core/identity.ts';
import { parseAmount } from '../core/money.ts';
import type { Result } from '../core/result.ts';
import { custodyView, reconView, verificationView, walletView } from './routes.ts';
import type { ChainService } from './service.ts';

/**
 * `kazna chain …`: wallets, intake checks, the custody signing steps and reconciliation. Exit codes:
 * 0 done, 1 refused (the code is printed), 2 a usage error. `--json` prints the result as JSON.
 * Nodes come from KAZNA_CHAIN_CONFIG, as for the server.
 */
function cliActor(): Actor {
  return { kind: 'user', id: `cli:${userInfo().username}`, roles: [], organisationId: null };
}

function show(o: { json?: boolean }, value: unknown, line: string): void {
  if (o.json === true) printJson(value);
  else printLine(line);
}

function unwrap<T>(r: Result<T, string>): T {
  if (!r.ok) throw new CliFailure(`${r.code}: ${r.message}`, 1, r.code);
  return r.value;
}

type Run = (fn: (chain: ChainService) => Promise<void>) => Promise<void>;

function chainRunner(withKazna: WithKazna): Run {
  return (fn) => withKazna(configOrFail(), (k) => fn(k.services.chain));
}

export function registerChainCommands(program: Command, withKazna: WithKazna): void {
  const run = chainRunner(withKazna);
  const chain = program
    .command('chain')
    .description('on-chain verification, custody signing, reconciliation');
  chain
    .command('wallets')
    .description('registered watch-only wallets and their addresses')
    .option('--json', 'print JSON')
    .action((o) =>
      run(async (c) => {
        const wallets = (await c.wallets()).map(walletView);
        show(
          o,
          { wallets },
          wallets
            .map(
              (w) =>
                `${w.id}  ${w.asset.padEnd(4)} ${w.kind.padEnd(8)} ${w.label}  ${w.addresses.join(' ')}`,
            )
            .join('\n'),
        );
      }),
    );
  chain
    .command('verify')
    .description('check a seizure transaction on chain and record the result')
    .requiredOption('--subject <id>', 'the lot or seizure id')
    .addOption(new Option('--asset <code>').choices(ASSET_CODES).makeOptionMandatory())
    .requiredOption('--txid <txid>')
    .requiredOption('--address <address>', "the state's seizure address")
    .requiredOption('--amount <decimal>', 'the stated amount in whole units')
    .option('--json', 'print JSON')
    .action((o) =>
      run(async (c) => {
        const amount = parseAmount(o.amount, o.asset);
        if (!amount.ok) throw new CliFailure(amount.message, EXIT_USAGE, amount.code);
        const v = unwrap(
          await c.verifyIntake(cliActor(), {
            subjectId: o.subject,
            asset: o.asset,
            txid: o.txid,
            address: o.address,
            amount: amount.value,
          }),
        );
        show(
          o,
          verificationView(v),
          `${v.outcome} at height ${String(v.blockHeight)} (${v.confirmations} confirmations)`,
        );
        if (!v.verified) process.exitCode = 1;
      }),
    );
  custodyCommands(chain, run);
  reconcileCommands(chain, run);
}

function custodyCommands(chain: Command, run: Run): void {
  const custody = chain
    .command('custody')
    .description('custody transactions prepared for off-line signing');
  custody
    .command('show')
    .argument('<id>', 'custody transaction or approval request id')
    .option('--json', 'print JSON')
    .action((id, o) =>
      run(async (c) => {
        const t = await c.custodyTx(id);
        if (t === null)
          throw new CliFailure(`no custody transaction ${id}`, 1, 'custody_tx_not_found');
        show(
          o,
          { custody: custodyView(t), signatures: await c.signatures(t.id) },
          `${t.id}  ${t.status}  ${t.asset} ${t.amount.toString()} -> ${t.destination}`,
        );
      }),
    );
  const step = (
    name: string,
    description: string,
    fn: (c: ChainService, id: string, file?: string) => Promise<Result<unknown, string>>,
    withFile = false,
  ) => {
    const cmd = custody.command(name).description(description).argument('<id>');
    if (withFile)
      cmd.argument('<file>', 'the signed PSBT (base64) or signed raw transaction (0x…)');
    cmd.option('--json', 'print JSON').action((...args: unknown[]) =>
      run(async (c) => {
        const id = String(args[0]);
        const file = withFile ? String(args[1]) : undefined;
        const o = (withFile ? args[2] : args[1]) as { json?: boolean };
        const value = unwrap(await fn(c, id, file));
        show(o, value, `${name}: ${JSON.stringify(value)}`);
      }),
    );
  };
  const text = (file: string | undefined) => readFileSync(file ?? '', 'utf8').trim();
  step('prepare', 'build the unsigned transaction for an approved move', (c, id) =>
    c.prepare(cliActor(), id),
  );
  step(
    'sign',
    'add the signatures of a PSBT signed elsewhere',
    (c, id, f) => c.addSignatures(cliActor(), id, text(f)),
    true,
  );
  step(
    'signed',
    'hand in an EVM transaction signed elsewhere',
    (c, id, f) => c.addSignedTransaction(cliActor(), id, text(f)),
    true,
  );
  step('broadcast', 'finalise and broadcast', (c, id) => c.broadcast(cliActor(), id));
  step('confirm', 'post to the ledger once confirmed', (c, id) => c.confirm(cliActor(), id));
}

function reconcileCommands(chain: Command, run: Run): void {
  chain
    .command('reconcile')
    .description('compare every custody account with the chain now; differences raise alerts')
    .option('--json', 'print JSON')
    .action((o) =>
      run(async (c) => {
        const r = await c.reconcile(cliActor());
        show(
          o,
          { runId: r.runId, alertIds: r.alertIds, rows: r.rows.map(reconView) },
          `run ${r.runId}: ${r.rows.length} account(s), ${r.alertIds.length} difference(s)`,
        );
        if (r.alertIds.length > 0) process.exitCode = 1;
      }),
    );
  chain
    .command('statement')
    .description("reconcile a custodian's CSV statement (account_id,asset,balance)")
    .argument('<file>')
    .option('--json', 'print JSON')
    .action((file, o) =>
      run(async (c) => {
        const r = unwrap(await c.reconcileStatement(cliActor(), file, readFileSync(file, 'utf8')));
        show(
          o,
          { runId: r.runId, alertIds: r.alertIds, rows: r.rows.map(reconView) },
          `run ${r.runId}: ${r.rows.length} line(s), ${r.alertIds.length} difference(s)`,
        );
        if (r.alertIds.length > 0) process.exitCode = 1;
      }),
    );
  chain
    .command('alerts')
    .description('reconciliation alerts with their evidence')
    .option('--json', 'print JSON')
    .action((o) =>
      run(async (c) => {
        const alerts = (await c.alerts()).map((a) => ({
          ...a,
          difference: a.difference.toString(),
        }));
        show(
          o,
          { alerts },
          alerts.map((a) => `${a.id}  ${a.asset} ${a.difference}  ${a.kind}`).join('\n'),
        );
      }),
    );
}
