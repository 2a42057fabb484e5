import { userInfo } from 'node:os';
import type { Command } from '@commander-js/extra-typings';
import { configOrFail, type WithKazna } from '../cli/run.ts';
import { CliFailure, EXIT_USAGE, printLine } from '../cli/io.ts';
import type { Actor } from '../core/identity.ts';
import { registerServiceAccountCommands } from './service-account-cli.ts';
import type { Governance } from './service.ts';

/**
 * First-run set-up from the server's shell: create organisations and the first administrator. The
 * operator with shell access acts as Kazna itself; once an administrator exists, people and roles
 * are managed through the API and approval requests, never here.
 */
function operator(): Actor {
  return { kind: 'system', id: `cli:${userInfo().username}`, roles: [], organisationId: null };
}

export async function bootstrapAdmin(
  gov: Governance,
  o: { username: string; organisation?: string; password: string | undefined },
): Promise<string> {
  if (o.password === undefined || o.password.length < 12) {
    throw new CliFailure(
      'set KAZNA_BOOTSTRAP_PASSWORD to a password of at least 12 characters',
      EXIT_USAGE,
      'password_missing',
    );
  }
  const users = await gov.users();
  if (users.some((u) => u.roles.includes('administrator'))) {
    throw new CliFailure('an administrator already exists', 1, 'administrator_exists');
  }
  const orgs = await gov.organisations();
  const org = o.organisation === undefined ? null : orgs.find((x) => x.code === o.organisation);
  if (org === undefined) {
    throw new CliFailure(
      `no organisation ${o.organisation ?? ''}`,
      EXIT_USAGE,
      'organisation_unknown',
    );
  }
  const r = await gov.createUser(operator(), {
    username: o.username,
    displayName: o.username,
    organisationId: org?.id ?? null,
    password: o.password,
    roles: ['administrator'],
  });
  if (!r.ok) throw new CliFailure(r.message, 1, r.code);
  return r.value.id;
}

export function registerGovernanceCommands(program: Command, withKazna: WithKazna): void {
  const gov = program
    .command('governance')
    .description('organisations, the first administrator, and service accounts');
  gov
    .command('org-create')
    .description('create an organisation')
    .requiredOption('--code <code>', 'short code, e.g. police')
    .requiredOption('--name <name>', 'full name')
    .requiredOption('--kind <kind>', 'e.g. enforcement, court, treasury, reserve_manager')
    .action(async (o) => {
      await withKazna(configOrFail(), async (k) => {
        const r = await k.services.governance.createOrganisation(operator(), o);
        if (r.ok) printLine(r.value.id);
      });
    });
  gov
    .command('bootstrap-admin')
    .description('create the first administrator (password from KAZNA_BOOTSTRAP_PASSWORD)')
    .requiredOption('--username <username>', 'login name')
    .option('--organisation <code>', 'organisation code')
    .action(async (o) => {
      await withKazna(configOrFail(), async (k) => {
        const password = process.env['KAZNA_BOOTSTRAP_PASSWORD'];
        printLine(await bootstrapAdmin(k.services.governance, { ...o, password }));
      });
    });
  registerServiceAccountCommands(gov);
}
