import { z } from 'zod';
import { appendAudit } from '../audit/append.ts';
import { ASSET_CODES, type AssetCode } from '../core/assets.ts';
import type { Json } from '../core/canonical.ts';
import type { Actor } from '../core/identity.ts';
import { parseAmount } from '../core/money.ts';
import { err, ok, type Result } from '../core/result.ts';
import type { Tx } from '../db/pool.ts';
import type { AccountId, TransferInput } from '../ledger/model.ts';
import { executor } from '../governance/approvals.ts';
import type { CustodyError, CustodyMoveRefusal } from './codes.ts';
import { checkSignedEvmTx, transferCall, unsignedHex, type UnsignedEvmTx } from './evmtx.ts';
import {
  buildPsbt,
  checkSignedPsbt,
  finalisePsbt,
  outputsJson,
  parsePsbt,
  type Multisig,
} from './psbt.ts';
import type { ChainDeps } from './deps.ts';
import { CHAIN_STATUS } from './statuses.ts';
import * as store from './store.ts';

/**
 * Custody moves without keys. An approved `chain.custody.move` request becomes a custody
 * transaction; Kazna prepares it unsigned (a PSBT for a multisig wallet, an EIP-1559 transaction for
 * an EVM wallet), collects signatures made on officials' devices, checks each against the wallet's
 * registered keys and the approval, broadcasts, and posts the ledger transfer once confirmed.
 */
export const CUSTODY_MOVE_KIND = 'chain.custody.move';

const moveSchema = z.strictObject({
  walletId: z.uuid(),
  asset: z.enum(ASSET_CODES),
  amount: z.string().min(1).max(80),
  destination: z.string().min(1).max(200),
  destinationAccountId: z.uuid().optional(),
});

export interface CustodyDeps extends ChainDeps {
  /** Whether a destination is on the governance whitelist and past its cooling period. */
  readonly whitelisted: (asset: AssetCode, address: string, at: Date) => Promise<boolean>;
}

/** The custody-move kind, for main.ts to register with governance. */
export function custodyMoveExecutor(d: CustodyDeps) {
  return executor({
    kind: CUSTODY_MOVE_KIND,
    execute: async (tx, content, ctx) => {
      const v = await validMove(tx, content);
      if (!v.ok) return v;
      const id = d.ids.next<'custody'>();
      const row = {
        id,
        requestId: ctx.request.id,
        walletId: v.value.walletId,
        asset: v.value.asset,
        destination: v.value.destination,
        amount: v.value.amount,
        destinationAccountId: v.value.destinationAccountId ?? null,
        createdAt: ctx.at,
      };
      await store.insertCustodyTx(tx, { ...row, createdBy: ctx.actor.id });
      await ctx.audit({
        action: 'chain.custody.approved',
        subjects: [id, ctx.request.id, row.walletId],
        payload: { ...row, amount: row.amount.toString(), createdAt: row.createdAt.toISOString() },
      });
      return ok({ custodyTxId: id });
    },
    options: {
      validate: async (tx, content) => {
        const v = await validMove(tx, content);
        return v.ok ? ok(null) : v;
      },
      refusals: CHAIN_STATUS,
    },
  });
}

async function validMove(
  tx: Tx,
  content: Json,
): Promise<
  Result<Omit<z.infer<typeof moveSchema>, 'amount'> & { amount: bigint }, CustodyMoveRefusal>
> {
  const c = moveSchema.safeParse(content);
  if (!c.success)
    return err('content_invalid', 'a custody move needs walletId, asset, amount and destination', {
      issues: c.error.issues.map((i) => i.message),
    });
  const amount = parseAmount(c.data.amount, c.data.asset);
  if (!amount.ok) return amount;
  if (amount.value <= 0n) return err('content_invalid', 'the amount must be positive');
  const w = await store.wallet(tx, c.data.walletId);
  if (w === null) return err('wallet_not_found', 'no such wallet');
  if (w.asset !== c.data.asset) return err('content_invalid', `the wallet holds ${w.asset}`);
  if (w.accountId !== null && c.data.destinationAccountId === undefined)
    return err('content_invalid', 'a wallet with a ledger account needs the destination account');
  return ok({ ...c.data, amount: amount.value });
}

async function loadCustody(d: CustodyDeps, tx: Tx | null, id: string, want: store.CustodyStatus[]) {
  const c = await store.custodyTx(tx ?? d.db, id);
  if (c === null) return err('custody_tx_not_found', 'no such custody transaction');
  if (!want.includes(c.status))
    return err('custody_tx_state_invalid', `the custody transaction is ${c.status}`, {
      status: c.status,
      expected: want,
    });
  const w = await store.wallet(tx ?? d.db, c.walletId);
  if (w === null) return err('wallet_not_found', 'the custody transaction’s wallet is gone');
  return ok({ c, w });
}

function multisigOf(w: store.WalletRow): Multisig {
  return {
    threshold: w.threshold ?? 1,
    keys: w.keys,
    address: w.addresses[0] ?? '',
    witnessScriptHex: w.witnessScript ?? '',
  };
}

const event = (c: store.CustodyTx, s: store.CustodyEvent['status']) =>
  c.events.find((e) => e.status === s) ?? null;

/** Builds the unsigned transaction from the chain's current state, then records it. */
async function prepare(
  d: CustodyDeps,
  actor: Actor,
  id: string,
): Promise<
  Result<
    { custodyTxId: string; unsigned: string; unsignedId: string; fee: string; outputs: Json },
    CustodyError
  >
> {
  const loaded = await loadCustody(d, null, id, ['approved']);
  if (!loaded.ok) return loaded;
  const { c, w } = loaded.value;
  if (!(await d.whitelisted(c.asset, c.destination, d.clock.now())))
    return err(
      'destination_not_whitelisted',
      'the destination is not whitelisted (or still cooling)',
      { destination: c.destination },
    );
  const built = await buildUnsigned(d, c, w);
  if (!built.ok) return built;
  const b = built.value;
  return d.db.command(async (tx) => {
    const again = await loadCustody(d, tx, c.id, ['approved']);
    if (!again.ok) return again;
    await store.insertEvent(tx, c.id, {
      status: 'prepared',
      txid: b.unsignedId,
      payload: b.unsigned,
      fee: b.fee,
      blockHeight: null,
      ledgerTransferId: null,
      at: d.clock.now(),
    });
    await appendAudit(tx, d.clock, {
      actor,
      action: 'chain.custody.prepared',
      subjects: [c.id, c.requestId],
      payload: {
        custodyTxId: c.id,
        unsignedId: b.unsignedId,
        unsigned: b.unsigned,
        fee: b.fee.toString(),
        outputs: b.outputs,
      },
    });
    return ok({
      custodyTxId: c.id,
      unsigned: b.unsigned,
      unsignedId: b.unsignedId,
      fee: b.fee.toString(),
      outputs: b.outputs,
    });
  });
}

async function buildUnsigned(
  d: CustodyDeps,
  c: store.CustodyTx,
  w: store.WalletRow,
): Promise<
  Result<{ unsigned: string; unsignedId: string; fee: bigint; outputs: Json }, CustodyError>
> {
  const u = d.adapters.utxo(c.asset);
  if (u !== null) {
    const wallet = multisigOf(w);
    const built = buildPsbt({
      network: u.network,
      wallet,
      utxos: await u.unspent(wallet.address),
      destination: c.destination,
      amount: c.amount,
      feeRate: d.feeRates?.[c.asset] ?? 2n,
    });
    if (!built.ok) return built;
    return ok({
      unsigned: built.value.psbtBase64,
      unsignedId: built.value.unsignedTxid,
      fee: built.value.fee,
      outputs: outputsJson(built.value.outputs),
    });
  }
  const e = d.adapters.evm(c.asset);
  if (e === null) return err('chain_not_configured', `no node is configured for ${c.asset}`);
  const from = w.addresses[0] ?? '';
  const token = e.tokenFor(c.asset);
  const call = transferCall({
    token: token?.contract ?? null,
    destination: c.destination,
    amount: c.amount,
  });
  const fees = await e.fees();
  const gas = await e.estimateGas({ from, ...call });
  const unsigned: UnsignedEvmTx = {
    chainId: fees.chainId,
    nonce: await e.nonce(from),
    to: call.to,
    value: call.value.toString(),
    data: call.data,
    gas: gas.toString(),
    maxFeePerGas: fees.maxFeePerGas.toString(),
    maxPriorityFeePerGas: fees.maxPriorityFeePerGas.toString(),
  };
  return ok({
    unsigned: JSON.stringify(unsigned),
    unsignedId: unsignedHex(unsigned),
    fee: gas * fees.maxFeePerGas,
    outputs: [{ address: c.destination, amount: c.amount.toString() }],
  });
}

/** A PSBT signed elsewhere: its signatures are checked and kept; the rest of it is not trusted. */
async function addSignatures(
  d: CustodyDeps,
  actor: Actor,
  id: string,
  psbt: string,
): Promise<Result<{ collected: number; threshold: number; complete: boolean }, CustodyError>> {
  return d.db.command(async (tx) => {
    const loaded = await loadCustody(d, tx, id, ['prepared', 'signed']);
    if (!loaded.ok) return loaded;
    const { c, w } = loaded.value;
    const net = d.adapters.utxo(c.asset)?.network;
    const prepared = event(c, 'prepared')?.payload;
    if (net === undefined || prepared === null || prepared === undefined)
      return err('custody_tx_state_invalid', 'signatures are collected for PSBTs only');
    const sigs = checkSignedPsbt(prepared, psbt, multisigOf(w), net);
    if (!sigs.ok) return sigs;
    const added = [];
    for (const s of sigs.value)
      if (await store.insertSignature(tx, c.id, s, actor.id, d.clock.now())) added.push(s);
    const all = await store.signatures(tx, c.id);
    const threshold = w.threshold ?? 1;
    const inputs = new Set(all.map((s) => s.input)).size;
    const perInput = Math.min(
      ...[...new Set(all.map((s) => s.input))].map((i) => all.filter((s) => s.input === i).length),
    );
    const complete = inputs > 0 && perInput >= threshold && inputs === psbtInputs(prepared);
    await appendAudit(tx, d.clock, {
      actor,
      action: 'chain.custody.signature_added',
      subjects: [c.id, ...added.map((s) => s.publicKeyHex)],
      payload: {
        custodyTxId: c.id,
        signatures: added.map((s) => ({
          input: s.input,
          publicKeyHex: s.publicKeyHex,
          signatureHex: s.signatureHex,
        })),
      },
    });
    return ok({ collected: new Set(all.map((s) => s.publicKeyHex)).size, threshold, complete });
  });
}

function psbtInputs(b64: string): number {
  const p = parsePsbt(b64);
  return p.ok ? p.value.inputsLength : 0;
}

/** An EVM transaction signed on an official's device: signer and every field must match. */
async function addSignedTransaction(
  d: CustodyDeps,
  actor: Actor,
  id: string,
  raw: string,
): Promise<Result<{ signer: string }, CustodyError>> {
  return d.db.command(async (tx) => {
    const loaded = await loadCustody(d, tx, id, ['prepared']);
    if (!loaded.ok) return loaded;
    const { c, w } = loaded.value;
    const prepared = event(c, 'prepared')?.payload ?? null;
    if (d.adapters.evm(c.asset) === null || prepared === null)
      return err('custody_tx_state_invalid', 'signed raw transactions are for EVM wallets');
    const signer = w.keys[0] ?? w.addresses[0] ?? '';
    const checked = await checkSignedEvmTx(JSON.parse(prepared) as UnsignedEvmTx, raw, signer);
    if (!checked.ok) return checked;
    await store.insertEvent(tx, c.id, {
      status: 'signed',
      txid: null,
      payload: raw,
      fee: null,
      blockHeight: null,
      ledgerTransferId: null,
      at: d.clock.now(),
    });
    await appendAudit(tx, d.clock, {
      actor,
      action: 'chain.custody.signed',
      subjects: [c.id],
      payload: { custodyTxId: c.id, signer: checked.value.signer, raw },
    });
    return ok(checked.value);
  });
}

/** Finalises (M signatures on every input), records the txid, then hands the transaction to the node. */
async function broadcast(
  d: CustodyDeps,
  actor: Actor,
  id: string,
): Promise<Result<{ txid: string }, CustodyError>> {
  const loaded = await loadCustody(d, null, id, ['prepared', 'signed']);
  if (!loaded.ok) return loaded;
  const { c, w } = loaded.value;
  const adapter = d.adapters.any(c.asset);
  if (adapter === null) return err('chain_not_configured', `no node is configured for ${c.asset}`);
  let raw: string;
  if (adapter.kind === 'utxo') {
    const prepared = event(c, 'prepared')?.payload ?? '';
    const fin = finalisePsbt(prepared, await store.signatures(d.db, c.id), w.threshold ?? 1);
    if (!fin.ok) return fin;
    raw = fin.value.rawHex;
  } else {
    const signed = event(c, 'signed')?.payload ?? null;
    if (signed === null)
      return err('signatures_insufficient', 'no signed transaction has been accepted yet');
    raw = signed;
  }
  const sent = await adapter.broadcast(raw);
  if (!sent.ok) return sent;
  return d.db.command(async (tx) => {
    const again = await loadCustody(d, tx, c.id, ['prepared', 'signed']);
    if (!again.ok) return again;
    await store.insertEvent(tx, c.id, {
      status: 'broadcast',
      txid: sent.value,
      payload: raw,
      fee: null,
      blockHeight: null,
      ledgerTransferId: null,
      at: d.clock.now(),
    });
    await appendAudit(tx, d.clock, {
      actor,
      action: 'chain.custody.broadcast',
      subjects: [c.id, sent.value],
      payload: { custodyTxId: c.id, txid: sent.value, raw },
    });
    return ok({ txid: sent.value });
  });
}

/** Once the node reports enough confirmations, the ledger follows the chain: amount and fee. */
async function confirm(
  d: CustodyDeps,
  actor: Actor,
  id: string,
): Promise<Result<{ txid: string; blockHeight: number; transferIds: string[] }, CustodyError>> {
  const loaded = await loadCustody(d, null, id, ['broadcast']);
  if (!loaded.ok) return loaded;
  const { c, w } = loaded.value;
  const sent = event(c, 'broadcast');
  const adapter = d.adapters.any(c.asset);
  if (adapter === null || sent?.txid == null)
    return err('chain_not_configured', `no node is configured for ${c.asset}`);
  const found = await adapter.transaction(c.asset, sent.txid);
  const required = d.confirmations?.[c.asset] ?? 1;
  if (found === null || found.confirmations < required || found.blockHeight === null)
    return err('confirmations_insufficient', 'the transaction is not confirmed enough yet', {
      confirmations: found?.confirmations ?? 0,
      required,
    });
  if (!found.succeeded)
    return err('transaction_failed', 'the transaction was mined but failed', { txid: sent.txid });
  const fee = adapter.kind === 'utxo' ? (event(c, 'prepared')?.fee ?? 0n) : (found.fee ?? 0n);
  return d.db.command(async (tx) => {
    const again = await loadCustody(d, tx, c.id, ['broadcast']);
    if (!again.ok) return again;
    const transfers = ledgerTransfers(d, c, w, sent.txid ?? '', fee);
    if (transfers.length > 0) {
      // The move and its fee were approved (and signed) before the broadcast: that approval
      // clears what the ledger records now that the chain has confirmed it.
      const posted = await d.ledger.transferInTx(tx, { id: actor.id }, transfers, {
        kind: CUSTODY_MOVE_KIND,
        approval: { id: c.requestId, kind: CUSTODY_MOVE_KIND },
      });
      if (!posted.ok) return posted;
    }
    const blockHeight = found.blockHeight ?? 0;
    await store.insertEvent(tx, c.id, {
      status: 'confirmed',
      txid: sent.txid,
      payload: null,
      fee,
      blockHeight,
      ledgerTransferId: transfers[0]?.id ?? null,
      at: d.clock.now(),
    });
    await appendAudit(tx, d.clock, {
      actor,
      action: 'chain.custody.confirmed',
      subjects: [c.id, sent.txid ?? ''],
      payload: {
        custodyTxId: c.id,
        txid: sent.txid,
        blockHeight,
        fee: fee.toString(),
        transferIds: transfers.map((t) => t.id),
      },
    });
    return ok({ txid: sent.txid ?? '', blockHeight, transferIds: transfers.map((t) => t.id) });
  });
}

function ledgerTransfers(
  d: CustodyDeps,
  c: store.CustodyTx,
  w: store.WalletRow,
  txid: string,
  fee: bigint,
): TransferInput[] {
  if (w.accountId === null || c.destinationAccountId === null) return [];
  const refs = { approvalId: c.requestId, externalTxId: txid };
  const out: TransferInput[] = [
    {
      kind: 'single',
      id: d.ids.next<'LedgerTransfer'>(),
      asset: c.asset,
      code: 'chain.custody_move',
      reason: `custody move ${c.id} confirmed on chain`,
      refs,
      debitAccountId: c.destinationAccountId as AccountId,
      creditAccountId: w.accountId as AccountId,
      amount: c.amount,
    },
  ];
  // The network fee leaves the same wallet, in the same asset, only on Bitcoin-like chains and ETH.
  if (
    fee > 0n &&
    w.feeAccountId !== null &&
    (d.adapters.utxo(c.asset) !== null || c.asset === 'ETH')
  ) {
    out.push({
      kind: 'single',
      id: d.ids.next<'LedgerTransfer'>(),
      asset: c.asset,
      code: 'chain.network_fee',
      reason: `network fee of custody move ${c.id}`,
      refs,
      debitAccountId: w.feeAccountId as AccountId,
      creditAccountId: w.accountId as AccountId,
      amount: fee,
    });
  }
  // A token move pays its gas in ETH from the same address: gasUsed × effectiveGasPrice, in wei.
  if (fee > 0n && c.asset !== 'ETH' && d.adapters.evm(c.asset) !== null && w.gasAccountId !== null)
    out.push({
      kind: 'single',
      id: d.ids.next<'LedgerTransfer'>(),
      asset: 'ETH',
      code: 'chain.network_fee',
      reason: `gas of custody move ${c.id}`,
      refs,
      debitAccountId: (w.gasFeeAccountId ?? '') as AccountId,
      creditAccountId: w.gasAccountId as AccountId,
      amount: fee,
    });
  return out;
}

export function createCustody(d: CustodyDeps) {
  return {
    prepare: (actor: Actor, id: string) => prepare(d, actor, id),
    addSignatures: (actor: Actor, id: string, psbt: string) => addSignatures(d, actor, id, psbt),
    addSignedTransaction: (actor: Actor, id: string, raw: string) =>
      addSignedTransaction(d, actor, id, raw),
    broadcast: (actor: Actor, id: string) => broadcast(d, actor, id),
    confirm: (actor: Actor, id: string) => confirm(d, actor, id),
    custodyTx: (id: string) => store.custodyTx(d.db, id),
    signatures: (id: string) => store.signatures(d.db, id),
  };
}
