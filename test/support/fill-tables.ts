import { readFile } from 'node:fs/promises';
import { ed25519 } from '@noble/curves/ed25519.js';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { base64 } from '@scure/base';
import { Transaction } from '@scure/btc-signer';
import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '@simplewebauthn/server';
import { bitcoinAdapter } from '../../src/chain/bitcoin.ts';
import { evmAdapter } from '../../src/chain/evm.ts';
import { utxoNetwork } from '../../src/chain/networks.ts';
import { jsonRpc } from '../../src/chain/rpc.ts';
import type { AssetCode } from '../../src/core/assets.ts';
import type { Json } from '../../src/core/canonical.ts';
import type { ManualClock } from '../../src/core/clock.ts';
import { sha256, sha256Hex } from '../../src/core/hash.ts';
import { SYSTEM, type Actor } from '../../src/core/identity.ts';
import { formatAmount, formatUnits } from '../../src/core/money.ts';
import type { Result } from '../../src/core/result.ts';
import { DEMO_PASSWORD } from '../../src/demo/logins.ts';
import { demoPeople, type DemoPeople } from '../../src/demo/people.ts';
import { approvalMessage } from '../../src/governance/model.ts';
import { POLICY_CHANGE_KIND, type PolicyRule } from '../../src/governance/policy.ts';
import { SERVICE_ACCOUNT_KIND } from '../../src/governance/service-accounts.ts';
import type { AccountId } from '../../src/ledger/model.ts';
import type { Kazna } from '../../src/kazna.ts';
import { MANUAL_PRICE_KIND } from '../../src/market/manual.ts';
import { hedgeFundTermsSchema, NAV_PER_UNIT_SCALE } from '../../src/reserve/terms.ts';
import { erc20Bytecode } from './chain-erc20.ts';
import type { Nodes } from './chain-nodes.ts';
import { softAuthenticator } from './webauthn.ts';

/**
 * After the demo, drives the real services, as the demo's people, so that every captured table
 * holds at least one row that came with its audit evidence (`src/audit/evidence.test.ts` tampers
 * with each). What the demo leaves empty (passkeys and their uses, API tokens, a service account, a
 * whitelisted destination, compliance alerts and the exchange registry, manual prices and
 * valuations, reserve alerts and redemptions, a cancelled hand-off proposal, a saved study, and
 * the chain domain's custody, intake and reconciliation) is made here through each domain's public
 * commands and approval requests, never by an INSERT. A new table the demo leaves empty gets its
 * step here.
 */
export interface FillKazna extends Kazna {
  readonly clock: ManualClock;
}

function must<T>(r: Result<T, string>, what: string): T {
  if (!r.ok) throw new Error(`fill: ${what}: ${r.code}: ${r.message}`);
  return r.value;
}

/**
 * `nodes`: Litecoin Core regtest and anvil (`chain-nodes.ts`) for the chain domain's tables; null
 * leaves them empty (the nodes are missing here, and the caller says so).
 */
export async function fillEveryTable(k: FillKazna, nodes: Nodes | null): Promise<void> {
  const people = await fillPeople(k);
  await fillCredentials(k, people);
  await fillCompliance(k, people);
  await changePolicy(k, people);
  await fillWhitelist(k, people);
  await fillMarket(k, people);
  await fillSeizures(k, people);
  await fillServiceAccount(k, people);
  await fillSimulator(k, people);
  await fillReserve(k, people);
  if (nodes !== null) await fillChain(k, people, nodes);
}

/** The demo's people, and the ones the demo never needed a signing key for. */
export interface FillPeople extends DemoPeople {
  readonly compliance: Signer;
  readonly custodySigner: Signer;
  readonly committee: readonly Signer[];
  readonly risk: Signer;
  readonly admin: Actor;
  readonly admin2: Signer;
  readonly auditor: Actor;
}

interface Signer {
  readonly actor: Actor;
  readonly secret: Uint8Array;
}

async function fillPeople(k: FillKazna): Promise<FillPeople> {
  const p = await demoPeople(k);
  const gov = k.services.governance;
  let users = await gov.users();
  const actorOf = (username: string): Actor => {
    const u = users.find((x) => x.username === username);
    if (u === undefined) throw new Error(`fill: no demo user ${username}`);
    return { kind: 'user', id: u.id, roles: u.roles, organisationId: u.organisationId };
  };
  // Keys registered as the demo registers its approvers' (`demoPeople`): by Kazna, without the
  // password check a person's own registration makes (a slow scrypt each).
  const withKey = async (username: string): Promise<Signer> => {
    const actor = actorOf(username);
    const secret = sha256(new TextEncoder().encode(`kazna fill signing key of ${username}`));
    const publicKeyHex = Buffer.from(ed25519.getPublicKey(secret)).toString('hex');
    must(
      await gov.registerKey(SYSTEM, { userId: actor.id, publicKeyHex, password: null }),
      `${username}'s key`,
    );
    return { actor, secret };
  };
  const [committee, committee2, risk] = p.approvers;
  if (committee === undefined || committee2 === undefined || risk === undefined)
    throw new Error('fill: the demo has three approvers');
  // The demo has one login per role, two committee members and two administrators. A quorum never
  // counts its initiator: the admin quorum needs two committee members besides the one who asks, a
  // new destination a custody officer besides the one who asks. So two more people join, made as
  // first-run set-up makes people with roles: by Kazna itself.
  for (const [username, role, like] of [
    ['committee3', 'investment_committee', committee.actor],
    ['custody2', 'custody_officer', p.custody],
  ] as const) {
    must(
      await gov.createUser(SYSTEM, {
        username,
        displayName: username,
        organisationId: like.organisationId,
        password: null,
        roles: [role],
      }),
      username,
    );
  }
  users = await gov.users();
  return {
    ...p,
    compliance: await withKey('compliance'),
    custodySigner: await withKey('custody2'),
    committee: [committee, committee2, await withKey('committee3')],
    risk,
    admin: actorOf('admin'),
    admin2: await withKey('admin2'),
    auditor: actorOf('auditor'),
  };
}

/** Each signer votes to approve, with their signature over the request's hash. */
async function approveBy(k: Kazna, requestId: string, signers: readonly Signer[]): Promise<void> {
  const gov = k.services.governance;
  for (const s of signers) {
    const view = await gov.get(requestId);
    if (view === null) throw new Error(`fill: no request ${requestId}`);
    const signatureHex = Buffer.from(
      ed25519.sign(approvalMessage(view.request.requestHash, 'approve'), s.secret),
    ).toString('hex');
    must(await gov.vote(s.actor, requestId, { decision: 'approve', signatureHex }), 'vote');
  }
}

/** Asks for `kind` as `initiator`, has `signers` approve it, and executes it as `executor`. */
async function approved(
  k: Kazna,
  initiator: Actor,
  kind: string,
  content: Json,
  signers: readonly Signer[],
  executor: Actor,
): Promise<Json> {
  const gov = k.services.governance;
  const made = must(await gov.request(initiator, kind, content), `request ${kind}`);
  await approveBy(k, made.request.id, signers);
  return must(await gov.execute(executor, made.request.id), `execute ${kind}`).result;
}

/**
 * An API token the auditor mints for themselves, and a passkey: registered, used to log in once
 * (its counter), and revoked.
 */
async function fillCredentials(k: FillKazna, p: FillPeople): Promise<void> {
  const gov = k.services.governance;
  // Each confirms the auditor's password (a slow scrypt): the two run side by side.
  await Promise.all([
    gov
      .issueToken(p.auditor, {
        userId: p.auditor.id,
        label: 'audit scripts',
        scopes: ['audit.read'],
        expiresInSeconds: 30 * 86400,
        password: DEMO_PASSWORD,
      })
      .then((r) => must(r, 'token')),
    usePasskey(k, p.auditor),
  ]);
}

/** A passkey registered (confirmed with the password), used to log in once, and revoked. */
async function usePasskey(k: FillKazna, owner: Actor): Promise<void> {
  const gov = k.services.governance;
  const auth = softAuthenticator({ origin: 'http://localhost:3000', rpId: 'localhost' });
  const client = '127.0.0.1';
  const options = must(await gov.passkeyRegistrationOptions(owner, client), 'options');
  const passkey = must(
    await gov.registerPasskey(owner, {
      response: auth.register(options) as RegistrationResponseJSON,
      label: 'laptop',
      password: DEMO_PASSWORD,
    }),
    'passkey',
  );
  const login = must(await gov.passkeyLoginOptions(client), 'login options');
  must(
    await gov.loginWithPasskey(auth.assert(login) as AuthenticationResponseJSON, client),
    'passkey login',
  );
  must(await gov.revokePasskey(owner, passkey.id), 'passkey revocation');
}

/**
 * A screening that matches the sanctions list raises an alert, which the compliance officer
 * acknowledges; an exchange is registered and an address labelled as its hot wallet.
 */
async function fillCompliance(k: FillKazna, p: FillPeople): Promise<void> {
  const c = k.services.compliance;
  const snapshot = await c.currentSnapshot();
  if (snapshot === null) throw new Error('fill: the demo imports a sanctions list');
  const [listed] = await c.snapshotEntries(snapshot.version);
  if (listed === undefined) throw new Error('fill: the sanctions list is empty');
  const screened = must(
    await c.screen({
      actor: p.compliance.actor,
      asset: listed.asset,
      addresses: [listed.address],
      subjectIds: ['fill-tip-off'],
    }),
    'screening',
  );
  const alertId = screened.matches[0]?.alertId;
  if (alertId === undefined) throw new Error('fill: a listed address raises an alert');
  must(
    await c.acknowledgeAlert(p.compliance.actor, alertId, 'a tip-off, not an intake'),
    'acknowledgement',
  );
  // The workbench screens the same address any time: its hit goes to the queue and is confirmed.
  const run = must(
    await c.screening.run(p.compliance.actor, {
      kind: 'addresses',
      rows: [{ row: 1, address: listed.address, asset: listed.asset }],
    }),
    'workbench screening',
  );
  const hit = run.hits[0];
  if (hit === undefined) throw new Error('fill: a listed address is a hit');
  must(
    await c.screening.confirm(p.compliance.actor, hit.id, 'the tip-off names it'),
    'hit confirmation',
  );
  const exchange = must(
    await c.registry.registerExchange(p.compliance.actor, {
      name: 'Steppe Swap',
      status: 'illegal',
      domains: ['steppe-swap.example'],
      jurisdictions: ['KZ'],
      shutdownOn: '2024-11-20',
      estimatedVolumeUsdCents: 1_240_000_000n,
      source: 'AFM press release (fictional)',
    }),
    'exchange',
  );
  must(
    await c.registry.labelAddress(p.compliance.actor, {
      chain: 'BTC',
      address: 'bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4',
      exchangeId: exchange.id,
      label: 'hot wallet',
      provenance: 'official_attribution',
      confidence: 'high',
      source: 'court order (fictional)',
    }),
    'label',
  );
}

/**
 * The default policy names no rule for a manual price, so it refuses one; the committee adds a rule
 * (a committee member approves the price the risk officer asks for) under the admin quorum and its
 * time lock.
 */
async function changePolicy(k: FillKazna, p: FillPeople): Promise<void> {
  const gov = k.services.governance;
  const { version, ...current } = await gov.policy();
  const [first, ...others] = p.committee;
  if (first === undefined) throw new Error('fill: no committee');
  const rule: PolicyRule = {
    id: 'manual-price',
    description: 'A manual price from risk: a committee member approves, risk may veto.',
    match: { actions: [MANUAL_PRICE_KIND] },
    outcome: {
      kind: 'quorum',
      quorum: { groups: [{ role: 'investment_committee', count: 1 }], vetoRoles: ['risk_officer'] },
    },
  };
  const made = must(
    await gov.request(first.actor, POLICY_CHANGE_KIND, {
      baseVersion: version,
      policy: { ...current, rules: [rule, ...current.rules] },
    } as unknown as Json),
    'policy change',
  );
  await approveBy(k, made.request.id, [...others, p.compliance]);
  // The admin quorum's time lock.
  k.clock.advance((current.adminQuorum.timeLockSeconds ?? 0) * 1000 + 1000);
  must(await gov.execute(first.actor, made.request.id), 'policy execution');
}

/** A destination added by request, approved by a second custody officer and compliance. */
async function fillWhitelist(k: FillKazna, p: FillPeople): Promise<void> {
  await approved(
    k,
    p.custody,
    'governance.whitelist.add',
    {
      asset: 'BTC',
      address: 'bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq',
      label: 'auction settlement account',
    },
    [p.custodySigner, p.compliance],
    p.custody,
  );
}

/**
 * A service account, asked for by an administrator with the SHA-256 of a token made elsewhere,
 * approved as a role change by a second administrator and compliance.
 */
async function fillServiceAccount(k: FillKazna, p: FillPeople): Promise<void> {
  const token = `kzn_${Buffer.from(sha256(new TextEncoder().encode('fill service token'))).toString('base64url')}`;
  await approved(
    k,
    p.admin,
    SERVICE_ACCOUNT_KIND,
    {
      username: 'bank-feed',
      displayName: 'Bank statement feed',
      organisationId: null,
      roles: ['investment_officer'],
      scopes: ['governance.self', 'ledger.read'],
      label: 'statements',
      tokenSha256: sha256Hex(token),
      expiresInSeconds: 30 * 86400,
    },
    [p.admin2, p.compliance],
    p.custody,
  );
}

/**
 * A manual price for yesterday, requested by the risk officer and approved by the committee, and
 * the day's valuation of the forfeited lots.
 */
async function fillMarket(k: FillKazna, p: FillPeople): Promise<void> {
  const today = k.clock.now().toISOString().slice(0, 10);
  const yesterday = new Date(k.clock.now().getTime() - 86400_000).toISOString().slice(0, 10);
  await approved(
    k,
    p.risk.actor,
    MANUAL_PRICE_KIND,
    { asset: 'BTC', quote: 'USD', day: yesterday, price: '94250.5', reason: 'exchange outage' },
    p.committee.slice(0, 1),
    p.investment,
  );
  const lots = await k.services.seizures.lots(p.auditor, { status: 'forfeited', limit: 100 });
  must(
    await k.services.market.recordValuation(
      p.risk.actor,
      today,
      'USD',
      lots.map((l) => ({ kind: 'asset', id: l.id, asset: l.asset, units: l.remainingUnits })),
    ),
    'valuation',
  );
  await fillRiskAlert(k, p, today);
}

/**
 * A breach of a concentration limit, raised and acknowledged: the demo's reports value the
 * reserve's holdings, which stay within its caps, so they raise none.
 */
async function fillRiskAlert(k: FillKazna, p: FillPeople, day: string): Promise<void> {
  const limits = await k.services.risk.limits();
  const limit = limits.find((l) => l.limit.kind === 'manager_concentration') ?? limits[0];
  if (limit === undefined) throw new Error('fill: the demo sets risk limits');
  const { raised } = must(
    await k.services.risk.raiseAlerts(p.risk.actor, day, [
      {
        limitId: limit.id,
        kind: limit.limit.kind,
        subject: 'manager:fill',
        measuredBps: 612,
        thresholdBps: 500,
        message: 'a manager above its cap',
      },
    ]),
    'risk alert',
  );
  const [alertId] = raised;
  if (alertId === undefined) throw new Error('fill: a breach raises an alert');
  must(await k.services.risk.acknowledgeAlert(p.risk.actor, alertId, 'rebalancing asked'), 'ack');
}

/** A hand-off proposed by the police to custody, signed by one officer, then cancelled. */
async function fillSeizures(k: FillKazna, p: FillPeople): Promise<void> {
  const s = k.services.seizures;
  // A lot the police still hold something of, not yet decided: one that left custody cannot move.
  const lot = (await s.lots(p.officer, { limit: 100 })).find(
    (l) =>
      l.custodianOrganisationId === p.officer.organisationId &&
      l.remainingUnits > 0n &&
      (l.status === 'seized' || l.status === 'frozen'),
  );
  if (lot === undefined) throw new Error('fill: the police hold no open lot after the demo');
  const proposal = must(
    await s.proposeHandoff(p.officer, {
      lotIds: [lot.id],
      fromOrganisationId: p.officer.organisationId ?? '',
      toOrganisationId: p.custody.organisationId ?? '',
      releasingOfficerId: p.officer.id,
      receivingOfficerId: p.custody.id,
      note: 'to the treasury vault',
    }),
    'hand-off proposal',
  );
  // The releasing officer signs with the demo's key for their username; the other never does.
  const secret = sha256(new TextEncoder().encode('kazna demo signing key of officer'));
  const signed = ed25519.sign(new TextEncoder().encode(proposal.message), secret);
  must(
    await s.signHandoff(p.officer, {
      handoffId: proposal.handoffId,
      signature: { method: 'key', signatureHex: Buffer.from(signed).toString('hex') },
    }),
    'hand-off signature',
  );
  must(
    await s.cancelHandoff(p.officer, {
      handoffId: proposal.handoffId,
      reason: 'the court asked that it stay with the police',
    }),
    'hand-off cancellation',
  );
}

/** A study saved by the risk officer: a small version of the reference scenario. */
async function fillSimulator(k: FillKazna, p: FillPeople): Promise<void> {
  const reference = JSON.parse(
    await readFile(
      new URL('../../src/simulator/scenarios/reference.json', import.meta.url),
      'utf8',
    ),
  ) as { strategies: { id: string }[]; prices: object } & Record<string, unknown>;
  const scenario = {
    ...reference,
    prices: { ...reference.prices, horizonDays: 365 },
    inflows: [{ date: '2025-10-01', asset: 'BTC', quantity: '100' }],
    strategies: reference.strategies.filter((x) => ['auction', 'hold'].includes(x.id)),
  };
  must(
    await k.services.simulator.saveStudy(p.risk.actor, {
      name: 'Reference, one year',
      scenario,
      seed: 8,
      paths: 10,
    }),
    'study',
  );
}

/**
 * The allocation check's alerts, and a redemption from the fund with neither lock-up nor gate,
 * dealt at the month-end NAV its administrator reports after the month.
 */
async function fillReserve(k: FillKazna, p: FillPeople): Promise<void> {
  const r = k.services.reserve;
  // The demo's reserve is within its policy; the committee tightens the cap on one manager's share
  // below what each hedge fund holds, and the next check raises an alert per fund.
  const current = await r.policyOn(r.today());
  if (current === null) throw new Error('fill: the demo has an allocation policy');
  const asked = must(
    await r.requestPolicyChange(p.investment, {
      baseVersion: current.version,
      effectiveFrom: r.today(),
      policy: { ...current.policy, managerCapBps: 100 },
    }),
    'allocation policy change',
  );
  await approveBy(k, asked.requestId, p.committee.slice(0, 1));
  must(await k.services.governance.execute(p.investment, asked.requestId), 'policy');
  const checked = must(await r.checkAllocation(p.investment, r.today()), 'allocation check');
  if (checked.alerts.length === 0) throw new Error('fill: the tighter cap raises no alert');
  const fund = (await r.managers()).find((m) => m.name === 'Boreal Basis Partners');
  if (fund === undefined) throw new Error('fill: no demo fund Boreal Basis Partners');
  const last = (await r.navSeries(fund.id)).at(-1);
  if (last === undefined) throw new Error('fill: the demo fund has no NAV');
  const requestedOn = r.today();
  const monthEnd = new Date(
    Date.UTC(Number(requestedOn.slice(0, 4)), Number(requestedOn.slice(5, 7)), 0),
  );
  k.clock.set(new Date(monthEnd.getTime() + 3 * 86400_000));
  const scale = hedgeFundTermsSchema.parse(fund.terms).unitScale;
  must(
    await r.recordNav(p.investment, {
      manager: fund.id,
      day: monthEnd.toISOString().slice(0, 10),
      nav: formatAmount(last.nav, 'USD'),
      units: last.units === null ? null : formatUnits(last.units, scale),
      navPerUnit:
        last.navPerUnit === null ? null : formatUnits(last.navPerUnit, NAV_PER_UNIT_SCALE),
    }),
    'NAV',
  );
  must(
    await r.redeem(p.investment, { managerId: fund.id, requestedOn, units: '100' }),
    'redemption',
  );
}

/** Keys of the three officials of a 2-of-3 custody wallet; in real use each is on its own device. */
const OFFICIAL_KEYS = [1, 2, 3].map((i) =>
  sha256(new TextEncoder().encode(`fill custody official ${String(i)}`)),
);

/**
 * Custody on Litecoin regtest, as `src/chain/litecoin.test.ts` does it: a 2-of-3 wallet registered
 * by request, a seizure paid to it and its intake verified, a move to a whitelisted destination
 * approved, signed by two officials, broadcast and confirmed, a clean reconciliation (which caches
 * its block scan), then a payment from outside and the alert of the next one. Last, a USDT wallet
 * on anvil whose gas is paid from ETH accounts.
 */
async function fillChain(k: FillKazna, p: FillPeople, nodes: Nodes): Promise<void> {
  const ltc = (method: string, params: unknown[] = []) => jsonRpc(nodes.litecoin, method, params);
  const funder = { ...nodes.litecoin, url: `${nodes.litecoin.url}wallet/funder` };
  const wallet = (method: string, params: unknown[] = []) => jsonRpc(funder, method, params);
  const mine = async (n: number) => {
    await ltc('generatetoaddress', [n, await wallet('getnewaddress', ['', 'bech32'])]);
  };
  await ltc('createwallet', ['funder']);
  await mine(101);
  const network = utxoNetwork('LTC', 'regtest');
  if (network === null) throw new Error('fill: no LTC regtest parameters');
  const chain = k.services.chain;
  chain.adapters.use(bitcoinAdapter(nodes.litecoin, network));
  const accounts = await custodyAccounts(k, p, 'LTC', 'ltc-fill');
  await approved(
    k,
    p.custody,
    'chain.wallet.register',
    {
      asset: 'LTC',
      kind: 'multisig',
      label: 'seizure wallet 2-of-3',
      threshold: 2,
      keys: OFFICIAL_KEYS.map((key) =>
        Buffer.from(secp256k1.getPublicKey(key, true)).toString('hex'),
      ),
      accountId: accounts.custody,
      feeAccountId: accounts.fees,
    },
    p.committee.slice(0, 1),
    p.custody,
  );
  const registered = (await chain.wallets()).find((w) => w.asset === 'LTC');
  const address = registered?.addresses[0];
  if (registered === undefined || address === undefined) throw new Error('fill: no LTC wallet');
  const seized = (await wallet('sendtoaddress', [address, 1.5])) as string;
  await mine(1);
  const intake = must(
    await chain.verifyIntake(p.custody, {
      subjectId: 'fill-ltc-seizure',
      asset: 'LTC',
      txid: seized,
      address,
      amount: 150_000_000n,
    }),
    'intake',
  );
  if (!intake.verified) throw new Error(`fill: intake ${intake.outcome}`);
  must(
    await k.services.ledger.transfer(
      p.custody,
      {
        kind: 'single',
        id: k.ids.next<'LedgerTransfer'>(),
        asset: 'LTC',
        code: 'seizure.intake',
        reason: 'seized coins received',
        refs: { externalTxId: seized },
        debitAccountId: accounts.custody,
        creditAccountId: accounts.seized,
        amount: 150_000_000n,
      },
      { kind: 'seizures.intake' },
    ),
    'intake posting',
  );
  const destination = (await wallet('getnewaddress', ['', 'bech32'])) as string;
  await whitelisted(k, p, 'LTC', destination);
  await custodyMove(
    k,
    p,
    { walletId: registered.id, destination, account: accounts.destination },
    mine,
  );
  const clean = await chain.reconcile(p.custody);
  if (clean.alertIds.length > 0) throw new Error('fill: the chain and the ledger disagree');
  await wallet('sendtoaddress', [address, 0.1]);
  await mine(1);
  const dirty = await chain.reconcile(p.custody);
  if (dirty.alertIds.length === 0) throw new Error('fill: a payment from outside raises no alert');
  await tokenWallet(k, p, nodes);
}

interface CustodyAccounts {
  readonly custody: AccountId;
  readonly seized: AccountId;
  readonly destination: AccountId;
  readonly fees: AccountId;
}

/** The ledger accounts of a custody wallet, opened by the custody officer. */
async function custodyAccounts(
  k: Kazna,
  p: FillPeople,
  asset: AssetCode,
  ref: string,
): Promise<CustodyAccounts> {
  const open = async (
    type: 'asset' | 'liability' | 'expense',
    kind: 'custodian' | 'agency',
    r: string,
  ): Promise<AccountId> =>
    must(
      await k.services.ledger.openAccount(p.custody, {
        asset,
        owner: { kind, ref: `${ref}-${r}` },
        type,
      }),
      `account ${r}`,
    ).id;
  return {
    custody: await open('asset', 'custodian', 'vault'),
    seized: await open('liability', 'agency', 'seized'),
    destination: await open('asset', 'custodian', 'destination'),
    fees: await open('expense', 'agency', 'fees'),
  };
}

/** A destination whitelisted by approved request, and usable once its cooling period is over. */
async function whitelisted(k: FillKazna, p: FillPeople, asset: AssetCode, address: string) {
  await approved(
    k,
    p.custody,
    'governance.whitelist.add',
    { asset, address, label: 'fill destination' },
    [p.custodySigner, p.compliance],
    p.custody,
  );
  const policy = await k.services.governance.policy();
  k.clock.advance(policy.whitelistCoolingSeconds * 1000 + 1000);
}

/** What an official's device does: sign every input it can, hand back the PSBT. */
function signElsewhere(psbt: string, key: Uint8Array): string {
  const tx = Transaction.fromPSBT(base64.decode(psbt));
  tx.sign(key);
  return base64.encode(tx.toPSBT());
}

/** An approved move of 0.4 LTC, signed by two of the three officials, broadcast and confirmed. */
async function custodyMove(
  k: FillKazna,
  p: FillPeople,
  m: { walletId: string; destination: string; account: AccountId },
  mine: (n: number) => Promise<void>,
): Promise<void> {
  const chain = k.services.chain;
  const made = must(
    await k.services.governance.request(p.custody, 'chain.custody.move', {
      walletId: m.walletId,
      asset: 'LTC',
      amount: '0.4',
      destination: m.destination,
      destinationAccountId: m.account,
    }),
    'custody move',
  );
  await approveBy(k, made.request.id, [p.committee[0] ?? p.risk, p.risk]);
  must(await k.services.governance.execute(p.custody, made.request.id), 'custody approval');
  const c = await chain.custodyTx(made.request.id);
  if (c === null) throw new Error('fill: the executor recorded no custody transaction');
  const prepared = must(await chain.prepare(p.custody, c.id), 'prepare');
  for (const key of [OFFICIAL_KEYS[0], OFFICIAL_KEYS[2]]) {
    if (key === undefined) continue;
    must(
      await chain.addSignatures(p.custody, c.id, signElsewhere(prepared.unsigned, key)),
      'signature',
    );
  }
  must(await chain.broadcast(p.custody, c.id), 'broadcast');
  await mine(1);
  must(await chain.confirm(p.custody, c.id), 'confirmation');
}

/**
 * A USDT wallet on anvil (a test token deployed there) whose gas is paid from an ETH account, with
 * the expense account its gas is booked to: registered by request like any custody wallet.
 */
async function tokenWallet(k: FillKazna, p: FillPeople, nodes: Nodes): Promise<void> {
  const token = await deployToken(nodes);
  k.services.chain.adapters.use(evmAdapter(nodes.evm, [{ asset: 'USDT', contract: token }]));
  const usdt = await custodyAccounts(k, p, 'USDT', 'usdt-fill');
  const gas = await custodyAccounts(k, p, 'ETH', 'gas-fill');
  await approved(
    k,
    p.custody,
    'chain.wallet.register',
    {
      asset: 'USDT',
      kind: 'address',
      label: 'USDT seizure address',
      addresses: [TOKEN_HOLDER],
      accountId: usdt.custody,
      feeAccountId: usdt.fees,
      gasAccountId: gas.custody,
      gasFeeAccountId: gas.fees,
    },
    p.committee.slice(0, 1),
    p.custody,
  );
}

/** anvil's first pre-funded, unlocked account; it deploys the token and holds its supply. */
const TOKEN_HOLDER = '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266';

async function deployToken(nodes: Nodes): Promise<string> {
  const eth = (method: string, params: unknown[] = []) => jsonRpc(nodes.evm, method, params);
  const hash = (await eth('eth_sendTransaction', [
    { from: TOKEN_HOLDER, data: erc20Bytecode(10n ** 12n) },
  ])) as string;
  // Anvil mines at once, but on a busy machine the receipt can lag the hash by a moment.
  for (let i = 0; i < 100; i++) {
    const receipt = (await eth('eth_getTransactionReceipt', [hash])) as {
      contractAddress: string | null;
    } | null;
    if (receipt?.contractAddress != null) return receipt.contractAddress;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`fill: no receipt for the token deployment ${hash}`);
}
