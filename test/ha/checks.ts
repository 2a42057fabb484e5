/** The run's verdicts: each check prints a line, and `finish` the closing `N passed, N failed`. */
export interface Checks {
  check(name: string, ok: boolean, detail?: string): void;
  fail(name: string, detail: string): void;
  finish(): number;
}

export function checks(log: (line: string) => void): Checks {
  let passed = 0;
  let failed = 0;
  const check = (name: string, ok: boolean, detail = ''): void => {
    if (ok) passed++;
    else failed++;
    log(`${ok ? 'PASS' : 'FAIL'} ${name}${detail === '' ? '' : `: ${detail}`}`);
  };
  return {
    check,
    fail: (name, detail) => {
      check(name, false, detail);
    },
    finish: () => {
      process.stdout.write(`${String(passed)} passed, ${String(failed)} failed\n`);
      return failed === 0 ? 0 : 1;
    },
  };
}
