import { MAIL_DEFAULTS } from "../../client/mail/protocol/constants.js";

/** The libp2p service key the mail runtime is mounted under. */
export const MAIL_RUNTIME_KEY = "mail";

/** Scoped logger name of the mail service. */
export const MAIL_LOG_COMPONENT = "waymark:mail";

/** Defaults of every mail service option (see `MailServiceInit` for what each means). */
export const MAIL_SERVICE_DEFAULTS = {
  ...MAIL_DEFAULTS,
  /** Extra bytes a request frame may have beyond the payload and topic (field tags, query topics). */
  frameOverheadBytes: 16_384,
  /** Total envelope bytes kept before the oldest are evicted (1 GiB). */
  maxStoreBytes: 1_073_741_824,
  /** Share of a full store the envelopes replicated by one other provider's servers may take. */
  maxProviderShare: 0.5,
  /** Queries naming no topic list every topic: off, so that the node's metadata is not handed out. */
  listAllTopics: false,
  /** Client-protocol streams one peer may have open at once. */
  maxStreamsPerPeer: 8,
  /** Pushes per second per peer (token bucket refill). */
  pushesPerSecond: 20,
  /** Pushes a peer may make in a burst (bucket size). */
  pushBurst: 40,
  /** Payload bytes per second per peer. */
  bytesPerSecond: 1_048_576,
  /** Payload bytes a peer may push in a burst; at least `maxPayloadBytes`. */
  bytesBurst: 2_097_152,
  /** Queries per second per peer. */
  queriesPerSecond: 10,
  /** Queries a peer may make in a burst. */
  queryBurst: 20,
  /** Pushes per second from one network address (IPv4 address or IPv6 /64), all its peers together. */
  addressPushesPerSecond: 200,
  /** Pushes one network address may make in a burst. */
  addressPushBurst: 400,
  /** Payload bytes per second from one network address. */
  addressBytesPerSecond: 10_485_760,
  /** Payload bytes one network address may push in a burst; at least `maxPayloadBytes`. */
  addressBytesBurst: 20_971_520,
  /** Queries per second from one network address. */
  addressQueriesPerSecond: 100,
  /** Queries one network address may make in a burst. */
  addressQueryBurst: 200,
  /** Networks limited per peer only, not per address (loopback: local tools, tests, benchmarks). */
  addressLimitExempt: ["127.0.0.0/8", "::1/128"] as readonly string[],
  /** Envelopes committed together at most. */
  maxBatchSize: 512,
  /** Milliseconds a push may wait for others to share its commit; 0 commits at the next turn. */
  batchDelayMs: 0,
  /** Group commits: many pushes share one transaction and one fsync. */
  groupCommit: true,
  /** SQLite `synchronous` mode: `full` survives power loss, `normal` survives a process crash. */
  synchronous: "full",
  /** Milliseconds between expiry sweeps. */
  expiryIntervalMs: 60_000,
  /** Milliseconds between anti-entropy rounds with a random registered mail server. */
  antiEntropyIntervalMs: 60_000,
  /** Milliseconds the start-up catch-up waits for a registered mail server to appear. */
  catchUpWaitMs: 10_000,
  /** Milliseconds between searches of the DHT for other mail servers. */
  peerRefreshIntervalMs: 60_000,
  /** Milliseconds between records of "still running", from which catch-up knows what it missed. */
  heartbeatIntervalMs: 10_000,
  /** Milliseconds of clock difference between mail servers that catch-up allows for. */
  clockSkewMarginMs: 300_000,
  /** Time slices of an anti-entropy digest. */
  digestBuckets: 64,
  /** Envelopes forwarded to a peer in one replication request. */
  replicationBatchSize: 64,
  /** Envelopes waiting to be forwarded to one peer before the oldest are dropped (anti-entropy repairs). */
  replicationQueueLimit: 10_000,
  /** Ids listed per anti-entropy request. */
  listIdsPageSize: 4_096,
  /** Ids fetched per anti-entropy request. */
  fetchBatchSize: 64,
  /** Largest node-to-node frame (16 MiB). */
  maxSyncFrameBytes: 16_777_216,
  /** Milliseconds a node-to-node request may take. */
  syncTimeoutMs: 30_000,
  /** Node-to-node streams one registered peer may have open at once. */
  maxSyncStreamsPerPeer: 8,
  /** Node-to-node requests per second per peer. */
  syncRequestsPerSecond: 100,
  /** Node-to-node requests one peer may make in a burst. */
  syncRequestBurst: 400,
  /** Envelope bytes per second a peer may replicate here or fetch from here (8 MiB). */
  syncBytesPerSecond: 8_388_608,
  /** Envelope bytes a peer may move in a burst (64 MiB); at least `maxResponseBytes`. */
  syncBytesBurst: 67_108_864,
  /** Digests per second per peer (each scans a time range of the store). */
  syncDigestsPerSecond: 0.2,
  /** Digests one peer may ask for in a burst. */
  syncDigestBurst: 4,
  /** Node-to-node streams per second from one address by peers not yet known to be replication peers. */
  syncAdmissionsPerSecond: 10,
  /** Such streams one address may open in a burst. */
  syncAdmissionBurst: 40,
  /** Milliseconds one catch-up or anti-entropy round with one peer may take. */
  syncRoundTimeoutMs: 120_000,
  /** Id listings one catch-up or anti-entropy round may request. */
  syncMaxPages: 1_024,
  /** Milliseconds the whole start-up catch-up may take before the node announces anyway. */
  catchUpTimeoutMs: 300_000,
} as const;
