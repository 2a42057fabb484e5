import { HDKey } from '@scure/bip32';
import { Address, OutScript, p2wpkh } from '@scure/btc-signer';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { getAddress, isAddress } from 'viem';
import { publicKeyToAddress } from 'viem/accounts';
import { appendAudit } from '../audit/append.ts';
import { z } from 'zod';
import { ASSET_CODES, isAssetCode, type AssetCode } from '../core/assets.ts';
import type { Json } from '../core/canonical.ts';
import type { Actor } from '../core/identity.ts';
import { toHex } from '../core/hash.ts';
import { err, ok, type Result } from '../core/result.ts';
import type { Tx } from '../db/pool.ts';
import type { ChainTransaction } from './adapter.ts';
import type { BitcoinAdapter } from './bitcoin.ts';
import type { IntakeError, WalletError } from './codes.ts';
import type { EvmAdapter } from './evm.ts';
import { createCustody, custodyMoveExecutor, type CustodyDeps } from './custody.ts';
import type { ChainAdapters, ChainDeps } from './deps.ts';
import { multisig } from './psbt.ts';
import { reconcileChains, reconcileStatement, startReconcileTimer } from './reconcile.ts';
import { executor } from '../governance/approvals.ts';
import { CHAIN_STATUS } from './statuses.ts';
import * as store from './store.ts';

export type { ChainAdapters, ChainDeps, SenderScreen } from './deps.ts';

/**
 * The chain domain: watch-only wallets, verification of seizure transactions at intake, and
 * reconciliation of ledger balances with chains and custodian statements. Custody moves live in
 * custody.ts. Network calls happen before a command's transaction opens, never inside it.
 */
export function chainAdapters(): ChainAdapters {
  const utxo = new Map<AssetCode, BitcoinAdapter>();
  const evm = new Map<AssetCode, EvmAdapter>();
  return {
    utxo: (a) => utxo.get(a) ?? null,
    evm: (a) => evm.get(a) ?? null,
    any: (a) => utxo.get(a) ?? evm.get(a) ?? null,
    use: (adapter) => {
      for (const a of adapter.assets) {
        if (adapter.kind === 'utxo') utxo.set(a, adapter as BitcoinAdapter);
        else evm.set(a, adapter as EvmAdapter);
      }
    },
  };
}

export interface WalletInput {
  readonly asset: AssetCode;
  readonly label: string;
  readonly kind: 'multisig' | 'address' | 'xpub';
  readonly accountId?: string | null;
  readonly feeAccountId?: string | null;
  /** Token wallets: the ETH account paying gas from the same address, and the gas expense account. */
  readonly gasAccountId?: string | null;
  readonly gasFeeAccountId?: string | null;
  /** multisig: M; keys: its N public keys. address (EVM): the signer address in keys. */
  readonly threshold?: number;
  readonly keys?: readonly string[];
  readonly addresses?: readonly string[];
  readonly xpub?: string;
  /** How many addresses to derive from the xpub (m/0/i). */
  readonly derive?: number;
  readonly birthHeight?: number;
}

function checkAddress(d: ChainDeps, asset: AssetCode, address: string): string | null {
  const u = d.adapters.utxo(asset);
  if (u !== null) {
    try {
      OutScript.encode(Address(u.network).decode(address));
      return address;
    } catch {
      return null;
    }
  }
  return isAddress(address, { strict: false }) ? getAddress(address) : null;
}

function walletShape(
  d: ChainDeps,
  w: WalletInput,
): Result<
  {
    addresses: string[];
    paths: (string | null)[];
    threshold: number | null;
    keys: string[];
    witnessScript: string | null;
  },
  WalletError
> {
  const u = d.adapters.utxo(w.asset);
  if (u === null && d.adapters.evm(w.asset) === null)
    return err('chain_not_configured', `no node is configured for ${w.asset}`);
  if (w.kind === 'multisig') {
    if (u === null) return err('multisig_invalid', 'multisig wallets are for Bitcoin-like chains');
    const m = multisig(u.network, w.threshold ?? 0, w.keys ?? []);
    if (!m.ok) return m;
    return ok({
      addresses: [m.value.address],
      paths: [null],
      threshold: m.value.threshold,
      keys: [...m.value.keys],
      witnessScript: m.value.witnessScriptHex,
    });
  }
  if (w.kind === 'xpub') {
    let root: HDKey;
    try {
      root = HDKey.fromExtendedKey(w.xpub ?? '');
    } catch {
      return err('xpub_invalid', 'not an extended public key');
    }
    const addresses: string[] = [];
    const paths: string[] = [];
    for (let i = 0; i < Math.min(w.derive ?? 20, 1000); i++) {
      const pub = root.deriveChild(0).deriveChild(i).publicKey;
      if (pub === null) return err('xpub_invalid', 'cannot derive a public key');
      addresses.push(
        u === null
          ? publicKeyToAddress(`0x${toHex(secp256k1.Point.fromBytes(pub).toBytes(false))}`)
          : p2wpkh(pub, u.network).address,
      );
      paths.push(`0/${i}`);
    }
    return ok({ addresses, paths, threshold: null, keys: [], witnessScript: null });
  }
  const addresses: string[] = [];
  for (const a of w.addresses ?? []) {
    const c = checkAddress(d, w.asset, a);
    if (c === null)
      return err('address_invalid', `${a} is not a ${w.asset} address here`, { address: a });
    addresses.push(c);
  }
  const keys = (w.keys ?? []).map((k) => (isAddress(k, { strict: false }) ? getAddress(k) : k));
  if (addresses.length === 0) return err('address_invalid', 'register at least one address');
  return ok({
    addresses,
    paths: addresses.map(() => null),
    threshold: keys.length > 0 ? 1 : null,
    keys,
    witnessScript: null,
  });
}

/**
 * Gas accounts: both or neither, only for a token on an EVM chain, and both ETH ledger accounts
 * (looked up in the registering transaction, `tx`).
 */
async function checkGasAccounts(
  d: ChainDeps,
  tx: Tx,
  w: WalletInput,
): Promise<Result<null, WalletError>> {
  const ids = [w.gasAccountId, w.gasFeeAccountId].filter((a) => a != null);
  if (ids.length === 0) return ok(null);
  if (ids.length === 1)
    return err('gas_accounts_invalid', 'name both the gas account and the gas expense account');
  if (w.asset === 'ETH' || d.adapters.evm(w.asset) === null)
    return err('gas_accounts_invalid', 'gas accounts are for token wallets on an EVM chain');
  for (const id of ids) {
    if ((await d.ledger.readIn(tx).account(id))?.asset !== 'ETH')
      return err('gas_accounts_invalid', `${id} is not an ETH ledger account`, { accountId: id });
  }
  return ok(null);
}

async function registerWallet(
  d: ChainDeps,
  actor: Actor,
  w: WalletInput,
): Promise<Result<store.WalletRow, WalletError>> {
  return d.db.command((tx) => registerWalletInTx(d, tx, actor, w));
}

/** Inside the caller's transaction (the governance executor's); the caller's err rolls it back. */
export async function registerWalletInTx(
  d: ChainDeps,
  tx: Tx,
  actor: Actor,
  w: WalletInput,
): Promise<Result<store.WalletRow, WalletError>> {
  const shape = walletShape(d, w);
  if (!shape.ok) return shape;
  const gas = await checkGasAccounts(d, tx, w);
  if (!gas.ok) return gas;
  for (const a of shape.value.addresses) {
    if ((await store.walletOfAddress(tx, a)) !== null)
      return err('address_already_watched', `${a} belongs to a registered wallet`, { address: a });
  }
  const row: store.WalletRow = {
    id: d.ids.next<'wallet'>(),
    asset: w.asset,
    kind: w.kind,
    label: w.label,
    accountId: w.accountId ?? null,
    feeAccountId: w.feeAccountId ?? null,
    gasAccountId: w.gasAccountId ?? null,
    gasFeeAccountId: w.gasFeeAccountId ?? null,
    threshold: shape.value.threshold,
    keys: shape.value.keys,
    witnessScript: shape.value.witnessScript,
    xpub: w.xpub ?? null,
    birthHeight: w.birthHeight ?? 0,
    addresses: shape.value.addresses,
  };
  const audit = await appendAudit(tx, d.clock, {
    actor,
    action: 'chain.wallet.registered',
    subjects: [row.id, ...(row.accountId === null ? [] : [row.accountId])],
    payload: { ...row, addresses: [...row.addresses], keys: [...row.keys] },
  });
  await store.insertWallet(tx, {
    ...row,
    createdAt: d.clock.now(),
    createdBy: actor.id,
    auditSeq: audit.seq,
    paths: shape.value.paths,
  });
  return ok(row);
}

/**
 * Which keys count as custody keys is itself governed: in production a wallet is registered by an
 * approved `chain.wallet.register` request (the service call above is for set-up and tests).
 */
export const WALLET_REGISTER_KIND = 'chain.wallet.register';

const walletSchema = z.strictObject({
  asset: z.enum(ASSET_CODES),
  kind: z.enum(['multisig', 'address', 'xpub']),
  label: z.string().min(1).max(200),
  accountId: z.uuid().optional(),
  feeAccountId: z.uuid().optional(),
  gasAccountId: z.uuid().optional(),
  gasFeeAccountId: z.uuid().optional(),
  threshold: z.int().min(1).max(15).optional(),
  keys: z.array(z.string().min(1).max(200)).max(15).optional(),
  addresses: z.array(z.string().min(1).max(200)).max(1000).optional(),
  xpub: z.string().min(1).max(200).optional(),
  derive: z.int().min(1).max(1000).optional(),
  birthHeight: z.int().min(0).optional(),
});

function walletContent(content: Json): Result<WalletInput, 'content_invalid'> {
  const c = walletSchema.safeParse(content);
  if (!c.success)
    return err('content_invalid', 'the wallet registration does not match its kind', {
      issues: c.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`),
    });
  return ok(c.data as WalletInput);
}

/** The wallet-registration kind, for main.ts to register with governance. */
export function walletRegisterExecutor(d: ChainDeps) {
  return executor({
    kind: WALLET_REGISTER_KIND,
    execute: async (tx, content, ctx) => {
      const w = walletContent(content);
      if (!w.ok) return w;
      const r = await registerWalletInTx(d, tx, ctx.actor, w.value);
      return r.ok ? ok({ walletId: r.value.id, addresses: [...r.value.addresses] }) : r;
    },
    options: {
      validate: (_tx, content) => {
        const w = walletContent(content);
        if (!w.ok) return Promise.resolve(w);
        const shape = walletShape(d, w.value);
        return Promise.resolve(shape.ok ? ok(null) : shape);
      },
      refusals: CHAIN_STATUS,
    },
  });
}

export interface IntakeInput {
  /** The lot or seizure this payment is evidence for. */
  readonly subjectId: string;
  readonly asset: AssetCode;
  readonly txid: string;
  /** The state's seizure address the coins were paid to. */
  readonly address: string;
  readonly amount: bigint;
  readonly confirmations?: number;
}

export type IntakeOutcome =
  | 'verified'
  | 'transaction_not_found'
  | 'transaction_failed'
  | 'confirmations_insufficient'
  | 'amount_differs'
  | 'address_not_paid';

/**
 * Looks the transaction up and records what the chain says, whatever it says: a failed check is
 * evidence too. Senders the chain names (EVM) are screened against the current sanctions list in the
 * same transaction, so a lot seized from a listed address raises a compliance alert.
 */
/** What the chain says about a seizure payment, decided without I/O. */
export function intakeOutcome(
  found: ChainTransaction | null,
  target: string,
  amount: bigint,
  required: number,
): { outcome: IntakeOutcome; paid: bigint; senders: string[] } {
  const paying = (found?.outputs ?? []).filter((o) => o.address === target);
  const paid = paying.reduce((s, o) => s + o.amount, 0n);
  const senders = [...new Set(paying.flatMap((o) => (o.from === undefined ? [] : [o.from])))];
  let outcome: IntakeOutcome = 'verified';
  if (found === null) outcome = 'transaction_not_found';
  else if (!found.succeeded) outcome = 'transaction_failed';
  else if (paying.length === 0) outcome = 'address_not_paid';
  else if (paid !== amount) outcome = 'amount_differs';
  else if (found.confirmations < required) outcome = 'confirmations_insufficient';
  return { outcome, paid, senders };
}

async function verifyIntake(
  d: ChainDeps,
  actor: Actor,
  input: IntakeInput,
): Promise<Result<store.Verification & { verified: boolean; screening: Json }, IntakeError>> {
  const adapter = d.adapters.any(input.asset);
  if (adapter === null)
    return err('chain_not_configured', `no node is configured for ${input.asset}`);
  const required = input.confirmations ?? d.confirmations?.[input.asset] ?? 1;
  const found = await adapter.transaction(input.asset, input.txid);
  const target = checkAddress(d, input.asset, input.address) ?? input.address;
  const { outcome, paid, senders } = intakeOutcome(found, target, input.amount, required);
  return d.db.command(async (tx) => {
    let screening: Json = null;
    if (senders.length > 0 && d.screen !== null) {
      const s = await d.screen(tx, {
        actor,
        asset: input.asset,
        addresses: senders,
        subjectIds: [input.subjectId],
      });
      if (!s.ok) return err('screening_failed', s.message, { code: s.code });
      screening = {
        listVersion: s.value.listVersion.toString(),
        matches: s.value.matches.length,
        senders,
      };
    }
    const v: store.Verification = {
      id: d.ids.next<'verification'>(),
      subjectId: input.subjectId,
      asset: input.asset,
      txid: input.txid,
      address: target,
      expectedAmount: input.amount,
      paidAmount: paid,
      confirmations: found?.confirmations ?? 0,
      requiredConfirmations: required,
      blockHeight: found?.blockHeight ?? null,
      outcome,
      evidence: {
        outputs: (found?.outputs ?? []).map((o) => ({
          index: o.index,
          address: o.address,
          amount: o.amount.toString(),
          ...(o.from === undefined ? {} : { from: o.from }),
        })),
        screening,
      },
      checkedAt: d.clock.now(),
    };
    const audit = await appendAudit(tx, d.clock, {
      actor,
      action: 'chain.intake.verified',
      subjects: [input.subjectId, v.id],
      payload: {
        ...v,
        expectedAmount: v.expectedAmount.toString(),
        paidAmount: v.paidAmount.toString(),
        checkedAt: v.checkedAt.toISOString(),
      },
    });
    await store.insertVerification(tx, { ...v, checkedBy: actor.id, auditSeq: audit.seq });
    return ok({ ...v, verified: outcome === 'verified', screening });
  });
}

export interface ChainServiceDeps extends Omit<CustodyDeps, 'whitelisted'> {
  /** The governance whitelist: (asset, address) -> entry with its usable-from time. */
  readonly whitelist: () => Promise<
    readonly { asset: string; address: string; usableFrom: Date }[]
  >;
}

/** The whole chain service, with its executors for main.ts to register with governance. */
export function createChain(deps: ChainServiceDeps) {
  const d: CustodyDeps = {
    ...deps,
    whitelisted: async (asset, address, at) =>
      (await deps.whitelist()).some(
        (w) => w.asset === asset && w.address === address && w.usableFrom.getTime() <= at.getTime(),
      ),
  };
  return {
    /** Chain's approval kinds (custody move, wallet registration), for main.ts to register. */
    executors: [custodyMoveExecutor(d), walletRegisterExecutor(d)] as const,
    ...createChainCore(d),
    ...createCustody(d),
    reconcile: (actor: Actor, heights: Partial<Record<AssetCode, number>> = {}) =>
      reconcileChains(d, actor, 'manual', heights),
    reconcileStatement: (actor: Actor, name: string, csv: string) =>
      reconcileStatement(d, actor, name, csv),
    startReconcileTimer: (actor: Actor, intervalMs: number, onError: (e: unknown) => void) =>
      startReconcileTimer(d, actor, intervalMs, onError),
    custodyTxIds: () => store.custodyTxIds(d.db),
    alerts: () => store.alerts(d.db),
    runs: (limit = 50) => store.runs(d.db, limit),
  };
}

export type ChainService = ReturnType<typeof createChain>;

export function createChainCore(d: ChainDeps) {
  return {
    adapters: d.adapters,
    registerWallet: (actor: Actor, w: WalletInput) => registerWallet(d, actor, w),
    /** For the seizure domain: checks a seizure txid against the chain and records the result. */
    verifyIntake: (actor: Actor, input: IntakeInput) => verifyIntake(d, actor, input),
    wallets: () => store.wallets(d.db),
    wallet: (id: string) => store.wallet(d.db, id),
    verifications: (subjectId: string | null = null) => store.verifications(d.db, subjectId),
  };
}

export function assetOf(text: string): AssetCode | null {
  return isAssetCode(text) ? text : null;
}
