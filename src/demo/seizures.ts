import { ed25519 } from '@noble/curves/ed25519.js';
import { listFromAddresses } from '../compliance/service.ts';
import { sha256, sha256Hex } from '../core/hash.ts';
import { SYSTEM, type Actor } from '../core/identity.ts';
import type { Result } from '../core/result.ts';
import type { DemoStep } from './step.ts';
import type { Kazna } from '../kazna.ts';
import { demoCourt } from './people.ts';
import type { LotText, TransitionContent } from '../seizures/service.ts';
import {
  DEMO_EXCHANGES_SHUT_DOWN,
  DEMO_VOLUME_PROCESSED_CENTS,
  demoExchanges,
  NAMED_EXCHANGES,
} from './exchanges.ts';
import { handoffMessage, type HandoffContent, type LegalStatus } from '../seizures/model.ts';

/**
 * The Kazakhstan reference case: an operation that shut down 130 illegal exchanges ($124M
 * processed; every one in the exchange registry with its share), three cases, and lots worth well
 * over $5M in BTC, USDT on TRON and on Ethereum, and ETH. The court decisions predate Kazna, so
 * they are recorded as history (`recordHistorical`, decided by the same transition table); one lot
 * is forfeited and earmarked for the reserve, others are pending, a USDT lot is split 70/30 with
 * one restitution paid, and an ETH lot was sold in an emergency with its proceeds in escrow.
 * Hand-offs are signed with demo keys derived from the usernames (demo only: never a way to make
 * real keys).
 */
const DEMO_SANCTIONED = '1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2';
export const OPERATION = 'Operation Shadow Exchange (2025)';

function must<T>(r: Result<T, string>, what: string): T {
  if (!r.ok) throw new Error(`seizures demo: ${what}: ${r.code}: ${r.message}`);
  return r.value;
}

function txid(label: string, evm = false): string {
  return `${evm ? '0x' : ''}${sha256Hex(`kazna demo tx ${label}`)}`;
}

function demoLot(
  asset: string,
  chain: string,
  amount: string,
  addresses: string[],
  label: string,
): LotText {
  const evm = chain === 'EVM';
  return {
    asset,
    chain,
    amount,
    addresses,
    txids: [txid(label, evm)],
    evidence: [{ sha256: sha256Hex(`protocol ${label}`), name: `seizure protocol ${label}.pdf` }],
    custodyKind: label.startsWith('ex') ? 'exchange_freeze' : 'seizure_wallet',
    custodyRef: label.startsWith('ex') ? 'frozen at exchange (court order)' : 'police cold wallet',
  };
}

interface People {
  readonly officer: Actor;
  readonly registrar: Actor;
  readonly custody: Actor;
  readonly keys: ReadonlyMap<string, Uint8Array>;
}

async function people(k: Kazna): Promise<People> {
  const gov = k.services.governance;
  const users = await gov.users();
  const keys = new Map<string, Uint8Array>();
  const find = async (username: string): Promise<Actor> => {
    const u = users.find((x) => x.username === username);
    if (u === undefined) throw new Error(`seizures demo: no demo user ${username}`);
    const secret = sha256(new TextEncoder().encode(`kazna demo signing key of ${username}`));
    const publicKeyHex = Buffer.from(ed25519.getPublicKey(secret)).toString('hex');
    const registered = await gov.signingKeys(u.id);
    if (!registered.some((r) => r.publicKeyHex === publicKeyHex)) {
      must(await gov.registerKey(SYSTEM, { userId: u.id, publicKeyHex, password: null }), 'key');
    }
    keys.set(u.id, secret);
    return { kind: 'user', id: u.id, roles: u.roles, organisationId: u.organisationId };
  };
  return {
    officer: await find('officer'),
    registrar: await find('registrar'),
    custody: await find('custody'),
    keys,
  };
}

async function ensureSanctionsList(k: Kazna): Promise<void> {
  if ((await k.services.compliance.currentSnapshot()) !== null) return;
  const list = must(listFromAddresses('BTC', 'demo list (synthetic)', [DEMO_SANCTIONED]), 'list');
  await k.services.compliance.importSanctions(SYSTEM, list);
}

async function loadSeizuresDemo(k: Kazna): Promise<void> {
  const s = k.services.seizures;
  // Idempotent on its own too: a data folder that already holds the operation is left alone.
  const existing = await k.db.query('SELECT 1 FROM seizure_operations WHERE name = $1', [
    OPERATION,
  ]);
  if (existing.length > 0) return;
  const p = await people(k);
  await ensureSanctionsList(k);
  const op = must(
    await s.createOperation(p.officer, {
      name: OPERATION,
      agencies: ['Police (Ministry of Internal Affairs)', 'Agency for Financial Monitoring'],
      startedOn: '2025-01-20',
      endedOn: '2025-06-30',
      summary:
        'About 130 illegal crypto exchanges shut down; together they had processed about $124M.',
      exchangesShutDown: DEMO_EXCHANGES_SHUT_DOWN,
      volumeProcessedUsd: String(DEMO_VOLUME_PROCESSED_CENTS / 100n),
    }),
    'operation',
  );
  await registerExchanges(k, p.officer, op.id);
  const lots = await intakeCases(k, p, op.id);
  await legalHistory(k, p, lots);
}

/**
 * The exchanges the operation shut down: the two its cases name in the seizures registry (linked
 * to the operation), and all of them in compliance's registry with their estimated volumes, so the
 * registry holds the story the portal tells (one transaction: a registry loaded from case files).
 */
async function registerExchanges(k: Kazna, officer: Actor, operationId: string): Promise<void> {
  for (const name of NAMED_EXCHANGES) {
    must(
      await k.services.seizures.registerExchange(officer, {
        name,
        status: 'shut_down',
        jurisdiction: 'KZ',
        operationId,
      }),
      'exchange',
    );
  }
  const registry = demoExchanges().map((x) => ({
    name: x.name,
    status: 'shut_down' as const,
    domains: [],
    jurisdictions: ['KZ'],
    shutdownOn: x.shutdownOn,
    estimatedVolumeUsdCents: x.volumeCents,
    source: `${OPERATION}: case files`,
  }));
  must(await k.services.compliance.registry.registerExchanges(officer, registry), 'registry');
}

async function intakeCases(k: Kazna, p: People, operationId: string): Promise<string[]> {
  const s = k.services.seizures;
  const courtOrganisationId = await demoCourt(k);
  const cases = [
    [
      'AFM-2025-0147',
      [
        demoLot('BTC', 'BTC', '52.3', ['bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq'], 'w1'),
        demoLot('BTC', 'BTC', '6.5', ['1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa'], 'w2'),
      ],
    ],
    [
      'POL-2025-0311',
      [
        demoLot(
          'USDT',
          'TRON',
          '850000',
          ['TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t', 'TLa2f6VPqDgRE67v1736s7bJ8Ray5wYjU7'],
          'ex1',
        ),
        demoLot('USDT', 'EVM', '420000', ['0x742d35Cc6634C0532925a3b844Bc454e4438f44e'], 'ex2'),
      ],
    ],
    [
      'POL-2025-0388',
      [demoLot('ETH', 'EVM', '410.5', ['0xde0B295669a9FD93d5F28D9Ec85E40f4cb697BAe'], 'w3')],
    ],
  ] as const;
  const ids: string[] = [];
  for (const [caseNumber, lots] of cases) {
    const c = must(
      await s.openCase(p.officer, {
        operationId,
        agency: 'Police',
        caseNumber,
        court: 'Specialised Inter-District Economic Court of Astana',
        courtOrganisationId,
        partyRefs: [`party:${sha256Hex(caseNumber).slice(0, 12)}`],
      }),
      'case',
    );
    const r = must(
      await s.intake(p.officer, {
        caseId: c.id,
        seizedOn: '2025-03-14',
        exchangeId: null,
        note: `seized under case ${caseNumber}`,
        lots: [...lots],
      }),
      'intake',
    );
    ids.push(...r.lots.map((l) => l.id));
  }
  return ids;
}

function decision(lotId: string, to: LegalStatus, over: Partial<TransitionContent> = {}) {
  return {
    lotId,
    to,
    courtOrderRef: null,
    ground: null,
    reason: 'decision of the court',
    proceeds: null,
    ...over,
    ...(over.courtOrderRef == null ? {} : demoOrder(over.courtOrderRef)),
  } satisfies TransitionContent;
}

/** A court order's date and document as the demo's paper file has them: the hash of its text. */
export function demoOrder(ref: string) {
  return {
    courtOrderRef: ref,
    courtOrderDate: '2025-06-30',
    courtOrderSha256: sha256Hex(`Court order ${ref}`),
    courtOrderName: `order-${ref.replace(/[^0-9A-Za-z-]+/g, '_')}.pdf`,
  };
}

async function legalHistory(k: Kazna, p: People, lots: readonly string[]): Promise<void> {
  const s = k.services.seizures;
  // lots[3], the USDT on Ethereum, stays frozen: its case is still open.
  const [btcA = '', btcB = '', usdtTron = '', , eth = ''] = lots;
  const step = async (who: Actor, c: TransitionContent): Promise<void> => {
    must(await s.recordHistorical(who, c), c.to);
  };
  for (const id of lots) await step(p.officer, decision(id, 'frozen'));
  await step(p.registrar, decision(btcA, 'forfeiture_pending'));
  await step(p.registrar, decision(btcA, 'forfeited', { courtOrderRef: 'No. 7-1120/2025' }));
  await step(p.registrar, decision(btcB, 'forfeiture_pending'));
  await step(
    p.registrar,
    decision(eth, 'emergency_sold', {
      ground: 'a loss of value of 10% or more was likely before a final judgment',
      proceeds: { asset: 'USD', amount: '1012340.55' },
    }),
  );
  const parts = must(await s.split(p.registrar, usdtTron, ['595000', '255000']), 'split');
  const [forfeit = '', victims = ''] = parts.lotIds;
  await step(p.registrar, decision(forfeit, 'forfeiture_pending'));
  await step(p.registrar, decision(forfeit, 'forfeited', { courtOrderRef: 'No. 7-1187/2025' }));
  await step(
    p.registrar,
    decision(victims, 'restitution_to_victims', { courtOrderRef: 'No. 7-1188/2025' }),
  );
  const claim = must(
    await s.registerClaim(p.registrar, {
      lotId: victims,
      claimantRef: 'victim:000417',
      amount: '120000',
    }),
    'claim',
  );
  must(await s.approveClaim(p.registrar, claim.claimId, '120000'), 'approve');
  must(await s.payClaim(p.registrar, claim.claimId, '120000'), 'payout');
  must(await s.earmark(p.custody, btcA), 'earmark');
  await handoffs(k, p, [btcA, forfeit]);
}

async function handoffs(k: Kazna, p: People, lotIds: readonly string[]): Promise<void> {
  const chain: [Actor, Actor][] = [
    [p.officer, p.registrar],
    [p.registrar, p.custody],
  ];
  for (const [from, to] of chain) {
    const c: HandoffContent = {
      handoffId: k.ids.next<'SeizureHandoff'>(),
      lotIds,
      fromOrganisationId: from.organisationId ?? '',
      toOrganisationId: to.organisationId ?? '',
      releasingOfficerId: from.id,
      receivingOfficerId: to.id,
      note: 'custody of forfeited lots',
    };
    const sign = (who: Actor): string =>
      Buffer.from(
        ed25519.sign(handoffMessage(c), p.keys.get(who.id) ?? new Uint8Array(32)),
      ).toString('hex');
    must(
      await k.services.seizures.handoff(from, {
        ...c,
        releasingSignatureHex: sign(from),
        receivingSignatureHex: sign(to),
      }),
      'hand-off',
    );
  }
}

export const SEIZURES_DEMO_STEP: DemoStep = {
  name: 'seizures-kazakhstan-case',
  describe: 'the Kazakhstan operation, its cases and lots, court decisions and hand-offs',
  run: loadSeizuresDemo,
};
