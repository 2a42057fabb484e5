import { performance } from 'node:perf_hooks';
import fc from 'fast-check';
import type { Role } from '../../src/core/identity.ts';
import type { Access } from '../../src/http/access.ts';
import { PROBLEM_CONTENT_TYPE } from '../../src/http/problem.ts';
import { roleCan } from '../../src/governance/matrix.ts';
import type { KaznaApp } from '../../src/http/app.ts';
import type { IdPool } from './fuzz-ids.ts';
import { caseArbitrary, requestFor, type FuzzRequest, type Operation } from './fuzz-ops.ts';
import { changedTables, type Digest, type StateProbe } from './fuzz-state.ts';

/**
 * Runs the fuzzer: every operation, as every caller, a bounded number of generated requests each.
 * Three properties hold for every answer: no status of 500 or more; every refusal (4xx) is an RFC
 * 9457 problem with a `code`; and a refused request changes nothing stored. The last is checked
 * per segment: the journal of changes (fuzz-state.ts) before and after a run of requests that
 * were all refused must match. Requests that may succeed (an allowed caller's) get a segment each,
 * so a success never hides a refusal's change; those a route refuses outright (a caller without
 * its action) share one per operation.
 */
export interface Caller {
  readonly name: string;
  /** null: anonymous. */
  readonly role: Role | null;
  readonly headers: Readonly<Record<string, string>>;
}

export type ViolationKind =
  'status-5xx' | 'not-a-problem' | 'state-changed' | 'refused-caller-served';

export interface Violation {
  readonly kind: ViolationKind;
  readonly op: string;
  readonly caller: string;
  readonly label: string;
  readonly request: string;
  readonly answer: string;
}

/** What refused requests of an operation may change by design, and why. */
export interface Allowance {
  readonly tables: readonly string[];
  readonly auditActions: readonly string[];
}

export interface FuzzPlan {
  readonly seed: number;
  /** Requests per operation for each caller it lets through (a fraction of it on public routes). */
  readonly allowedCases: number;
  /** Requests per operation for each caller it refuses. */
  readonly refusedCases: number;
  readonly allowances: Readonly<Record<string, Allowance>>;
  /** Called with each request before it is sent, to find one that hangs. */
  readonly trace?: (line: string) => void;
}

export interface FuzzReport {
  readonly operations: number;
  readonly requests: number;
  readonly byStatus: ReadonlyMap<number, number>;
  readonly checkedSegments: number;
  /** Milliseconds spent fingerprinting the database, of the run's total. */
  readonly digestMs: number;
  readonly slowest: readonly { ms: number; what: string }[];
  /** Operations no request succeeded on (2xx), to see where the generators fall short. */
  readonly neverServed: readonly string[];
  /** Operations every request of which the edge refused (schema, guard, size), before a handler. */
  readonly neverReachedHandler: readonly string[];
  /** GET operations whose success changed stored state, and the tables it changed. */
  readonly readsThatWrote: readonly string[];
  readonly violations: readonly Violation[];
}

export interface FuzzTarget {
  readonly app: KaznaApp;
  readonly probe: StateProbe;
  readonly pool: IdPool;
  /** The route's declared access; `root` for routes outside /api/v1, which have none. */
  readonly access: (op: Operation) => Access | 'root' | undefined;
}

interface Planned {
  readonly op: Operation;
  readonly caller: Caller;
  readonly request: FuzzRequest;
  readonly refused: boolean;
}

interface Answer {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
}

/** Why an answer breaks the contract (never a 5xx; every refusal a problem with a code), or null. */
export function answerFault(a: Answer): ViolationKind | null {
  if (a.status < 400) return null;
  if (a.status >= 500) return 'status-5xx';
  return problemCode(a) === null ? 'not-a-problem' : null;
}

function problemCode(a: Answer): string | null {
  if (!a.contentType.startsWith(PROBLEM_CONTENT_TYPE)) return null;
  try {
    const code = (JSON.parse(a.body) as { code?: unknown }).code;
    return typeof code === 'string' && code !== '' ? code : null;
  } catch {
    return null;
  }
}

/** Codes of refusals made before any handler runs: parsing, the schemas, the guard, the router. */
const EDGE_CODES = new Set([
  'request_invalid',
  'malformed_json',
  'malformed_url',
  'invalid_text',
  'body_too_large',
  'unsupported_media_type',
  'path_parameter_too_long',
  'authentication_required',
  'permission_denied',
  'route_not_found',
  'bad_request',
]);

function allows(access: Access | 'root' | undefined, caller: Caller): boolean {
  if (access === 'root' || access === 'public') return true;
  return access !== undefined && caller.role !== null && roleCan(caller.role, access);
}

/** A stable seed per operation and caller, so one failing pair replays on its own. */
function seedFor(seed: number, ...parts: string[]): number {
  let h = 0x811c9dc5 ^ seed;
  for (const ch of parts.join('|')) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193);
  return h >>> 0;
}

function clip(text: string, n = 400): string {
  return text.length <= n ? text : `${text.slice(0, n)}... <${text.length} chars>`;
}

export async function runFuzz(
  target: FuzzTarget,
  ops: readonly Operation[],
  callers: readonly Caller[],
  plan: FuzzPlan,
): Promise<FuzzReport> {
  const violations: Violation[] = [];
  const byStatus = new Map<number, number>();
  const timings: { ms: number; what: string }[] = [];
  let requests = 0;
  const served = new Set<string>();
  const reached = new Set<string>();
  const readsThatWrote = new Set<string>();
  let checkedSegments = 0;
  let digestMs = 0;
  const digest = async (): Promise<Digest> => {
    const started = performance.now();
    const d = await target.probe.digest();
    digestMs += performance.now() - started;
    return d;
  };
  let current: Digest = await digest();

  const send = async (p: Planned): Promise<boolean> => {
    plan.trace?.(`${p.op.key} ${p.caller.name} ${p.request.label} ${clip(p.request.url, 200)}`);
    const started = performance.now();
    const res = await target.app.inject({
      method: p.request.method as 'GET',
      url: p.request.url,
      headers: p.request.headers,
      ...(p.request.payload === undefined ? {} : { payload: p.request.payload }),
    });
    timings.push({
      ms: performance.now() - started,
      what: `${p.op.key} ${p.caller.name} ${p.request.label}`,
    });
    requests += 1;
    byStatus.set(res.statusCode, (byStatus.get(res.statusCode) ?? 0) + 1);
    const answer = {
      status: res.statusCode,
      contentType: res.headers['content-type'] ?? '',
      body: res.body,
    };
    const code = problemCode(answer);
    if (res.statusCode < 400 || (code !== null && !EDGE_CODES.has(code))) reached.add(p.op.key);
    const fault = answerFault(answer);
    if (fault !== null) violations.push(violation(fault, p, answer));
    if (res.statusCode >= 400) return false;
    served.add(p.op.key);
    if (p.refused) violations.push(violation('refused-caller-served', p, answer));
    if (answer.contentType.startsWith('application/json'))
      target.pool.harvest(p.op.path, safeJson(res.body));
    return true;
  };

  const segment = async (batch: readonly Planned[]): Promise<void> => {
    if (batch.length === 0) return;
    const first = batch[0];
    if (first === undefined) return;
    const allowance = plan.allowances[first.op.key];
    const auditBefore = allowance === undefined ? 0n : await target.probe.auditSize();
    let anyServed = false;
    for (const p of batch) anyServed = (await send(p)) || anyServed;
    const after = await digest();
    if (anyServed && first.op.method === 'GET') {
      const changed = changedTables(current, after);
      if (changed.length > 0) readsThatWrote.add(`${first.op.key} (${changed.join(', ')})`);
    }
    if (!anyServed) {
      checkedSegments += 1;
      const changed = await unexplained(
        target.probe,
        changedTables(current, after),
        allowance,
        auditBefore,
      );
      if (changed.length > 0) {
        for (const p of batch) {
          violations.push({
            ...violation('state-changed', p, { status: 0, contentType: '', body: '' }),
            answer: `changed: ${changed.join(', ')} (one of ${batch.length} refused requests)`,
          });
        }
      }
    }
    current = after;
  };

  for (const op of ops) {
    const access = target.access(op);
    const refusedBatch: Planned[] = [];
    const servedBatches: Planned[][] = [];
    for (const caller of callers) {
      const allowed = allows(access, caller);
      const n = !allowed
        ? plan.refusedCases
        : access === 'public' && caller.role !== null
          ? Math.max(2, Math.ceil(plan.allowedCases / 4))
          : plan.allowedCases;
      const cases = fc.sample(caseArbitrary(op, target.pool.source), {
        seed: seedFor(plan.seed, op.key, caller.name),
        numRuns: n,
      });
      const planned = cases.map((c) => ({
        op,
        caller,
        request: requestFor(op, c, caller.headers),
        refused: !allowed && access !== 'root',
      }));
      if (!allowed) refusedBatch.push(...planned);
      else servedBatches.push(...planned.map((p) => [p]));
    }
    await segment(refusedBatch);
    for (const b of servedBatches) await segment(b);
  }
  timings.sort((a, b) => b.ms - a.ms);
  return {
    operations: ops.length,
    requests,
    byStatus,
    checkedSegments,
    digestMs,
    slowest: timings.slice(0, 8),
    neverServed: ops.map((o) => o.key).filter((key) => !served.has(key)),
    readsThatWrote: [...readsThatWrote],
    neverReachedHandler: ops.map((o) => o.key).filter((key) => !reached.has(key)),
    violations,
  };
}

async function unexplained(
  probe: StateProbe,
  changed: readonly string[],
  allowance: Allowance | undefined,
  auditBefore: bigint,
): Promise<string[]> {
  if (allowance === undefined || changed.length === 0) return [...changed];
  const auditTables = changed.filter((t) => t.startsWith('audit_'));
  const actions = auditTables.length === 0 ? [] : await probe.auditActions(auditBefore);
  const auditExplained = actions.every((a) => allowance.auditActions.includes(a));
  return changed.filter(
    (t) => !allowance.tables.includes(t) && !(t.startsWith('audit_') && auditExplained),
  );
}

function violation(kind: ViolationKind, p: Planned, a: Answer): Violation {
  const payload = p.request.payload === undefined ? '' : ` ${clip(p.request.payload, 300)}`;
  return {
    kind,
    op: p.op.key,
    caller: p.caller.name,
    label: p.request.label,
    request: `${p.request.method} ${clip(p.request.url, 300)}${payload}`,
    answer: `${a.status} ${a.contentType} ${clip(a.body)}`,
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
