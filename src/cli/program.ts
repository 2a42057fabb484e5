import { Command } from '@commander-js/extra-typings';
import { VERSION } from '../kazna.ts';
import { registerAuditCommands } from '../audit/cli.ts';
import { registerCoreCommands, withKazna } from './core-commands.ts';
import { registerMarketCommands } from '../market/cli.ts';
import { registerRiskCommands } from '../risk/cli.ts';
import { registerSimulatorCommands } from '../simulator/cli.ts';
import { registerLedgerCommands } from '../ledger/cli.ts';
import { registerComplianceCommands } from '../compliance/cli.ts';
import { registerChainCommands } from '../chain/cli.ts';
import { registerSeizuresCommands } from '../seizures/cli.ts';
import { registerGovernanceCommands } from '../governance/cli.ts';
import { registerTransparencyCommands } from '../transparency/cli.ts';
import { registerDisposalCommands } from '../disposal/cli.ts';
import { registerReserveCommands } from '../reserve/cli.ts';

/**
 * Every command is registered here. Each domain adds its commands through a `registerXCommands`
 * function so this file stays a table of contents.
 */
export function buildProgram(): Command {
  const program = new Command('kazna')
    .description('Kazna: seized crypto to a governed, audited, transparent national reserve')
    .version(VERSION)
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)');
  registerCoreCommands(program);
  registerSimulatorCommands(program, withKazna);
  registerAuditCommands(program, withKazna);
  registerLedgerCommands(program, withKazna);
  registerComplianceCommands(program, withKazna);
  registerChainCommands(program, withKazna);
  registerSeizuresCommands(program, withKazna);
  registerMarketCommands(program, withKazna);
  registerRiskCommands(program, withKazna);
  registerGovernanceCommands(program, withKazna);
  registerTransparencyCommands(program, withKazna);
  registerReserveCommands(program, withKazna);
  // Last: it adds `disposal` under `reserve`, reusing a `reserve` command registered before it.
  registerDisposalCommands(program, withKazna);
  return program;
}
