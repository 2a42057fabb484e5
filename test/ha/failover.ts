import { randomInt } from 'node:crypto';
import { systemClock } from '../../src/core/clock.ts';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { Approver } from '../support/governance.ts';
import type { Checks } from './checks.ts';
import { roleOf, sleep } from './cluster.ts';
import type { Setup } from './run.ts';
import { approvalClient, balancer, newRecord, transferClient, type Tally } from './stream.ts';

export interface Users {
  readonly custody: Readonly<Record<string, string>>;
  readonly officer: Readonly<Record<string, string>>;
  readonly requester: Approver;
  readonly signer: Approver;
}

const TRANSFER_CLIENTS = 3;
const APPROVAL_CLIENTS = 2;

export async function openAccount(setup: Setup, users: Users, limited: boolean): Promise<string> {
  const r = await balancer(setup.instances)('POST', '/ledger/accounts', users.custody, {
    asset: 'BTC',
    owner: {
      kind: limited ? 'reserve' : 'agency',
      ref: `ha-${String(systemClock.now().getTime())}`,
    },
    type: 'liability',
    flags: { debitsMustNotExceedCredits: limited },
  });
  if (r.statusCode !== 201) throw new Error(`account: ${r.body}`);
  return (r.json() as { id: string }).id;
}

/**
 * Streams writes from several clients and kills the primary `kills` times at random moments. For
 * each kill: how long until the standby was promoted, how long no write was acknowledged, how
 * long until Kazna acknowledged writes again, and how long the old primary took to rejoin.
 */
export async function failovers(
  setup: Setup,
  users: Users,
  kills: number,
  result: Checks,
  log: (line: string) => void,
): Promise<void> {
  const { cluster } = setup;
  const call = balancer(setup.instances);
  const accounts = {
    from: await openAccount(setup, users, false),
    to: await openAccount(setup, users, true),
  };
  const rec = newRecord();
  let running = true;
  const clients = [
    ...Array.from({ length: TRANSFER_CLIENTS }, () =>
      transferClient(call, users.officer, accounts, rec, () => running),
    ),
    ...Array.from({ length: APPROVAL_CLIENTS }, () =>
      approvalClient(call, users.requester, users.signer, users.officer, rec, () => running),
    ),
  ];
  for (let i = 1; i <= kills; i++) {
    await sleep(randomInt(2000, 6000));
    const victim = await cluster.primary();
    if (victim === null) throw new Error('no primary to kill');
    const survivor = cluster.nodes.find((n) => n !== victim)!;
    const killedAt = systemClock.now().getTime();
    cluster.kill(victim);
    const promotedMs = await cluster.waitFor(
      async () => (await roleOf(survivor.url)) === 'primary',
      120_000,
    );
    const promotedAt = killedAt + promotedMs;
    await cluster.waitFor(() => rec.acks.some((t) => t > promotedAt), 120_000);
    const resumedAt = Math.min(...rec.acks.filter((t) => t > promotedAt));
    const lastBefore = Math.max(0, ...rec.acks.filter((t) => t <= promotedAt));
    cluster.start(victim);
    const rejoinMs = await cluster.waitFor(() => bothHealthy(cluster.state()), 180_000);
    log(
      `kill ${String(i)}: ${victim.name} killed; ${survivor.name} promoted after ${secs(promotedMs)}; ` +
        `no write acknowledged for ${secs(resumedAt - lastBefore)}; ` +
        `writes served again ${secs(resumedAt - killedAt)} after the kill; ` +
        `${victim.name} back as standby ${secs(rejoinMs)} later`,
    );
    result.check(`kill ${String(i)}: standby promoted and writes resumed`, resumedAt > killedAt);
  }
  await sleep(2000);
  running = false;
  await Promise.all(clients);
  await countLosses(setup, rec, accounts.to, users, result, log);
  verifyOnPrimary(setup, result, log, 'audit verify --replay on the new primary');
}

/** Both nodes healthy again: one primary and one secondary, each as assigned. */
export function bothHealthy(state: string): boolean {
  return (
    /\|\s*primary\s*\|\s*primary\s*$/m.test(state) &&
    /\|\s*secondary\s*\|\s*secondary\s*$/m.test(state)
  );
}

export const secs = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;

async function countLosses(
  setup: Setup,
  rec: Tally,
  to: string,
  users: Users,
  result: Checks,
  log: (line: string) => void,
): Promise<void> {
  const primary = await setup.cluster.primary();
  if (primary === null) throw new Error('no primary after the failovers');
  const q = <R extends object>(sql: string) =>
    setup.cluster.sql<R & Record<string, unknown>>(primary, sql);
  const rows = await q<{ id: string; amount: string }>(
    `SELECT id::text AS id, amount::text AS amount FROM ledger_transfers WHERE code = 'ha.stream'`,
  );
  const stored = new Set(rows.map((r) => r.id));
  const lostTransfers = [...rec.transfers.keys()].filter((id) => !stored.has(id));
  const twiceTransfers = await q(
    `SELECT reason FROM ledger_transfers WHERE code = 'ha.stream' GROUP BY reason HAVING count(*) > 1`,
  );
  const [acct] = await q<{ credits: string }>(
    `SELECT credits_posted::text AS credits FROM ledger_accounts WHERE id = '${to}'`,
  );
  const sum = rows.reduce((s, r) => s + BigInt(r.amount), 0n);
  const requests = new Set(
    (await q<{ id: string }>(`SELECT id FROM gov_approval_requests WHERE kind = 'ha.mark'`)).map(
      (r) => r.id,
    ),
  );
  const votes = new Set(
    (
      await q<{ id: string }>(
        `SELECT request_id AS id FROM gov_approval_votes WHERE user_id = '${users.signer.actor.id}'`,
      )
    ).map((r) => r.id),
  );
  const executions = new Set(
    (await q<{ id: string }>('SELECT request_id AS id FROM gov_executions')).map((r) => r.id),
  );
  const lostApprovals =
    [...rec.requests.keys()].filter((id) => !requests.has(id)).length +
    [...rec.votes.keys()].filter((id) => !votes.has(id)).length +
    [...rec.executions.keys()].filter((id) => !executions.has(id)).length;
  const twiceApprovals = await q(
    `SELECT 1 FROM gov_approval_votes GROUP BY request_id, user_id HAVING count(*) > 1
     UNION ALL
     SELECT 1 FROM audit_entries WHERE action = 'governance.approval.executed'
       GROUP BY subjects HAVING count(*) > 1`,
  );
  const acked = rec.transfers.size + rec.requests.size + rec.votes.size + rec.executions.size;
  log(
    `acknowledged: ${String(rec.transfers.size)} transfers, ${String(rec.requests.size)} requests, ` +
      `${String(rec.votes.size)} votes, ${String(rec.executions.size)} executions ` +
      `(${String(rows.length - rec.transfers.size)} transfers stored whose answer the client never got)`,
  );
  result.check('writes were acknowledged', acked > 30, `${String(acked)} acknowledged`);
  result.check(
    'acknowledged writes lost: 0',
    lostTransfers.length + lostApprovals === 0,
    `${String(lostTransfers.length)} transfers, ${String(lostApprovals)} approval steps`,
  );
  result.check(
    'writes applied twice: 0',
    twiceTransfers.length + twiceApprovals.length === 0 && BigInt(acct?.credits ?? '-1') === sum,
    `${String(twiceTransfers.length)} transfers, ${String(twiceApprovals.length)} approval steps; ` +
      `credited ${acct?.credits ?? '-'} = sum of stored transfers ${sum.toString()}`,
  );
  result.check(
    'no unexpected answers',
    rec.unexpected.length === 0,
    rec.unexpected.slice(0, 3).join(' | '),
  );
}

/** `kazna audit verify --replay` against the current primary, with the servers' log key. */
export function verifyOnPrimary(
  setup: Setup,
  result: Checks,
  log: (line: string) => void,
  name: string,
): void {
  const url = setup.cluster.nodes.map((n) => n.url);
  const out = spawnSync(
    'bash',
    [
      '-c',
      `for u in ${url.join(' ')}; do if [ "$(psql -X -At "$u" -c 'select pg_is_in_recovery()' 2>/dev/null)" = f ]; then DATABASE_URL="$u" node bin/kazna.js audit verify --replay; exit $?; fi; done; exit 9`,
    ],
    {
      cwd: join(import.meta.dirname, '..', '..'),
      env: { ...process.env, KAZNA_DATA_DIR: setup.dataDir, KAZNA_LOG: 'off' },
      encoding: 'utf8',
    },
  );
  const text = `${out.stdout}${out.stderr}`.trim().split('\n').slice(-3).join(' / ');
  log(`${name}: ${text}`);
  result.check(name, out.status === 0, text);
}
