import { z } from 'zod';
import { executor } from '../governance/approvals.ts';
import { ASSET_CODES } from '../core/assets.ts';
import type { Json } from '../core/canonical.ts';
import type { Actor } from '../core/identity.ts';
import { err, ok, type Result } from '../core/result.ts';
import type { Tx } from '../db/pool.ts';
import type { ManagerError } from './codes.ts';
import { appliedBy, audit, governed, type Applied, type ReserveDeps } from './deps.ts';
import {
  DD_SECTIONS,
  ddScore,
  decideStatus,
  MANAGER_STATUSES,
  readyForApproval,
  type DdSection,
  type ManagerStatus,
} from './model.ts';
import { RESERVE_STATUS } from './statuses.ts';
import * as store from './store.ts';
import { encodeFundTerms, fundTermsSchema, mandateSchema, type FundTerms } from './terms.ts';

/**
 * External managers: registration with mandate and terms, due diligence by section (documents by
 * SHA-256 only), and the life cycle. Approval is an approval request (`reserve.manager.approve`)
 * that the policy sends to the committee; every other move is a direct command.
 */
export const MANAGER_APPROVE_KIND = 'reserve.manager.approve';

export const newManagerSchema = z.strictObject({
  name: z.string().min(1).max(200),
  mandate: mandateSchema,
  terms: fundTermsSchema,
  /** Receiving addresses for in-kind subscriptions, by asset. */
  addresses: z.partialRecord(z.enum(ASSET_CODES), z.string().min(8).max(200)).default({}),
});
export type NewManagerInput = z.input<typeof newManagerSchema>;
/** A manager as the edge parsed it (`newManagerSchema.parse`). */
export type NewManager = z.infer<typeof newManagerSchema>;

export const ddSectionSchema = z.strictObject({
  section: z.enum(DD_SECTIONS),
  score: z.int().min(0).max(5),
  notes: z.string().max(4000).default(''),
  documents: z
    .array(z.strictObject({ name: z.string().min(1).max(200), sha256: z.hash('sha256') }))
    .max(50)
    .default([]),
});
export type DdSectionInput = z.input<typeof ddSectionSchema>;

export function parsed<T>(schema: z.ZodType<T>, content: unknown): Result<T, 'content_invalid'> {
  const p = schema.safeParse(content);
  if (p.success) return ok(p.data);
  return err('content_invalid', 'the request does not match its schema', {
    issues: p.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
  });
}

export function managerTerms(m: store.ManagerRow): FundTerms {
  return fundTermsSchema.parse(m.terms);
}

async function create(
  d: ReserveDeps,
  tx: Tx,
  actor: Actor,
  input: NewManager,
): Promise<Result<store.ManagerRow, ManagerError>> {
  const m = input;
  if ((await store.managerByName(tx, m.name)) !== null)
    return err('manager_name_taken', `a manager named ${m.name} exists`);
  const id = d.ids.next<'ReserveManager'>();
  const row: store.ManagerRow = {
    id,
    name: m.name,
    kind: m.terms.kind,
    status: 'candidate',
    mandate: m.mandate,
    terms: encodeFundTerms(m.terms) as unknown as Json,
    addresses: m.addresses,
    ddScore: null,
    createdAt: d.clock.now(),
  };
  const a = { actorId: actor.id, requestId: null, at: row.createdAt };
  const seq = await audit(d, tx, a, 'reserve.manager.registered', [id], {
    id,
    name: row.name,
    kind: row.kind,
    mandate: row.mandate,
    terms: row.terms,
    addresses: row.addresses,
  });
  await store.insertManager(tx, { ...row, auditSeq: seq });
  return ok(row);
}

async function scoreSection(
  d: ReserveDeps,
  tx: Tx,
  actor: Actor,
  managerId: string,
  input: DdSectionInput,
): Promise<Result<{ score: number | null }, ManagerError>> {
  const p = parsed(ddSectionSchema, input);
  if (!p.ok) return p;
  const m = await store.manager(tx, managerId, true);
  if (m === null) return err('manager_not_found', `no manager ${managerId}`);
  const events = await store.managerEvents(tx, managerId);
  const latest = new Map<DdSection, number>();
  for (const e of events)
    if (e.section !== null && e.score !== null) latest.set(e.section, e.score);
  latest.set(p.value.section, p.value.score);
  const score = ddScore([...latest].map(([section, s]) => ({ section, score: s })));
  const id = d.ids.next<'ReserveManagerEvent'>();
  const at = d.clock.now();
  const seq = await audit(
    d,
    tx,
    { actorId: actor.id, requestId: null, at },
    'reserve.manager.dd_scored',
    [managerId, id],
    {
      id,
      managerId,
      ...p.value,
      overallScore: score,
    },
  );
  await store.insertManagerEvent(tx, {
    id,
    managerId,
    kind: 'dd_section',
    fromStatus: null,
    toStatus: null,
    section: p.value.section,
    score: p.value.score,
    notes: p.value.notes,
    documents: p.value.documents,
    requestId: null,
    actor: actor.id,
    at,
    auditSeq: seq,
  });
  await store.setManagerState(tx, managerId, { ddScore: score });
  return ok({ score });
}

/** Moves a manager's status inside the caller's transaction (also used by the first subscription). */
export async function moveStatus(
  d: ReserveDeps,
  tx: Tx,
  a: Applied,
  managerId: string,
  to: ManagerStatus,
  reason: string,
  viaApproval = false,
): Promise<Result<{ from: ManagerStatus; to: ManagerStatus }, ManagerError>> {
  const m = await store.manager(tx, managerId, true);
  if (m === null) return err('manager_not_found', `no manager ${managerId}`);
  const decided = decideStatus(m.status, to, viaApproval);
  if (!decided.ok) return decided;
  if (to === 'approved') {
    const ready = readyForApproval(m.ddScore);
    if (!ready.ok) return ready;
  }
  const id = d.ids.next<'ReserveManagerEvent'>();
  const payload = { id, managerId, from: m.status, to, reason, requestId: a.requestId };
  const seq = await audit(d, tx, a, 'reserve.manager.status_changed', [managerId, id], payload);
  await store.insertManagerEvent(tx, {
    id,
    managerId,
    kind: 'status',
    fromStatus: m.status,
    toStatus: to,
    section: null,
    score: null,
    notes: reason,
    documents: [],
    requestId: a.requestId,
    actor: a.actorId,
    at: a.at,
    auditSeq: seq,
  });
  await store.setManagerState(tx, managerId, { status: to });
  return ok({ from: m.status, to });
}

const approveSchema = z.strictObject({ managerId: z.uuid(), reason: z.string().min(1).max(500) });
const statusSchema = z.strictObject({
  to: z.enum(MANAGER_STATUSES),
  reason: z.string().min(1).max(500),
});

async function validateApproval(tx: Tx, content: Json): Promise<Result<null, ManagerError>> {
  const p = parsed(approveSchema, content);
  if (!p.ok) return p;
  const m = await store.manager(tx, p.value.managerId);
  if (m === null) return err('manager_not_found', `no manager ${p.value.managerId}`);
  const decided = decideStatus(m.status, 'approved', true);
  if (!decided.ok) return decided;
  return readyForApproval(m.ddScore);
}

export function managerCommands(d: ReserveDeps) {
  const approval = executor({
    kind: MANAGER_APPROVE_KIND,
    execute: async (tx, content, ctx) => {
      const p = parsed(approveSchema, content);
      if (!p.ok) return p;
      const moved = await moveStatus(
        d,
        tx,
        appliedBy(ctx),
        p.value.managerId,
        'approved',
        p.value.reason,
        true,
      );
      return moved.ok ? ok(moved.value) : moved;
    },
    options: {
      requires: 'reserve.managers.manage',
      validate: (tx, content) => validateApproval(tx, content),
      refusals: RESERVE_STATUS,
    },
  });
  return {
    /** A manager's approval kind, for main.ts to register. */
    executors: [approval] as const,
    /** Errors: content_invalid, manager_name_taken. */
    registerManager: (actor: Actor, input: NewManager) =>
      d.db.command((tx) => create(d, tx, actor, input)),
    /** Errors: content_invalid, manager_not_found. */
    scoreDueDiligence: (actor: Actor, managerId: string, input: DdSectionInput) =>
      d.db.command((tx) => scoreSection(d, tx, actor, managerId, input)),
    /**
     * Any move but approval. Errors: content_invalid, manager_not_found,
     * status_change_not_allowed, approval_request_required.
     */
    changeStatus: (actor: Actor, managerId: string, input: { to: string; reason: string }) =>
      d.db.command(async (tx) => {
        const p = parsed(statusSchema, input);
        if (!p.ok) return p;
        const a = { actorId: actor.id, requestId: null, at: d.clock.now() };
        return moveStatus(d, tx, a, managerId, p.value.to, p.value.reason);
      }),
    /** Asks the committee to approve; errors as `changeStatus`, the due-diligence ones, policy_blocked. */
    requestApproval: (actor: Actor, managerId: string, reason: string) =>
      governed(d, actor, approval, { managerId, reason }),
    /** An approval that predates Kazna, recorded as history (demo). */
    recordHistoricalApproval: (actor: Actor, managerId: string, reason: string) =>
      d.db.command(async (tx) => {
        const a = { actorId: actor.id, requestId: null, at: d.clock.now() };
        return moveStatus(d, tx, a, managerId, 'approved', reason, true);
      }),
    managers: () => store.managers(d.db),
    manager: (id: string) => store.manager(d.db, id),
    managerEvents: (id: string) => store.managerEvents(d.db, id),
  };
}
