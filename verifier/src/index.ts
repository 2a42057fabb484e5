/**
 * @kazna/verifier: check a Kazna audit log without trusting the Kazna server. Pure functions only,
 * so the same code runs in Node, in a browser, and inside the server's own `kazna audit verify`.
 */
export {
  consistencyProof,
  inclusionProof,
  leafHash,
  merkleWith,
  nodeHash,
  rootFromLeafHashes,
  verifyConsistency,
  verifyInclusion,
  type Hasher,
} from './merkle.ts';
export { canonicalBytes, canonicalize } from './canonical.ts';
export { keyIdOf, verifyEd25519, verifySignedJson } from './signature.ts';
export { equalBytes, fromHex, toHex } from './hex.ts';
export {
  AUDIT_ACTIONS,
  checkpointBody,
  checkpointMessage,
  cosignatureMessage,
  isSignedCheckpoint,
  keyRotationMessage,
  LOG_ORIGIN,
  type CheckpointBody,
  type SignedCheckpoint,
} from './formats.ts';
export {
  BUNDLE_FORMAT,
  bundleProblems,
  verifyBundle,
  verifyCheckpoint,
  verifyProofDocument,
  type Bundle,
  type ConsistencyProofDocument,
  type InclusionProofDocument,
} from './bundle.ts';
export {
  checkpointText,
  cosignatureV1Message,
  formatVerifierKey,
  noteKeyId,
  noteVerifier,
  parseCheckpointText,
  parseNote,
  parseVerifierKey,
  verifyCheckpointNote,
  verifyNoteSignature,
  type Checkpoint,
  type Note,
  type NoteVerifier,
} from './note.ts';
export { decodeBundle, encodeBundle, parseTilePath, rootFromTiles, tilePath } from './tiles.ts';
export {
  checkLeavesInTiles,
  verifyTiledLog,
  type TileFetch,
  type TiledLogOptions,
  type TiledLogReport,
} from './tiled-log.ts';
export { createLogChecker, parseEntry, type LogChecker, type CheckerOptions } from './checker.ts';
export { fromBase64url, signatureFindings, toBase64url, webauthnProblem } from './evidence.ts';
export { findingOf, withFindings, type Finding, type FindingCode, type Report } from './report.ts';
export {
  isAmount,
  sumLeafNode,
  sumNode,
  sumNodeJson,
  sumProofProblem,
  sumTreeProof,
  sumTreeRoot,
  type SumLeaf,
  type SumNode,
  type SumProofStep,
} from './sumtree.ts';
export {
  claimantCommitment,
  isPorDocument,
  lotCommitment,
  porMessage,
  POR_FORMAT,
  POR_FORMATS,
  POR_SIDES,
  recordIdsIn,
  sha256Json,
  verifyClaimProof,
  verifyPorDocument,
  type Check,
  type ClaimProofDocument,
  type PorBody,
  type PorDocument,
  type PorSide,
  type PorTree,
  type SignatureBlock,
} from './por.ts';
export {
  isLotReceipt,
  verifyLotReceipt,
  type LotReceipt,
  type LotReceiptLeaf,
} from './receipts.ts';
export {
  REPORT_BUNDLE_FORMAT,
  REPORT_FORMAT,
  REPORT_FORMATS,
  REPORT_KEY_ACTION,
  reportMessage,
  reportStatement,
  verifyReportBundle,
  verifyReportBundleText,
  type AuditRef,
  type ReportBody,
  type ReportBundle,
  type ReportCheck,
  type ReportFigure,
  type ReportStatement,
} from './reports.ts';
