import { DatabaseSync } from "node:sqlite";

import type { MailLimits } from "../../options.js";
import { CommitQueue } from "../commitQueue.js";
import type {
  DigestBucket,
  MailStore,
  Position,
  PutOutcome,
  StoreQuery,
  StorePage,
  StoredEnvelope,
  StoreStats,
} from "../types.js";
import { addHeld, OriginLedger } from "./originLedger.js";
import { SqliteMailReads } from "./reads.js";
import { envelopeSize, prepareDatabase } from "./schema.js";
import type { RemovedRow, Statements } from "./statements.js";
import { idHead, prepareStatements } from "./statements.js";

/** Options of {@link SqliteMailStore}. */
export interface SqliteMailStoreInit {
  /** Database file. @default ":memory:" */
  path?: string | undefined;
  /** Envelope bytes kept before the oldest are evicted. @default Infinity */
  maxStoreBytes?: number | undefined;
  /**
   * Share of `maxStoreBytes` the envelopes of one origin (see `StoredEnvelope.origin`) may take
   * once the store is full: beyond it they are refused rather than evicting others, and evicted
   * first. @default 1
   */
  maxOriginShare?: number | undefined;
  /**
   * How far ahead of the clock a timestamp may be; `expire` deletes envelopes dated further ahead
   * (none are accepted; older versions accepted them by replication). @default Infinity
   */
  maxFutureMs?: number | undefined;
  /** Share one transaction between the pushes of one event-loop turn. @default true */
  groupCommit?: boolean | undefined;
  /** Envelopes per transaction at most. @default 512 */
  maxBatchSize?: number | undefined;
  /** Milliseconds a put may wait for others to share its commit. @default 0 */
  batchDelayMs?: number | undefined;
  /** SQLite `synchronous`. @default "full" */
  synchronous?: "full" | "normal" | undefined;
  /** Clock, for refusing envelopes that expired before they arrived. @default Date.now */
  clock?: (() => number) | undefined;
}

/**
 * The mail store on Node's built-in SQLite: WAL mode, group commits (one fsync per batch),
 * acknowledgement after commit, expiry, and eviction above a size limit: envelopes of an origin
 * over its share first, then the lowest ranked (rank: the lower of timestamp and arrival time, so
 * that no claimed timestamp steers the order or lifts the eviction floor above the clock).
 */
export class SqliteMailStore implements MailStore {
  private readonly db: DatabaseSync;
  private readonly maxStoreBytes: number;
  private readonly maxFutureMs: number;
  private readonly clock: () => number;
  private readonly origins: OriginLedger;
  private readonly queue: CommitQueue<StoredEnvelope, PutOutcome>;
  private readonly sql: Statements;
  private readonly reads: SqliteMailReads;
  private messages: number;
  private bytes: number;
  private floor: number;
  private closed = false;

  /** @param init - File, limits and commit tuning. */
  constructor(init: SqliteMailStoreInit = {}) {
    this.clock = init.clock ?? Date.now;
    this.db = new DatabaseSync(init.path ?? ":memory:");
    prepareDatabase(this.db, init.synchronous ?? "full", this.clock());
    this.maxStoreBytes = init.maxStoreBytes ?? Number.POSITIVE_INFINITY;
    this.maxFutureMs = init.maxFutureMs ?? Number.POSITIVE_INFINITY;
    this.sql = prepareStatements(this.db);
    this.reads = new SqliteMailReads(this.sql);
    const sql = this.sql;
    this.origins = new OriginLedger(
      {
        rows: () => sql.origins.all() as { id: number; key: string }[],
        add: (key) => (sql.addOrigin.get(key) as { id: number }).id,
      },
      (init.maxOriginShare ?? 1) * this.maxStoreBytes,
    );
    const totals = this.sql.totals.all() as { origin: number; n: number; bytes: number }[];
    this.messages = totals.reduce((sum, row) => sum + row.n, 0);
    this.bytes = totals.reduce((sum, row) => sum + row.bytes, 0);
    this.origins.load(totals.map((row) => [row.origin, row.bytes]));
    // A floor above the clock (written by an older version, or before the clock was set back)
    // would refuse every push dated now.
    this.floor = Math.min(Number(this.readMeta("floor") ?? 0), this.clock());
    this.queue = new CommitQueue((items) => this.commit(items), {
      group: init.groupCommit ?? true,
      maxBatchSize: init.maxBatchSize ?? 512,
      delayMs: init.batchDelayMs ?? 0,
    });
  }

  async put(envelopes: readonly StoredEnvelope[]): Promise<PutOutcome[]> {
    if (this.closed) throw new Error("the mail store is closed");
    return this.queue.add(envelopes);
  }

  query(query: StoreQuery): Promise<StorePage> {
    return settle(() => this.reads.query(query));
  }

  digest(from: number, to: number, buckets: number, now: number): Promise<DigestBucket[]> {
    return settle(() => this.reads.digest(from, to, buckets, now));
  }

  listIds(
    from: number,
    to: number,
    after: Position | undefined,
    limit: number,
    now: number,
  ): Promise<{ ids: Uint8Array[]; next: Position | undefined }> {
    return settle(() => this.reads.listIds(from, to, after, limit, now));
  }

  get(ids: readonly Uint8Array[], maxBytes: number, now: number): Promise<StoredEnvelope[]> {
    return settle(() => this.reads.get(ids, maxBytes, now));
  }

  missing(ids: readonly Uint8Array[]): Promise<Uint8Array[]> {
    return settle(() => this.reads.missing(ids));
  }

  expire(now: number): Promise<number> {
    return settle(() => {
      this.queue.flush();
      const removed = this.transaction(() => [
        ...(this.sql.expire.all(now) as unknown as RemovedRow[]),
        ...(Number.isFinite(this.maxFutureMs)
          ? (this.sql.beyond.all(now + this.maxFutureMs) as unknown as RemovedRow[])
          : []),
      ]);
      const held = this.origins.draft();
      this.forget(removed, held);
      this.origins.commit(held);
      return removed.length;
    });
  }

  getMeta(key: string): Promise<string | undefined> {
    return settle(() => {
      return this.readMeta(key);
    });
  }

  setMeta(key: string, value: string): Promise<void> {
    return settle(() => {
      this.sql.setMeta.run(key, value);
    });
  }

  stats(): StoreStats {
    const range = this.sql.range.get() as { oldest: number | null; newest: number | null };
    return {
      messages: this.messages,
      bytes: this.bytes,
      oldestTimestamp: range.oldest ?? undefined,
      newestTimestamp: range.newest ?? undefined,
      floor: this.floor,
    };
  }

  close(): Promise<void> {
    return settle(() => {
      if (this.closed) return;
      this.queue.flush();
      this.closed = true;
      this.db.close();
    });
  }

  /** Inserts a batch and evicts above the size limit, in one transaction. */
  private commit(envelopes: readonly StoredEnvelope[]): PutOutcome[] {
    if (this.closed) throw new Error("the mail store is closed");
    const now = this.clock();
    const held = this.origins.draft();
    const { outcomes, added, addedBytes, evicted, floor } = this.transaction(() => {
      let added = 0;
      let addedBytes = 0;
      const outcomes = envelopes.map((envelope): PutOutcome => {
        const rank = Math.min(envelope.timestamp, now);
        if (envelope.expiresAt <= now || rank <= this.floor) return "refused";
        const size = envelopeSize(Buffer.byteLength(envelope.topic), envelope.payload.byteLength);
        const origin = this.origins.idOf(envelope.origin);
        const full = this.bytes + addedBytes + size > this.maxStoreBytes;
        if (full && !this.origins.fits(held, origin, size)) return "over-share";
        const { changes } = this.sql.insert.run(
          envelope.id,
          envelope.topic,
          envelope.timestamp,
          envelope.ttl,
          envelope.expiresAt,
          envelope.payload,
          size,
          idHead(envelope.id),
          rank,
          origin,
        );
        if (Number(changes) === 0) return "duplicate";
        added += 1;
        addedBytes += size;
        addHeld(held, origin, size);
        return "stored";
      });
      const { evicted, floor } = this.evict(this.bytes + addedBytes, held);
      return { outcomes, added, addedBytes, evicted, floor };
    });
    this.messages += added;
    this.bytes += addedBytes;
    this.forget(evicted);
    this.origins.commit(held);
    this.floor = floor;
    return outcomes;
  }

  /**
   * Inside a transaction: deletes envelopes until `bytes` fits the size limit. An origin over its
   * share loses its lowest ranked envelopes first; then the lowest ranked of all go, and the floor
   * rises to the highest rank deleted that way.
   */
  private evict(bytes: number, held: Map<number, number>): { evicted: RemovedRow[]; floor: number } {
    const evicted: RemovedRow[] = [];
    let floor = this.floor;
    while (bytes > this.maxStoreBytes) {
      const over = this.origins.overShare(held);
      const rows = (over === undefined
        ? this.sql.oldest.all(256)
        : this.sql.oldestOfOrigin.all(over, 256)) as unknown as (RemovedRow & {
        seq: number;
        rank: number;
      })[];
      if (rows.length === 0) break;
      for (const row of rows) {
        if (bytes <= this.maxStoreBytes) break;
        if (over !== undefined && this.origins.overShare(held) !== over) break;
        this.sql.deleteSeq.run(row.seq);
        evicted.push(row);
        bytes -= row.size;
        addHeld(held, row.origin, -row.size);
        if (over === undefined) floor = Math.max(floor, row.rank);
      }
    }
    if (floor !== this.floor) this.sql.setMeta.run("floor", String(floor));
    return { evicted, floor };
  }

  private forget(removed: readonly RemovedRow[], held?: Map<number, number>): void {
    this.messages -= removed.length;
    for (const row of removed) {
      this.bytes -= row.size;
      if (held !== undefined) addHeld(held, row.origin, -row.size);
    }
  }

  private transaction<T>(work: () => T): T {
    this.db.exec("BEGIN IMMEDIATE");
    try {
      const result = work();
      this.db.exec("COMMIT");
      return result;
    } catch (err) {
      // SQLite has already rolled back after some failures (a full disk, an I/O error): a second
      // rollback would fail and hide the error that names the cause.
      if (this.db.isTransaction) this.db.exec("ROLLBACK");
      throw err;
    }
  }

  private readMeta(key: string): string | undefined {
    const row = this.sql.getMeta.get(key) as { value: string } | undefined;
    return row?.value;
  }
}

/** What the service resolves for its SQLite store: path, clock and the commit and size limits. */
export interface SqliteStoreOptions {
  path: string;
  clock: () => number;
  limits: Pick<
    MailLimits,
    | "maxStoreBytes"
    | "maxProviderShare"
    | "maxFutureSkewMs"
    | "groupCommit"
    | "maxBatchSize"
    | "batchDelayMs"
    | "synchronous"
  >;
}

/**
 * The store options the service's limits describe.
 *
 * @param init - Path, clock and the commit and size limits.
 * @returns The options of {@link SqliteMailStore}.
 */
export function sqliteStoreInit(init: SqliteStoreOptions): SqliteMailStoreInit {
  const { limits } = init;
  return {
    path: init.path,
    clock: init.clock,
    maxStoreBytes: limits.maxStoreBytes,
    maxOriginShare: limits.maxProviderShare,
    maxFutureMs: limits.maxFutureSkewMs,
    groupCommit: limits.groupCommit,
    maxBatchSize: limits.maxBatchSize,
    batchDelayMs: limits.batchDelayMs,
    synchronous: limits.synchronous,
  };
}

/**
 * Opens the SQLite store the service's limits describe, on the calling thread (tools and tests;
 * the node runs it on a thread of its own, see `ThreadedSqliteMailStore`).
 *
 * @param init - Path, clock and the commit and size limits.
 * @returns The store.
 */
export function openSqliteStore(init: SqliteStoreOptions): SqliteMailStore {
  return new SqliteMailStore(sqliteStoreInit(init));
}

/** Runs synchronous store work as a promise, so that a throw becomes a rejection. */
function settle<T>(work: () => T): Promise<T> {
  try {
    return Promise.resolve(work());
  } catch (err) {
    return Promise.reject(err instanceof Error ? err : new Error(String(err)));
  }
}
