import { MAIL_DEFAULTS } from "../../../client/mail/protocol/constants.js";
import { defineOptions } from "../../../client/kernel/options/optionTable.js";
import { boolean, integer, number, oneOf } from "../../../client/kernel/options/rules.js";
import { storeOptions } from "../../config/storeOptions.js";
import { NETWORKS_RULE } from "../../serving/limits/networksRule.js";
import { REPLICATION_ROUND_OPTIONS } from "../../replication/options.js";
import { MAX_SYNC_ENVELOPES, MAX_SYNC_IDS } from "../sync/syncBounds.js";

/** Extra bytes a request frame may have beyond the payload and topic (field tags, query topics). */
export const FRAME_OVERHEAD_BYTES = 16_384;

/**
 * Most bytes of protobuf framing around one envelope of a push of several: its own tag and length,
 * and the tags and lengths of its fields (the timestamp and ttl varints included).
 */
export const ENVELOPE_FRAMING_BYTES = 32;

const UINT32 = 0xffff_ffff;
const RATE = number({ above: 0 });

/**
 * Every limit and tuning option of the mail service, in resolution order: the one source of their
 * defaults, validation, the `MailLimitsInit` TSDoc (limits.generated.ts) and the "Mail service
 * options" table of docs/configuration.md (both written by `npm run docs`). The limits a client
 * also checks before sending come from the protocol's `MAIL_DEFAULTS`.
 */
export const MAIL_OPTIONS = defineOptions({
  maxTopicBytes: {
    default: MAIL_DEFAULTS.maxTopicBytes,
    rule: integer(1, 65_535),
    doc: "Longest topic, in UTF-8 bytes.",
  },
  maxPayloadBytes: {
    default: MAIL_DEFAULTS.maxPayloadBytes,
    rule: integer(1, 64 * 1024 * 1024),
    doc: "Largest payload, in bytes.",
  },
  maxPushEnvelopes: {
    default: MAIL_DEFAULTS.maxPushEnvelopes,
    rule: integer(1, 4_096),
    doc:
      "Envelopes in one push of several (an outbox flush); each is still charged, checked and answered on " +
      "its own, as a push of one.",
  },
  maxPushBatchBytes: {
    default: (resolved) => (resolved.maxPayloadBytes as number) + (resolved.maxTopicBytes as number),
    defaultText: "maxPayloadBytes + maxTopicBytes",
    rule: integer(1),
    doc:
      "Topic and payload bytes of all the envelopes of one push of several together; a larger push is " +
      "refused whole (`TOO_LARGE`, limit `push-bytes`).",
  },
  maxFrameBytes: {
    default: (resolved) =>
      Math.max(
        (resolved.maxPayloadBytes as number) + (resolved.maxTopicBytes as number),
        resolved.maxPushBatchBytes as number,
      ) + FRAME_OVERHEAD_BYTES,
    defaultText: `the larger of maxPayloadBytes + maxTopicBytes and maxPushBatchBytes, + ${FRAME_OVERHEAD_BYTES}`,
    rule: integer(64),
    doc:
      "Largest request frame, in bytes; it must hold the largest envelope, and the largest push of several " +
      `with ${ENVELOPE_FRAMING_BYTES} bytes of framing per envelope.`,
  },
  maxTopicsPerQuery: {
    default: MAIL_DEFAULTS.maxTopicsPerQuery,
    rule: integer(1, 10_000),
    doc: "Topics in one query.",
  },
  listAllTopics: {
    default: false,
    rule: boolean(),
    doc:
      "Answer queries that name no topic with every topic's envelopes. Off, a node never hands out the list " +
      "of all topics, timestamps and sizes it holds (the complete metadata) to anyone who asks.",
  },
  maxPageSize: {
    default: MAIL_DEFAULTS.maxPageSize,
    rule: integer(1, UINT32),
    doc: "Largest page; larger requests are clamped.",
  },
  defaultPageSize: {
    default: (resolved) => Math.min(MAIL_DEFAULTS.defaultPageSize, resolved.maxPageSize as number),
    defaultText: `${MAIL_DEFAULTS.defaultPageSize}, or maxPageSize when that is lower`,
    rule: integer(1, UINT32),
    doc: "Page size when a query asks for 0; at most maxPageSize.",
  },
  maxResponseBytes: {
    default: MAIL_DEFAULTS.maxResponseBytes,
    rule: integer(1),
    doc: "Envelope bytes in one response page at most; it must hold the largest envelope.",
  },
  maxFutureSkewMs: {
    default: MAIL_DEFAULTS.maxFutureSkewMs,
    rule: integer(0),
    doc: "How far in the future an envelope timestamp may be, in ms.",
  },
  maxPastSkewMs: {
    default: MAIL_DEFAULTS.maxPastSkewMs,
    rule: integer(0),
    doc: "How far in the past an envelope timestamp may be, in ms.",
  },
  maxRetentionSeconds: {
    default: MAIL_DEFAULTS.maxRetentionSeconds,
    rule: integer(1, UINT32),
    doc: "Longest retention in seconds; longer (and 0) ttls are clamped to it.",
  },
  ...storeOptions("waymark_mail"),
  maxStoreBytes: {
    default: 1_073_741_824,
    rule: integer(1),
    doc: "Envelope bytes kept before the oldest are evicted.",
  },
  maxProviderShare: {
    default: 0.5,
    rule: number({ above: 0, max: 1 }),
    doc:
      "Share of a full store that the envelopes replicated by the servers of one other provider may take: " +
      "beyond it they are refused instead of evicting others, and they are evicted first.",
  },
  requestTimeoutMs: {
    default: MAIL_DEFAULTS.requestTimeoutMs,
    rule: integer(1),
    doc: "Milliseconds a peer has to send its request frame.",
  },
  sessionIdleTimeoutMs: {
    default: MAIL_DEFAULTS.sessionIdleTimeoutMs,
    rule: integer(1),
    doc:
      "Milliseconds a stream of several requests (`/waymark/mail/1.1.0`) may wait for its next request " +
      "before the node ends it.",
  },
  maxStreamsPerPeer: {
    default: 8,
    rule: integer(1, 1_024),
    doc: "Client-protocol streams one peer may have open at once.",
  },
  pushesPerSecond: { default: 20, rule: RATE, doc: "Pushes per second per peer." },
  pushBurst: { default: 40, rule: integer(1), doc: "Pushes per peer in a burst." },
  bytesPerSecond: { default: 1_048_576, rule: RATE, doc: "Payload bytes per second per peer." },
  bytesBurst: {
    default: 2_097_152,
    rule: integer(1),
    doc: "Payload bytes per peer in a burst; at least maxPayloadBytes.",
  },
  queriesPerSecond: {
    default: 10,
    rule: RATE,
    doc:
      "Queries per second per peer. A query costs `topics × pageSize / maxPageSize` of them (at least one, " +
      "at most `queryBurst`), a query of every topic as one topic.",
  },
  queryBurst: { default: 20, rule: integer(1), doc: "Queries per peer in a burst." },
  addressPushesPerSecond: {
    default: 200,
    rule: RATE,
    doc:
      "Pushes per second from one network address (an IPv4 address or an IPv6 /64), all its peer ids " +
      "together, so that minting peer ids buys no more.",
  },
  addressPushBurst: { default: 400, rule: integer(1), doc: "Pushes per network address in a burst." },
  addressBytesPerSecond: {
    default: 10_485_760,
    rule: RATE,
    doc: "Payload bytes per second per network address.",
  },
  addressBytesBurst: {
    default: 20_971_520,
    rule: integer(1),
    doc: "Payload bytes per network address in a burst; at least maxPayloadBytes.",
  },
  addressQueriesPerSecond: { default: 100, rule: RATE, doc: "Queries per second per network address." },
  addressQueryBurst: { default: 200, rule: integer(1), doc: "Queries per network address in a burst." },
  addressLimitExempt: {
    default: ["127.0.0.0/8", "::1/128"],
    rule: NETWORKS_RULE,
    doc: "IP networks (CIDR) limited per peer only, not per address: a gateway or proxy of your own.",
  },
  maxBatchSize: { default: 512, rule: integer(1), doc: "Envelopes committed in one transaction at most." },
  batchDelayMs: {
    default: 0,
    rule: integer(0),
    doc: "Milliseconds a push may wait to share a commit; 0 commits at the next event-loop turn.",
  },
  groupCommit: {
    default: true,
    rule: boolean(),
    doc: "Share one transaction (one fsync) between concurrent pushes.",
  },
  synchronous: {
    default: "full",
    rule: oneOf("full", "normal"),
    doc: "SQLite `synchronous`: `full` survives power loss, `normal` a process crash.",
  },
  expiryIntervalMs: { default: 60_000, rule: integer(1), doc: "Milliseconds between expiry sweeps." },
  antiEntropyIntervalMs: {
    default: 60_000,
    rule: integer(1),
    doc: "Milliseconds between anti-entropy rounds.",
  },
  catchUpWaitMs: {
    default: 10_000,
    rule: integer(0),
    doc: "Milliseconds the start-up catch-up waits for a registered mail server.",
  },
  peerRefreshIntervalMs: {
    default: 60_000,
    rule: integer(1),
    doc: "Milliseconds between DHT searches for other mail servers.",
  },
  heartbeatIntervalMs: {
    default: 10_000,
    rule: integer(1),
    doc: 'Milliseconds between "still running" records, which bound the range a catch-up fetches.',
  },
  clockSkewMarginMs: {
    default: 300_000,
    rule: integer(0),
    doc: "Clock difference between mail servers that catch-up allows for, in ms.",
  },
  digestBuckets: {
    default: 64,
    rule: integer(1, 4_096),
    doc: "Time slices in an anti-entropy digest.",
  },
  replicationBatchSize: {
    default: 64,
    rule: integer(1, MAX_SYNC_ENVELOPES),
    doc: "Envelopes per replication request.",
  },
  replicationQueueLimit: {
    default: 10_000,
    rule: integer(1),
    doc: "Envelopes queued per peer for replication before the oldest are dropped (anti-entropy repairs).",
  },
  listIdsPageSize: {
    default: 4_096,
    rule: integer(1, MAX_SYNC_IDS),
    doc: "Ids per anti-entropy listing.",
  },
  fetchBatchSize: {
    default: 64,
    rule: integer(1, MAX_SYNC_ENVELOPES),
    doc: "Envelopes per anti-entropy fetch.",
  },
  maxSyncFrameBytes: {
    default: 16_777_216,
    rule: integer(1_024),
    doc: "Largest node-to-node frame, in bytes; at least maxResponseBytes + 1024.",
  },
  syncTimeoutMs: { default: 30_000, rule: integer(1), doc: "Milliseconds a node-to-node request may take." },
  maxSyncStreamsPerPeer: {
    default: 8,
    rule: integer(1, 1_024),
    doc: "Node-to-node streams one registered peer may have open at once.",
  },
  syncRequestsPerSecond: { default: 100, rule: RATE, doc: "Node-to-node requests per second per peer." },
  syncRequestBurst: { default: 400, rule: integer(1), doc: "Node-to-node requests per peer in a burst." },
  syncBytesPerSecond: {
    default: 8_388_608,
    rule: RATE,
    doc: "Envelope bytes per second one peer may replicate here or fetch from here.",
  },
  syncBytesBurst: {
    default: 67_108_864,
    rule: integer(1),
    doc: "Envelope bytes per peer in a burst; at least maxResponseBytes.",
  },
  syncDigestsPerSecond: {
    default: 0.2,
    rule: RATE,
    doc: "Digests (a scan of a time range) per second per peer.",
  },
  auditMaxRangeMs: {
    default: 3_600_000,
    rule: integer(1),
    doc:
      "Widest range of envelope timestamps one audit request (a digest or an id page) covers, in ms; " +
      "wider requests are refused.",
  },
  auditMaxBuckets: { default: 4_096, rule: integer(1, 65_536), doc: "Slices one audit digest may ask for." },
  auditMaxIdsPerPage: {
    default: 4_096,
    rule: integer(1, MAX_SYNC_IDS),
    doc:
      "Ids in one audit listing page at most; larger requests are clamped. A page costs one query per " +
      "1,000 ids (at least one, at most queryBurst).",
  },
  auditDigestsPerSecond: {
    default: 1,
    rule: RATE,
    doc: "Audit digests (each a scan of a time range) per second per peer.",
  },
  auditDigestBurst: { default: 30, rule: integer(1), doc: "Audit digests per peer in a burst." },
  addressAuditDigestsPerSecond: {
    default: 4,
    rule: RATE,
    doc: "Audit digests per second per network address, all its peer ids together.",
  },
  addressAuditDigestBurst: {
    default: 60,
    rule: integer(1),
    doc: "Audit digests per network address in a burst.",
  },
  auditIntervalMs: {
    default: 0,
    rule: integer(0),
    doc:
      "Milliseconds between this node's completeness audits of its replication peers (itself included); " +
      "0: never.",
  },
  auditWindowMs: {
    default: 3_600_000,
    rule: integer(1),
    doc:
      "Widest range of envelope timestamps one periodic audit covers, in ms; each audit continues where " +
      "the last ended.",
  },
  auditSettleMs: {
    default: (resolved) => (resolved.maxPastSkewMs as number) + 60_000,
    defaultText: "maxPastSkewMs + 60000",
    rule: integer(0),
    doc:
      "How far behind now a periodic audit's range ends, in ms: an envelope may arrive dated up to " +
      "maxPastSkewMs in the past, then take a moment to replicate.",
  },
  ...REPLICATION_ROUND_OPTIONS,
});
