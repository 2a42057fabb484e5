import { describe, expect, it } from 'vitest';
import {
  cholesky,
  empiricalTail,
  maxDrawdown,
  normalQuantile,
  simpleReturns,
  stdev,
} from './stats.ts';

describe('stats', () => {
  it('normal quantiles match the tables to 1e-8', () => {
    expect(normalQuantile(0.95)).toBeCloseTo(1.6448536269514722, 8);
    expect(normalQuantile(0.99)).toBeCloseTo(2.3263478740408408, 8);
    expect(normalQuantile(0.5)).toBeCloseTo(0, 12);
    expect(normalQuantile(0.001)).toBeCloseTo(-3.090232306167813, 8);
  });

  it('the empirical tail takes the worst ceil((1 - c) n) outcomes', () => {
    const pnl = Float64Array.from({ length: 100 }, (_, i) => i - 50); // -50 … 49
    expect(empiricalTail(pnl, 0.95)).toEqual({ var: 46, cvar: 48, tailCount: 5 });
    expect(empiricalTail(pnl, 0.99)).toEqual({ var: 50, cvar: 50, tailCount: 1 });
  });

  it('drawdown, returns and deviation on a hand-checked series', () => {
    const p = Float64Array.from([100, 120, 60, 90, 130, 65]);
    expect(maxDrawdown(p)).toEqual({ depth: -0.5, peakIndex: 1, troughIndex: 2 });
    expect(Array.from(simpleReturns(Float64Array.from([100, 110, 99])))).toEqual([
      0.10000000000000009, -0.09999999999999998,
    ]);
    expect(stdev(Float64Array.from([1, 2, 3, 4]))).toBeCloseTo(Math.sqrt(5 / 3), 12);
  });

  it('Cholesky reproduces the matrix and tolerates a zero-variance factor', () => {
    const m = Float64Array.from([4, 2, 0, 2, 5, 0, 0, 0, 0]);
    const l = cholesky(m, 3);
    for (let i = 0; i < 3; i++)
      for (let j = 0; j < 3; j++) {
        let s = 0;
        for (let k = 0; k < 3; k++) s += l[i * 3 + k]! * l[j * 3 + k]!;
        expect(s).toBeCloseTo(m[i * 3 + j]!, 12);
      }
  });
});
