import { describe, expect, it } from 'vitest';
import { addDays, addMonths, daysBetween, monthEnd, monthsBetween } from './calendar.ts';

describe('calendar', () => {
  it('adds months clamped to the month end, leap years included', () => {
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonths('2025-01-31', 1)).toBe('2025-02-28');
    expect(addMonths('2025-11-30', 3)).toBe('2026-02-28');
    expect(addMonths('2025-03-15', -3)).toBe('2024-12-15');
  });

  it('finds month ends and counts days and months', () => {
    expect(monthEnd('2024-02-10')).toBe('2024-02-29');
    expect(monthEnd('2025-12-01')).toBe('2025-12-31');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(daysBetween('2024-01-01', '2025-01-01')).toBe(366);
    expect(monthsBetween('2025-01-31', '2025-04-30')).toBe(3);
    expect(monthsBetween('2024-11-30', '2025-02-28')).toBe(3);
  });

  it('keeps the first century of the calendar in it', () => {
    expect(addDays('0050-01-31', 1)).toBe('0050-02-01');
    expect(monthEnd('0099-02-10')).toBe('0099-02-28');
    expect(addMonths('0001-01-31', 1)).toBe('0001-02-28');
  });

  it('refuses what is not an ISO day', () => {
    expect(() => addDays('2025-1-1', 1)).toThrow();
  });
});
