import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { haveSharedData, sharedDataPath } from '../../test/support/shared-data.ts';
import { authHeaders, testKazna, testTargets, type TestKazna } from '../../test/support/targets.ts';
import { SYSTEM, type Actor } from '../core/identity.ts';
import { err } from '../core/result.ts';
import { readSanctionsFile, type SanctionsFile } from './sanctions-file.ts';

const LISTS = ['sanctions', 'ofac_digital_currency_addresses'];
const OFFICER: Actor = { kind: 'user', id: 'officer-1', roles: [], organisationId: null };

async function list(asset: string): Promise<SanctionsFile> {
  const r = await readSanctionsFile(sharedDataPath(...LISTS, `sanctioned_addresses_${asset}.txt`));
  if (!r.ok) throw new Error(r.message);
  return r.value;
}

async function count(k: TestKazna, sql: string, params: unknown[] = []): Promise<number> {
  const [row] = await k.db.query<{ n: bigint }>(`SELECT count(*) AS n FROM ${sql}`, params);
  return Number(row?.n ?? -1n);
}

describe.each(testTargets())('compliance on $label PostgreSQL', (target) => {
  let k: TestKazna;
  beforeAll(async () => {
    k = await testKazna(target);
  });
  afterAll(() => k.close());

  it('fails closed while no list is imported', async () => {
    const r = await k.services.compliance.screen({
      actor: OFFICER,
      chain: 'BTC',
      addresses: ['1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2'],
      subjectIds: ['lot-0'],
    });
    expect(r.ok ? 'ok' : r.code).toBe('sanctions_list_missing');
    expect(await count(k, 'compliance_screenings')).toBe(0);
  });

  it('answers the public address validator without a login', async () => {
    const url = (chain: string, address: string) =>
      `/api/v1/addresses/validate?chain=${chain}&address=${encodeURIComponent(address)}`;
    const good = await k.app.inject({
      url: url('BTC', 'bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4'),
    });
    expect(good.statusCode).toBe(200);
    expect(good.json()).toMatchObject({ valid: true, type: 'p2wpkh', network: 'mainnet' });
    const testnet = await k.app.inject({ url: url('BTC', 'mipcBbFg9gMiCh81Kj8tqqdgoZub1ZJRfn') });
    expect(testnet.json()).toMatchObject({ valid: false, reason: 'wrong_network' });
    const unchecked = await k.app.inject({
      url: url('EVM', '0xde709f2102306220921060314715629080e2fb77'),
    });
    expect(unchecked.json()).toMatchObject({ valid: true, checksum: 'none' });
    const chain = await k.app.inject({ url: url('DOGE', 'D8x') });
    expect(chain.json()).toMatchObject({ valid: false, reason: 'unsupported_chain' });
    const txid = await k.app.inject({
      url: `/api/v1/txids/validate?chain=EVM&txid=${'ab'.repeat(32)}`,
    });
    expect(txid.json()).toMatchObject({ valid: false, reason: 'unknown_format' });
  });

  describe.runIf(haveSharedData(...LISTS))('with the published per-asset lists', () => {
    it('stores each import as a version with its diff, and skips a file already current', async () => {
      const c = k.services.compliance;
      const xbt = await c.importSanctions(SYSTEM, await list('XBT'));
      expect(xbt).toMatchObject({
        created: true,
        snapshot: { version: 1n, entryCount: 517, addedCount: 517 },
      });
      const eth = await c.importSanctions(SYSTEM, await list('ETH'));
      expect(eth.snapshot).toMatchObject({
        version: 2n,
        basedOnVersion: 1n,
        entryCount: 594,
        addedCount: 77,
      });
      const again = await c.importSanctions(SYSTEM, await list('ETH'));
      expect(again).toMatchObject({ created: false, snapshot: { version: 2n } });
      expect(await c.snapshotChanges(2n)).toHaveLength(77);
      expect(await count(k, "audit_entries WHERE action = 'compliance.sanctions.imported'")).toBe(
        2,
      );
    });

    it('replaces an asset wholesale when its list is imported again', async () => {
      const dir = await mkdtemp(join(tmpdir(), 'kazna-list-'));
      const path = join(dir, 'sanctioned_addresses_ETH.txt');
      await writeFile(path, '0x04DBA1194ee10112fE6C3207C0687DEf0e78baCf\n');
      const shorter = await readSanctionsFile(path);
      if (!shorter.ok) throw new Error(shorter.message);
      const r = await k.services.compliance.importSanctions(SYSTEM, shorter.value);
      expect(r.snapshot).toMatchObject({
        version: 3n,
        entryCount: 518,
        addedCount: 0,
        removedCount: 76,
      });
      await k.services.compliance.importSanctions(SYSTEM, await list('ETH'));
    });

    it('flags a listed seizure address: the match, an alert row and audit entries', async () => {
      const listed = (await list('XBT')).entries[0]?.address ?? '';
      const result = await k.db.command(async (tx) =>
        k.services.compliance.screenAddresses(tx, {
          actor: OFFICER,
          asset: 'BTC',
          addresses: ['1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2', listed],
          subjectIds: ['lot-7', 'seizure-3'],
        }),
      );
      expect(result.ok).toBe(true);
      if (!result.ok) return;
      expect(result.value.listVersion).toBe(4n);
      expect(result.value.matches).toEqual([
        expect.objectContaining({ address: listed, listAsset: 'XBT', listedAddress: listed }),
      ]);
      const alertId = result.value.matches[0]?.alertId ?? '';
      expect(
        await count(k, 'compliance_alerts WHERE id = $1 AND list_version = 4', [alertId]),
      ).toBe(1);
      expect(
        await count(
          k,
          "audit_entries WHERE action = 'compliance.alert.raised' AND $1 = ANY(subjects)",
          ['lot-7'],
        ),
      ).toBe(1);
      const screening = await k.db.query<{ list_version: bigint }>(
        'SELECT list_version FROM compliance_screenings WHERE id = $1',
        [result.value.screeningId],
      );
      expect(screening).toEqual([{ list_version: 4n }]);
    });

    it('matches EVM addresses whatever their letter case', async () => {
      const r = await k.services.compliance.screen({
        actor: OFFICER,
        chain: 'EVM',
        asset: 'USDT',
        addresses: ['0x04dba1194ee10112fe6c3207c0687def0e78bacf'],
        subjectIds: ['lot-8'],
      });
      expect(r.ok && r.value.matches.map((m) => m.listAsset)).toEqual(['ETH']);
    });

    it('leaves nothing behind when the calling command refuses afterwards', async () => {
      const before = await count(k, 'compliance_screenings');
      const r = await k.db.command(async (tx) => {
        const s = await k.services.compliance.screenAddresses(tx, {
          actor: OFFICER,
          chain: 'BTC',
          addresses: [(await list('XBT')).entries[1]?.address ?? ''],
          subjectIds: ['lot-9'],
        });
        return s.ok ? err('intake_refused', 'the caller refused after screening') : s;
      });
      expect(r.ok).toBe(false);
      expect(await count(k, 'compliance_screenings')).toBe(before);
      expect(await count(k, "compliance_alerts WHERE 'lot-9' = ANY(subject_ids)")).toBe(0);
    });

    it('lists and acknowledges alerts through the API, once', async () => {
      const officer = await authHeaders(k, 'compliance_officer');
      const open = await k.app.inject({
        url: '/api/v1/compliance/alerts?status=open',
        headers: officer,
      });
      expect(open.statusCode).toBe(200);
      const alerts = open.json<{ alerts: { id: string; listVersion: string }[] }>().alerts;
      expect(alerts.length).toBe(2);
      const id = alerts[0]?.id ?? '';
      const ack = () =>
        k.app.inject({
          method: 'POST',
          url: `/api/v1/compliance/alerts/${id}/acknowledge`,
          headers: officer,
          payload: { note: 'lot frozen; reported to the FIU' },
        });
      const first = await ack();
      expect(first.statusCode, first.body).toBe(200);
      expect(first.json()).toMatchObject({ status: 'acknowledged' });
      expect((await ack()).json()).toMatchObject({ code: 'alert_already_acknowledged' });
      const anonymous = await k.app.inject({ url: '/api/v1/compliance/alerts' });
      expect(anonymous.statusCode).toBe(401);
      const snapshots = await k.app.inject({
        url: '/api/v1/compliance/sanctions/snapshots',
        headers: officer,
      });
      expect(snapshots.json<{ snapshots: unknown[] }>().snapshots).toHaveLength(4);
    });
  });
});
