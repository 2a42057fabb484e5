import { createHash } from 'node:crypto';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testKazna, testTargets, type TestKazna } from '../../test/support/targets.ts';
import { ADDRESSES, LISTED_BTC, lot, world, type World } from '../../test/support/seizures.ts';
import { CSV_HEADER } from './import.ts';
import { evidencePath } from './evidence.ts';

/**
 * The intake page's routes: registering an operation, checking an intake and a CSV file before
 * anything is written (a check writes no audit entry), importing a checked file in one
 * transaction, and the evidence store that keeps files by their SHA-256.
 */
const HEADER = CSV_HEADER.join(',');
const row = (caseNumber: string, amount: string, address: string = ADDRESSES.btc) =>
  `Police,${caseNumber},court,2025-04-01,BTC,BTC,${amount},${address},,,seizure_wallet,wallet 1`;

describe.each(testTargets())('intake routes on $label PostgreSQL', (target) => {
  let k: TestKazna;
  let w: World;
  let evidenceDir: string;
  let caseId: string;
  beforeAll(async () => {
    evidenceDir = await mkdtemp(join(tmpdir(), 'kazna-evidence-'));
    k = await testKazna(target, 1, { evidenceDir });
    w = await world(k, 'i');
  });
  afterAll(() => k.close());

  const auditCount = async (): Promise<number> => {
    const [r] = await k.db.query<{ n: string }>('SELECT count(*)::text AS n FROM audit_entries');
    return Number.parseInt(r?.n ?? '0', 10);
  };
  const lotCount = async (): Promise<number> => {
    const [r] = await k.db.query<{ n: string }>('SELECT count(*)::text AS n FROM seizure_lots');
    return Number.parseInt(r?.n ?? '0', 10);
  };
  const post = (url: string, payload: Record<string, unknown>) =>
    k.app.inject({ method: 'POST', url: `/api/v1${url}`, headers: w.officer.headers, payload });

  it('registers an operation with its legal basis; bad dates and a taken name are refused', async () => {
    const body = {
      name: 'Op Intake',
      agencies: ['Police'],
      legalBasis: 'Criminal Code art. 218',
      startedOn: '2025-01-01',
      endedOn: '2025-02-01',
      summary: 'one exchange',
    };
    const r = await post('/seizures/operations', body);
    expect(r.statusCode, r.body).toBe(201);
    const [op] = await k.db.query<{ legal_basis: string }>(
      'SELECT legal_basis FROM seizure_operations WHERE id = $1',
      [r.json<{ id: string }>().id],
    );
    expect(op?.legal_basis).toBe('Criminal Code art. 218');
    const before = await auditCount();
    const dates = await post('/seizures/operations', {
      ...body,
      name: 'Op 2',
      endedOn: '2024-01-01',
    });
    expect(dates.statusCode).toBe(422);
    expect(dates.json()).toMatchObject({ code: 'operation_dates_invalid' });
    const taken = await post('/seizures/operations', body);
    expect(taken.statusCode).toBe(409);
    expect(taken.json()).toMatchObject({ code: 'operation_name_taken' });
    const noBasis = await post('/seizures/operations', { ...body, name: 'Op 3', legalBasis: '' });
    expect(noBasis.statusCode).toBe(400);
    const exchange = await post('/seizures/operations', {
      ...body,
      name: 'Op 4',
      exchangeId: '00000000-0000-4000-8000-000000000000',
    });
    expect(exchange.json()).toMatchObject({ code: 'exchange_not_found' });
    expect(await auditCount()).toBe(before);
    const custody = await k.app.inject({
      method: 'POST',
      url: '/api/v1/seizures/operations',
      headers: w.custody.headers,
      payload: { ...body, name: 'Op 5' },
    });
    expect(custody.statusCode).toBe(403);
  });

  it('checks an intake, its errors and its screening, and writes nothing', async () => {
    const c = await post('/seizures/cases', {
      agency: 'Police',
      caseNumber: 'I-1',
      court: 'court',
      courtOrganisationId: w.orgs.court,
      partyRefs: [],
    });
    caseId = c.json<{ id: string }>().id;
    const before = await auditCount();
    const body = {
      caseId,
      seizedOn: '2025-05-01',
      lots: [
        lot({ addresses: [ADDRESSES.btc, LISTED_BTC] }),
        lot({ amount: '0.123456789' }),
        lot({ addresses: [ADDRESSES.tron] }),
      ],
    };
    const r = await post('/seizures/intake/check', body);
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({
      valid: false,
      lots: [
        {
          error: null,
          amount: '1.5',
          screening: {
            listVersion: '1',
            source: 'test list',
            addresses: [
              { address: ADDRESSES.btc, hit: false },
              { address: LISTED_BTC, hit: true, listAsset: 'BTC' },
            ],
          },
        },
        { error: { field: 'amount' }, screening: null },
        { error: { code: 'address_on_wrong_network', field: 'addresses' } },
      ],
    });
    expect(await auditCount()).toBe(before);
    const missing = await post('/seizures/intake/check', {
      ...body,
      caseId: '00000000-0000-4000-8000-000000000000',
    });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ code: 'case_not_found' });
    expect(await auditCount()).toBe(before);
  });

  it('checks a CSV file row by row with columns, imports nothing until it is clean', async () => {
    const bad = [
      HEADER,
      row('I-2', '0.5'),
      row('I-2', '0.123456789'),
      row('I-3', '1', ADDRESSES.tron),
    ];
    const before = { audit: await auditCount(), lots: await lotCount() };
    const checked = await post('/seizures/intake/csv/check', { csv: bad.join('\n') });
    expect(checked.statusCode, checked.body).toBe(200);
    expect(checked.json()).toMatchObject({
      rows: [{ line: 2, asset: 'BTC', amount: '0.5', screening: { listVersion: '1' } }],
      errors: [
        { line: 3, column: 'amount' },
        { line: 4, column: 'addresses', code: 'address_on_wrong_network' },
      ],
    });
    const refused = await post('/seizures/intake/csv', { csv: bad.join('\n') });
    expect(refused.statusCode).toBe(422);
    expect(refused.json()).toMatchObject({ code: 'csv_has_errors' });
    const header = await post('/seizures/intake/csv/check', { csv: 'a,b\n1,2' });
    expect(header.json()).toMatchObject({ code: 'csv_header_invalid' });
    expect({ audit: await auditCount(), lots: await lotCount() }).toEqual(before);
    const good = await post('/seizures/intake/csv', {
      csv: [HEADER, row('I-2', '0.5'), row('I-3', '2')].join('\n'),
    });
    expect(good.statusCode, good.body).toBe(201);
    const created = good.json<{ lots: number; created: { line: number; lotId: string }[] }>();
    expect(created.lots).toBe(2);
    expect(created.created.map((x) => x.line)).toEqual([2, 3]);
    expect(await lotCount()).toBe(before.lots + 2);
    // The court named in the file is the court organisation of that name: its registrar sees them.
    const seen = await k.app.inject({ url: '/api/v1/seizures/lots', headers: w.registrar.headers });
    const ids = seen.json<{ lots: { id: string }[] }>().lots.map((l) => l.id);
    for (const c of created.created) expect(ids).toContain(c.lotId);
  });

  it('stores evidence by its hash, idempotently, and refuses bytes that do not match', async () => {
    const bytes = Buffer.from('seizure protocol, page 1');
    const sha = createHash('sha256').update(bytes).digest('hex');
    const put = (hash: string, body: Buffer) =>
      k.app.inject({
        method: 'PUT',
        url: `/api/v1/seizures/evidence/${hash}`,
        headers: { ...w.officer.headers, 'content-type': 'application/octet-stream' },
        payload: body,
      });
    const store = await k.app.inject({
      url: '/api/v1/seizures/evidence',
      headers: w.officer.headers,
    });
    expect(store.json()).toMatchObject({ store: true });
    const before = await auditCount();
    const wrong = await put('0'.repeat(64), bytes);
    expect(wrong.statusCode).toBe(422);
    expect(wrong.json()).toMatchObject({ code: 'evidence_hash_mismatch' });
    expect(await auditCount()).toBe(before);
    const first = await put(sha, bytes);
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toMatchObject({ sha256: sha, bytes: bytes.length, created: true });
    expect(await readFile(evidencePath(evidenceDir, sha))).toEqual(bytes);
    const again = await put(sha, bytes);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ created: false });
    expect(await auditCount()).toBe(before + 1);
    const notHex = await put('xyz', bytes);
    expect(notHex.statusCode).toBe(400);
  });
});

describe.each(testTargets())('evidence store off on $label PostgreSQL', (target) => {
  let k: TestKazna;
  let w: World;
  beforeAll(async () => {
    k = await testKazna(target);
    w = await world(k, 'j');
  });
  afterAll(() => k.close());

  it('says no store exists and refuses a file with its code', async () => {
    const store = await k.app.inject({
      url: '/api/v1/seizures/evidence',
      headers: w.officer.headers,
    });
    expect(store.json()).toMatchObject({ store: false });
    const bytes = Buffer.from('x');
    const r = await k.app.inject({
      method: 'PUT',
      url: `/api/v1/seizures/evidence/${createHash('sha256').update(bytes).digest('hex')}`,
      headers: { ...w.officer.headers, 'content-type': 'application/octet-stream' },
      payload: bytes,
    });
    expect(r.statusCode).toBe(404);
    expect(r.json()).toMatchObject({ code: 'evidence_store_not_configured' });
  });
});
