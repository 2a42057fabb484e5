import { appendAudit } from '../audit/append.ts';
import type { Clock } from '../core/clock.ts';
import type { Actor } from '../core/identity.ts';
import type { Id, IdSource } from '../core/ids.ts';
import { err, ok, type Result } from '../core/result.ts';
import { pgErrorCode, type Db, type Queryable, type Tx } from '../db/pool.ts';
import { readRow } from '../db/row.ts';
import { validateAddress, type AddressReason } from '../core/addresses.ts';
import { screeningKey } from './model.ts';

/**
 * The exchange registry: licensed and illegal exchanges, and labels on addresses with their
 * provenance and confidence. Labels are evidence and only ever added; `rankLabels` decides which one
 * speaks for an address: provenance first (an official attribution outranks a court record, which
 * outranks a forensic inference, then open sources), confidence second, the newest third.
 */
export type ExchangeId = Id<'exchange'>;
export const EXCHANGE_STATUSES = ['licensed', 'illegal', 'shut_down', 'unknown'] as const;
export type ExchangeStatus = (typeof EXCHANGE_STATUSES)[number];
export type Provenance =
  'official_attribution' | 'court_record' | 'forensic_inference' | 'open_source';
export type Confidence = 'high' | 'medium' | 'low';

export const PROVENANCE_RANK: Readonly<Record<Provenance, number>> = {
  official_attribution: 4,
  court_record: 3,
  forensic_inference: 2,
  open_source: 1,
};
const CONFIDENCE_RANK: Readonly<Record<Confidence, number>> = { high: 3, medium: 2, low: 1 };

export interface ExchangeInput {
  readonly name: string;
  readonly status: ExchangeStatus;
  readonly domains: readonly string[];
  readonly jurisdictions: readonly string[];
  readonly shutdownOn: string | null;
  readonly estimatedVolumeUsdCents: bigint | null;
  readonly source: string;
}

export interface Exchange extends ExchangeInput {
  readonly id: ExchangeId;
  readonly registeredAt: string;
}

export interface LabelInput {
  readonly chain: string;
  readonly address: string;
  readonly exchangeId: ExchangeId | null;
  readonly label: string;
  readonly provenance: Provenance;
  readonly confidence: Confidence;
  readonly source: string;
}

export interface AddressLabel extends LabelInput {
  readonly id: Id<'address_label'>;
  readonly recordedAt: string;
}

/** Best first. Pure, so a report or the web app ranks exactly as the API does. */
export function rankLabels(labels: readonly AddressLabel[]): AddressLabel[] {
  return [...labels].sort(
    (a, b) =>
      PROVENANCE_RANK[b.provenance] - PROVENANCE_RANK[a.provenance] ||
      CONFIDENCE_RANK[b.confidence] - CONFIDENCE_RANK[a.confidence] ||
      (b.recordedAt < a.recordedAt ? -1 : b.recordedAt > a.recordedAt ? 1 : 0),
  );
}

export type RegisterError = 'exchange_name_taken';
export type LabelError = AddressReason | 'exchange_not_found';

export interface RegistryDeps {
  readonly db: Db;
  readonly clock: Clock;
  readonly ids: IdSource;
}

export function createRegistry(deps: RegistryDeps) {
  return {
    registerExchange: (actor: Actor, input: ExchangeInput) => registerExchange(deps, actor, input),
    registerExchanges: (actor: Actor, inputs: readonly ExchangeInput[]) =>
      registerExchanges(deps, actor, inputs),
    labelAddress: (actor: Actor, input: LabelInput) => labelAddress(deps, actor, input),
    exchanges: () => listExchanges(deps.db),
    /** Every label on an address (any spelling of it), best first. */
    labels: async (address: string) => rankLabels(await labelsOf(deps.db, screeningKey(address))),
  };
}

export type Registry = ReturnType<typeof createRegistry>;

/** Errors: exchange_name_taken. */
async function registerExchange(
  deps: RegistryDeps,
  actor: Actor,
  input: ExchangeInput,
): Promise<Result<Exchange, RegisterError>> {
  const r = await registerExchanges(deps, actor, [input]);
  return r.ok ? ok(r.value[0] ?? assertNever()) : r;
}

function assertNever(): never {
  throw new Error('a registration of one exchange returns one exchange');
}

/**
 * Several exchanges in one transaction, each with its own audit entry: all or none (a registry
 * loaded from an operation's case files). Errors: exchange_name_taken.
 */
async function registerExchanges(
  { db, clock, ids }: RegistryDeps,
  actor: Actor,
  inputs: readonly ExchangeInput[],
): Promise<Result<Exchange[], RegisterError>> {
  try {
    return await db.command(async (tx) => {
      const out: Exchange[] = [];
      for (const input of inputs)
        out.push(await insertExchange(tx, clock, ids.next(), actor, input));
      return ok(out);
    });
  } catch (e) {
    if (pgErrorCode(e) === '23505') {
      const names = inputs.map((i) => i.name);
      const what = names.length === 1 ? `an exchange named "${names.join('')}"` : 'one of them';
      return err('exchange_name_taken', `${what} is registered`, { names });
    }
    throw e;
  }
}

async function insertExchange(
  tx: Tx,
  clock: Clock,
  id: ExchangeId,
  actor: Actor,
  input: ExchangeInput,
): Promise<Exchange> {
  const registeredAt = clock.now().toISOString();
  const audit = await appendAudit(tx, clock, {
    actor,
    action: 'compliance.exchange.registered',
    subjects: [id],
    payload: {
      id,
      ...input,
      domains: [...input.domains],
      jurisdictions: [...input.jurisdictions],
      estimatedVolumeUsdCents: input.estimatedVolumeUsdCents?.toString() ?? null,
    },
  });
  await tx.query(
    `INSERT INTO compliance_exchanges (id, name, status, domains, jurisdictions, shutdown_on,
       estimated_volume_usd_cents, source, registered_at, registered_by, audit_seq)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [
      id,
      input.name,
      input.status,
      input.domains,
      input.jurisdictions,
      input.shutdownOn,
      input.estimatedVolumeUsdCents,
      input.source,
      registeredAt,
      actor.id,
      audit.seq,
    ],
  );
  return { ...input, id, registeredAt };
}

async function labelAddress(
  { db, clock, ids }: RegistryDeps,
  actor: Actor,
  input: LabelInput,
): Promise<Result<AddressLabel, LabelError>> {
  const valid = validateAddress(input.chain, input.address);
  if (!valid.ok) return valid;
  const address = valid.value.normalized;
  return db.command(async (tx) => {
    if (input.exchangeId !== null) {
      const found = await tx.query('SELECT 1 FROM compliance_exchanges WHERE id = $1', [
        input.exchangeId,
      ]);
      if (found.length === 0) return err('exchange_not_found', `no exchange ${input.exchangeId}`);
    }
    const label: AddressLabel = {
      ...input,
      chain: valid.value.chain,
      address,
      id: ids.next<'address_label'>(),
      recordedAt: clock.now().toISOString(),
    };
    const audit = await appendAudit(tx, clock, {
      actor,
      action: 'compliance.address.labelled',
      subjects: [label.id, ...(input.exchangeId === null ? [] : [input.exchangeId])],
      payload: { ...label },
    });
    await tx.query(
      `INSERT INTO compliance_address_labels (id, chain, address, address_key, exchange_id, label,
         provenance, confidence, source, recorded_at, recorded_by, audit_seq)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
      [
        label.id,
        label.chain,
        address,
        screeningKey(address),
        input.exchangeId,
        input.label,
        input.provenance,
        input.confidence,
        input.source,
        label.recordedAt,
        actor.id,
        audit.seq,
      ],
    );
    return ok(label);
  });
}

async function listExchanges(q: Queryable): Promise<Exchange[]> {
  const rows = await q.query<Record<string, unknown>>(
    `SELECT id, name, status, domains, jurisdictions, to_char(shutdown_on, 'YYYY-MM-DD') AS shutdown_on,
            estimated_volume_usd_cents, source, registered_at
       FROM compliance_exchanges ORDER BY lower(name)`,
  );
  // numeric(78,0) comes back as text: decoded here, so the view formats a bigint, not a string.
  return rows.map((row) => {
    const r = readRow(row, 'compliance_exchanges');
    return {
      id: r.str('id') as ExchangeId,
      name: r.str('name'),
      status: r.oneOf('status', EXCHANGE_STATUSES),
      domains: r.strings('domains'),
      jurisdictions: r.strings('jurisdictions'),
      shutdownOn: r.strOrNull('shutdown_on'),
      estimatedVolumeUsdCents: r.bigintOrNull('estimated_volume_usd_cents'),
      source: r.str('source'),
      registeredAt: r.date('registered_at').toISOString(),
    };
  });
}

async function labelsOf(q: Queryable, key: string): Promise<AddressLabel[]> {
  const rows = await q.query<{
    id: string;
    chain: string;
    address: string;
    exchange_id: string | null;
    label: string;
    provenance: Provenance;
    confidence: Confidence;
    source: string;
    recorded_at: Date;
  }>(
    `SELECT id, chain, address, exchange_id, label, provenance, confidence, source, recorded_at
       FROM compliance_address_labels WHERE address_key = $1`,
    [key],
  );
  return rows.map((r) => ({
    id: r.id as Id<'address_label'>,
    chain: r.chain,
    address: r.address,
    exchangeId: r.exchange_id as ExchangeId | null,
    label: r.label,
    provenance: r.provenance,
    confidence: r.confidence,
    source: r.source,
    recordedAt: r.recorded_at.toISOString(),
  }));
}
