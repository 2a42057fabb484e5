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
  KAZNA_LOG: z.enum(['json', 'off']).default('json'),
  KAZNA_DEMO: z.enum(['on', 'off']).default('on'),
  KAZNA_CHECKPOINT_INTERVAL_SECONDS: z.coerce.number().int().min(0).default(300),
  KAZNA_LOG_KEY_FILE: z.string().min(1).optional(),
  KAZNA_REPORTING_CURRENCY: z.enum(['USD', 'KZT', 'EUR']).default('USD'),
});

export interface Config {
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  readonly databaseUrl: string | null;
  readonly log: boolean;
  readonly demo: boolean;
  readonly checkpointIntervalSeconds: number;
  readonly logKeyFile: string | null;
  readonly reportingCurrency: 'USD' | 'KZT' | 'EUR';
}

export type ConfigResult = { ok: true; config: Config } | { ok: false; message: string };

export function loadConfig(env: NodeJS.ProcessEnv): ConfigResult {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const message = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    return { ok: false, message: `invalid configuration: ${message}` };
  }
  const e = parsed.data;
  return {
    ok: true,
    config: {
      port: e.PORT,
      host: e.HOST,
      dataDir: resolve(e.KAZNA_DATA_DIR),
      databaseUrl: e.DATABASE_URL ?? null,
      log: e.KAZNA_LOG === 'json',
      demo: e.KAZNA_DEMO === 'on',
      checkpointIntervalSeconds: e.KAZNA_CHECKPOINT_INTERVAL_SECONDS,
      logKeyFile: e.KAZNA_LOG_KEY_FILE ?? null,
      reportingCurrency: e.KAZNA_REPORTING_CURRENCY,
    },
  };
}
