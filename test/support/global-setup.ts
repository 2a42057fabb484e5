import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { startEmbedded, type EmbeddedDb } from '../../src/db/embedded.ts';
import { migrate } from '../../src/db/migrate.ts';
import type { TestTarget } from './targets.ts';

/**
 * Starts one embedded PostgreSQL for the whole run and migrates a template database on it (and on the
 * server named by KAZNA_TEST_DATABASE_URL, when set). Test files clone the template, which takes
 * tens of milliseconds instead of a full migration each.
 */
let embedded: EmbeddedDb | null = null;
let dataDir: string | null = null;
const templates: { adminUrl: string; name: string }[] = [];

export async function setup(project: TestProject): Promise<void> {
  dataDir = await mkdtemp(join(tmpdir(), 'kazna-test-'));
  embedded = await startEmbedded({ dataDir, database: 'postgres' });
  const targets: TestTarget[] = [await prepare('embedded', embedded.url)];
  const server = process.env['KAZNA_TEST_DATABASE_URL'];
  if (server !== undefined && server !== '') targets.push(await prepare('server', server));
  project.provide('kaznaTestTargets', targets);
}

export async function teardown(): Promise<void> {
  for (const t of templates) {
    await dropDatabase(t.adminUrl, t.name).catch(() => undefined);
  }
  await embedded?.stop();
  if (dataDir !== null) await rm(dataDir, { recursive: true, force: true });
}

async function prepare(label: TestTarget['label'], adminUrl: string): Promise<TestTarget> {
  const name = `kazna_tpl_${process.pid}_${label}`;
  await dropDatabase(adminUrl, name);
  await withClient(adminUrl, (c) => c.query(`CREATE DATABASE ${name}`));
  const result = await migrate(withDatabase(adminUrl, name));
  if (!result.ok) throw new Error(`template migration failed: ${result.message}`);
  templates.push({ adminUrl, name });
  return { label, adminUrl, template: name };
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  await withClient(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
}

async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

declare module 'vitest' {
  export interface ProvidedContext {
    kaznaTestTargets: TestTarget[];
  }
}
