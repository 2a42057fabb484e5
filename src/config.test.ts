import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';

/** The WebAuthn relying party from KAZNA_ORIGIN and KAZNA_RP_ID, checked once at start. */
describe('relying party configuration', () => {
  const party = (env: Record<string, string>) => {
    const r = loadConfig(env);
    return r.ok ? r.config.relyingParty : r.message;
  };

  it('defaults to localhost on Kazna’s port', () => {
    expect(party({})).toEqual({ id: 'localhost', origin: 'http://localhost:3000' });
    expect(party({ PORT: '8080' })).toEqual({ id: 'localhost', origin: 'http://localhost:8080' });
  });

  it('takes the id from the origin, or a parent domain of its host', () => {
    expect(party({ KAZNA_ORIGIN: 'https://kazna.gov.example/' })).toEqual({
      id: 'kazna.gov.example',
      origin: 'https://kazna.gov.example',
    });
    expect(
      party({ KAZNA_ORIGIN: 'https://kazna.gov.example', KAZNA_RP_ID: 'gov.example' }),
    ).toEqual({ id: 'gov.example', origin: 'https://kazna.gov.example' });
  });

  it('refuses an id that the origin cannot claim', () => {
    expect(
      party({ KAZNA_ORIGIN: 'https://kazna.gov.example', KAZNA_RP_ID: 'evil.example' }),
    ).toMatch(/KAZNA_RP_ID evil.example is not the host of KAZNA_ORIGIN/);
    expect(party({ KAZNA_ORIGIN: 'ftp://kazna.example' })).toMatch(/KAZNA_ORIGIN/);
  });
});

/** KAZNA_EVIDENCE_DIR: unset keeps no files; set, an absolute folder. */
describe('evidence store configuration', () => {
  const dir = (env: Record<string, string>) => {
    const r = loadConfig(env);
    return r.ok ? r.config.evidenceDir : r.message;
  };

  it('is off unless set, and resolved to an absolute path when set', () => {
    expect(dir({})).toBeNull();
    expect(dir({ KAZNA_EVIDENCE_DIR: '/srv/kazna/evidence' })).toBe('/srv/kazna/evidence');
    expect(dir({ KAZNA_EVIDENCE_DIR: 'evidence' })).toMatch(/^\/.+\/evidence$/);
    expect(dir({ KAZNA_EVIDENCE_DIR: '' })).toMatch(/KAZNA_EVIDENCE_DIR/);
  });
});
