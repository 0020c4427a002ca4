/**
 * Completeness audits: compare what mail servers of different providers hold in a time range,
 * hash-only, and report what each lacks.
 */
export { auditServers } from "./auditServers.js";
export type { AuditServersParameters, AuditTarget } from "./auditServers.js";
export { compareSources } from "../protocol/audit/compare.js";
export type { AuditTuning } from "../protocol/audit/compare.js";
export { AUDIT_DEFAULTS } from "../protocol/audit/constants.js";
export {
  AuditBudgetExceededError,
  AuditError,
  AuditInvalidParametersError,
  AuditTooFewServersError,
} from "../protocol/audit/errors.js";
export type { AuditMissingEnvelope, AuditReport, AuditServerReport } from "../protocol/audit/report.js";
export { remoteAuditSource } from "../protocol/audit/source.js";
export type {
  AuditSource,
  RemoteAuditSourceOptions,
  SourceDigest,
  SourceIds,
} from "../protocol/audit/source.js";
export { auditTrustedServers } from "./auditTrustedServers.js";
export type { AuditContext, AuditTrustedServersParameters } from "./auditTrustedServers.js";
