/**
 * `npm run test:ha`: Kazna on a pg_auto_failover cluster on this machine's loopback ports.
 *
 *   1. builds the cluster (monitor, primary, synchronous standby) and takes a base backup;
 *   2. starts two Kazna instances on it (one reads the public routes from the replica);
 *   3. streams transfers and approvals from several clients and kills the primary's PostgreSQL
 *      (keeper and server, `kill -9`) three times at random moments, waiting each time for the
 *      standby's promotion and the old primary's return as the new standby;
 *   4. counts acknowledged writes lost and writes applied twice, then `kazna audit verify
 *      --replay` on the new primary;
 *   5. stops the only standby and shows what writes do;
 *   6. restores the base backup plus the WAL archive to a moment between two known writes
 *      (ops/restore-drill.sh) and checks the restored log ends exactly there;
 *   7. measures the public portal's requests per second on the replica and on the primary.
 *
 * Prints every figure and ends with `N passed, N failed`; exits 1 on any failed check.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemClock } from '../../src/core/clock.ts';
import { cryptoRandom } from '../../src/core/random.ts';
import { locatePrimary } from '../../src/db/hosts.ts';
import { migrate } from '../../src/db/migrate.ts';
import { openDb, type Db } from '../../src/db/pool.ts';
import { DEFAULT_POLICY } from '../../src/governance/defaults.ts';
import {
  approver,
  installPolicy,
  RECORDING_REFUSALS,
  recordingExecutor,
} from '../support/governance.ts';
import { assemble } from '../../src/main.ts';
import type { Kazna } from '../../src/kazna.ts';
import { testUser } from '../support/auth.ts';
import { AS_ROOT, buildCluster, PG_BIN, type Cluster } from './cluster.ts';
import { checks } from './checks.ts';
import { failovers } from './failover.ts';
import { benchPortal, restoreDrill, standbyStop } from './scenarios.ts';

const BASE_PORT = Number(process.env['KAZNA_HA_PORT'] ?? '26400');
const KILLS = Number(process.env['KAZNA_HA_KILLS'] ?? '3');
const log = (line: string): void => {
  process.stdout.write(`${new Date().toISOString().slice(11, 23)} ${line}\n`);
};

export interface Setup {
  readonly cluster: Cluster;
  readonly instances: readonly Kazna[];
  readonly dbs: readonly Db[];
  readonly dataDir: string;
  readonly base: string;
}

async function setUp(cluster: Cluster): Promise<Setup> {
  const base = join(cluster.dir, 'base');
  // "Last night's backup": taken before any of the test's writes and failovers.
  const [cmd, args] = pgCommand('pg_basebackup', [
    ...['-h', '127.0.0.1', '-p', String((await cluster.primary())?.port ?? 0)],
    ...['-U', 'postgres', '-D', base, '-X', 'stream', '-c', 'fast'],
  ]);
  const bb = spawnSync(cmd, args, { encoding: 'utf8' });
  if (bb.status !== 0) throw new Error(`pg_basebackup failed: ${bb.stderr}`);
  log('base backup taken');
  const migrated = await migrate(await locatePrimary(cluster.url));
  if (!migrated.ok) throw new Error(migrated.message);
  const dataDir = mkdtempSync(join(tmpdir(), 'kazna-ha-data-'));
  const db = openDb({ connectionString: cluster.url });
  const readDb = openDb({ connectionString: cluster.readUrl, captureRows: false });
  const db2 = openDb({ connectionString: cluster.url });
  const common = { clock: systemClock, random: cryptoRandom, dataDir, logger: false, webDir: null };
  // Two instances on one database, as behind a load balancer; the first reads from the replica.
  const a = await assemble({ ...common, db, readDb, readMaxLagSeconds: 5 });
  const b = await assemble({ ...common, db: db2 });
  for (const k of [a, b]) {
    k.services.governance.registerExecutor('ha.mark', recordingExecutor([]), RECORDING_REFUSALS);
  }
  await installPolicy(a, {
    ...DEFAULT_POLICY,
    rules: [
      { id: 'ha-direct', match: { actions: ['ledger.transfer'] }, outcome: { kind: 'allow' } },
      {
        id: 'ha-mark',
        match: { actions: ['ha.mark'] },
        outcome: { kind: 'quorum', quorum: { groups: [{ role: 'risk_officer', count: 1 }] } },
      },
      ...DEFAULT_POLICY.rules,
    ],
  });
  log('Kazna: two instances assembled on the cluster');
  return { cluster, instances: [a, b], dbs: [db, readDb, db2], dataDir, base };
}

export function pgCommand(cmd: string, args: readonly string[]): [string, string[]] {
  const bin = join(PG_BIN, cmd);
  return AS_ROOT ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, [...args]];
}

async function main(): Promise<number> {
  const started = systemClock.now().getTime();
  const result = checks(log);
  const cluster = await buildCluster(BASE_PORT, log);
  let setup: Setup | undefined;
  try {
    log(
      `cluster ready in ${String(Math.round((systemClock.now().getTime() - started) / 1000))} s\n${cluster.state()}`,
    );
    setup = await setUp(cluster);
    const [a] = setup.instances;
    if (a === undefined) throw new Error('no instance');
    const users = {
      custody: (await testUser(a, 'custody_officer')).headers,
      officer: (await testUser(a, 'investment_officer')).headers,
      requester: await approver(a, 'ha-ic', ['investment_committee']),
      signer: await approver(a, 'ha-risk', ['risk_officer']),
    };
    await failovers(setup, users, KILLS, result, log);
    await standbyStop(setup, users, result, log);
    await restoreDrill(setup, users, result, log);
    await benchPortal(setup, users, result, log);
  } catch (error) {
    result.fail(
      'the HA run finished',
      error instanceof Error ? (error.stack ?? error.message) : String(error),
    );
  } finally {
    for (const k of setup?.instances ?? []) await k.close().catch(() => undefined);
    for (const db of setup?.dbs ?? []) await db.close().catch(() => undefined);
    cluster.destroy();
    if (process.env['KAZNA_HA_KEEP'] === undefined) {
      spawnSync('rm', ['-rf', cluster.dir, ...(setup === undefined ? [] : [setup.dataDir])]);
    }
  }
  log(`HA run took ${String(Math.round((systemClock.now().getTime() - started) / 1000))} s`);
  return result.finish();
}

process.exitCode = await main();
// Pools of killed servers can keep sockets half-open; nothing is left to wait for.
process.exit();
