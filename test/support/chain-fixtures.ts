import { appendAudit } from '../../src/audit/append.ts';
import type { AssetCode } from '../../src/core/assets.ts';
import type { Json } from '../../src/core/canonical.ts';
import { DEFAULT_POLICY } from '../../src/governance/defaults.ts';
import { approver, installPolicy, type Approver } from './governance.ts';
import type { AccountId } from '../../src/ledger/model.ts';
import type { Kazna } from '../../src/kazna.ts';

/**
 * Fixtures for the chain tests: ledger accounts for one custody wallet, a policy under which a
 * custody move needs one custody officer besides the initiator, a whitelisted destination, and the
 * run of one approved `chain.custody.move` request.
 */
export interface CustodyAccounts {
  readonly custody: AccountId;
  readonly seized: AccountId;
  readonly destination: AccountId;
  readonly fees: AccountId;
}

export async function custodyAccounts(
  k: Kazna,
  asset: AssetCode,
  ref: string,
): Promise<CustodyAccounts> {
  const open = async (
    type: 'asset' | 'liability' | 'expense',
    kind: 'custodian' | 'agency',
    r: string,
  ) => {
    const a = await k.services.ledger.openAccount(
      { id: 'test' },
      { asset, owner: { kind, ref: `${ref}-${r}` }, type },
    );
    if (!a.ok) throw new Error(a.message);
    return a.value.id;
  };
  return {
    custody: await open('asset', 'custodian', 'vault'),
    seized: await open('liability', 'agency', 'seized'),
    destination: await open('asset', 'custodian', 'destination'),
    fees: await open('expense', 'agency', 'fees'),
  };
}

/** Posts the seized amount into custody, as the seizure domain does once an intake is verified. */
export async function postIntake(
  k: Kazna,
  accounts: CustodyAccounts,
  asset: AssetCode,
  amount: bigint,
  txid: string,
): Promise<void> {
  const r = await k.services.ledger.transfer(
    { id: 'test' },
    {
      kind: 'single',
      id: k.ids.next<'LedgerTransfer'>(),
      asset,
      code: 'seizure.intake',
      reason: 'seized coins received',
      refs: { externalTxId: txid },
      debitAccountId: accounts.custody,
      creditAccountId: accounts.seized,
      amount,
    },
    // An intake, under the policy's rule for movements between seizure accounts.
    { kind: 'seizures.intake' },
  );
  if (!r.ok) throw new Error(r.message);
}

export interface Officials {
  readonly initiator: Approver;
  readonly custodian: Approver;
}

export async function custodyPolicy(k: Kazna, tag: string): Promise<Officials> {
  await installPolicy(k, {
    ...DEFAULT_POLICY,
    rules: [
      ...DEFAULT_POLICY.rules.filter(
        (r) => r.id === 'new-destination' || r.id === 'seizure-bookkeeping',
      ),
      {
        id: 'custody-move',
        match: { actions: ['chain.*'] },
        outcome: { kind: 'quorum', quorum: { groups: [{ role: 'custody_officer', count: 1 }] } },
      },
    ],
  });
  return {
    initiator: await approver(k, `${tag}-initiator`, ['investment_committee']),
    custodian: await approver(k, `${tag}-custodian`, ['custody_officer']),
  };
}

/** A whitelisted destination, usable at once (test fixture; real entries are approved requests). */
export async function whitelist(k: Kazna, asset: AssetCode, address: string): Promise<void> {
  await k.db.write(async (tx) => {
    await tx.query(
      `INSERT INTO gov_whitelist (id, asset, address, label, request_id, added_at, usable_from)
       VALUES ($1, $2, $3, 'test destination', 'test', $4, $4)`,
      [k.ids.next<'wl'>(), asset, address, new Date(k.clock.now().getTime() - 1000)],
    );
    await appendAudit(tx, k.clock, {
      actor: 'test',
      action: 'governance.whitelist.added',
      subjects: [`${asset}:${address}`],
      payload: { asset, address, label: 'test destination' },
    });
  });
}

/** Request, approve (signed vote) and execute a custody move; returns the custody transaction id. */
export async function approvedMove(k: Kazna, o: Officials, content: Json): Promise<string> {
  const id = await approved(k, o, 'chain.custody.move', content);
  const c = await k.services.chain.custodyTx(id);
  if (c === null) throw new Error('the executor recorded no custody transaction');
  return c.id;
}

/** Request, approve with a signed vote, and execute; returns the request id. */
export async function approved(
  k: Kazna,
  o: Officials,
  kind: string,
  content: Json,
): Promise<string> {
  const gov = k.services.governance;
  const req = await gov.request(o.initiator.actor, kind, content);
  if (!req.ok) throw new Error(`${req.code}: ${req.message}`);
  const id = req.value.request.id;
  const hash = req.value.request.requestHash;
  const voted = await gov.vote(o.custodian.actor, id, {
    decision: 'approve',
    signatureHex: o.custodian.sign(hash, 'approve'),
  });
  if (!voted.ok) throw new Error(`${voted.code}: ${voted.message}`);
  const done = await gov.execute(o.custodian.actor, id);
  if (!done.ok) throw new Error(`${done.code}: ${done.message}`);
  return id;
}
