import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { haveSharedData, sharedDataPath } from '../../test/support/shared-data.ts';
import { readSanctionsFile } from './sanctions-file.ts';

/** A small document in the SDN advanced layout: reference values first, then parties. */
const SMALL_SDN = `<?xml version="1.0" encoding="utf-8"?>
<Sanctions xmlns="https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/ADVANCED_XML">
  <DateOfIssue CalendarTypeID="1"><Year>2025</Year><Month>3</Month><Day>7</Day></DateOfIssue>
  <ReferenceValueSets>
    <FeatureTypeValues>
      <FeatureType ID="8" FeatureTypeGroupID="1">Birthdate</FeatureType>
      <FeatureType ID="344" FeatureTypeGroupID="1">Digital Currency Address - XBT</FeatureType>
      <FeatureType ID="345" FeatureTypeGroupID="1">Digital Currency Address - ETH</FeatureType>
      <FeatureType ID="887" FeatureTypeGroupID="1">Digital Currency Address - TRX</FeatureType>
    </FeatureTypeValues>
  </ReferenceValueSets>
  <DistinctParties>
    <DistinctParty FixedRef="36"><Profile ID="36">
      <Feature ID="1" FeatureTypeID="8"><FeatureVersion><VersionDetail>1970</VersionDetail></FeatureVersion></Feature>
      <Feature ID="2" FeatureTypeID="344"><FeatureVersion ID="9"><Comment />
        <VersionDetail DetailTypeID="1432">12QtD5BFwRsdNsAZY76UVE1xyCGNTojH9h</VersionDetail></FeatureVersion></Feature>
    </Profile></DistinctParty>
    <DistinctParty FixedRef="37"><Profile ID="37">
      <Feature ID="3" FeatureTypeID="345"><FeatureVersion>
        <VersionDetail>0x04DBA1194ee10112fE6C3207C0687DEf0e78baCf</VersionDetail></FeatureVersion></Feature>
      <Feature ID="4" FeatureTypeID="344"><FeatureVersion>
        <VersionDetail>12QtD5BFwRsdNsAZY76UVE1xyCGNTojH9h</VersionDetail></FeatureVersion></Feature>
    </Profile></DistinctParty>
  </DistinctParties>
</Sanctions>
`;

describe('readSanctionsFile', () => {
  let dir: string;
  const file = async (name: string, content: string | Buffer): Promise<string> => {
    const path = join(dir, name);
    await writeFile(path, content);
    return path;
  };
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kazna-sanctions-'));
  });

  it('reads the digital-currency features of an SDN document, with its issue date', async () => {
    const r = await readSanctionsFile(await file('sdn.xml', SMALL_SDN));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value).toMatchObject({
      kind: 'ofac_sdn_xml',
      issuedOn: '2025-03-07',
      assets: ['ETH', 'TRX', 'XBT'],
      compressed: false,
    });
    expect(r.value.entries).toEqual([
      { asset: 'XBT', address: '12QtD5BFwRsdNsAZY76UVE1xyCGNTojH9h', partyRef: '36' },
      { asset: 'ETH', address: '0x04DBA1194ee10112fE6C3207C0687DEf0e78baCf', partyRef: '37' },
    ]);
    expect(r.value.fileSha256).toBe(r.value.contentSha256);
  });

  it('takes the asset of an address list from its name, or from the caller', async () => {
    const named = await readSanctionsFile(
      await file('sanctioned_addresses_TRX.txt', 'TA3941uFAvmVibSkQ6fMJXxmaSNovX86mz\n\n'),
    );
    expect(named).toMatchObject({ ok: true, value: { kind: 'address_list', assets: ['TRX'] } });
    const hinted = await readSanctionsFile(
      await file('list.txt', 'TA3941uFAvmVibSkQ6fMJXxmaSNovX86mz'),
      { asset: 'USDT' },
    );
    expect(hinted).toMatchObject({ ok: true, value: { assets: ['USDT'], issuedOn: null } });
  });

  it.each([
    ['notes.txt', 'hello world', 'sanctions_file_unrecognised'],
    [
      'other.xml',
      '<?xml version="1.0"?><Invoice><Total>1</Total></Invoice>',
      'sanctions_file_unrecognised',
    ],
    ['cut.xml', SMALL_SDN.slice(0, 900), 'sanctions_file_malformed'],
    [
      'nodate.xml',
      SMALL_SDN.replace(/<DateOfIssue[\s\S]*<\/DateOfIssue>/, ''),
      'sanctions_file_malformed',
    ],
    ['bad.xml', '<Sanctions><DateOfIssue></Sanctions>', 'sanctions_file_malformed'],
    ['sanctioned_addresses_XBT.txt', '1abc\n', 'sanctions_file_malformed'],
    ['sanctioned_addresses_ETH.txt', '\n\n', 'sanctions_list_empty'],
    [
      'broken.xml.bz2',
      Buffer.concat([Buffer.from('BZh91AY&SY'), Buffer.alloc(200, 7)]),
      'sanctions_file_malformed',
    ],
  ])('refuses %s with %s', async (name, content, code) => {
    const r = await readSanctionsFile(await file(name, content));
    expect(r.ok ? 'ok' : r.code).toBe(code);
  });

  it('refuses a path that is not a readable file', async () => {
    const r = await readSanctionsFile(join(dir, 'missing.xml'));
    expect(r.ok ? 'ok' : r.code).toBe('sanctions_file_unreadable');
  });
});

describe.runIf(haveSharedData('sanctions', 'ofac_digital_currency_addresses'))(
  'the published per-asset lists',
  () => {
    it('reads sanctioned_addresses_XBT.txt (517 addresses on 2025-11-19)', async () => {
      const path = sharedDataPath(
        'sanctions',
        'ofac_digital_currency_addresses',
        'sanctioned_addresses_XBT.txt',
      );
      const r = await readSanctionsFile(path);
      expect(r.ok && r.value.entries.length).toBe(517);
    });
  },
);
