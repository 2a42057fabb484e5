import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { systemClock, type Clock } from './core/clock.ts';
import { SYSTEM } from './core/identity.ts';
import { idSource, type IdSource } from './core/ids.ts';
import { cryptoRandom, type RandomSource } from './core/random.ts';
import { ok } from './core/result.ts';
import type { Config } from './config.ts';
import { migrate } from './db/migrate.ts';
import { locatePrimary } from './db/hosts.ts';
import { openDatabase, type DatabaseHandle } from './db/open.ts';
import { openDb, type Db } from './db/pool.ts';
import { replicaRouter, routedReads, type ReadRouter } from './db/replica.ts';
import { buildHttp, type KaznaApp } from './http/app.ts';
import { VERSION, type Kazna, type Services } from './kazna.ts';
import { healthRoutes } from './http/health.ts';
import { ledgerProjector } from './ledger/projector.ts';
import { ledgerTransferExecutor } from './ledger/approval.ts';
import { ledgerRoutes } from './ledger/routes.ts';
import { createLedger, LEDGER_EXPIRY_INTERVAL_MS, type LedgerService } from './ledger/service.ts';
import type { SanctionsScreen } from './governance/facts.ts';
import { governanceGuard } from './governance/guard.ts';
import { movementGate } from './governance/movements.ts';
import { DEFAULT_IDENTITY_OPTIONS } from './governance/identity.ts';
import { contentSigner } from './governance/content-signature.ts';
import type { RelyingParty } from './governance/passkeys.ts';
import type { ExecutorDescriptor } from './governance/approvals.ts';
import { consoleRoutes } from './console/routes.ts';
import { can } from './governance/matrix.ts';
import { governanceRoutes, requestView } from './governance/routes.ts';
import { createGovernance, LOCAL_RELYING_PARTY, type Governance } from './governance/service.ts';
import { sealBaseline } from './audit/baseline.ts';
import type { Projector } from './audit/replay.ts';
import { auditRoutes } from './audit/routes.ts';
import { logTileRoutes } from './audit/tile-routes.ts';
import { createLogTiles } from './audit/tiles.ts';
import { createAuditService, startCheckpointTimer } from './audit/service.ts';
import { storeFx, storeHistory } from './simulator/history.ts';
import { simulatorRoutes } from './simulator/routes.ts';
import { createSimulator } from './simulator/service.ts';
import { complianceRoutes, validationRoutes } from './compliance/routes.ts';
import { marketRoutes } from './market/routes.ts';
import { createMarket, type Market } from './market/service.ts';
import { manualPriceExecutors } from './market/manual.ts';
import { riskRoutes } from './risk/routes.ts';
import { createRisk } from './risk/service.ts';
import { reserveProjector } from './reserve/projector.ts';
import { reserveRoutes } from './reserve/routes.ts';
import { createReserve } from './reserve/service.ts';
import { createCompliance, type Compliance } from './compliance/service.ts';
import { emptyChainSetup, loadChainSetup, type ChainSetup } from './chain/config.ts';
import { chainRoutes } from './chain/routes.ts';
import { createChain } from './chain/service.ts';
import { lotProjector } from './seizures/history.ts';
import { lotTreeProjector } from './seizures/tree.ts';
import { seizuresRoutes } from './seizures/routes.ts';
import { createSeizures } from './seizures/service.ts';
import { disposalRoutes } from './disposal/routes.ts';
import { createDisposal } from './disposal/service.ts';
import { portalReserve } from './transparency/public/ledger-reserve.ts';
import { publicPortalRoutes } from './transparency/public/routes.ts';
import { createPublicPortal } from './transparency/public/service.ts';
import { transparencyRoutes } from './transparency/routes.ts';
import { createTransparency } from './transparency/service.ts';

/**
 * The composition root: config -> database -> stores -> services -> HTTP and CLI. Everything is wired
 * here by hand, in the order of its dependencies, so a reader can see the whole system on one page.
 */
export const WEB_DIR = fileURLToPath(new URL('../web/dist/', import.meta.url));

export interface Deps {
  readonly db: Db;
  readonly clock: Clock;
  readonly random: RandomSource;
  readonly dataDir: string;
  readonly logger: boolean;
  readonly webDir: string | null;
  /** Seconds between automatic audit checkpoints; absent or 0 disables them (tests). */
  readonly checkpointIntervalSeconds?: number;
  /** KAZNA_LOG_KEY_FILE; absent or null keeps the log key in the data folder. */
  readonly logKeyFile?: string | null;
  /** Chain nodes (KAZNA_CHAIN_CONFIG); absent: none configured, chain commands say so. */
  readonly chain?: ChainSetup;
  /** WebAuthn relying party (KAZNA_RP_ID, KAZNA_ORIGIN); absent: localhost on port 3000. */
  readonly relyingParty?: RelyingParty;
  /** False: no scheduled jobs (a read-only command beside a running server, which runs them). */
  readonly timers?: boolean;
  /**
   * True: the database is read-only (a command beside a running server), so Kazna writes nothing
   * at start: no baseline, no policy, no log key entry; the server did or will do those.
   */
  readonly readOnly?: boolean;
  /**
   * A read replica for the public portal and report downloads (KAZNA_READ_DATABASE_URL), used
   * while it is at most `readMaxLagSeconds` behind the primary; absent: they read `db`.
   */
  readonly readDb?: Db;
  readonly readMaxLagSeconds?: number;
  /** KAZNA_EVIDENCE_DIR: where evidence files are stored by hash; absent or null: not stored. */
  readonly evidenceDir?: string | null;
}

export async function assemble(deps: Deps): Promise<Kazna> {
  const { db, clock, random } = deps;
  const ids = idSource(clock, random);
  const chainSetup = deps.chain ?? emptyChainSetup();
  const services = await buildServices(deps, ids, chainSetup);
  const reads = await publicReads(deps, ids, chainSetup, services);
  // A log begun before row evidence seals the rows it holds, once; then a new deployment's first
  // start installs version 1 of the transaction policy, as an audit entry.
  if (deps.readOnly !== true) {
    await sealBaseline(db, clock);
    await services.governance.ensurePolicy();
  }
  const app = await buildHttp({
    logger: deps.logger,
    ids,
    webDir: deps.webDir,
    version: VERSION,
    guard: governanceGuard(services.governance),
    api: (api) => {
      registerApi(api, services, ids, reads.services, deps.evidenceDir ?? null);
    },
    root: (root, metrics) => {
      healthRoutes(root, metrics, db, reads.router?.status);
      logTileRoutes(root, createLogTiles(db, services.audit));
    },
  });
  await app.ready();
  const stopTimers =
    deps.timers === false
      ? []
      : startTimers(services, deps, chainSetup, (error) => {
          app.log.error({ err: error }, 'scheduled job failed');
        });
  return {
    app,
    db,
    clock,
    ids,
    services,
    close: async () => {
      for (const stop of stopTimers) stop();
      reads.router?.stop();
      await app.close();
    },
  };
}

interface PublicReads {
  /** What the public routes read: the primary's services, or routed to the replica's. */
  readonly services: Pick<Services, 'portal' | 'transparency'>;
  readonly router: ReadRouter | null;
}

/**
 * With a read replica, a second set of services reads it (read-only, no timers, as a command
 * beside a running server does), and the public routes ask the router before each call which set
 * answers: the replica while its lag is within the bound, the primary otherwise.
 */
async function publicReads(
  deps: Deps,
  ids: IdSource,
  chainSetup: ChainSetup,
  primary: Services,
): Promise<PublicReads> {
  if (deps.readDb === undefined) return { services: primary, router: null };
  const onReplica = await buildServices(
    { ...deps, db: deps.readDb, readOnly: true, timers: false },
    ids,
    chainSetup,
  );
  const router = replicaRouter(deps.db, deps.readDb, deps.readMaxLagSeconds ?? 5);
  await router.refresh();
  const use = router.useReplica;
  return {
    services: {
      portal: routedReads(primary.portal, onReplica.portal, use),
      transparency: routedReads(primary.transparency, onReplica.transparency, use),
    },
    router,
  };
}

/** Domains that project state from the log, for `kazna audit verify --replay`. */
const PROJECTORS = [ledgerProjector, lotProjector, lotTreeProjector, reserveProjector] as const;

/**
 * Services, in dependency order: audit -> ledger -> compliance -> market -> governance -> seizures ->
 * disposal -> simulator -> chain -> reserve -> risk (which reads the reserve's holdings) -> the public
 * portal and transparency (which read the reserve and disposal together). Governance prices
 * policy thresholds with the market lookup and screens destinations against compliance's current
 * sanctions list. Domains that project state from the log push their Projector for
 * `kazna audit verify --replay`.
 */
async function buildServices(deps: Deps, ids: IdSource, chainSetup: ChainSetup): Promise<Services> {
  const { db, clock } = deps;
  const projectors: Projector[] = [...PROJECTORS];
  const audit = await createAuditService({ ...deps, projectors });
  const compliance = createCompliance({ db, clock, ids });
  const market = createMarket({ db, clock, ids });
  const { governance, ledger } = governedLedger(deps, ids, market, compliance);
  const signer = contentSigner(deps.relyingParty ?? LOCAL_RELYING_PARTY);
  const seizures = createSeizures({
    db,
    clock,
    ids,
    ledger,
    governance,
    compliance,
    audit,
    signer,
  });
  // Disposal of forfeited lots by auction or OTC: takes lots from seizures, prices with market.
  const disposal = createDisposal({ db, clock, ids, ledger, governance, compliance, market });
  // The simulator draws on the market store's prices and FX, as risk and valuation do.
  const simulator = createSimulator({
    ...{ db, clock, ids, history: storeHistory(market), usdIn: storeFx(market) },
    forfeitedLots: () => seizures.lots(SYSTEM, { status: 'forfeited', limit: 10_000 }),
  });
  const chain = createChain({
    db,
    clock,
    ids,
    ledger,
    adapters: chainSetup.adapters,
    confirmations: chainSetup.confirmations,
    feeRates: chainSetup.feeRates,
    screen: (tx, input) => compliance.screenAddresses(tx, input),
    whitelist: () => governance.whitelist(),
  });
  const reserve = createReserve({ db, clock, ids, ledger, governance, market });
  const risk = createRisk({ db, clock, ids, market, holdings: (day) => reserve.holdings(day) });
  // The reserve with disposal's sale proceeds and the ledger's evidence, as the public reads it.
  const reserveReads = portalReserve({ reserve, disposal, ledger, market });
  const portal = createPublicPortal({
    reserve: reserveReads,
    seizures,
    ledger,
    audit,
    market,
    clock,
  });
  // Signed reports and proofs of reserves read the same reserve reads as the portal.
  const transparency = createTransparency({
    ...{ db, clock, ids, dataDir: deps.dataDir },
    ...{ audit, ledger, seizures, market, reserve: reserveReads },
  });
  registerExecutors(governance, [
    ...governance.executors,
    ledgerTransferExecutor(ledger),
    ...manualPriceExecutors({ db, clock, ids }),
    ...seizures.executors,
    ...disposal.executors,
    ...chain.executors,
    ...reserve.executors,
  ]);
  return {
    audit,
    ledger,
    governance,
    compliance,
    seizures,
    disposal,
    simulator,
    chain,
    market,
    risk,
    reserve,
    portal,
    transparency,
  };
}

/**
 * Governance, then the ledger behind it: no value moves without the transaction policy, so the
 * ledger asks governance's gate before every transfer, and a generic transfer the policy does not
 * allow directly becomes an approval request that the ledger executes once approved.
 */
function governedLedger(
  deps: Deps,
  ids: IdSource,
  market: Market,
  compliance: Compliance,
): { governance: Governance; ledger: LedgerService } {
  const { db, clock, random } = deps;
  const screen: SanctionsScreen = (asset, address) => compliance.isListed(asset, address);
  const governance = createGovernance({
    ...{ db, clock, ids, random, prices: market.priceLookup, screen },
    ...(deps.relyingParty === undefined ? {} : { relyingParty: deps.relyingParty }),
  });
  const gate = movementGate({ clock, ids, prices: market.priceLookup, screen });
  const ledger = createLedger({ db, clock, ids, gate });
  return { governance, ledger };
}

/**
 * Every approval kind and the domain that executes it, registered with governance in one place
 * (in this order, which is the order `GET /governance/policy` lists the kinds in):
 *
 *   governance.policy.change, governance.role.change,
 *   governance.whitelist.add, governance.service_account.create  governance
 *   ledger.transfer                                               ledger (a generic transfer)
 *   market.manual_price                                           market
 *   seizures.legal.transition                                     seizures
 *   seizures.disposal.auction.create, .auction.award,
 *   seizures.disposal.otc.plan, .otc.tranche                      disposal
 *   chain.custody.move, chain.wallet.register                     chain
 *   reserve.policy.change, reserve.manager.approve, reserve.onboarding, reserve.subscription,
 *   reserve.subscription.cap_exception, reserve.commitment, reserve.capital_call   reserve
 *
 * Each domain describes its executors and keeps the descriptors as its handles for `governed`.
 */
function registerExecutors(
  governance: Governance,
  executors: readonly Omit<ExecutorDescriptor, 'refusals'>[],
): void {
  for (const e of executors) governance.registerExecutor(e.kind, e.execute, e.options);
}

function registerApi(
  api: KaznaApp,
  s: Services,
  ids: IdSource,
  publicSide: Pick<Services, 'portal' | 'transparency'>,
  evidenceDir: string | null,
): void {
  auditRoutes(api, s.audit);
  ledgerRoutes(api, s.ledger, ids, async (actor, kind, content) => {
    const made = await s.governance.request(actor, kind, content);
    return made.ok ? ok({ request: requestView(made.value, s.governance.now()) }) : made;
  });
  governanceRoutes(api, s.governance, DEFAULT_IDENTITY_OPTIONS.absoluteTimeoutSeconds);
  validationRoutes(api);
  complianceRoutes(api, s.compliance);
  seizuresRoutes(api, s.seizures, { evidenceDir });
  disposalRoutes(api, s.disposal);
  marketRoutes(api, s.market);
  riskRoutes(api, s.risk);
  reserveRoutes(api, s.reserve);
  chainRoutes(api, s.chain);
  simulatorRoutes(api, s.simulator);
  publicPortalRoutes(api, publicSide.portal);
  transparencyRoutes(api, s.transparency, publicSide.transparency);
  consoleRoutes(api, { ...s, can });
}

function startTimers(
  s: Services,
  deps: Deps,
  chainSetup: ChainSetup,
  onError: (error: unknown) => void,
): (() => void)[] {
  return [
    startCheckpointTimer(s.audit, deps.checkpointIntervalSeconds ?? 0, SYSTEM),
    s.ledger.startExpiryTimer(LEDGER_EXPIRY_INTERVAL_MS),
    s.chain.startReconcileTimer(SYSTEM, chainSetup.reconcileIntervalSeconds * 1000, onError),
  ];
}

export interface Running {
  readonly kazna: Kazna;
  readonly database: DatabaseHandle;
  readonly url: string;
  stop(): Promise<void>;
}

/** Starts everything `kazna serve` runs; the caller owns signals and printing. */
export async function startKazna(
  config: Config,
  onProgress: (line: string) => void,
): Promise<Running> {
  const database = await openDatabase(config);
  if (database.initialised)
    onProgress(`database: created a new embedded PostgreSQL cluster in ${config.dataDir}`);
  try {
    // Migrations run on the primary (the first of a multi-host list that is not in recovery).
    const migrated = await migrate(await locatePrimary(database.url));
    if (!migrated.ok) throw new Error(migrated.message);
    const db = openDb({ connectionString: database.url });
    const readDb =
      config.readDatabaseUrl === null
        ? undefined
        : openDb({ connectionString: config.readDatabaseUrl, captureRows: false });
    const webDir = existsSync(WEB_DIR) ? WEB_DIR : null;
    const kazna = await assemble({
      db,
      clock: systemClock,
      random: cryptoRandom,
      dataDir: config.dataDir,
      logger: config.log,
      webDir,
      checkpointIntervalSeconds: config.checkpointIntervalSeconds,
      logKeyFile: config.logKeyFile,
      chain: loadChainSetup(process.env),
      relyingParty: { ...config.relyingParty, name: 'Kazna' },
      evidenceDir: config.evidenceDir,
      ...(readDb === undefined ? {} : { readDb, readMaxLagSeconds: config.readMaxLagSeconds }),
    });
    if (config.demo) {
      const { loadDemo } = await import('./demo/demo.ts');
      await loadDemo(kazna, onProgress);
    }
    const address = await kazna.app.listen({ port: config.port, host: config.host });
    return {
      kazna,
      database,
      url: address,
      stop: async () => {
        await kazna.close();
        await db.close();
        await readDb?.close();
        await database.stop();
      },
    };
  } catch (error) {
    await database.stop();
    throw error;
  }
}
