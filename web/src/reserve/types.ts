import type { z } from 'zod';
import type {
  AllocationLineJson,
  FlowRowJson,
  PolicyVersionJson,
  ReserveAllocationJson,
  ReserveManagers2Json,
  ReservePerformanceJson,
} from '../../../src/reserve/answers.ts';

/**
 * The reserve API's replies as the pages read them: each type is the server's answer schema's, and
 * the pages fetch with that schema, so a body is parsed, not assumed. Money is a decimal string of
 * base units (USD cents) unless a field says otherwise.
 */
export const BUCKETS = ['gold', 'fx', 'hedge_funds', 'venture_funds'] as const;
export type Bucket = (typeof BUCKETS)[number];

export type AllocationLine = z.output<typeof AllocationLineJson>;
export type Allocation = z.output<typeof ReserveAllocationJson>;
export type PolicyVersion = z.output<typeof PolicyVersionJson>;
export type ManagerView = z.output<typeof ReserveManagers2Json>;
export type ManagerKind = ManagerView['manager']['kind'];
export type PerformanceRow = z.output<typeof ReservePerformanceJson>['managers'][number];
export type Flow = z.output<typeof FlowRowJson>;
