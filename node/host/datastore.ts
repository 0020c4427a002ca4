import { mkdir } from "node:fs/promises";
import { join } from "node:path";

import type { AbortOptions } from "@libp2p/interface";
import { BaseDatastore } from "datastore-core";
import { LevelDatastore } from "datastore-level";
import type { Key, KeyQuery, Pair, Query } from "interface-datastore";
import { NotFoundError } from "interface-store";

import { DataDirLockedError } from "../errors/node.js";

/** The datastore's folder inside the data directory. */
export const DATASTORE_DIR = "datastore";

/** Where libp2p's peer store keeps its records (`@libp2p/peer-store`'s namespace). */
const PEER_RECORDS = "/peers/";

/** How long a changed peer record may wait in memory before it is written to disk. */
export const PEER_RECORD_FLUSH_MS = 1_000;

/** Peer records kept in memory at most (the least recently written are dropped first). */
export const PEER_RECORD_CACHE_SIZE = 20_000;

/**
 * Peer record names the datastore keeps to answer "never written" without a disk read; past it
 * (a node that has met this many peers), a record missing from memory is looked up on disk again,
 * so the list costs at most a few tens of MiB however many peer ids others make up.
 */
export const PEER_RECORD_NAMES_LIMIT = 200_000;

/**
 * The node's datastore: LevelDB on disk, with libp2p's peer records cached in memory and written
 * back in batches.
 *
 * libp2p reads and rewrites the remote peer's record in its peer store for every stream it opens or
 * accepts (to note the protocol, and when it did so); on LevelDB alone that read and write were a
 * fifth of a busy mail node's CPU. Here peer records are read from memory once seen (and a peer
 * whose record was never written, such as each new client, is known to have none without a disk
 * read: the names of the records on disk are listed at open), and a changed
 * record is written to disk at most {@link PEER_RECORD_FLUSH_MS} later, in one batch with every
 * other changed record; queries write the pending records first, and `close()` writes them all.
 * Everything else (the DHT's records) goes straight to disk. A crash loses at most the last second
 * of peer record updates, which libp2p learns again from the peers themselves.
 */
export class NodeDatastore extends BaseDatastore {
  /** The latest value of peer records seen, by key; `undefined` marks a deleted record. */
  private readonly cache = new Map<string, Uint8Array | undefined>();
  /** Peer records changed in memory and not yet written to disk. */
  private dirty = new Map<string, Key>();
  /** Peer records in a batch being written, with how many such batches. */
  private readonly writing = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();
  private closed = false;
  /**
   * Every peer record that may be on disk: those there when {@link NodeDatastore.loadPeerRecordNames}
   * ran, and every one written since. Until then, and once more than its limit of names are known
   * (undefined), a record missing from memory is looked up on disk.
   */
  private peerRecordNames: Set<string> | undefined;

  /**
   * @param level - The open LevelDB datastore.
   * @param flushMs - How long a changed peer record may wait in memory. @default PEER_RECORD_FLUSH_MS
   * @param cacheSize - Peer records kept in memory at most. @default PEER_RECORD_CACHE_SIZE
   * @param namesLimit - Peer record names listed at most. @default PEER_RECORD_NAMES_LIMIT
   */
  constructor(
    private readonly level: LevelDatastore,
    private readonly flushMs = PEER_RECORD_FLUSH_MS,
    private readonly cacheSize = PEER_RECORD_CACHE_SIZE,
    private readonly namesLimit = PEER_RECORD_NAMES_LIMIT,
  ) {
    super();
  }

  override async put(key: Key, value: Uint8Array, options?: AbortOptions): Promise<Key> {
    const name = key.toString();
    if (this.closed || !name.startsWith(PEER_RECORDS)) return this.level.put(key, value, options);
    this.change(name, key, value);
    return key;
  }

  override async get(key: Key, options?: AbortOptions): Promise<Uint8Array> {
    const name = key.toString();
    if (!this.cache.has(name)) {
      if (this.neverWritten(name)) throw new NotFoundError(`No value for ${name}`);
      const value = await this.level.get(key, options);
      if (name.startsWith(PEER_RECORDS) && !this.cache.has(name)) this.remember(name, value);
      return value;
    }
    const value = this.cache.get(name);
    if (value === undefined) throw new NotFoundError(`No value for ${name}`);
    return value;
  }

  override async has(key: Key, options?: AbortOptions): Promise<boolean> {
    const name = key.toString();
    if (!this.cache.has(name)) return !this.neverWritten(name) && this.level.has(key, options);
    return this.cache.get(name) !== undefined;
  }

  override async delete(key: Key, options?: AbortOptions): Promise<void> {
    const name = key.toString();
    if (this.closed || !name.startsWith(PEER_RECORDS)) return this.level.delete(key, options);
    this.change(name, key, undefined);
  }

  override async *query(q: Query, options?: AbortOptions): AsyncGenerator<Pair> {
    await this.flush();
    yield* this.level.query(q, options);
  }

  override async *queryKeys(q: KeyQuery, options?: AbortOptions): AsyncGenerator<Key> {
    await this.flush();
    yield* this.level.queryKeys(q, options);
  }

  /**
   * Lists the peer records on disk, so that a peer never seen (every new client) is known to have
   * none without a LevelDB read: libp2p's peer store looks each new peer up before it first writes
   * it, and that miss was a few percent of the CPU a node spends per new connection. Call it once,
   * before libp2p uses the datastore; {@link openDatastore} does.
   */
  async loadPeerRecordNames(): Promise<void> {
    const names = new Set<string>();
    for await (const key of this.level.queryKeys({ prefix: PEER_RECORDS })) {
      names.add(key.toString());
      if (names.size > this.namesLimit) return;
    }
    for (const name of this.cache.keys()) names.add(name);
    this.peerRecordNames = names;
  }

  /** Whether `name` is a peer record known to be neither on disk nor ever written. */
  private neverWritten(name: string): boolean {
    return (
      this.peerRecordNames !== undefined && name.startsWith(PEER_RECORDS) && !this.peerRecordNames.has(name)
    );
  }

  /**
   * Writes every changed peer record to disk in one batch.
   *
   * @returns When they are written (and any flush under way before).
   */
  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.dirty.size === 0) return this.flushing;
    const entries = [...this.dirty];
    this.dirty = new Map();
    const batch = this.level.batch();
    for (const [name, key] of entries) {
      const value = this.cache.get(name);
      if (value === undefined) batch.delete(key);
      else batch.put(key, value);
      this.writing.set(name, (this.writing.get(name) ?? 0) + 1);
    }
    const write = this.flushing.then(async () => {
      try {
        await batch.commit();
      } catch (err) {
        // Still to be written: by the next flush, or by close().
        for (const [name, key] of entries) if (!this.dirty.has(name)) this.dirty.set(name, key);
        throw err;
      } finally {
        for (const [name] of entries) {
          const count = (this.writing.get(name) ?? 1) - 1;
          if (count === 0) this.writing.delete(name);
          else this.writing.set(name, count);
        }
        this.evict();
      }
    });
    this.flushing = write.catch(() => undefined);
    return write;
  }

  /** Writes the changed peer records, then closes LevelDB; call it after stopping libp2p. */
  async close(): Promise<void> {
    try {
      await this.flush();
    } finally {
      // Whatever libp2p still writes after this goes to LevelDB, which refuses it as closed.
      this.closed = true;
      await this.level.close();
    }
  }

  private change(name: string, key: Key, value: Uint8Array | undefined): void {
    this.peerRecordNames?.add(name);
    if ((this.peerRecordNames?.size ?? 0) > this.namesLimit) this.peerRecordNames = undefined;
    this.dirty.set(name, key);
    this.remember(name, value);
    this.timer ??= setTimeout(() => {
      // A failed write keeps its records pending for the next flush; close() reports it.
      this.flush().catch(() => undefined);
    }, this.flushMs).unref();
  }

  /** Keeps a value as the most recent entry, dropping the oldest clean ones beyond the limit. */
  private remember(name: string, value: Uint8Array | undefined): void {
    this.cache.delete(name);
    this.cache.set(name, value === undefined ? undefined : ownBytes(value));
    this.evict();
  }

  private evict(): void {
    for (const name of this.cache.keys()) {
      if (this.cache.size <= this.cacheSize) return;
      // A changed record stays until it is on disk; the flush that writes it evicts it then.
      if (!this.dirty.has(name) && !this.writing.has(name)) this.cache.delete(name);
    }
  }
}

/**
 * Opens the node's persistent datastore (LevelDB in `<dataDir>/datastore`): libp2p keeps its peer
 * store there and the DHT its records, so both survive restarts. LevelDB locks the folder, so two
 * nodes never share one.
 *
 * @param dataDir - The node's data directory.
 * @returns The open datastore; close it after stopping libp2p.
 * @throws DataDirLockedError when another process holds the datastore.
 */
export async function openDatastore(dataDir: string): Promise<NodeDatastore> {
  const path = join(dataDir, DATASTORE_DIR);
  await mkdir(path, { recursive: true, mode: 0o700 });
  const level = new LevelDatastore(path);
  try {
    await level.open();
  } catch (err) {
    // The datastore's error drops LevelDB's reason; opening the database itself tells it.
    const reason = await level.db.open().then(
      () => undefined,
      (levelError: unknown) => levelError,
    );
    if (reason !== undefined && isLocked(reason)) throw new DataDirLockedError(dataDir, { cause: reason });
    if (reason !== undefined) throw err;
  }
  const datastore = new NodeDatastore(level);
  await datastore.loadPeerRecordNames();
  return datastore;
}

function isLocked(err: unknown): boolean {
  for (let current: unknown = err, depth = 0; current instanceof Error && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code;
    if (code === "LEVEL_LOCKED") return true;
    current = current.cause;
  }
  return false;
}

/**
 * The bytes in a buffer of their own. libp2p encodes a peer record (a few hundred bytes) into a
 * slice of Node's shared 8 KiB `Buffer` pool; kept in the cache as it is, the record would keep the
 * whole slab in memory, and with it the bytes of whatever else was cut from it, for as long as the
 * record is cached (483 slabs at 2,000 sessions).
 */
function ownBytes(value: Uint8Array): Uint8Array {
  // Not `slice()`: on a Buffer it is a view of the same memory.
  return value.byteLength === value.buffer.byteLength ? value : new Uint8Array(value);
}
