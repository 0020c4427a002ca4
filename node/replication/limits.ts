/**
 * The limits the replication core runs under, each a field of the kind's own option table (mail:
 * its `mail` options, which carry these names), so an operator tunes every kind the same way.
 */
export interface ReplicationLimits {
  /** Milliseconds between searches for peers in the DHT. */
  peerRefreshIntervalMs: number;
  /** Milliseconds between anti-entropy rounds. */
  antiEntropyIntervalMs: number;
  /** Milliseconds between records of "running and in sync" (the next catch-up starts there). */
  heartbeatIntervalMs: number;
  /** Longest the start-up catch-up may take in all, in ms; the node then announces anyway. */
  catchUpTimeoutMs: number;
  /** Longest catch-up waits for a first replication peer, in ms. */
  catchUpWaitMs: number;
  /** Longest one catch-up or anti-entropy round with one peer may take, in ms. */
  syncRoundTimeoutMs: number;
  /** Longest one node-to-node request may take, in ms. */
  syncTimeoutMs: number;
  /** Largest node-to-node answer frame accepted, in bytes. */
  maxSyncFrameBytes: number;
  /** Items per forwarding request. */
  replicationBatchSize: number;
  /** Item bytes per forwarding request (at least one item is sent). */
  maxResponseBytes: number;
  /** Items queued per peer before the oldest are dropped (anti-entropy repairs them). */
  replicationQueueLimit: number;
  /** Slices in a digest. */
  digestBuckets: number;
  /** Ids asked for per listing page. */
  listIdsPageSize: number;
  /** Items asked for per fetch. */
  fetchBatchSize: number;
  /** Listing pages one round may request. */
  syncMaxPages: number;
}
