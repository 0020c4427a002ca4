import type { SignedRecord } from "../../../client/records/protocol/record.js";
import type { DigestBucket } from "../../replication/adapter.js";
import type { StoreLockState } from "../../store/storeLock.js";

/** A record as the store keeps it: as its owner signed it, and when the node received it. */
export interface StoredRecord extends SignedRecord {
  /** Milliseconds since the epoch when this node committed it. */
  receivedAt: number;
}

/** What a put did: `stored` (new, or it replaced an older one) or `duplicate` (already held). */
export type RecordPutOutcome = "stored" | "duplicate";

/** An (owner, name) and the sequence held under it, as replication compares them. */
export interface RecordKey {
  /** The owner, checksummed. */
  owner: string;
  /** The name. */
  name: string;
  /** The sequence held. */
  sequence: number;
}

/** Where an id listing stands: a position and the key hash of the last record listed there. */
export interface ReplicaPosition {
  /** The first six bytes of the key hash, big-endian. */
  position: number;
  /** keccak-256 of (owner ‖ name). */
  keyHash: Uint8Array;
}

/** One of an owner's live names, as listed. */
export interface RecordNameRow {
  name: string;
  sequence: number;
  expires: number;
  valueBytes: number;
}

/** What the store holds. */
export interface RecordsUsage {
  /** Live records, tombstones left out. */
  records: number;
  /** Tombstones held (each blocks replays of older sequences until it expires). */
  tombstones: number;
  /** Owners with at least one row. */
  owners: number;
  /** Bytes counted against the capacity (name, value and a fixed row cost per row). */
  bytes: number;
  /** The capacity, in bytes. */
  capacity: number;
  /** `capacity - bytes`, at least 0. */
  free: number;
}

/** Per-owner quotas and the total capacity a store enforces. */
export interface RecordsQuotas {
  /** Rows (records and tombstones) one owner may have. */
  maxRecordsPerOwner: number;
  /** Name and value bytes one owner may have. */
  maxBytesPerOwner: number;
  /** Bytes the whole store may hold (see {@link RecordsUsage.bytes}). */
  maxStoreBytes: number;
}

/**
 * A records store: SQLite embedded (the default) or PostgreSQL. A put settles only once its
 * transaction is committed; `usage` reads figures the store keeps current and costs no round trip.
 */
export interface RecordsStore {
  /**
   * Stores a verified record when it is newer than what the store holds under its (owner, name):
   * a higher sequence replaces a lower one; at an equal sequence the same signature is a
   * duplicate and a different one replaces only when its signature is larger (bytewise), so that
   * every replica keeps the same record. Quotas are checked in the same transaction.
   *
   * @throws RecordStaleSequenceError when the store holds a newer record (or the tie goes the
   * other way); RecordQuotaExceededError (limit `records`, `bytes` or `capacity`);
   * RecordExpiredError when the record has expired by the store's clock.
   */
  put(record: SignedRecord): Promise<RecordPutOutcome>;
  /** The record (or tombstone) held under (owner, name), unless it has expired. */
  get(owner: string, name: string): Promise<StoredRecord | undefined>;
  /** Up to `limit` live names of an owner after `after`, in byte order (tombstones left out). */
  list(owner: string, after: string | undefined, limit: number): Promise<RecordNameRow[]>;
  /** Up to `limit` keys after `after` (exclusive), in (owner, name) order, expired rows left out. */
  keys(after: { owner: string; name: string } | undefined, limit: number): Promise<RecordKey[]>;
  /** The records held under the keys given, in the same order; expired or missing ones left out. */
  getMany(keys: readonly { owner: string; name: string }[]): Promise<StoredRecord[]>;
  /**
   * Count and checksum of the live records in `buckets` equal slices of the positions
   * `[from, to]` (see `replicaKey.ts`).
   */
  digest(from: number, to: number, buckets: number): Promise<DigestBucket[]>;
  /**
   * One page of the listed ids of the live records whose position lies in `[from, to]`, ordered
   * by (position, key hash), strictly after `after`; `next` is undefined when no page follows.
   */
  listIds(
    from: number,
    to: number,
    after: ReplicaPosition | undefined,
    limit: number,
  ): Promise<{ ids: Uint8Array[]; next: ReplicaPosition | undefined }>;
  /**
   * The listed ids this store wants: those whose key it does not hold live, or holds at a lower
   * sequence (or at the same sequence with a smaller signature) than the id names. Ids that are
   * not listed ids are left out.
   */
  missing(ids: readonly Uint8Array[]): Promise<Uint8Array[]>;
  /**
   * The live records held under the keys the listed ids name (the version held now), in the order
   * asked, within about `maxBytes` (at least one when any is held).
   */
  getListed(ids: readonly Uint8Array[], maxBytes: number): Promise<StoredRecord[]>;
  /** A small persistent value (replication keeps when the node last knew itself in sync). */
  getMeta(key: string): Promise<string | undefined>;
  setMeta(key: string, value: string): Promise<void>;
  /** Deletes every row whose expiry has passed. @returns How many were deleted. */
  sweep(): Promise<number>;
  /**
   * Rows, owners and bytes held. SQLite counts records, tombstones and owners of unexpired rows
   * only; PostgreSQL keeps the figures in memory and counts expired rows until the next sweep.
   */
  usage(): RecordsUsage;
  /**
   * The lock the store holds on what it stores, for a store that takes one (PostgreSQL: its schema
   * lock); absent for a store that takes none (SQLite).
   */
  lockState?(): StoreLockState | undefined;
  /** Closes the store (after the write in progress); later calls reject. */
  close(): Promise<void>;
}
