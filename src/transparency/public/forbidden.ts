import { parseCsv } from '../../core/csv.ts';

/**
 * What a public response must never carry: personal data (people's and users' names, user names,
 * e-mails, user ids, party and victim references), credentials (passwords, tokens, session ids),
 * internal notes or reasons, and record ids (`scanRecordIds`: lots, cases, accounts, transfers…,
 * which the publication rule never publishes). Three nets for the first kinds, because each catches
 * what the others miss:
 * - field names that only private data uses (`email`, `partyRefs`, `reason`, `note`, `actor`…);
 *   (`notes`, plural, is left out: published documents use it for methodology notes that code
 *   writes, and a person's note would still be caught by its value below);
 * - patterns that mark private data wherever it appears (`party:`, `victim:`, an e-mail address);
 * - the actual private values of a database (every user id and user name, every note and reason),
 *   found anywhere in the text when long enough to be unambiguous, as a whole field otherwise.
 */
export interface Finding {
  readonly where: string;
  readonly what: string;
}

export interface ForbiddenValue {
  readonly label: string;
  readonly value: string;
}

export const FORBIDDEN_KEYS =
  /^(e_?mail|user_?name|display_?name|full_?name|user_?id|password\w*|pass_?hash|\w*token\w*|session\w*|csrf\w*|party_?refs?|claimant_?refs?|victim\w*|note|reason|ground|actor|initiator|\w*officer_?id|case_?number|court_?order_?ref|custody_?ref)$/i;

export const FORBIDDEN_PATTERNS: readonly { readonly name: string; readonly re: RegExp }[] = [
  { name: 'party reference', re: /\bparty:/i },
  { name: 'victim reference', re: /\bvictim:/i },
  { name: 'claimant reference', re: /\bclaimant:/i },
  { name: 'e-mail address', re: /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/ },
  { name: 'password hash', re: /\$scrypt\$|scrypt\$|\$argon2/ },
  { name: 'bearer token', re: /\bBearer\s+[A-Za-z0-9_-]{16,}/ },
];

/** Values shorter than this must equal a whole field to count (a user called `risk` is not "risk"). */
export const SUBSTRING_MIN_LENGTH = 12;

function leaves(
  value: unknown,
  path: string,
  out: { path: string; key: string | null; text: string }[],
) {
  if (typeof value === 'string') out.push({ path, key: null, text: value });
  else if (Array.isArray(value)) {
    value.forEach((v, i) => {
      leaves(v, `${path}[${String(i)}]`, out);
    });
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      out.push({ path: `${path}.${k}`, key: k, text: k });
      leaves(v, `${path}.${k}`, out);
    }
  }
}

/** Scans one response body (JSON or CSV text) and says what it found and where. */
export function scanResponse(
  where: string,
  body: string,
  contentType: string,
  values: readonly ForbiddenValue[],
): Finding[] {
  const found: Finding[] = [];
  for (const p of FORBIDDEN_PATTERNS)
    if (p.re.test(body)) found.push({ where, what: `${p.name}: ${p.re.exec(body)?.[0] ?? ''}` });
  const fields: string[] = [];
  if (contentType.includes('json')) {
    const parts: { path: string; key: string | null; text: string }[] = [];
    leaves(JSON.parse(body) as unknown, '$', parts);
    for (const p of parts) {
      if (p.key !== null && FORBIDDEN_KEYS.test(p.key))
        found.push({ where: `${where} ${p.path}`, what: `forbidden field ${p.key}` });
      if (p.key === null) fields.push(p.text);
    }
  } else {
    const [header = [''], ...rows] = parseCsv(body);
    for (const col of header)
      if (FORBIDDEN_KEYS.test(col)) found.push({ where, what: `forbidden column ${col}` });
    fields.push(...header, ...rows.flat());
  }
  const whole = new Set(fields);
  for (const v of values) {
    const hit =
      v.value.length >= SUBSTRING_MIN_LENGTH ? body.includes(v.value) : whole.has(v.value);
    if (hit) found.push({ where, what: `${v.label}: ${v.value}` });
  }
  return found;
}

/** Kazna's record ids are UUIDs (src/core/ids.ts). */
const RECORD_ID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/**
 * The record ids of a database (`ids`: id -> where it was found) that a response carries anywhere
 * in its text. Looked up by pattern rather than searched one by one: a database has thousands.
 */
export function scanRecordIds(
  where: string,
  body: string,
  ids: ReadonlyMap<string, string>,
): Finding[] {
  const found = new Set((body.match(RECORD_ID) ?? []).map((id) => id.toLowerCase()));
  return [...found].flatMap((id) => {
    const table = ids.get(id);
    return table === undefined ? [] : [{ where, what: `record id from ${table}: ${id}` }];
  });
}
