/**
 * The replication core every kind of server shares: a kind implements a {@link ReplicationAdapter}
 * and a {@link ReplicationTransport} on its own node-to-node wire, runs a {@link Replicator}
 * (peers, forwarding, catch-up, anti-entropy) and serves its node-to-node requests through
 * {@link admitPeer}, a {@link SyncDispatcher} and a {@link ReplicationServer}.
 */
export type * from "./adapter.js";
export { admitPeer } from "./admission.js";
export type { AdmitPeerInit } from "./admission.js";
export { compareBytes } from "./compareBytes.js";
export { decodeSyncFrame } from "./decodeSyncFrame.js";
export type { DecodeSyncFrameInit, SyncFrameCodec } from "./decodeSyncFrame.js";
export type { ForwarderStats } from "./forwarder.js";
export type { ReplicationLimits } from "./limits.js";
export { originOf } from "./origin.js";
export type { AllowedPeer } from "./peers.js";
export type { SyncQuotas } from "./quotas.js";
export type { ReconcileResult } from "./reconcile.js";
export { Replicator } from "./replicator.js";
export type { CatchUpStatus, ReplicationStatus, ReplicatorInit } from "./replicator.js";
export { ReplicationServer } from "./server.js";
export type { ReplicateOutcome, ReplicationServerInit } from "./server.js";
export { SyncDispatcher } from "./syncDispatcher.js";
export type { SyncDispatcherInit, SyncKind, SyncKindHandler, SyncUnion } from "./syncDispatcher.js";
export type { SyncReason } from "./syncReason.js";
export { SyncLimits } from "./syncLimits.js";
export type { SyncLimitOptions } from "./syncLimits.js";
