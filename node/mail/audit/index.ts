/** A mail node's periodic completeness audit of its replication peers, and its metrics. */
export { MailAuditFailedError } from "./errors.js";
export { registerMailAuditMetrics } from "./metrics.js";
export { IDLE_AUDIT_STATUS, MailPeerAuditor } from "./peerAuditor.js";
export type { AuditedPeer, MailAuditStatus, MailPeerAuditorInit } from "./peerAuditor.js";
export { storeAuditSource } from "./storeSource.js";
