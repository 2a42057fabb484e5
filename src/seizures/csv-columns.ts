/**
 * The columns of a CSV file of lots (`kazna cases import`, and the console's intake page, which
 * shows them), in their order. Pure, so the web app documents the same columns the server reads.
 */
export const CSV_HEADER = [
  'agency',
  'case_number',
  'court',
  'seized_on',
  'asset',
  'chain',
  'amount',
  'addresses',
  'txids',
  'evidence_sha256',
  'custody_kind',
  'custody_ref',
] as const;
