import { z } from 'zod';

/**
 * What the console's routes answer: the person's tasks and the directory of names. The routes
 * serialize through these schemas and the web app's session parses with them.
 */
const organisation = z.object({ id: z.string(), code: z.string(), name: z.string() });
const person = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  roles: z.array(z.string()),
  organisation: organisation.nullable(),
});
/** GET /me/tasks */
export const MyTasksJson = z.object({
  person,
  approvals: z.array(
    z.object({ id: z.string(), kind: z.string(), createdAt: z.string(), expiresAt: z.string() }),
  ),
  handoffs: z.array(
    z.object({
      id: z.string(),
      lotCount: z.number(),
      fromOrganisationId: z.string(),
      toOrganisationId: z.string(),
      at: z.string(),
    }),
  ),
  riskAlerts: z.array(
    z.object({ id: z.string(), kind: z.string(), subject: z.string(), day: z.string() }),
  ),
  complianceAlerts: z.array(
    z.object({ id: z.string(), address: z.string(), raisedAt: z.string() }),
  ),
  claims: z.array(z.object({ id: z.string(), claimantRef: z.string(), caseId: z.string() })),
  reports: z.array(z.object({ period: z.string() })),
});
export type MyTasks = z.infer<typeof MyTasksJson>;

/** GET /directory */
export const DirectoryJson = z.object({
  people: z.array(
    z.object({ id: z.string(), displayName: z.string(), organisationId: z.string().nullable() }),
  ),
  organisations: z.array(organisation),
});
