import type { Kazna } from '../kazna.ts';

/**
 * One step of the demo, run once on the assembled app. In a file of its own so the steps, which
 * demo.ts lists, do not import demo.ts back.
 */
export interface DemoStep {
  readonly name: string;
  readonly describe: string;
  run(kazna: Kazna): Promise<void>;
}
