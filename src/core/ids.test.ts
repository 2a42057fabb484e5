import { describe, expect, it } from 'vitest';
import { manualClock } from './clock.ts';
import { idSource, isUuid } from './ids.ts';
import { seededRandom } from './random.ts';

describe('ids', () => {
  it('are UUIDv7, unique and ordered by time', () => {
    const clock = manualClock('2025-03-01T00:00:00Z');
    const ids = idSource(clock, seededRandom(7));
    const a = ids.next<'x'>();
    clock.advance(1);
    const b = ids.next<'x'>();
    expect(isUuid(a)).toBe(true);
    expect(a[14]).toBe('7');
    expect(a < b).toBe(true);
  });
});
