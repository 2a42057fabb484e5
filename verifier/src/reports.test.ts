import { describe, expect, it } from 'vitest';
import { verifyPorDocument } from './por.ts';
import { verifyReportBundle, verifyReportBundleText } from './reports.ts';

/**
 * What the verifier says about documents that are not bundles at all. A real bundle, and every way
 * of tampering with one, is exercised against the server's output in src/transparency.
 */
describe('report bundle shape', () => {
  it.each([
    [null, 'the bundle must have exactly'],
    [[], 'the bundle must have exactly'],
    [
      { format: 'kazna.report.bundle/v1' },
      'report.format must be one of kazna.report/v1, kazna.report/v2',
    ],
    [{ format: 'kazna.audit.bundle/v1' }, 'format must be kazna.report.bundle/v1'],
  ])('refuses %j without throwing', (value, message) => {
    const check = verifyReportBundle(value);
    expect(check.ok).toBe(false);
    expect(check.problems.join('\n')).toContain(message);
  });

  it('says a text that is not JSON is not a bundle', () => {
    expect(verifyReportBundleText('{"format":')).toMatchObject({
      ok: false,
      problems: ['the bundle is not JSON'],
    });
  });

  it('says a proof of reserves that is not one is malformed', () => {
    expect(verifyPorDocument({ body: {} })).toEqual({
      ok: false,
      problems: ['the proof of reserves document is malformed'],
    });
  });
});
