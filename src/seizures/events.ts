import type { EntryView } from '../audit/model.ts';
import type { Json } from '../core/canonical.ts';
import type { SeizuresDeps } from './deps.ts';
import type { Role } from '../core/identity.ts';
import type { LotRow } from './store.ts';

/** Who did something, by role and organisation (a lot's timeline names the person besides). */
export interface Who {
  readonly roles: readonly Role[];
  readonly organisationId: string | null;
  readonly organisationName: string | null;
}

/**
 * Everything that happened to one lot, read from the audit log: every entry that names the lot
 * among its subjects (found through the log's index on subjects, never a scan), and the approval
 * requests those entries cite (their request, votes and execution name only the request). The
 * reader shows each entry generically (its action, who recorded it, the court order and hashes it
 * carries), so new kinds of entries appear without a change here.
 */
export interface LotEvent {
  readonly seq: string;
  readonly at: string;
  readonly action: string;
  readonly actor: string;
  readonly by: Who;
  /** `lot`: the entry names the lot; `request`: it names an approval request a lot entry cites. */
  readonly via: 'lot' | 'request';
  readonly requestId: string | null;
  readonly from: string | null;
  readonly to: string | null;
  readonly courtOrderRef: string | null;
  readonly orderDate: string | null;
  readonly hashes: readonly EventHash[];
}

export interface EventHash {
  /** `evidence`: seizure evidence; `document`: a court or fund document; `other`: any digest. */
  readonly kind: 'evidence' | 'document' | 'other';
  /** The file's name where the entry gives one (typed by a person), else null. */
  readonly name: string | null;
  /** The payload key that held it (`sha256`, `documentSha256`, …). */
  readonly field: string;
  readonly sha256: string;
}

/** At most this many entries per subject: a lot's story is tens of entries, not thousands. */
const PER_SUBJECT = 500;

async function entriesNaming(d: SeizuresDeps, subject: string): Promise<EntryView[]> {
  const page = await d.audit.entries({ subject, order: 'asc', limit: PER_SUBJECT });
  return [...page.entries];
}

export async function lotEvents(
  d: SeizuresDeps,
  lot: LotRow,
  who: (actorId: string) => Promise<Who>,
): Promise<LotEvent[]> {
  const own = await entriesNaming(d, lot.id);
  const bySeq = new Map<number, { e: EntryView; via: LotEvent['via'] }>();
  for (const e of own) bySeq.set(e.seq, { e, via: 'lot' });
  const requests = new Set(own.map((e) => requestOf(e.payload)).filter((r) => r !== null));
  for (const requestId of requests) {
    for (const e of await entriesNaming(d, requestId)) {
      if (!bySeq.has(e.seq)) bySeq.set(e.seq, { e, via: 'request' });
    }
  }
  const ordered = [...bySeq.values()].sort((a, b) => a.e.seq - b.e.seq);
  const out: LotEvent[] = [];
  for (const { e, via } of ordered) out.push(await eventOf(e, via, who));
  return out;
}

async function eventOf(
  e: EntryView,
  via: LotEvent['via'],
  who: (actorId: string) => Promise<Who>,
): Promise<LotEvent> {
  const p = asObject(e.payload);
  return {
    seq: String(e.seq),
    at: e.recordedAt,
    action: e.action,
    actor: e.actor,
    by: await who(e.actor),
    via,
    requestId: requestOf(e.payload) ?? (via === 'request' ? (e.subjects[0] ?? null) : null),
    from: text(p, 'from'),
    to: text(p, 'to'),
    courtOrderRef: text(p, 'courtOrderRef') ?? deepText(e.payload, 'courtOrderRef'),
    orderDate: text(p, 'orderDate') ?? deepText(e.payload, 'orderDate'),
    hashes: hashesIn(e.payload),
  };
}

type JsonObject = Readonly<Record<string, Json>>;

/** `Array.isArray` does not narrow a readonly array out of a union; this does. */
function isList(v: Json): v is readonly Json[] {
  return Array.isArray(v);
}

function asObject(v: Json | undefined): JsonObject {
  return v === undefined || typeof v !== 'object' || v === null || isList(v) ? {} : v;
}

function text(p: JsonObject, key: string): string | null {
  const v = p[key];
  return typeof v === 'string' && v !== '' ? v : null;
}

/** The approval request an entry cites, at its top level or in its content (`requestId`). */
function requestOf(payload: Json): string | null {
  const id = deepText(payload, 'requestId');
  return id !== null && /^[0-9a-f-]{36}$/i.test(id) ? id : null;
}

/** The first string under `key` anywhere in the payload, breadth first (the top level wins). */
function deepText(payload: Json, key: string): string | null {
  const queue: Json[] = [payload];
  for (let v = queue.shift(), n = 0; v !== undefined && n < 1000; v = queue.shift(), n++) {
    if (typeof v !== 'object' || v === null) continue;
    if (isList(v)) {
      queue.push(...v);
      continue;
    }
    const found = text(v, key);
    if (found !== null) return found;
    queue.push(...Object.values(v));
  }
  return null;
}

const SHA256 = /^(sha256:)?[0-9a-f]{64}$/i;
const DIGEST_KEY = /sha256|hash|digest/i;

/** Every SHA-256 the payload carries under a digest-named key, with the path's sense of it. */
export function hashesIn(payload: Json): EventHash[] {
  const out: EventHash[] = [];
  const seen = new Set<string>();
  const walk = (v: Json, path: readonly string[], depth: number): void => {
    if (depth > 8 || typeof v !== 'object' || v === null) return;
    if (isList(v)) {
      for (const x of v) walk(x, path, depth + 1);
      return;
    }
    const name = text(v, 'name');
    const add = (k: string, x: string, named: string | null): void => {
      const sha256 = x.replace(/^sha256:/i, '').toLowerCase();
      if (seen.has(sha256)) return;
      seen.add(sha256);
      out.push({ kind: kindOf([...path, k]), name: named, field: k, sha256 });
    };
    for (const [k, x] of Object.entries(v)) {
      const digests = DIGEST_KEY.test(k) ? digestList(x) : null;
      if (typeof x === 'string' && DIGEST_KEY.test(k) && SHA256.test(x)) add(k, x, name);
      else if (digests !== null) for (const one of digests) add(k, one, null);
      else walk(x, [...path, k], depth + 1);
    }
  };
  walk(payload, [], 0);
  return out;
}

/** A list of SHA-256 strings (`evidenceSha256: [...]`), or null if it is anything else. */
function digestList(x: Json): string[] | null {
  if (!isList(x) || x.length === 0) return null;
  const all = x.filter((y): y is string => typeof y === 'string' && SHA256.test(y));
  return all.length === x.length ? all : null;
}

function kindOf(path: readonly string[]): EventHash['kind'] {
  const p = path.join('.').toLowerCase();
  if (p.includes('evidence')) return 'evidence';
  if (/document|order|statement|decision/.test(p)) return 'document';
  return 'other';
}
