import { z } from 'zod';

/**
 * The court order a decision rests on: its reference, date, and the SHA-256 of its document (hashed
 * where it was uploaded, only the hash and name travel). Defaults keep requests made before orders
 * carried their date and document readable.
 */
export const COURT_ORDER_FIELDS = {
  courtOrderRef: z.string().max(200).nullable().default(null),
  courtOrderDate: z.iso.date().nullable().default(null),
  courtOrderSha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .nullable()
    .default(null),
  courtOrderName: z.string().min(1).max(200).nullable().default(null),
};
