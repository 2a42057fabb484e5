import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authHeaders, testKazna, testTargets, type TestKazna } from '../../test/support/targets.ts';
import { SYSTEM } from '../core/identity.ts';
import type { ExchangeId } from './registry.ts';

const ADDRESS = '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed';

describe.each(testTargets())('exchange registry on $label PostgreSQL', (target) => {
  let k: TestKazna;
  let exchangeId: ExchangeId;
  beforeAll(async () => {
    k = await testKazna(target);
    const r = await k.services.compliance.registry.registerExchange(SYSTEM, {
      name: 'Example Swap',
      status: 'illegal',
      domains: ['example-swap.test'],
      jurisdictions: ['KZ'],
      shutdownOn: '2025-05-20',
      estimatedVolumeUsdCents: 1_240_000_000n,
      source: 'AFM press release (fixture)',
    });
    if (!r.ok) throw new Error(r.message);
    exchangeId = r.value.id;
  });
  afterAll(() => k.close());

  it('refuses a second exchange of the same name', async () => {
    const again = await k.services.compliance.registry.registerExchange(SYSTEM, {
      name: 'example swap',
      status: 'unknown',
      domains: [],
      jurisdictions: [],
      shutdownOn: null,
      estimatedVolumeUsdCents: null,
      source: 'duplicate',
    });
    expect(again.ok ? 'ok' : again.code).toBe('exchange_name_taken');
  });

  it('ranks an official attribution above a more confident forensic inference', async () => {
    const reg = k.services.compliance.registry;
    const label = (
      provenance: 'official_attribution' | 'forensic_inference',
      confidence: 'high' | 'low',
    ) =>
      reg.labelAddress(SYSTEM, {
        chain: 'EVM',
        address: ADDRESS.toLowerCase(),
        exchangeId,
        label: `hot wallet (${provenance})`,
        provenance,
        confidence,
        source: 'fixture',
      });
    expect((await label('forensic_inference', 'high')).ok).toBe(true);
    k.clock.advance(1000);
    expect((await label('official_attribution', 'low')).ok).toBe(true);
    const labels = await reg.labels(ADDRESS);
    expect(labels.map((l) => l.provenance)).toEqual(['official_attribution', 'forensic_inference']);
    expect(labels[0]?.address).toBe(ADDRESS);
    const officer = await authHeaders(k, 'compliance_officer');
    const res = await k.app.inject({
      url: `/api/v1/compliance/labels?address=${ADDRESS}`,
      headers: officer,
    });
    expect(res.json()).toMatchObject({ best: { provenance: 'official_attribution' } });
    const list = await k.app.inject({ url: '/api/v1/compliance/exchanges', headers: officer });
    expect(list.json()).toMatchObject({
      exchanges: [{ name: 'Example Swap', estimatedVolumeUsd: '12400000' }],
    });
  });

  it('refuses a label on an invalid or wrong-chain address, or an unknown exchange', async () => {
    const reg = k.services.compliance.registry;
    const base = {
      exchangeId: null,
      label: 'x',
      provenance: 'open_source',
      confidence: 'low',
      source: 's',
    } as const;
    const wrong = await reg.labelAddress(SYSTEM, { ...base, chain: 'BTC', address: ADDRESS });
    expect(wrong.ok ? 'ok' : wrong.code).toBe('wrong_network');
    const bad = await reg.labelAddress(SYSTEM, { ...base, chain: 'EVM', address: '0x1234' });
    expect(bad.ok ? 'ok' : bad.code).toBe('bad_length');
    const missing = await reg.labelAddress(SYSTEM, {
      ...base,
      chain: 'EVM',
      address: ADDRESS,
      exchangeId: '0190b4c4-0000-7000-8000-000000000000' as ExchangeId,
    });
    expect(missing.ok ? 'ok' : missing.code).toBe('exchange_not_found');
  });
});
