import { DatabaseSync } from "node:sqlite";
import type { StatementSync } from "node:sqlite";

import { getAddress, getBytes, hexlify } from "ethers";

import { RecordExpiredError, RecordQuotaExceededError } from "../../../client/records/protocol/errors.js";
import type { SignedRecord } from "../../../client/records/protocol/record.js";
import type { DigestBucket } from "../../replication/adapter.js";
import { orderRecord, staleRecordError } from "./ordering.js";
import { replicaColumns } from "./replicaKey.js";
import { ReplicaQueries } from "./replicaQueries.js";
import { RECORD_ROW_OVERHEAD_BYTES, prepareRecordsDatabase } from "./schema.js";
import type {
  RecordKey,
  RecordNameRow,
  RecordPutOutcome,
  RecordsQuotas,
  RecordsStore,
  RecordsUsage,
  ReplicaPosition,
  StoredRecord,
} from "./types.js";

/** Options of {@link SqliteRecordsStore}. */
export interface SqliteRecordsStoreInit extends Partial<RecordsQuotas> {
  /** Database file. @default ":memory:" */
  path?: string | undefined;
  /** SQLite `synchronous`: `full` survives power loss, `normal` a process crash. @default "full" */
  synchronous?: "full" | "normal" | undefined;
  /** Milliseconds since the epoch. @default Date.now */
  clock?: (() => number) | undefined;
}

/** A row as SQLite returns it. */
interface Row {
  owner: Uint8Array;
  name: string;
  sequence: number;
  expires: number;
  deleted: number;
  value: Uint8Array;
  signature: Uint8Array;
  received_at: number;
}

/** Changes to the totals a transaction makes, applied once it has committed. */
interface Delta {
  rows: number;
  bytes: number;
}

const SELECT = "SELECT owner, name, sequence, expires, deleted, value, signature, received_at FROM records";

/**
 * The records store on Node's built-in SQLite: WAL mode, one transaction per put, acknowledged
 * only after commit, quotas checked inside the transaction, expired rows never served and deleted
 * by {@link SqliteRecordsStore.sweep}.
 */
export class SqliteRecordsStore implements RecordsStore {
  private readonly db: DatabaseSync;
  private readonly quotas: RecordsQuotas;
  private readonly clock: () => number;
  private readonly sql: Record<
    | "held"
    | "ownerTotals"
    | "expireOwner"
    | "upsert"
    | "get"
    | "list"
    | "listAfter"
    | "keys"
    | "keysAfter"
    | "sweep"
    | "usage",
    StatementSync
  >;
  private readonly replica: ReplicaQueries;
  /** Rows and capacity bytes held, expired rows included until swept. */
  private totals: Delta;
  private closed = false;

  /** @param init - File, durability, quotas and clock. */
  constructor(init: SqliteRecordsStoreInit = {}) {
    this.clock = init.clock ?? Date.now;
    this.quotas = {
      maxRecordsPerOwner: init.maxRecordsPerOwner ?? Number.POSITIVE_INFINITY,
      maxBytesPerOwner: init.maxBytesPerOwner ?? Number.POSITIVE_INFINITY,
      maxStoreBytes: init.maxStoreBytes ?? Number.POSITIVE_INFINITY,
    };
    this.db = new DatabaseSync(init.path ?? ":memory:");
    try {
      prepareRecordsDatabase(this.db, init.synchronous ?? "full");
    } catch (err) {
      this.db.close();
      throw err;
    }
    const db = this.db;
    this.sql = {
      held: db.prepare("SELECT sequence, signature, bytes, size FROM records WHERE owner = ? AND name = ?"),
      ownerTotals: db.prepare(
        "SELECT count(*) AS n, coalesce(sum(bytes), 0) AS bytes FROM records WHERE owner = ?",
      ),
      expireOwner: db.prepare("DELETE FROM records WHERE owner = ? AND expires <= ? RETURNING size"),
      // SQLite binds an empty array over a zero-length buffer (as decoded off the wire) as NULL.
      upsert: db.prepare(
        `INSERT OR REPLACE INTO records
           (owner, name, sequence, expires, deleted, value, signature, received_at, bytes, size,
            key_hash, position, checksum)
         VALUES (?, ?, ?, ?, ?, coalesce(?, x''), ?, ?, ?, ?, ?, ?, ?)`,
      ),
      get: db.prepare(`${SELECT} WHERE owner = ? AND name = ? AND expires > ?`),
      list: db.prepare(
        "SELECT name, sequence, expires, length(value) AS value_bytes FROM records " +
          "WHERE owner = ? AND deleted = 0 AND expires > ? ORDER BY name LIMIT ?",
      ),
      listAfter: db.prepare(
        "SELECT name, sequence, expires, length(value) AS value_bytes FROM records " +
          "WHERE owner = ? AND name > ? AND deleted = 0 AND expires > ? ORDER BY name LIMIT ?",
      ),
      keys: db.prepare(
        "SELECT owner, name, sequence FROM records WHERE expires > ? ORDER BY owner, name LIMIT ?",
      ),
      keysAfter: db.prepare(
        "SELECT owner, name, sequence FROM records WHERE (owner, name) > (?, ?) AND expires > ? " +
          "ORDER BY owner, name LIMIT ?",
      ),
      sweep: db.prepare("DELETE FROM records WHERE expires <= ? RETURNING size"),
      usage: db.prepare(
        "SELECT count(*) AS n, coalesce(sum(deleted), 0) AS tombstones, count(DISTINCT owner) AS owners " +
          "FROM records WHERE expires > ?",
      ),
    };
    this.replica = new ReplicaQueries(db);
    const totals = db.prepare("SELECT count(*) AS n, coalesce(sum(size), 0) AS size FROM records").get() as {
      n: number;
      size: number;
    };
    this.totals = { rows: totals.n, bytes: totals.size };
  }

  put(record: SignedRecord): Promise<RecordPutOutcome> {
    return settle(() => {
      this.checkOpen();
      const now = this.nowSeconds();
      if (record.expires <= now) throw new RecordExpiredError("The record has expired");
      const owner = ownerBlob(record.owner);
      const bytes = Buffer.byteLength(record.name) + record.value.byteLength;
      const size = bytes + RECORD_ROW_OVERHEAD_BYTES;
      const delta: Delta = { rows: 0, bytes: 0 };
      this.db.exec("BEGIN IMMEDIATE");
      try {
        // Expired rows of the owner are gone: they neither count against its quota nor order the put.
        for (const expired of this.sql.expireOwner.all(owner, now) as { size: number }[]) {
          delta.rows -= 1;
          delta.bytes -= expired.size;
        }
        const held = this.sql.held.get(owner, record.name) as
          { sequence: number; signature: Uint8Array; bytes: number; size: number } | undefined;
        const order = orderRecord(held, record);
        if (order === "stale") {
          throw staleRecordError(held, record);
        }
        if (order === "duplicate") {
          this.commit(delta);
          return "duplicate";
        }
        this.checkQuotas(owner, held, bytes, size, delta);
        const replica = replicaColumns(record);
        this.sql.upsert.run(
          owner,
          record.name,
          record.sequence,
          record.expires,
          record.deleted ? 1 : 0,
          record.value,
          record.signature,
          this.clock(),
          bytes,
          size,
          replica.keyHash,
          replica.position,
          replica.checksum,
        );
        delta.rows += held === undefined ? 1 : 0;
        delta.bytes += size - (held?.size ?? 0);
        this.commit(delta);
        return "stored";
      } catch (err) {
        if (this.db.isTransaction) this.db.exec("ROLLBACK");
        throw err;
      }
    });
  }

  get(owner: string, name: string): Promise<StoredRecord | undefined> {
    return settle(() => {
      this.checkOpen();
      const row = this.sql.get.get(ownerBlob(owner), name, this.nowSeconds()) as Row | undefined;
      return row === undefined ? undefined : toRecord(row);
    });
  }

  list(owner: string, after: string | undefined, limit: number): Promise<RecordNameRow[]> {
    return settle(() => {
      this.checkOpen();
      const now = this.nowSeconds();
      const rows = (
        after === undefined
          ? this.sql.list.all(ownerBlob(owner), now, limit)
          : this.sql.listAfter.all(ownerBlob(owner), after, now, limit)
      ) as { name: string; sequence: number; expires: number; value_bytes: number }[];
      return rows.map((row) => ({
        name: row.name,
        sequence: row.sequence,
        expires: row.expires,
        valueBytes: row.value_bytes,
      }));
    });
  }

  keys(after: { owner: string; name: string } | undefined, limit: number): Promise<RecordKey[]> {
    return settle(() => {
      this.checkOpen();
      const now = this.nowSeconds();
      const rows = (
        after === undefined
          ? this.sql.keys.all(now, limit)
          : this.sql.keysAfter.all(ownerBlob(after.owner), after.name, now, limit)
      ) as { owner: Uint8Array; name: string; sequence: number }[];
      return rows.map((row) => ({ owner: ownerText(row.owner), name: row.name, sequence: row.sequence }));
    });
  }

  getMany(keys: readonly { owner: string; name: string }[]): Promise<StoredRecord[]> {
    return settle(() => {
      this.checkOpen();
      const now = this.nowSeconds();
      const records: StoredRecord[] = [];
      for (const key of keys) {
        const row = this.sql.get.get(ownerBlob(key.owner), key.name, now) as Row | undefined;
        if (row !== undefined) records.push(toRecord(row));
      }
      return records;
    });
  }

  digest(from: number, to: number, buckets: number): Promise<DigestBucket[]> {
    return settle(() => {
      this.checkOpen();
      return this.replica.digest(from, to, buckets, this.nowSeconds());
    });
  }

  listIds(
    from: number,
    to: number,
    after: ReplicaPosition | undefined,
    limit: number,
  ): Promise<{ ids: Uint8Array[]; next: ReplicaPosition | undefined }> {
    return settle(() => {
      this.checkOpen();
      return this.replica.listIds(from, to, after, limit, this.nowSeconds());
    });
  }

  missing(ids: readonly Uint8Array[]): Promise<Uint8Array[]> {
    return settle(() => {
      this.checkOpen();
      return this.replica.missing(ids, this.nowSeconds());
    });
  }

  getListed(ids: readonly Uint8Array[], maxBytes: number): Promise<StoredRecord[]> {
    return settle(() => {
      this.checkOpen();
      return this.replica.getListed(ids, maxBytes, this.nowSeconds()).map((row) => toRecord(row));
    });
  }

  getMeta(key: string): Promise<string | undefined> {
    return settle(() => {
      this.checkOpen();
      return this.replica.getMeta(key);
    });
  }

  setMeta(key: string, value: string): Promise<void> {
    return settle(() => {
      this.checkOpen();
      this.replica.setMeta(key, value);
    });
  }

  sweep(): Promise<number> {
    return settle(() => {
      this.checkOpen();
      const removed = this.sql.sweep.all(this.nowSeconds()) as { size: number }[];
      this.totals = {
        rows: this.totals.rows - removed.length,
        bytes: this.totals.bytes - removed.reduce((sum, row) => sum + row.size, 0),
      };
      return removed.length;
    });
  }

  usage(): RecordsUsage {
    this.checkOpen();
    const row = this.sql.usage.get(this.nowSeconds()) as { n: number; tombstones: number; owners: number };
    const capacity = this.quotas.maxStoreBytes;
    return {
      records: row.n - row.tombstones,
      tombstones: row.tombstones,
      owners: row.owners,
      bytes: this.totals.bytes,
      capacity,
      free: Math.max(0, capacity - this.totals.bytes),
    };
  }

  close(): Promise<void> {
    return settle(() => {
      if (this.closed) return;
      this.closed = true;
      this.db.close();
    });
  }

  /** Refuses a put that would take the owner over a quota or the store over its capacity. */
  private checkQuotas(
    owner: Uint8Array,
    held: { bytes: number; size: number } | undefined,
    bytes: number,
    size: number,
    delta: Delta,
  ): void {
    const { maxRecordsPerOwner, maxBytesPerOwner, maxStoreBytes } = this.quotas;
    const before = this.sql.ownerTotals.get(owner) as { n: number; bytes: number };
    if (held === undefined && before.n + 1 > maxRecordsPerOwner) {
      throw new RecordQuotaExceededError(`An owner may hold at most ${maxRecordsPerOwner} records here`, {
        limit: "records",
      });
    }
    const ownerBytes = before.bytes - (held?.bytes ?? 0) + bytes;
    if (ownerBytes > maxBytesPerOwner && ownerBytes > before.bytes) {
      throw new RecordQuotaExceededError(`An owner may hold at most ${maxBytesPerOwner} bytes here`, {
        limit: "bytes",
      });
    }
    const grows = size - (held?.size ?? 0);
    if (grows > 0 && this.totals.bytes + delta.bytes + grows > maxStoreBytes) {
      throw new RecordQuotaExceededError("The node's records store is full", { limit: "capacity" });
    }
  }

  private commit(delta: Delta): void {
    this.db.exec("COMMIT");
    this.totals = { rows: this.totals.rows + delta.rows, bytes: this.totals.bytes + delta.bytes };
  }

  private nowSeconds(): number {
    return Math.floor(this.clock() / 1000);
  }

  private checkOpen(): void {
    if (this.closed) throw new Error("the records store is closed");
  }
}

function ownerBlob(owner: string): Uint8Array {
  return getBytes(owner);
}

function ownerText(owner: Uint8Array): string {
  return getAddress(hexlify(owner));
}

function toRecord(row: Row): StoredRecord {
  return {
    owner: ownerText(row.owner),
    name: row.name,
    value: row.value,
    sequence: row.sequence,
    expires: row.expires,
    deleted: row.deleted === 1,
    signature: row.signature,
    receivedAt: row.received_at,
  };
}

/** Runs synchronous store work as a promise, so that a throw becomes a rejection. */
function settle<T>(work: () => T): Promise<T> {
  try {
    return Promise.resolve(work());
  } catch (err) {
    return Promise.reject(err instanceof Error ? err : new Error(String(err)));
  }
}
