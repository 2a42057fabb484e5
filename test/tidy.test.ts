import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * House rules that a linter does not check. Time and randomness come only from the clock and random
 * modules (so tests and simulations can replay), amounts are never floats, and no test is focused
 * or skipped.
 */
const ROOT = join(import.meta.dirname, '..');
const DIRS = ['src', 'test', 'bench', 'web/src', 'verifier/src'];

function files(dir: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return [];
  }
  return entries.flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory())
      return name === 'node_modules' || name === 'dist' ? [] : files(path);
    return /\.(ts|tsx)$/.test(name) ? [path] : [];
  });
}

const SOURCES = DIRS.flatMap((d) => files(join(ROOT, d))).map((path) => ({
  path: relative(ROOT, path),
  text: readFileSync(path, 'utf8'),
}));
const SELF = 'test/tidy.test.ts';

function offenders(pattern: RegExp, allowed: readonly string[]): string[] {
  return SOURCES.filter((f) => f.path !== SELF && !allowed.includes(f.path)).flatMap((f) =>
    f.text
      .split('\n')
      .flatMap((line, i) => (pattern.test(line) ? [`${f.path}:${i + 1}: ${line.trim()}`] : [])),
  );
}

describe('tidy', () => {
  it('reads the sources it polices', () => {
    expect(SOURCES.length).toBeGreaterThan(10);
  });

  it('uses Math.random only in the random module', () => {
    expect(offenders(/Math\.random\s*\(/, ['src/core/random.ts'])).toEqual([]);
  });

  it('uses Date.now only in the clock and id modules', () => {
    const clocks = ['src/core/clock.ts', 'src/core/ids.ts', 'web/src/ui/clock.ts'];
    expect(offenders(/Date\.now\s*\(/, clocks)).toEqual([]);
  });

  it('never turns an amount into a float', () => {
    const pattern =
      /(parseFloat|Number)\s*\([^)]*\b\w*(amount|Amount|units|Units|balance|Balance)\w*\b[^)]*\)/;
    expect(offenders(pattern, [])).toEqual([]);
  });

  it('reads the shared data folder only in tests and benchmarks, never in Kazna itself', () => {
    const product = SOURCES.filter(
      (f) => /^(src|web\/src|verifier\/src)\//.test(f.path) && !/\.test\.tsx?$/.test(f.path),
    );
    const reads = /KAZNA_SHARED_DATA|shared-data|shared-prices|['"/]shared['"/]/;
    const found = product.flatMap((f) =>
      f.text.split('\n').flatMap((line, i) => (reads.test(line) ? [`${f.path}:${i + 1}`] : [])),
    );
    expect(found).toEqual([]);
    expect(reads.test("join(dir, '..', 'shared', 'data')")).toBe(true);
  });

  it('has no focused or skipped tests', () => {
    expect(offenders(/\b(it|test|describe)\.(only|skip)\s*\(/, [])).toEqual([]);
  });

  it('catches what it is meant to catch', () => {
    expect(/Math\.random\s*\(/.test('const x = Math.random();')).toBe(true);
    // Built from parts, so this file's own text never contains a focused test.
    expect(/\b(it|test|describe)\.(only|skip)\s*\(/.test(['it', 'only(fn)'].join('.'))).toBe(true);
  });
});
