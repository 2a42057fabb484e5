import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign,
  type KeyObject,
} from 'node:crypto';
import { chmod, mkdir, open, readFile, rename, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { keyIdOf } from '../../verifier/src/signature.ts';

/**
 * The log's Ed25519 signing key. It lives in the data folder (0600, written atomically) or in a file
 * the operator names (KAZNA_LOG_KEY_FILE). The private key never enters the database: someone who can
 * rewrite the database still cannot sign a checkpoint. Keys come from the OS CSPRNG, never from the
 * injected RandomSource: that one may be seeded, and a seeded secret is no secret.
 */
export interface LogKey {
  readonly keyId: string;
  readonly publicKeyHex: string;
  /** Where the key came from: generated into the data folder, or the operator's file. */
  readonly source: 'data_dir' | 'key_file';
  sign(message: Uint8Array): Uint8Array;
}

export const DATA_DIR_KEY_FILE = 'audit-log-key.pem';
// RFC 8410 PKCS#8 wrapping of a raw 32-byte Ed25519 seed.
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

export function keyFromPrivate(privateKey: KeyObject, source: LogKey['source']): LogKey {
  const spki = createPublicKey(privateKey).export({ format: 'der', type: 'spki' });
  const publicKeyHex = spki.subarray(spki.length - 32).toString('hex');
  return {
    keyId: keyIdOf(publicKeyHex),
    publicKeyHex,
    source,
    sign: (message) => new Uint8Array(sign(null, message, privateKey)),
  };
}

export function privateKeyFromSeed(seed: Uint8Array): KeyObject {
  return createPrivateKey({
    key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]),
    format: 'der',
    type: 'pkcs8',
  });
}

export interface GeneratedKey {
  readonly key: LogKey;
  readonly pem: string;
}

export function generateKey(): GeneratedKey {
  const { privateKey } = generateKeyPairSync('ed25519');
  const pem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
  return { key: keyFromPrivate(privateKey, 'data_dir'), pem };
}

/** Loads the operator's key file, or the data folder's key, creating the latter on first start. */
export async function loadLogKey(dataDir: string, keyFile: string | null): Promise<LogKey> {
  if (keyFile !== null) {
    return keyFromPrivate(createPrivateKey(await readFile(keyFile, 'utf8')), 'key_file');
  }
  const path = join(dataDir, DATA_DIR_KEY_FILE);
  const existing = await stat(path).catch(() => null);
  if (existing !== null) {
    // A key readable by others is tightened rather than trusted as-is.
    if ((existing.mode & 0o077) !== 0) await chmod(path, 0o600);
    return keyFromPrivate(createPrivateKey(await readFile(path, 'utf8')), 'data_dir');
  }
  const generated = generateKey();
  await writeKeyFile(path, generated.pem);
  return generated.key;
}

/** Writes a key with 0600 from the first byte, then renames it into place (never a torn file). */
export async function writeKeyFile(path: string, pem: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.tmp`;
  const handle = await open(tmp, 'w', 0o600);
  try {
    await handle.writeFile(pem, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  await chmod(tmp, 0o600);
  await rename(tmp, path);
}
