/**
 * The mail wire protocol shared by nodes and clients: envelopes, typed errors, limits, and the
 * low-level client that sends one request per stream.
 */
export * from "./constants.js";
export * from "./envelope.js";
export * from "./errors.js";
export { pushEnvelope } from "./pushEnvelope.js";
export type { PushEnvelopeOptions, PushEnvelopeReturnType } from "./pushEnvelope.js";
export { queryHistory, queryHistoryPages } from "./queryHistory.js";
export type {
  QueryDirection,
  QueryHistoryOptions,
  QueryHistoryParameters,
  QueryHistoryReturnType,
} from "./queryHistory.js";
export { roundTrip } from "./roundTrip.js";
export type { MailPeer, MailRequestOptions, MailStreamSource, RoundTripParameters } from "./roundTrip.js";
export { checkAuditRange, requestAuditDigest } from "./auditDigest.js";
export type { AuditBucket, AuditDigestParameters, AuditDigestReturnType, AuditRange } from "./auditDigest.js";
export { requestAuditIds } from "./auditIds.js";
export type { AuditIdsParameters, AuditIdsReturnType } from "./auditIds.js";
export { batchBytesOf, pushEnvelopes } from "./pushEnvelopes.js";
export type { PushEnvelopesOptions, PushEnvelopesResult } from "./pushEnvelopes.js";
