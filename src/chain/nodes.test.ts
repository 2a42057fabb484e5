import { afterEach, describe, expect, it, vi } from 'vitest';
import { chainNodesAvailable } from '../../test/support/chain-nodes.ts';

/** The chain tests skip with a notice where the node binaries are missing, and fail under CI. */
describe('chain node availability', () => {
  const saved = { PATH: process.env['PATH'], CI: process.env['CI'] };
  afterEach(() => {
    process.env['PATH'] = saved.PATH;
    if (saved.CI === undefined) delete process.env['CI'];
    else process.env['CI'] = saved.CI;
    vi.restoreAllMocks();
  });

  it('prints a notice and skips outside CI when litecoind is not installed', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    process.env['PATH'] = '/nonexistent';
    process.env['CI'] = 'false';
    expect(chainNodesAvailable()).toBe(false);
    expect(String(warn.mock.calls[0]?.[0])).toMatch(
      /SKIPPED: chain integration tests need litecoind/,
    );
  });

  it('fails under CI=true when litecoind is not installed', () => {
    process.env['PATH'] = '/nonexistent';
    process.env['CI'] = 'true';
    expect(() => chainNodesAvailable()).toThrow(/CI must install them/);
  });
});
