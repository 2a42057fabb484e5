import { GOVERNANCE_DEMO_STEP } from './governance.ts';
import { appendAudit } from '../audit/append.ts';
import type { Kazna } from '../kazna.ts';
import type { DemoStep } from './step.ts';
import { SEIZURES_DEMO_STEP } from './seizures.ts';
import { RESERVE_DEMO_STEP } from './reserve.ts';
import { TRANSPARENCY_DEMO_STEP } from './transparency.ts';
import { MARKET_DEMO_STEP, RISK_DEMO_STEP } from './risk.ts';
import { DISPOSAL_DEMO_STEP } from './disposal.ts';
import { RESERVE_MANAGERS_DEMO_STEP } from './managers.ts';

/**
 * The demo: the Kazakhstan reference case (DOMAIN.md), loaded on first start with an empty database.
 * Each step runs once, in its own transaction, and records itself in `demo_steps`, so a restart never
 * loads anything twice and a newer Kazna can add steps to an older data folder.
 * The demo's market data is generated, never read from outside the repository.
 */
export const DEMO_STEPS: readonly DemoStep[] = [
  GOVERNANCE_DEMO_STEP,
  SEIZURES_DEMO_STEP,
  RESERVE_DEMO_STEP,
  MARKET_DEMO_STEP,
  // After the prices and the forfeited lots (seizures) it values and contributes.
  RESERVE_MANAGERS_DEMO_STEP,
  // After the seizures (its own forfeited lots), the allocation (the FX account) and the prices.
  DISPOSAL_DEMO_STEP,
  // After everything the reserve holds is booked: it values the reserve's own holdings.
  RISK_DEMO_STEP,
  // Last: it signs and publishes what every step before it booked.
  TRANSPARENCY_DEMO_STEP,
];

export interface DemoReport {
  readonly loaded: readonly string[];
  readonly skipped: readonly string[];
}

export async function loadDemo(
  kazna: Kazna,
  onProgress: (line: string) => void,
): Promise<DemoReport> {
  const loaded: string[] = [];
  const skipped: string[] = [];
  for (const step of DEMO_STEPS) {
    const rows = await kazna.db.query('SELECT 1 FROM demo_steps WHERE name = $1', [step.name]);
    if (rows.length > 0) {
      skipped.push(step.name);
      continue;
    }
    onProgress(`demo: ${step.describe}`);
    await step.run(kazna);
    await recordStep(kazna, step.name);
    loaded.push(step.name);
  }
  return { loaded, skipped };
}

/** The log says which data is the demo's: each step that loaded is an entry of its own. */
async function recordStep(kazna: Kazna, name: string): Promise<void> {
  await kazna.db.write(async (tx) => {
    const [done] = await tx.query(
      'INSERT INTO demo_steps (name, loaded_at) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING name',
      [name, kazna.clock.now()],
    );
    if (done === undefined) return;
    await appendAudit(tx, kazna.clock, {
      actor: 'demo',
      action: 'demo.step.loaded',
      subjects: [`demo_step:${name}`],
      payload: { step: name },
    });
  });
}
