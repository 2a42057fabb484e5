import { open, unlink } from 'node:fs/promises';
import type { Command } from '@commander-js/extra-typings';
import { CliFailure, EXIT_USAGE, printJson, printLine } from '../cli/io.ts';
import { sha256Hex } from '../core/hash.ts';
import { cryptoRandom, type RandomSource } from '../core/random.ts';
import { newToken } from './auth.ts';
import type { ServiceAccountContent } from './service-accounts.ts';

/**
 * `kazna governance service-account request`: asks a running Kazna for a service account, as its
 * own client over HTTP (the caller's API token from KAZNA_API_TOKEN). The account's token is made
 * here, written to a file only its owner can read, and only its SHA-256 is sent, so the server,
 * the approvers and the audit log never see it. It works once the request is approved and executed.
 */
export function newServiceToken(random: RandomSource): { token: string; sha256: string } {
  const token = `kzn_${newToken(random)}`;
  return { token, sha256: sha256Hex(token) };
}

export interface ServiceAccountRequest {
  /** The server's base URL, e.g. https://kazna.example.gov. */
  readonly server: string;
  /** The requester's own API token (holding governance.users.manage). */
  readonly apiToken: string;
  readonly secretFile: string;
  readonly content: Omit<ServiceAccountContent, 'tokenSha256'>;
  readonly random?: RandomSource;
}

export interface RequestedAccount {
  readonly requestId: string;
  readonly status: string;
  readonly tokenSha256: string;
  readonly secretFile: string;
}

/** Writes the new token (mode 0600, never over an existing file), then sends only its hash. */
export async function requestServiceAccount(o: ServiceAccountRequest): Promise<RequestedAccount> {
  const { token, sha256 } = newServiceToken(o.random ?? cryptoRandom);
  const file = await open(o.secretFile, 'wx', 0o600).catch((e: unknown) => {
    throw new CliFailure(`cannot create ${o.secretFile}: ${String(e)}`, 1, 'secret_file_unusable');
  });
  try {
    await file.writeFile(`${token}\n`);
  } finally {
    await file.close();
  }
  const res = await fetch(new URL('/api/v1/governance/service-accounts', o.server), {
    method: 'POST',
    headers: { authorization: `Bearer ${o.apiToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ ...o.content, tokenSha256: sha256 }),
  }).catch((e: unknown) => e as Error);
  const body = res instanceof Error ? null : ((await res.json()) as Record<string, unknown>);
  if (res instanceof Error || !res.ok || body === null) {
    // A token whose request was refused will never work: do not leave it lying around.
    await unlink(o.secretFile);
    const code = typeof body?.['code'] === 'string' ? body['code'] : 'request_failed';
    const detail = typeof body?.['detail'] === 'string' ? body['detail'] : code;
    const why = res instanceof Error ? res.message : detail;
    throw new CliFailure(`the server refused the request: ${why}`, 1, code);
  }
  return {
    requestId: String(body['id']),
    status: String(body['status']),
    tokenSha256: sha256,
    secretFile: o.secretFile,
  };
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];

export function registerServiceAccountCommands(gov: Command): void {
  gov
    .command('service-account')
    .description('service accounts for integrations, created through an approval request')
    .command('request')
    .description('make a token here and ask the server for an account holding its SHA-256')
    .requiredOption('--server <url>', 'the Kazna server, e.g. https://kazna.example.gov')
    .requiredOption('--username <username>', 'the account name, e.g. bank-feed')
    .requiredOption('--display-name <name>', 'what people see')
    .requiredOption('--label <label>', 'what the token is for')
    .requiredOption('--secret-file <path>', 'where to write the token (must not exist)')
    .option('--organisation <id>', 'organisation id')
    .option('--role <role>', 'a role (repeat for more)', collect, [])
    .option('--scope <action>', 'an action the token may use (repeat for more)', collect, [])
    .option('--expires-days <days>', 'token lifetime in days, at most 366', '90')
    .option('--json', 'print the result as JSON')
    .action(async (o) => {
      const apiToken = process.env['KAZNA_API_TOKEN'];
      if (apiToken === undefined || apiToken === '') {
        throw new CliFailure('set KAZNA_API_TOKEN to your API token', EXIT_USAGE, 'token_missing');
      }
      const r = await requestServiceAccount({
        server: o.server,
        apiToken,
        secretFile: o.secretFile,
        // The server checks the roles, scopes and lifetime; a bad value comes back as a problem.
        content: {
          username: o.username,
          displayName: o.displayName,
          organisationId: o.organisation ?? null,
          roles: o.role as ServiceAccountContent['roles'],
          scopes: o.scope as ServiceAccountContent['scopes'],
          label: o.label,
          expiresInSeconds: Math.round(Number(o.expiresDays) * 86400),
        },
      });
      if (o.json === true) printJson(r);
      else {
        printLine(`request ${r.requestId} (${r.status}); token SHA-256 ${r.tokenSha256}`);
        printLine(`the token is in ${r.secretFile}; it works once the request is executed`);
      }
    });
}
