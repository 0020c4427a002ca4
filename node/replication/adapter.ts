import type { AbortOptions, PeerId } from "@libp2p/interface";

/**
 * An inclusive range of positions, `[from, to]`, both safe integers. A position orders the items a
 * kind replicates so that ranges can be cut into equal slices and compared: for mail, an envelope's
 * timestamp in ms; for records, the first six bytes of a hash of the record's key (so the whole
 * key space is `[0, 2^48 - 1]`).
 */
export interface SyncRange {
  from: number;
  to: number;
}

/** Count and checksum of the items in one slice of a range (one bucket of a digest). */
export interface DigestBucket {
  /** Items in the slice. */
  count: number;
  /**
   * A sum over the listed ids of the slice's items, so that two sides holding the same ids (for a
   * versioned kind: the same keys at the same versions) have the same sum. Mail: the first four
   * bytes of each id, big-endian, summed.
   */
  sum: bigint;
}

/**
 * Where a listing page ended, as the kind's cursor names it: the position of its last item and
 * that item's listed id (ties between equal positions are broken by comparing ids as bytes).
 */
export interface ListingPosition {
  position: number;
  id: Uint8Array;
}

/** What a listed id names: the item's key (as text, for comparisons) and its version. */
export interface ItemIdentity {
  /** The key, unique per item of the kind (mail: the envelope id in hex; records: (owner, name)). */
  key: string;
  /** The version; the higher wins for one key (mail: always 0, an envelope never changes). */
  version: number;
}

/** A peer that sends items, as the replication policy found it. */
export interface SyncOrigin {
  peer: PeerId;
  /**
   * Key of the peer's provider (see `originOf`), under which the items it introduces may be
   * counted (mail's store shares); undefined for the node's own provider.
   */
  origin: string | undefined;
}

/** What the store made of one item given to {@link ReplicaStore.put}. */
export type ReplicaPutOutcome =
  /** Newly stored (for a versioned kind: replaced a lower version, or was new). */
  | "stored"
  /** Already held at this version. */
  | "duplicate"
  /** A higher version of the key is held; the item was not stored. */
  | "stale"
  /** Refused by the store's own rules (expired, below its eviction floor). */
  | "refused"
  /** Refused because the peer's provider already holds its share of a full store. */
  | "over-share";

/**
 * What the replication core asks of a kind's store. The methods given `now` (ms since the epoch)
 * leave out items that have expired by then.
 */
export interface ReplicaStore<Stored> {
  /**
   * Counts and checksums the items held in `buckets` equal slices of `range` (the last one may be
   * shorter): slice `i` covers `[range.from + i * width, range.from + (i + 1) * width - 1]` with
   * `width = ceil((range.to - range.from + 1) / buckets)`.
   */
  digest(range: SyncRange, buckets: number, now: number): Promise<DigestBucket[]>;
  /**
   * The listed ids among `ids` this node wants: those whose key it does not hold, or (a versioned
   * kind) holds at a lower version than the id names.
   */
  missing(ids: readonly Uint8Array[]): Promise<Uint8Array[]>;
  /**
   * Stores verified items in one durable commit; for a versioned kind the higher version of a key
   * wins, whatever the order items arrive in.
   *
   * @returns One outcome per item, in order.
   */
  put(items: readonly Stored[]): Promise<ReplicaPutOutcome[]>;
  /**
   * One page of the listed ids of the items held in a range, ordered by (position, id), strictly
   * after `after`; `next` is where the following page starts, undefined when none follows.
   */
  listIds(
    range: SyncRange,
    after: ListingPosition | undefined,
    limit: number,
    now: number,
  ): Promise<{ ids: Uint8Array[]; next: ListingPosition | undefined }>;
  /**
   * The items held of the listed ids, in the order asked (a versioned kind: the version held now),
   * within about `maxBytes` (at least one item when any is held).
   */
  get(ids: readonly Uint8Array[], maxBytes: number, now: number): Promise<Stored[]>;
  /** Positions at or below this are no longer held nor wanted (an eviction floor); 0: none. */
  floor(): number;
  /** A small persistent value (the core keeps when it last knew itself in sync). */
  getMeta(key: string): Promise<string | undefined>;
  setMeta(key: string, value: string): Promise<void>;
}

/** Time and size limits of one node-to-node request, set by the core. */
export interface SyncCallOptions extends AbortOptions {
  /** Milliseconds the whole request may take. */
  timeoutMs: number;
  /** Largest answer frame accepted, in bytes. */
  maxResponseFrameBytes: number;
}

/**
 * The kind's node-to-node requests, on its own wire messages (its `.proto`), which the core never
 * sees. Each call opens a stream to `peer` (dialling it when needed) and bounds what it decodes to
 * what it asked for: a digest of `buckets` buckets, a page of at most `limit` ids, at most
 * `ids.length` items. A peer that answers with an error frame makes the call throw the kind's typed
 * error; an answer that breaks the protocol makes it throw `errors.badResponse`.
 */
export interface ReplicationTransport<Item> {
  /** Forwards items to a peer, which verifies and stores them. */
  replicate(peer: PeerId, items: readonly Item[], options: SyncCallOptions): Promise<unknown>;
  /** The peer's digest of a range, in `buckets` slices. */
  digest(
    peer: PeerId,
    request: { range: SyncRange; buckets: number },
    options: SyncCallOptions,
  ): Promise<DigestBucket[]>;
  /**
   * One page of the ids the peer holds in a range, ordered by (position, id), after `cursor`
   * (empty for the first page); the answer's cursor is empty when no page follows.
   */
  listIds(
    peer: PeerId,
    request: { range: SyncRange; cursor: Uint8Array; limit: number },
    options: SyncCallOptions,
  ): Promise<{ ids: Uint8Array[]; cursor: Uint8Array }>;
  /**
   * The items the peer holds of the listed ids, in the order asked, skipping those it lacks and
   * stopping at its response budget (a versioned kind answers the version it holds now).
   */
  fetch(peer: PeerId, ids: readonly Uint8Array[], options: SyncCallOptions): Promise<Item[]>;
}

/** Outcome of {@link ReplicationAdapter.verify}. */
export type Verified<Stored> =
  /** The item passed every check; `stored` is what the store keeps. */
  | { ok: true; stored: Stored }
  /** The item breaks a rule of the kind (a bad signature, expired, malformed): it is dropped. */
  | { ok: false; error: Error };

/**
 * The kind's typed errors for the failures of replication itself (the kind's wire turns them into
 * its error frames, and its tests name them).
 */
export interface ReplicationErrors {
  /** A peer broke a rule of the node-to-node protocol or exceeded a round's budget. */
  badResponse(message: string, cause?: unknown): Error;
  /** A round with a peer ran out of time. */
  timeout(message: string, cause?: unknown): Error;
  /** A peer's request is out of bounds (a range, a number of slices, a cursor). */
  invalidQuery(message: string): Error;
  /**
   * The store could not write what a peer sent, for the node's own reasons (a full disk): the
   * error to answer with (a kind's own typed error is returned as it is).
   */
  storeFailed(cause: unknown): Error;
  /** A peer is over one of its node-to-node quotas (`limit`: `sync-requests`, `sync-bytes`, …). */
  rateLimited(message: string, details: { limit: string; retryAfterMs: number }): Error;
  /** A peer the replication policy does not trust used the node-to-node protocol. */
  unauthorized(message: string): Error;
}

/**
 * What a kind of server provides to replicate through the core (`node/replication/`). The core
 * finds and checks the peers (only nodes the registry policy trusts), forwards what clients put
 * here with per-peer queues and backpressure, catches up at start before the service is announced,
 * runs anti-entropy rounds with deadlines and page budgets, and checks every answer of a peer; the
 * kind says what its items are, how they are ordered, stored, verified and carried.
 *
 * `Item` is an item as it travels (the kind's wire message); `Stored` is an item once verified, as
 * the kind's store keeps it. The kind's node-to-node requests are its {@link ReplicationTransport},
 * given to the `Replicator` beside the adapter; its handler of those requests calls a
 * `ReplicationServer` made from the adapter.
 *
 * @example
 * ```ts
 * // records/1: key = (owner, name), version = sequence, position = first 6 bytes of keccak(key)
 * const adapter: ReplicationAdapter<WireRecord, StoredRecord> = {
 *   label: "records server",
 *   syncProtocol: RECORDS_SYNC_PROTOCOL_1_0,
 *   store,                      // digest/missing/listIds/get/put/floor/getMeta/setMeta over SQLite
 *   ranges: { all: () => ({ from: 0, to: 2 ** 48 - 1 }), since: () => ({ from: 0, to: 2 ** 48 - 1 }) },
 *   parseId: (id) => (id.byteLength === 40 ? { key: hex(id.subarray(0, 32)), version: seqOf(id) } : undefined),
 *   identify: (record) => ({ key: hex(keyOf(record)), version: record.sequence }),
 *   versioned: true,
 *   encodeCursor, decodeCursor, // (position, id) of the page's last record
 *   toItem: recordToWire,
 *   frameBytes: (record) => record.value.byteLength + record.name.length + 256,
 *   quotaBytes: (record) => record.value.byteLength + record.name.length,
 *   verify: (record) => { try { return { ok: true, stored: verifyRecord(domain, recordFromWire(record)) }; }
 *                         catch (error) { return { ok: false, error: asError(error) }; } },
 *   errors: { badResponse: (m, cause) => new RecordsBadResponseError(m, { cause }), timeout, … },
 * };
 * ```
 */
export interface ReplicationAdapter<Item, Stored> {
  /** What a peer of this kind is called in messages, e.g. `mail server`. */
  readonly label: string;
  /**
   * The kind's node-to-node protocol id; peers that speak it are candidates (they are replicated
   * with only once the registry policy allows them).
   */
  readonly syncProtocol: string;
  /** The kind's store. */
  readonly store: ReplicaStore<Stored>;
  /** The ranges rounds cover. */
  readonly ranges: {
    /** Everything the node may hold now (anti-entropy, and catch-up on a first start). */
    all(now: number): SyncRange;
    /**
     * What may have changed since the node last knew itself in sync, at `lastAliveMs` (catch-up
     * after a restart). A kind without a time axis returns {@link all}'s range.
     */
    since(lastAliveMs: number, now: number): SyncRange;
  };
  /**
   * What a listed id names, or undefined when the bytes are not a well-formed id of the kind (the
   * listing is then refused).
   */
  parseId(id: Uint8Array): ItemIdentity | undefined;
  /** What an item is: the key and version its listed id would name. */
  identify(item: Item): ItemIdentity;
  /**
   * True for a kind whose items replace each other by key (records): forwarding queues then keep
   * only the highest version of a key waiting. Absent for a kind whose items never change (mail).
   */
  readonly versioned?: boolean | undefined;
  /** The opaque cursor a listing page ends with, naming where the next page starts. */
  encodeCursor(position: ListingPosition): Uint8Array;
  /**
   * The position a listing's cursor names (never called with an empty cursor).
   *
   * @throws The kind's invalid-query error when the bytes are not a cursor of the kind (a peer's
   * request is refused with it; a peer's answer ends the round with `errors.badResponse`).
   */
  decodeCursor(cursor: Uint8Array): ListingPosition;
  /** An item as it travels, from the item as stored. */
  toItem(stored: Stored): Item;
  /**
   * An upper bound of the bytes an item takes in a request frame: forwarding batches are cut by
   * it, so that a batch fits the peer's frame limit.
   */
  frameBytes(item: Item): number;
  /** The bytes an item moved is charged to the peer's byte quota (mail: payload and topic). */
  quotaBytes(item: Item): number;
  /**
   * Checks an item a peer sent as a client's put is checked (records: `verifyRecord`, the owner's
   * signature included). A refused item is dropped and counted; the peer has been charged for it.
   *
   * @param item - The item as received.
   * @param from - The peer and its provider's key.
   * @param now - Milliseconds since the epoch.
   * @returns The item as stored, or why it is refused.
   * @throws Only on a failure of the node itself (which ends the request or round).
   */
  verify(item: Item, from: SyncOrigin, now: number): Verified<Stored>;
  /** When an item was made, in ms, for the inbound lag figure; absent: no lag is reported. */
  timestampOf?(stored: Stored): number;
  /** The kind's errors. */
  readonly errors: ReplicationErrors;
}
