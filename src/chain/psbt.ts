import { secp256k1 } from '@noble/curves/secp256k1.js';
import { base64 } from '@scure/base';
import { Address, OutScript, p2ms, p2wsh, SigHash, Transaction } from '@scure/btc-signer';
import { fromHex, toHex } from '../core/hash.ts';
import { err, ok, type Result } from '../core/result.ts';
import type { Utxo } from './bitcoin.ts';
import type { UtxoNetwork } from './networks.ts';

/**
 * Pure PSBT (BIP-174) work for an M-of-N P2WSH multisig wallet. Kazna builds the unsigned PSBT,
 * reads partial signatures out of PSBTs signed elsewhere, checks each one against the registered
 * keys and the exact sighash, and finalises once M distinct keys have signed every input. It never
 * sees a private key.
 */
export interface Multisig {
  readonly threshold: number;
  /** Compressed public keys, sorted (BIP-67), hex. */
  readonly keys: readonly string[];
  readonly address: string;
  readonly witnessScriptHex: string;
}

export interface PartialSignature {
  readonly input: number;
  readonly publicKeyHex: string;
  /** DER signature followed by the sighash byte, hex, as it sits in the PSBT. */
  readonly signatureHex: string;
}

export interface PlannedOutput {
  readonly address: string;
  readonly amount: bigint;
}

export type BuildError = 'insufficient_funds' | 'destination_invalid' | 'multisig_invalid';
export type SignatureError =
  | 'psbt_invalid'
  | 'transaction_differs_from_approval'
  | 'psbt_has_no_signatures'
  | 'signer_not_registered'
  | 'signature_invalid';

/** Virtual sizes (vbytes) of a P2WSH multisig spend, rounded up: witness bytes count a quarter. */
const TX_OVERHEAD_VB = 11n;
const OUTPUT_VB = 43n;
function inputVb(m: number, n: number): bigint {
  const witness = 1 + 1 + m * 74 + 2 + (3 + n * 34);
  return 41n + BigInt(Math.ceil(witness / 4));
}
const DUST = 546n;

export function multisig(
  network: UtxoNetwork,
  threshold: number,
  keysHex: readonly string[],
): Result<Multisig, 'multisig_invalid'> {
  const keys = [...new Set(keysHex.map((k) => k.toLowerCase()))].sort();
  if (
    keys.length !== keysHex.length ||
    threshold < 1 ||
    threshold > keys.length ||
    keys.length > 15
  )
    return err('multisig_invalid', 'M-of-N needs 1 <= M <= N <= 15 distinct keys', {
      threshold,
      keys: keysHex.length,
    });
  try {
    const p = p2wsh(
      p2ms(
        threshold,
        keys.map((k) => secp256k1.Point.fromHex(k).toBytes(true)),
      ),
      network,
    );
    return ok({
      threshold,
      keys,
      address: p.address,
      witnessScriptHex: toHex(p.witnessScript),
    });
  } catch (error) {
    return err('multisig_invalid', `a key is not a compressed secp256k1 point: ${String(error)}`);
  }
}

/** A standard script's address, or `script:<hex>` for one that has none. */
function addressOf(network: UtxoNetwork, script: Uint8Array): string {
  try {
    return Address(network).encode(OutScript.decode(script));
  } catch {
    return `script:${toHex(script)}`;
  }
}

export function outputsOf(tx: Transaction, network: UtxoNetwork): PlannedOutput[] {
  const out: PlannedOutput[] = [];
  for (let i = 0; i < tx.outputsLength; i++) {
    const o = tx.getOutput(i);
    out.push({ address: addressOf(network, o.script ?? new Uint8Array()), amount: o.amount ?? 0n });
  }
  return out;
}

export interface Built {
  readonly psbtBase64: string;
  readonly unsignedTxid: string;
  readonly fee: bigint;
  readonly inputs: readonly { txid: string; vout: number; amount: bigint }[];
  readonly outputs: readonly PlannedOutput[];
}

/** Largest coins first until amount + fee is covered; change returns to the wallet's own address. */
export function buildPsbt(input: {
  network: UtxoNetwork;
  wallet: Multisig;
  utxos: readonly Utxo[];
  destination: string;
  amount: bigint;
  feeRate: bigint;
}): Result<Built, BuildError> {
  const { network, wallet, amount, feeRate } = input;
  try {
    OutScript.encode(Address(network).decode(input.destination));
  } catch {
    return err('destination_invalid', `${input.destination} is not an address on this network`);
  }
  const coins = [...input.utxos].sort((a, b) =>
    a.amount > b.amount ? -1 : a.amount < b.amount ? 1 : a.txid < b.txid ? -1 : 1,
  );
  const chosen: Utxo[] = [];
  let total = 0n;
  let fee = 0n;
  for (const c of coins) {
    chosen.push(c);
    total += c.amount;
    fee =
      feeRate *
      (TX_OVERHEAD_VB +
        2n * OUTPUT_VB +
        BigInt(chosen.length) * inputVb(wallet.threshold, wallet.keys.length));
    if (total >= amount + fee) break;
  }
  if (total < amount + fee)
    return err(
      'insufficient_funds',
      'the wallet’s unspent outputs do not cover the amount and the fee',
      {
        available: total.toString(),
        needed: (amount + fee).toString(),
      },
    );
  const tx = new Transaction();
  const witnessScript = fromHex(wallet.witnessScriptHex);
  for (const c of chosen) {
    tx.addInput({
      txid: c.txid,
      index: c.vout,
      witnessUtxo: { script: fromHex(c.scriptHex), amount: c.amount },
      witnessScript,
    });
  }
  tx.addOutputAddress(input.destination, amount, network);
  let change = total - amount - fee;
  if (change < DUST) {
    fee += change; // dust change would cost more to spend than it is worth: it goes to the miner
    change = 0n;
  }
  if (change > 0n) tx.addOutputAddress(wallet.address, change, network);
  return ok({
    psbtBase64: base64.encode(tx.toPSBT()),
    unsignedTxid: tx.id,
    fee,
    inputs: chosen.map((c) => ({ txid: c.txid, vout: c.vout, amount: c.amount })),
    outputs: outputsOf(tx, network),
  });
}

export function parsePsbt(b64: string): Result<Transaction, 'psbt_invalid'> {
  try {
    return ok(Transaction.fromPSBT(base64.decode(b64.trim())));
  } catch (error) {
    return err('psbt_invalid', `not a PSBT: ${String(error)}`);
  }
}

/**
 * Reads the partial signatures out of a PSBT signed elsewhere. The transaction it signs must be
 * the prepared one, output for output; every signature must come from a key of the wallet and verify
 * against that input's BIP-143 sighash with SIGHASH_ALL.
 */
export function checkSignedPsbt(
  preparedB64: string,
  submittedB64: string,
  wallet: Multisig,
  network: UtxoNetwork,
): Result<PartialSignature[], SignatureError> {
  const prepared = parsePsbt(preparedB64);
  const submitted = parsePsbt(submittedB64);
  if (!prepared.ok) return prepared;
  if (!submitted.ok) return submitted;
  const p = prepared.value;
  const s = submitted.value;
  if (s.id !== p.id) {
    return err(
      'transaction_differs_from_approval',
      'the signed transaction is not the one prepared for the approval',
      {
        expectedTxid: p.id,
        foundTxid: s.id,
        expectedOutputs: outputsJson(outputsOf(p, network)),
        foundOutputs: outputsJson(outputsOf(s, network)),
      },
    );
  }
  const found: PartialSignature[] = [];
  const witnessScript = fromHex(wallet.witnessScriptHex);
  for (let i = 0; i < p.inputsLength; i++) {
    const amount = p.getInput(i).witnessUtxo?.amount ?? 0n;
    for (const [pub, sig] of s.getInput(i).partialSig ?? []) {
      const publicKeyHex = toHex(pub);
      if (!wallet.keys.includes(publicKeyHex))
        return err(
          'signer_not_registered',
          'a signature comes from a key that is not registered for this wallet',
          { input: i, publicKeyHex },
        );
      const sighash = sig[sig.length - 1];
      const hash = p.preimageWitnessV0(i, witnessScript, SigHash.ALL, amount);
      const valid =
        sighash === SigHash.ALL &&
        secp256k1.verify(sig.subarray(0, -1), hash, pub, {
          prehash: false,
          format: 'der',
          lowS: true,
        });
      if (!valid)
        return err('signature_invalid', 'a signature does not verify for this input', {
          input: i,
          publicKeyHex,
        });
      found.push({ input: i, publicKeyHex, signatureHex: toHex(sig) });
    }
  }
  if (found.length === 0)
    return err('psbt_has_no_signatures', 'the PSBT carries no partial signature');
  return ok(found);
}

export function outputsJson(
  outputs: readonly PlannedOutput[],
): { address: string; amount: string }[] {
  return outputs.map((o) => ({ address: o.address, amount: o.amount.toString() }));
}

/** Adds the collected signatures; finalises only when every input has M of them. */
export function finalisePsbt(
  preparedB64: string,
  signatures: readonly PartialSignature[],
  threshold: number,
): Result<{ rawHex: string; txid: string }, 'signatures_insufficient' | 'psbt_invalid'> {
  const prepared = parsePsbt(preparedB64);
  if (!prepared.ok) return prepared;
  const tx = prepared.value;
  const perInput: { input: number; signers: number }[] = [];
  for (let i = 0; i < tx.inputsLength; i++) {
    const mine = new Map<string, string>();
    for (const s of signatures) if (s.input === i) mine.set(s.publicKeyHex, s.signatureHex);
    perInput.push({ input: i, signers: mine.size });
    if (mine.size > 0) {
      tx.updateInput(
        i,
        {
          partialSig: [...mine].map(
            ([k, v]) => [fromHex(k), fromHex(v)] as [Uint8Array, Uint8Array],
          ),
        },
        true,
      );
    }
  }
  const short = perInput.filter((x) => x.signers < threshold);
  if (short.length > 0)
    return err('signatures_insufficient', `each input needs ${threshold} signatures`, {
      threshold,
      inputs: short,
    });
  tx.finalize();
  return ok({ rawHex: tx.hex, txid: tx.id });
}
