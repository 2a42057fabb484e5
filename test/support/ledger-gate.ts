import { ok } from '../../src/core/result.ts';
import type { MovementGate } from '../../src/ledger/service.ts';

/**
 * For tests and benchmarks of the ledger alone, without governance: every movement is cleared by a
 * rule that names itself as a test's. The real gate (`src/governance/movements.ts`) is what
 * `assemble` wires, and its own tests exercise the policy.
 */
export const clearEveryMovement: MovementGate = (_tx, movements) =>
  Promise.resolve(ok(movements.map(() => 'policy:test/ledger-alone')));
