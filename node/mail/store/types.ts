import type { AbortOptions } from "@libp2p/interface";

import type { MailEnvelope } from "../../../client/mail/protocol/envelope.js";
import type { StoreLockState } from "../../store/storeLock.js";

/** An envelope as a store keeps it. */
export interface StoredEnvelope extends MailEnvelope {
  /** When it expires: timestamp + min(ttl or retention, retention), in ms since the epoch. */
  expiresAt: number;
  /**
   * Who introduced it, when another mail server did: a key naming the peer's provider, whose
   * envelopes may take at most the store's `maxOriginShare` of a full store. Undefined for a
   * client's push (and for servers of the node's own provider): limited by rates, not by share.
   */
  origin?: string | undefined;
}

/** Where a page ends: the (timestamp, id) of its last envelope. */
export interface Position {
  timestamp: number;
  id: Uint8Array;
}

/**
 * What happened to one envelope given to {@link MailStore.put}: `refused` when it expired or ranks
 * at or below the eviction floor; `over-share` when the store is full and its origin already holds
 * its share.
 */
export type PutOutcome = "stored" | "duplicate" | "refused" | "over-share";

/** A history query, already validated and clamped. */
export interface StoreQuery {
  /** Topics; empty for all. */
  topics: readonly string[];
  /** Lowest timestamp, inclusive. */
  from: number;
  /** Highest timestamp, inclusive. */
  to: number;
  /** Continue strictly after (forward) or before (backward) this position. */
  after: Position | undefined;
  direction: "forward" | "backward";
  /** Envelopes at most. */
  limit: number;
  /** Envelope bytes at most (at least one envelope is returned when any matches). */
  maxBytes: number;
  /** Envelopes with `expiresAt` at or before this are left out. */
  now: number;
}

/** One page of a query. */
export interface StorePage {
  envelopes: StoredEnvelope[];
  /** Where the next page starts; undefined when none follows. */
  next: Position | undefined;
}

/** Count and id checksum of the envelopes in one time slice (anti-entropy). */
export interface DigestBucket {
  count: number;
  /** Sum of the first four bytes of each id, as a big-endian unsigned integer. */
  sum: bigint;
}

/** Figures a store keeps current; reading them costs nothing. */
export interface StoreStats {
  /** Envelopes held (expired ones until the next sweep included). */
  messages: number;
  /** Bytes of envelopes held, as counted against the size limit. */
  bytes: number;
  /** Lowest and highest envelope timestamp held. */
  oldestTimestamp: number | undefined;
  newestTimestamp: number | undefined;
  /**
   * Envelopes ranked at or below this were evicted for space, oldest first, and are refused (an
   * envelope's rank is the lower of its timestamp and its arrival time, so the floor never passes
   * the node's clock). 0: none.
   */
  floor: number;
}

/**
 * Where a mail node keeps envelopes. The protocol code speaks only to this interface, so another
 * engine (PostgreSQL for a large operator) can replace SQLite.
 */
export interface MailStore {
  /**
   * Stores envelopes, deduplicated by id. Resolves only once they are durably committed.
   *
   * @returns One outcome per envelope, in order (see {@link PutOutcome}).
   */
  put(envelopes: readonly StoredEnvelope[], options?: AbortOptions): Promise<PutOutcome[]>;
  /** One page of history. */
  query(query: StoreQuery): Promise<StorePage>;
  /** Count and checksum of unexpired envelopes in `buckets` equal slices of [from, to]. */
  digest(from: number, to: number, buckets: number, now: number): Promise<DigestBucket[]>;
  /** Ids of unexpired envelopes in [from, to] after `after`, by (timestamp, id). */
  listIds(
    from: number,
    to: number,
    after: Position | undefined,
    limit: number,
    now: number,
  ): Promise<{ ids: Uint8Array[]; next: Position | undefined }>;
  /** The unexpired envelopes held among `ids`, in the order asked, within `maxBytes`. */
  get(ids: readonly Uint8Array[], maxBytes: number, now: number): Promise<StoredEnvelope[]>;
  /** The ids among `ids` that are not held. */
  missing(ids: readonly Uint8Array[]): Promise<Uint8Array[]>;
  /**
   * Deletes envelopes whose `expiresAt` is at or before `now`, and those dated further ahead of
   * `now` than the store accepts (left by older versions); returns how many.
   */
  expire(now: number): Promise<number>;
  /** A small persistent value (for example when the node last ran). */
  getMeta(key: string): Promise<string | undefined>;
  setMeta(key: string, value: string): Promise<void>;
  /** Current figures. */
  stats(): StoreStats;
  /**
   * The lock the store holds on what it stores, for a store that takes one (PostgreSQL: its schema
   * lock); absent for a store that takes none (SQLite).
   */
  lockState?(): StoreLockState | undefined;
  /** Commits what is pending, then releases the store. */
  close(): Promise<void>;
}
