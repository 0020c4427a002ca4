import type { PeerId } from "@libp2p/interface";
import type { CID } from "multiformats/cid";

import type { PeerPolicyCheck } from "../services/types.js";
import { MAIL_SERVICE_DEFAULTS } from "./constants.js";
import { MailOptionError } from "./errors.js";
import { AddressExemptions } from "./limits/networkAddress.js";
import type { SyncReason } from "./replication/syncReason.js";
import { MAX_SYNC_ENVELOPES, MAX_SYNC_IDS } from "./sync/syncBounds.js";
import type { MailStore } from "./store/types.js";

/** Limits and tuning of the mail service; every field is optional and has the default shown. */
export interface MailLimitsInit {
  /** Longest topic, in UTF-8 bytes. @default 256 */
  maxTopicBytes?: number | undefined;
  /** Largest payload, in bytes. @default 65536 */
  maxPayloadBytes?: number | undefined;
  /** Largest request frame, in bytes. @default maxPayloadBytes + maxTopicBytes + 16384 */
  maxFrameBytes?: number | undefined;
  /** Topics in one query. @default 32 */
  maxTopicsPerQuery?: number | undefined;
  /**
   * Answer queries that name no topic with every topic's envelopes. Off, a node never hands out
   * the list of all topics, timestamps and sizes it holds (the complete metadata) to anyone who
   * asks. @default false
   */
  listAllTopics?: boolean | undefined;
  /** Page size when a query asks for 0. @default 50, or maxPageSize when that is lower */
  defaultPageSize?: number | undefined;
  /** Largest page; larger requests are clamped. @default 100 */
  maxPageSize?: number | undefined;
  /** Envelope bytes in one response page at most. @default 4194304 */
  maxResponseBytes?: number | undefined;
  /** How far in the future an envelope timestamp may be, in ms. @default 120000 */
  maxFutureSkewMs?: number | undefined;
  /** How far in the past an envelope timestamp may be, in ms. @default 3600000 */
  maxPastSkewMs?: number | undefined;
  /** Longest retention in seconds; longer (and 0) ttls are clamped to it. @default 2592000 */
  maxRetentionSeconds?: number | undefined;
  /** Envelope bytes kept before the oldest are evicted. @default 1073741824 */
  maxStoreBytes?: number | undefined;
  /**
   * Share of a full store that the envelopes replicated by the servers of one other provider may
   * take: beyond it they are refused instead of evicting others, and they are evicted first.
   * @default 0.5
   */
  maxProviderShare?: number | undefined;
  /** Milliseconds a peer has to send its request frame. @default 10000 */
  requestTimeoutMs?: number | undefined;
  /** Client-protocol streams one peer may have open at once. @default 8 */
  maxStreamsPerPeer?: number | undefined;
  /** Pushes per second per peer. @default 20 */
  pushesPerSecond?: number | undefined;
  /** Pushes per peer in a burst. @default 40 */
  pushBurst?: number | undefined;
  /** Payload bytes per second per peer. @default 1048576 */
  bytesPerSecond?: number | undefined;
  /** Payload bytes per peer in a burst; at least maxPayloadBytes. @default 2097152 */
  bytesBurst?: number | undefined;
  /**
   * Queries per second per peer. A query costs `topics × pageSize / maxPageSize` of them (at least
   * one, at most `queryBurst`), a query of every topic as one topic. @default 10
   */
  queriesPerSecond?: number | undefined;
  /** Queries per peer in a burst. @default 20 */
  queryBurst?: number | undefined;
  /**
   * Pushes per second from one network address (an IPv4 address or an IPv6 /64), all its peer ids
   * together, so that minting peer ids buys no more. @default 200
   */
  addressPushesPerSecond?: number | undefined;
  /** Pushes per network address in a burst. @default 400 */
  addressPushBurst?: number | undefined;
  /** Payload bytes per second per network address. @default 10485760 */
  addressBytesPerSecond?: number | undefined;
  /** Payload bytes per network address in a burst; at least maxPayloadBytes. @default 20971520 */
  addressBytesBurst?: number | undefined;
  /** Queries per second per network address. @default 100 */
  addressQueriesPerSecond?: number | undefined;
  /** Queries per network address in a burst. @default 200 */
  addressQueryBurst?: number | undefined;
  /**
   * IP networks (CIDR) limited per peer only, not per address: a gateway or proxy of your own.
   * @default ["127.0.0.0/8", "::1/128"]
   */
  addressLimitExempt?: readonly string[] | undefined;
  /** Envelopes committed in one transaction at most. @default 512 */
  maxBatchSize?: number | undefined;
  /** Milliseconds a push may wait to share a commit; 0 commits at the next event-loop turn. @default 0 */
  batchDelayMs?: number | undefined;
  /** Share one transaction (one fsync) between concurrent pushes. @default true */
  groupCommit?: boolean | undefined;
  /** SQLite `synchronous`: `full` survives power loss, `normal` a process crash. @default "full" */
  synchronous?: "full" | "normal" | undefined;
  /** Milliseconds between expiry sweeps. @default 60000 */
  expiryIntervalMs?: number | undefined;
  /** Milliseconds between anti-entropy rounds. @default 60000 */
  antiEntropyIntervalMs?: number | undefined;
  /** Milliseconds the start-up catch-up waits for a registered mail server. @default 10000 */
  catchUpWaitMs?: number | undefined;
  /** Milliseconds between DHT searches for other mail servers. @default 60000 */
  peerRefreshIntervalMs?: number | undefined;
  /** Milliseconds between "still running" records used by catch-up. @default 10000 */
  heartbeatIntervalMs?: number | undefined;
  /** Clock difference between mail servers that catch-up allows for, in ms. @default 300000 */
  clockSkewMarginMs?: number | undefined;
  /** Time slices in an anti-entropy digest. @default 64 */
  digestBuckets?: number | undefined;
  /** Envelopes per replication request. @default 64 */
  replicationBatchSize?: number | undefined;
  /** Envelopes queued per peer for replication before the oldest are dropped. @default 10000 */
  replicationQueueLimit?: number | undefined;
  /** Ids per anti-entropy listing. @default 4096 */
  listIdsPageSize?: number | undefined;
  /** Envelopes per anti-entropy fetch. @default 64 */
  fetchBatchSize?: number | undefined;
  /** Largest node-to-node frame, in bytes. @default 16777216 */
  maxSyncFrameBytes?: number | undefined;
  /** Milliseconds a node-to-node request may take. @default 30000 */
  syncTimeoutMs?: number | undefined;
  /** Node-to-node streams one registered peer may have open at once. @default 8 */
  maxSyncStreamsPerPeer?: number | undefined;
  /** Node-to-node requests per second per peer. @default 100 */
  syncRequestsPerSecond?: number | undefined;
  /** Node-to-node requests per peer in a burst. @default 400 */
  syncRequestBurst?: number | undefined;
  /** Envelope bytes per second one peer may replicate here or fetch from here. @default 8388608 */
  syncBytesPerSecond?: number | undefined;
  /** Envelope bytes per peer in a burst; at least `maxResponseBytes`. @default 67108864 */
  syncBytesBurst?: number | undefined;
  /** Digests (a scan of a time range) per second per peer. @default 0.2 */
  syncDigestsPerSecond?: number | undefined;
  /** Digests per peer in a burst. @default 4 */
  syncDigestBurst?: number | undefined;
  /**
   * Node-to-node streams per second from one network address by peers not yet known to be
   * replication peers: the registry is asked about such a peer only within this limit. @default 10
   */
  syncAdmissionsPerSecond?: number | undefined;
  /** Such streams per network address in a burst. @default 40 */
  syncAdmissionBurst?: number | undefined;
  /**
   * Longest a catch-up or anti-entropy round with one peer may take, in ms; a slower one is given
   * up (catch-up then tries another peer). @default 120000
   */
  syncRoundTimeoutMs?: number | undefined;
  /** Id listings one catch-up or anti-entropy round may request. @default 1024 */
  syncMaxPages?: number | undefined;
  /** Longest the start-up catch-up may take in all, in ms; the node then announces anyway. @default 300000 */
  catchUpTimeoutMs?: number | undefined;
}

/** Options of the mail service. */
export interface MailServiceInit extends MailLimitsInit {
  /** SQLite database file. @default ":memory:" */
  path?: string | undefined;
  /** Makes the store instead of SQLite at `path` (another engine); called at every start. */
  store?: (() => MailStore) | undefined;
  /**
   * Checks peers against the node's replication policy (registered for the same registry and
   * service, under a provider the policy admits). Replication, catch-up and anti-entropy talk only
   * to allowed peers; the answer's provider decides whose share a replicated envelope counts to.
   * @default every peer refused (no replication)
   */
  checkPeers?: PeerPolicyCheck | undefined;
  /** DHT key under which the other mail servers announce themselves; absent: connected peers only. */
  serviceKey?: CID | undefined;
  /** Clock in milliseconds since the epoch. @default Date.now */
  clock?: (() => number) | undefined;
  /**
   * Called when the store cannot write what a peer sent (a full disk, an I/O error); the peer is
   * answered `MailInternalError` naming the cause. The node daemon logs it.
   * @default nothing
   */
  onStoreError?: ((error: Error) => void) | undefined;
  /**
   * Called when a catch-up or anti-entropy round with a peer fails (a peer that misbehaved, timed
   * out or refused this node); the node goes on with other peers. The node daemon logs it.
   * @default nothing
   */
  onSyncFailed?: ((peer: PeerId | undefined, reason: SyncReason, error: Error) => void) | undefined;
}

/** The service's options with every default applied. */
export interface ResolvedMailInit {
  limits: MailLimits;
  path: string;
  store: (() => MailStore) | undefined;
  checkPeers: PeerPolicyCheck;
  serviceKey: CID | undefined;
  clock: () => number;
  onStoreError: (error: Error) => void;
  onSyncFailed: (peer: PeerId | undefined, reason: SyncReason, error: Error) => void;
}

/**
 * Applies defaults to the service options and validates them.
 *
 * @param init - The options given.
 * @returns Every option resolved.
 * @throws MailOptionError naming an invalid option.
 */
export function resolveMailInit(init: MailServiceInit): ResolvedMailInit {
  return {
    limits: resolveMailLimits(init),
    path: init.path ?? ":memory:",
    store: init.store,
    checkPeers: init.checkPeers ?? refuseAll,
    serviceKey: init.serviceKey,
    clock: init.clock ?? Date.now,
    onStoreError: init.onStoreError ?? (() => undefined),
    onSyncFailed: init.onSyncFailed ?? (() => undefined),
  };
}

/** The peer check of a service given none: nobody is a replication peer. */
const refuseAll: PeerPolicyCheck = (peers) =>
  Promise.resolve(
    peers.map(() => ({ allowed: false, reason: "NoPolicy", providerId: undefined, ownProvider: false })),
  );

type Defaults = typeof MAIL_SERVICE_DEFAULTS;

/** Every limit resolved to a value. */
export type MailLimits = { -readonly [K in keyof MailLimitsInit]-?: NonNullable<MailLimitsInit[K]> };

interface NumberRule {
  integer: boolean;
  min: number;
  max?: number;
}

const INT = (min: number, max?: number): NumberRule => ({
  integer: true,
  min,
  ...(max === undefined ? {} : { max }),
});
const UINT32 = 0xffff_ffff;

/** Validation rules of the numeric limits. */
const NUMBER_RULES: Record<
  Exclude<keyof MailLimits, "groupCommit" | "synchronous" | "addressLimitExempt" | "listAllTopics">,
  NumberRule
> = {
  maxTopicBytes: INT(1, 65_535),
  maxPayloadBytes: INT(1, 64 * 1024 * 1024),
  maxFrameBytes: INT(64),
  maxTopicsPerQuery: INT(1, 10_000),
  maxPageSize: INT(1, UINT32),
  defaultPageSize: INT(1, UINT32),
  maxResponseBytes: INT(1),
  maxFutureSkewMs: INT(0),
  maxPastSkewMs: INT(0),
  maxRetentionSeconds: INT(1, UINT32),
  maxStoreBytes: INT(1),
  maxProviderShare: { integer: false, min: Number.MIN_VALUE, max: 1 },
  requestTimeoutMs: INT(1),
  maxStreamsPerPeer: INT(1, 1_024),
  pushesPerSecond: { integer: false, min: Number.MIN_VALUE },
  pushBurst: INT(1),
  bytesPerSecond: { integer: false, min: Number.MIN_VALUE },
  bytesBurst: INT(1),
  queriesPerSecond: { integer: false, min: Number.MIN_VALUE },
  queryBurst: INT(1),
  addressPushesPerSecond: { integer: false, min: Number.MIN_VALUE },
  addressPushBurst: INT(1),
  addressBytesPerSecond: { integer: false, min: Number.MIN_VALUE },
  addressBytesBurst: INT(1),
  addressQueriesPerSecond: { integer: false, min: Number.MIN_VALUE },
  addressQueryBurst: INT(1),
  maxBatchSize: INT(1),
  batchDelayMs: INT(0),
  expiryIntervalMs: INT(1),
  antiEntropyIntervalMs: INT(1),
  catchUpWaitMs: INT(0),
  peerRefreshIntervalMs: INT(1),
  heartbeatIntervalMs: INT(1),
  clockSkewMarginMs: INT(0),
  digestBuckets: INT(1, 4_096),
  replicationBatchSize: INT(1, MAX_SYNC_ENVELOPES),
  replicationQueueLimit: INT(1),
  listIdsPageSize: INT(1, MAX_SYNC_IDS),
  fetchBatchSize: INT(1, MAX_SYNC_ENVELOPES),
  maxSyncFrameBytes: INT(1_024),
  syncTimeoutMs: INT(1),
  maxSyncStreamsPerPeer: INT(1, 1_024),
  syncRequestsPerSecond: { integer: false, min: Number.MIN_VALUE },
  syncRequestBurst: INT(1),
  syncBytesPerSecond: { integer: false, min: Number.MIN_VALUE },
  syncBytesBurst: INT(1),
  syncDigestsPerSecond: { integer: false, min: Number.MIN_VALUE },
  syncDigestBurst: INT(1),
  syncAdmissionsPerSecond: { integer: false, min: Number.MIN_VALUE },
  syncAdmissionBurst: INT(1),
  syncRoundTimeoutMs: INT(1),
  syncMaxPages: INT(1),
  catchUpTimeoutMs: INT(1),
};

/** The names of every limit option. */
export const MAIL_LIMIT_OPTIONS: readonly (keyof MailLimits)[] = [
  ...(Object.keys(NUMBER_RULES) as (keyof MailLimits)[]),
  "groupCommit",
  "synchronous",
  "addressLimitExempt",
  "listAllTopics",
];

/**
 * Merges limits with their defaults and checks each one and how they fit together.
 *
 * @param init - The limits given; absent fields take their defaults.
 * @returns Every limit resolved.
 * @throws MailOptionError naming the first option without a valid value.
 */
export function resolveMailLimits(init: MailLimitsInit = {}): MailLimits {
  const pick = <K extends keyof MailLimits & keyof Defaults>(key: K): MailLimits[K] =>
    (init[key] ?? MAIL_SERVICE_DEFAULTS[key]) as MailLimits[K];
  const maxTopicBytes = pick("maxTopicBytes");
  const maxPayloadBytes = pick("maxPayloadBytes");
  const limits: MailLimits = {
    maxTopicBytes,
    maxPayloadBytes,
    maxFrameBytes:
      init.maxFrameBytes ?? maxPayloadBytes + maxTopicBytes + MAIL_SERVICE_DEFAULTS.frameOverheadBytes,
    maxTopicsPerQuery: pick("maxTopicsPerQuery"),
    listAllTopics: pick("listAllTopics"),
    defaultPageSize:
      init.defaultPageSize ?? Math.min(MAIL_SERVICE_DEFAULTS.defaultPageSize, pick("maxPageSize")),
    maxPageSize: pick("maxPageSize"),
    maxResponseBytes: pick("maxResponseBytes"),
    maxFutureSkewMs: pick("maxFutureSkewMs"),
    maxPastSkewMs: pick("maxPastSkewMs"),
    maxRetentionSeconds: pick("maxRetentionSeconds"),
    maxStoreBytes: pick("maxStoreBytes"),
    maxProviderShare: pick("maxProviderShare"),
    requestTimeoutMs: pick("requestTimeoutMs"),
    maxStreamsPerPeer: pick("maxStreamsPerPeer"),
    pushesPerSecond: pick("pushesPerSecond"),
    pushBurst: pick("pushBurst"),
    bytesPerSecond: pick("bytesPerSecond"),
    bytesBurst: pick("bytesBurst"),
    queriesPerSecond: pick("queriesPerSecond"),
    queryBurst: pick("queryBurst"),
    addressPushesPerSecond: pick("addressPushesPerSecond"),
    addressPushBurst: pick("addressPushBurst"),
    addressBytesPerSecond: pick("addressBytesPerSecond"),
    addressBytesBurst: pick("addressBytesBurst"),
    addressQueriesPerSecond: pick("addressQueriesPerSecond"),
    addressQueryBurst: pick("addressQueryBurst"),
    addressLimitExempt: pick("addressLimitExempt"),
    maxBatchSize: pick("maxBatchSize"),
    batchDelayMs: pick("batchDelayMs"),
    groupCommit: pick("groupCommit"),
    synchronous: pick("synchronous"),
    expiryIntervalMs: pick("expiryIntervalMs"),
    antiEntropyIntervalMs: pick("antiEntropyIntervalMs"),
    catchUpWaitMs: pick("catchUpWaitMs"),
    peerRefreshIntervalMs: pick("peerRefreshIntervalMs"),
    heartbeatIntervalMs: pick("heartbeatIntervalMs"),
    clockSkewMarginMs: pick("clockSkewMarginMs"),
    digestBuckets: pick("digestBuckets"),
    replicationBatchSize: pick("replicationBatchSize"),
    replicationQueueLimit: pick("replicationQueueLimit"),
    listIdsPageSize: pick("listIdsPageSize"),
    fetchBatchSize: pick("fetchBatchSize"),
    maxSyncFrameBytes: pick("maxSyncFrameBytes"),
    syncTimeoutMs: pick("syncTimeoutMs"),
    maxSyncStreamsPerPeer: pick("maxSyncStreamsPerPeer"),
    syncRequestsPerSecond: pick("syncRequestsPerSecond"),
    syncRequestBurst: pick("syncRequestBurst"),
    syncBytesPerSecond: pick("syncBytesPerSecond"),
    syncBytesBurst: pick("syncBytesBurst"),
    syncDigestsPerSecond: pick("syncDigestsPerSecond"),
    syncDigestBurst: pick("syncDigestBurst"),
    syncAdmissionsPerSecond: pick("syncAdmissionsPerSecond"),
    syncAdmissionBurst: pick("syncAdmissionBurst"),
    syncRoundTimeoutMs: pick("syncRoundTimeoutMs"),
    syncMaxPages: pick("syncMaxPages"),
    catchUpTimeoutMs: pick("catchUpTimeoutMs"),
  };
  for (const [key, rule] of Object.entries(NUMBER_RULES))
    checkNumber(key, limits[key as keyof typeof NUMBER_RULES], rule);
  if (typeof limits.groupCommit !== "boolean")
    throw new MailOptionError("groupCommit", "must be true or false");
  if (typeof limits.listAllTopics !== "boolean")
    throw new MailOptionError("listAllTopics", "must be true or false");
  const synchronous: string = limits.synchronous;
  if (synchronous !== "full" && synchronous !== "normal") {
    throw new MailOptionError("synchronous", 'must be "full" or "normal"');
  }
  checkNetworks("addressLimitExempt", limits.addressLimitExempt);
  checkFits(limits);
  return limits;
}

function checkNumber(key: string, value: unknown, rule: NumberRule): void {
  const ok =
    typeof value === "number" &&
    Number.isFinite(value) &&
    (!rule.integer || Number.isSafeInteger(value)) &&
    value >= rule.min &&
    (rule.max === undefined || value <= rule.max);
  if (!ok) {
    const kind = rule.integer ? "an integer" : "a number";
    const range = rule.max === undefined ? `at least ${rule.min}` : `from ${rule.min} to ${rule.max}`;
    throw new MailOptionError(key, `must be ${kind} ${rule.min === Number.MIN_VALUE ? "above 0" : range}`);
  }
}

function checkNetworks(key: string, value: unknown): void {
  if (!Array.isArray(value)) {
    throw new MailOptionError(key, 'must be a list of IP networks such as ["10.0.0.0/8"]');
  }
  for (const network of value as unknown[]) {
    try {
      if (typeof network !== "string") throw new TypeError("not a string");
      new AddressExemptions([network]);
    } catch {
      throw new MailOptionError(
        key,
        `must be a list of IP networks such as "10.0.0.0/8" or "2001:db8::/32"; ${JSON.stringify(network)} is not one`,
      );
    }
  }
}

function checkFits(limits: MailLimits): void {
  const envelope = limits.maxPayloadBytes + limits.maxTopicBytes + 64;
  if (limits.maxFrameBytes < envelope) {
    throw new MailOptionError("maxFrameBytes", `must hold the largest envelope (at least ${envelope})`);
  }
  if (limits.maxResponseBytes < envelope) {
    throw new MailOptionError("maxResponseBytes", `must hold the largest envelope (at least ${envelope})`);
  }
  if (limits.maxSyncFrameBytes < limits.maxResponseBytes + 1_024) {
    throw new MailOptionError("maxSyncFrameBytes", "must be at least maxResponseBytes + 1024");
  }
  if (limits.bytesBurst < limits.maxPayloadBytes) {
    throw new MailOptionError(
      "bytesBurst",
      "must be at least maxPayloadBytes, or no payload that large is ever accepted",
    );
  }
  if (limits.addressBytesBurst < limits.maxPayloadBytes) {
    throw new MailOptionError(
      "addressBytesBurst",
      "must be at least maxPayloadBytes, or no payload that large is ever accepted",
    );
  }
  if (limits.syncBytesBurst < limits.maxResponseBytes) {
    throw new MailOptionError(
      "syncBytesBurst",
      "must be at least maxResponseBytes, or no full fetch answer is ever served",
    );
  }
  if (limits.defaultPageSize > limits.maxPageSize) {
    throw new MailOptionError("defaultPageSize", "must not exceed maxPageSize");
  }
}
