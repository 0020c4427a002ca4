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
import { envelopeSize, prepareDatabase } from "./schema.js";
import type { Row, Statements } from "./statements.js";
import { compareRows, idHead, prepareStatements, toEnvelope } from "./statements.js";

/** Options of {@link SqliteMailStore}. */
export interface SqliteMailStoreInit {
  /** Database file. @default ":memory:" */
  path?: string | undefined;
  /** Envelope bytes kept before the oldest are evicted. @default Infinity */
  maxStoreBytes?: number | undefined;
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

const LOWEST_ID = new Uint8Array(0);
const HIGHEST_ID = new Uint8Array(33).fill(0xff);
const encoder = new TextEncoder();

/**
 * The mail store on Node's built-in SQLite: WAL mode, group commits (one fsync per batch),
 * acknowledgement after commit, expiry, and oldest-first eviction above a size limit.
 */
export class SqliteMailStore implements MailStore {
  private readonly db: DatabaseSync;
  private readonly maxStoreBytes: number;
  private readonly clock: () => number;
  private readonly queue: CommitQueue<StoredEnvelope, PutOutcome>;
  private readonly sql: Statements;
  private messages: number;
  private bytes: number;
  private floor: number;
  private closed = false;

  /** @param init - File, limits and commit tuning. */
  constructor(init: SqliteMailStoreInit = {}) {
    this.db = new DatabaseSync(init.path ?? ":memory:");
    prepareDatabase(this.db, init.synchronous ?? "full");
    this.maxStoreBytes = init.maxStoreBytes ?? Number.POSITIVE_INFINITY;
    this.clock = init.clock ?? Date.now;
    this.sql = prepareStatements(this.db);
    const totals = this.db.prepare("SELECT COUNT(*) AS n, TOTAL(size) AS bytes FROM envelopes").get() as {
      n: number;
      bytes: number;
    };
    this.messages = totals.n;
    this.bytes = totals.bytes;
    this.floor = Number(this.readMeta("floor") ?? 0);
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
    return settle(() => {
      const forward = query.direction === "forward";
      const start =
        query.after ??
        (forward ? { timestamp: query.from, id: LOWEST_ID } : { timestamp: query.to, id: HIGHEST_ID });
      const take = query.limit + 1;
      const rows: Row[] = [];
      if (query.topics.length === 0) {
        const statement = forward ? this.sql.allForward : this.sql.allBackward;
        rows.push(
          ...(statement.all(
            query.from,
            query.to,
            start.timestamp,
            start.id,
            query.now,
            take,
          ) as unknown as Row[]),
        );
      } else {
        const statement = forward ? this.sql.topicForward : this.sql.topicBackward;
        for (const topic of new Set(query.topics)) {
          rows.push(
            ...(statement.all(
              topic,
              query.from,
              query.to,
              start.timestamp,
              start.id,
              query.now,
              take,
            ) as unknown as Row[]),
          );
        }
        rows.sort((a, b) => (forward ? 1 : -1) * compareRows(a, b));
      }
      const envelopes: StoredEnvelope[] = [];
      let bytes = 0;
      for (const row of rows) {
        if (envelopes.length === query.limit) break;
        if (envelopes.length > 0 && bytes + row.size > query.maxBytes) break;
        envelopes.push(toEnvelope(row));
        bytes += row.size;
      }
      const last = envelopes.at(-1);
      const next =
        rows.length > envelopes.length && last !== undefined
          ? { timestamp: last.timestamp, id: last.id }
          : undefined;
      return { envelopes, next };
    });
  }

  digest(from: number, to: number, buckets: number, now: number): Promise<DigestBucket[]> {
    return settle(() => {
      const width = Math.ceil((to - from + 1) / buckets);
      const result = Array.from({ length: buckets }, () => ({ count: 0, sum: 0n }));
      const rows = this.sql.digest.all(BigInt(from), BigInt(width), from, to, now) as {
        b: bigint;
        c: bigint;
        s: bigint;
      }[];
      for (const row of rows) {
        const bucket = result[Number(row.b)];
        if (bucket !== undefined) {
          bucket.count = Number(row.c);
          bucket.sum = row.s;
        }
      }
      return result;
    });
  }

  listIds(
    from: number,
    to: number,
    after: Position | undefined,
    limit: number,
    now: number,
  ): Promise<{ ids: Uint8Array[]; next: Position | undefined }> {
    return settle(() => {
      const start = after ?? { timestamp: from, id: LOWEST_ID };
      const rows = this.sql.listIds.all(from, to, start.timestamp, start.id, now, limit + 1) as {
        timestamp: number;
        id: Uint8Array;
      }[];
      const page = rows.slice(0, limit);
      const last = page.at(-1);
      return {
        ids: page.map((row) => row.id),
        next:
          rows.length > limit && last !== undefined ? { timestamp: last.timestamp, id: last.id } : undefined,
      };
    });
  }

  get(ids: readonly Uint8Array[], maxBytes: number, now: number): Promise<StoredEnvelope[]> {
    return settle(() => {
      const found: StoredEnvelope[] = [];
      let bytes = 0;
      for (const id of ids) {
        const row = this.sql.getById.get(id) as Row | undefined;
        if (row === undefined || row.expires_at <= now) continue;
        if (found.length > 0 && bytes + row.size > maxBytes) break;
        found.push(toEnvelope(row));
        bytes += row.size;
      }
      return found;
    });
  }

  missing(ids: readonly Uint8Array[]): Promise<Uint8Array[]> {
    return settle(() => {
      return ids.filter((id) => this.sql.hasId.get(id) === undefined);
    });
  }

  expire(now: number): Promise<number> {
    return settle(() => {
      this.queue.flush();
      const removed = this.transaction(() => this.sql.expire.all(now) as { size: number }[]);
      this.forget(removed);
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
    const { outcomes, added, addedBytes, evicted, floor } = this.transaction(() => {
      let added = 0;
      let addedBytes = 0;
      const outcomes = envelopes.map((envelope): PutOutcome => {
        if (envelope.expiresAt <= now || envelope.timestamp <= this.floor) return "refused";
        const size = envelopeSize(encoder.encode(envelope.topic).byteLength, envelope.payload.byteLength);
        const { changes } = this.sql.insert.run(
          envelope.id,
          envelope.topic,
          envelope.timestamp,
          envelope.ttl,
          envelope.expiresAt,
          envelope.payload,
          size,
          idHead(envelope.id),
        );
        if (Number(changes) === 0) return "duplicate";
        added += 1;
        addedBytes += size;
        return "stored";
      });
      const { evicted, floor } = this.evictOldest(this.bytes + addedBytes);
      return { outcomes, added, addedBytes, evicted, floor };
    });
    this.messages += added;
    this.bytes += addedBytes;
    this.forget(evicted);
    this.floor = floor;
    return outcomes;
  }

  /**
   * Inside a transaction: deletes the oldest envelopes until `bytes` fits the size limit, and
   * raises the floor to the newest timestamp deleted.
   */
  private evictOldest(bytes: number): { evicted: { size: number }[]; floor: number } {
    const evicted: { size: number }[] = [];
    let floor = this.floor;
    while (bytes > this.maxStoreBytes) {
      const oldest = this.sql.oldest.all(256) as { seq: number; size: number; timestamp: number }[];
      if (oldest.length === 0) break;
      for (const row of oldest) {
        if (bytes <= this.maxStoreBytes) break;
        this.sql.deleteSeq.run(row.seq);
        evicted.push(row);
        bytes -= row.size;
        floor = Math.max(floor, row.timestamp);
      }
    }
    if (floor !== this.floor) this.sql.setMeta.run("floor", String(floor));
    return { evicted, floor };
  }

  private forget(removed: readonly { size: number }[]): void {
    this.messages -= removed.length;
    for (const row of removed) this.bytes -= row.size;
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

/**
 * Opens the SQLite store the service's limits describe.
 *
 * @param init - Path, clock and the commit and size limits.
 * @returns The store.
 */
export function openSqliteStore(init: {
  path: string;
  clock: () => number;
  limits: Pick<MailLimits, "maxStoreBytes" | "groupCommit" | "maxBatchSize" | "batchDelayMs" | "synchronous">;
}): SqliteMailStore {
  const { limits } = init;
  return new SqliteMailStore({
    path: init.path,
    clock: init.clock,
    maxStoreBytes: limits.maxStoreBytes,
    groupCommit: limits.groupCommit,
    maxBatchSize: limits.maxBatchSize,
    batchDelayMs: limits.batchDelayMs,
    synchronous: limits.synchronous,
  });
}

/** Runs synchronous store work as a promise, so that a throw becomes a rejection. */
function settle<T>(work: () => T): Promise<T> {
  try {
    return Promise.resolve(work());
  } catch (err) {
    return Promise.reject(err instanceof Error ? err : new Error(String(err)));
  }
}
