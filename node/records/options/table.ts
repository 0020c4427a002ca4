import { defineOptions } from "../../../client/kernel/options/optionTable.js";
import { boolean, integer, number, oneOf } from "../../../client/kernel/options/rules.js";
import { RECORDS_DEFAULTS } from "../../../client/records/protocol/constants.js";
import { storeOptions } from "../../config/storeOptions.js";
import { NETWORKS_RULE } from "../../serving/limits/networksRule.js";
import { REPLICATION_ROUND_OPTIONS } from "../../replication/options.js";
import { MAX_SYNC_IDS, MAX_SYNC_RECORDS } from "../sync/constants.js";

/** Bytes a put frame holds beyond the name and the value: owner, signature, numbers, field tags. */
export const RECORD_FRAME_OVERHEAD_BYTES = 1_024;

const RATE = number({ above: 0 });

/**
 * Every limit and tuning option of the records service, in resolution order: the one source of
 * their defaults, validation, the `RecordsLimitsInit` TSDoc (limits.generated.ts) and the "Records
 * service options" table of docs/configuration.md (both written by `npm run docs`). The limits a
 * client also checks before sending come from the protocol's `RECORDS_DEFAULTS`. The replication
 * options carry the names of mail's (the replication core's `ReplicationLimits` and
 * `SyncLimitOptions`), so an operator tunes every kind of server the same way.
 */
export const RECORDS_OPTIONS = defineOptions({
  maxNameBytes: {
    default: RECORDS_DEFAULTS.maxNameBytes,
    rule: integer(1, RECORDS_DEFAULTS.maxNameBytes),
    doc: "Longest record name, in bytes.",
  },
  maxValueBytes: {
    default: RECORDS_DEFAULTS.maxValueBytes,
    rule: integer(0, 524_288),
    doc: "Largest record value, in bytes.",
  },
  maxLifetimeSeconds: {
    default: RECORDS_DEFAULTS.maxLifetimeSeconds,
    rule: integer(1),
    doc: "Longest time ahead a record's expiry may be, in seconds; records that expire later are refused.",
  },
  maxFrameBytes: {
    default: (resolved) =>
      (resolved.maxValueBytes as number) + (resolved.maxNameBytes as number) + RECORD_FRAME_OVERHEAD_BYTES,
    defaultText: `maxValueBytes + maxNameBytes + ${RECORD_FRAME_OVERHEAD_BYTES}`,
    rule: integer(64),
    doc: "Largest request frame, in bytes; it must hold the largest record.",
  },
  maxRecordsPerOwner: {
    default: 100,
    rule: integer(1),
    doc: "Records (tombstones included) one owner address may have on this node.",
  },
  maxBytesPerOwner: {
    default: 262_144,
    rule: integer(1),
    doc: "Name and value bytes one owner address may have on this node; at least maxNameBytes + maxValueBytes.",
  },
  ...storeOptions("waymark_records"),
  groupCommit: {
    default: true,
    rule: boolean(),
    doc:
      "PostgreSQL store: share one transaction (one commit) between the puts that arrive while one commits; " +
      "each is acknowledged after that commit. The SQLite store commits each put on its own.",
  },
  maxBatchSize: {
    default: 256,
    rule: integer(1, 10_000),
    doc: "PostgreSQL store: puts committed in one transaction at most.",
  },
  maxStoreBytes: {
    default: 1_073_741_824,
    rule: integer(1),
    doc: "Capacity of the store, in bytes: names, values and a fixed 128-byte cost per record.",
  },
  putsPerSecondPerPeer: { default: 10, rule: RATE, doc: "Puts per second per peer." },
  putBurstPerPeer: { default: 20, rule: integer(1), doc: "Puts per peer in a burst." },
  putsPerSecondPerOwner: {
    default: 1,
    rule: RATE,
    doc: "Puts per second per owner address, whichever peers send them.",
  },
  putBurstPerOwner: { default: 10, rule: integer(1), doc: "Puts per owner address in a burst." },
  readsPerSecondPerPeer: { default: 50, rule: RATE, doc: "Gets and lists per second per peer." },
  readBurstPerPeer: { default: 100, rule: integer(1), doc: "Gets and lists per peer in a burst." },
  putsPerSecondPerAddress: {
    default: 100,
    rule: RATE,
    doc:
      "Puts per second from one network address (an IPv4 address or an IPv6 /64), all its peer ids together, " +
      "so that minting peer ids buys no more.",
  },
  putBurstPerAddress: { default: 200, rule: integer(1), doc: "Puts per network address in a burst." },
  readsPerSecondPerAddress: {
    default: 500,
    rule: RATE,
    doc: "Gets and lists per second from one network address.",
  },
  readBurstPerAddress: {
    default: 1_000,
    rule: integer(1),
    doc: "Gets and lists per network address in a burst.",
  },
  addressLimitExempt: {
    default: ["127.0.0.0/8", "::1/128"],
    rule: NETWORKS_RULE,
    doc: "IP networks (CIDR) limited per peer only, not per address: a gateway or proxy of your own.",
  },
  maxStreamsPerPeer: {
    default: 8,
    rule: integer(1, 1_024),
    doc: "Records streams one peer may have open at once.",
  },
  maxListPageSize: {
    default: RECORDS_DEFAULTS.maxListPageSize,
    rule: integer(1, 1_000),
    doc: "Largest list page; larger requests are clamped.",
  },
  defaultListPageSize: {
    default: (resolved) => Math.min(RECORDS_DEFAULTS.defaultListPageSize, resolved.maxListPageSize as number),
    defaultText: `${RECORDS_DEFAULTS.defaultListPageSize}, or maxListPageSize when that is lower`,
    rule: integer(1, 1_000),
    doc: "Names in a list page when the request asks for 0; at most maxListPageSize.",
  },
  requestTimeoutMs: {
    default: RECORDS_DEFAULTS.requestTimeoutMs,
    rule: integer(1),
    doc: "Milliseconds a peer has to send its request frame, and the node to answer.",
  },
  sessionIdleTimeoutMs: {
    default: RECORDS_DEFAULTS.sessionIdleTimeoutMs,
    rule: integer(1),
    doc:
      "Milliseconds a stream of several requests (`/waymark/records/1.1.0`) may wait for its next request " +
      "before the node ends it.",
  },
  sweepIntervalMs: {
    default: 60_000,
    rule: integer(1),
    doc: "Milliseconds between sweeps that delete expired records and tombstones.",
  },
  synchronous: {
    default: "full",
    rule: oneOf("full", "normal"),
    doc: "SQLite `synchronous`: `full` survives power loss, `normal` a process crash.",
  },
  antiEntropyIntervalMs: {
    default: 60_000,
    rule: integer(1),
    doc: "Milliseconds between anti-entropy rounds with a random records server.",
  },
  catchUpWaitMs: {
    default: 10_000,
    rule: integer(0),
    doc: "Milliseconds the start-up catch-up waits for a registered records server before the node announces anyway.",
  },
  peerRefreshIntervalMs: {
    default: 60_000,
    rule: integer(1),
    doc: "Milliseconds between DHT searches for other records servers.",
  },
  heartbeatIntervalMs: {
    default: 10_000,
    rule: integer(1),
    doc: 'Milliseconds between "still running and in sync" records in the store.',
  },
  digestBuckets: {
    default: 64,
    rule: integer(1, 4_096),
    doc: "Slices of the key space in an anti-entropy digest.",
  },
  replicationBatchSize: {
    default: 64,
    rule: integer(1, MAX_SYNC_RECORDS),
    doc: "Records per replication request.",
  },
  replicationQueueLimit: {
    default: 10_000,
    rule: integer(1),
    doc: "Records queued per peer for replication before the oldest are dropped (anti-entropy repairs them).",
  },
  listIdsPageSize: {
    default: 4_096,
    rule: integer(1, MAX_SYNC_IDS),
    doc: "Record ids per anti-entropy listing.",
  },
  fetchBatchSize: {
    default: 64,
    rule: integer(1, MAX_SYNC_RECORDS),
    doc: "Records per anti-entropy fetch.",
  },
  maxResponseBytes: {
    default: 1_048_576,
    rule: integer(1),
    doc: "Record bytes in one replication request or fetch answer at most; at least maxNameBytes + maxValueBytes + 256.",
  },
  maxSyncFrameBytes: {
    default: 4_194_304,
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
    default: 1_048_576,
    rule: RATE,
    doc: "Record bytes (names and values) per second one peer may replicate here or fetch from here.",
  },
  syncBytesBurst: {
    default: 8_388_608,
    rule: integer(1),
    doc: "Record bytes per peer in a burst; at least maxResponseBytes.",
  },
  syncDigestsPerSecond: {
    default: 0.2,
    rule: RATE,
    doc: "Digests (a scan of a range of the key space) per second per peer.",
  },
  ...REPLICATION_ROUND_OPTIONS,
});
