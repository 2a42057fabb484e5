import { resolve } from 'node:path';
import { z } from 'zod';

/**
 * Configuration comes from the environment only, validated once at start. Each variable is documented
 * in the README; an invalid value stops Kazna with a message naming it.
 */
const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  KAZNA_DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z.string().min(1).optional(),
  // A read replica for the public portal and report downloads, used while it is at most
  // KAZNA_READ_MAX_LAG_SECONDS behind the primary (see docs/operations.md).
  KAZNA_READ_DATABASE_URL: z.string().min(1).optional(),
  KAZNA_READ_MAX_LAG_SECONDS: z.coerce.number().min(0).default(5),
  KAZNA_PG_HOME: z.string().min(1).default('/var/lib/kazna'),
  KAZNA_LOG: z.enum(['json', 'off']).default('json'),
  KAZNA_DEMO: z.enum(['on', 'off']).default('on'),
  // A checkpoint within seconds of the last write: the entries after it are unsigned by anything but
  // the head, and a witness can only cosign what has a checkpoint.
  KAZNA_CHECKPOINT_INTERVAL_SECONDS: z.coerce.number().int().min(0).default(2),
  KAZNA_LOG_KEY_FILE: z.string().min(1).optional(),
  KAZNA_REPORTING_CURRENCY: z.enum(['USD', 'KZT', 'EUR']).default('USD'),
  KAZNA_RP_ID: z
    .string()
    .regex(/^[a-z0-9.-]+$/)
    .optional(),
  KAZNA_ORIGIN: z.url({ protocol: /^https?$/ }).optional(),
  KAZNA_EVIDENCE_DIR: z.string().min(1).optional(),
});

export interface Config {
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  readonly databaseUrl: string | null;
  /** The public reads' replica; null: they read the primary. */
  readonly readDatabaseUrl: string | null;
  readonly readMaxLagSeconds: number;
  /** Under root: where the embedded PostgreSQL lives when the data folder is out of its reach. */
  readonly pgHome: string;
  readonly log: boolean;
  readonly demo: boolean;
  readonly checkpointIntervalSeconds: number;
  readonly logKeyFile: string | null;
  readonly reportingCurrency: 'USD' | 'KZT' | 'EUR';
  /** WebAuthn: passkeys are bound to this relying-party id and accepted from this origin only. */
  readonly relyingParty: { readonly id: string; readonly origin: string };
  /** Where seizure evidence files are kept by their SHA-256; null: only their hashes are recorded. */
  readonly evidenceDir: string | null;
}

export type ConfigResult = { ok: true; config: Config } | { ok: false; message: string };

export function loadConfig(env: NodeJS.ProcessEnv): ConfigResult {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const message = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    return { ok: false, message: `invalid configuration: ${message}` };
  }
  const e = parsed.data;
  const relyingParty = relyingPartyOf(e.KAZNA_RP_ID, e.KAZNA_ORIGIN, e.PORT);
  if (typeof relyingParty === 'string') return { ok: false, message: relyingParty };
  return {
    ok: true,
    config: {
      port: e.PORT,
      host: e.HOST,
      dataDir: resolve(e.KAZNA_DATA_DIR),
      databaseUrl: e.DATABASE_URL ?? null,
      readDatabaseUrl: e.KAZNA_READ_DATABASE_URL ?? null,
      readMaxLagSeconds: e.KAZNA_READ_MAX_LAG_SECONDS,
      pgHome: resolve(e.KAZNA_PG_HOME),
      log: e.KAZNA_LOG === 'json',
      demo: e.KAZNA_DEMO === 'on',
      checkpointIntervalSeconds: e.KAZNA_CHECKPOINT_INTERVAL_SECONDS,
      logKeyFile: e.KAZNA_LOG_KEY_FILE ?? null,
      reportingCurrency: e.KAZNA_REPORTING_CURRENCY,
      relyingParty,
      evidenceDir: e.KAZNA_EVIDENCE_DIR === undefined ? null : resolve(e.KAZNA_EVIDENCE_DIR),
    },
  };
}

/**
 * The origin defaults to http://localhost on Kazna's port and the id to the origin's host. WebAuthn
 * requires the id to be the origin's host or a parent domain of it, so a mismatch stops Kazna here
 * rather than making every passkey ceremony fail later.
 */
function relyingPartyOf(
  rpId: string | undefined,
  origin: string | undefined,
  port: number,
): { id: string; origin: string } | string {
  const url = new URL(origin ?? `http://localhost:${port}`);
  const id = rpId ?? url.hostname;
  if (url.hostname !== id && !url.hostname.endsWith(`.${id}`)) {
    return `invalid configuration: KAZNA_RP_ID ${id} is not the host of KAZNA_ORIGIN or a parent of it`;
  }
  return { id, origin: url.origin };
}
