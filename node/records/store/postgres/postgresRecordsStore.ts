import { getAddress, getBytes, hexlify } from "ethers";
import type pg from "pg";

import { RecordExpiredError, RecordQuotaExceededError } from "../../../../client/records/protocol/errors.js";
import type { SignedRecord } from "../../../../client/records/protocol/record.js";
import { digestFromRows, openPostgres } from "../../../config/postgres.js";
import type { DigestRow, PostgresConnection } from "../../../config/postgres.js";
import type { DigestBucket } from "../../../replication/adapter.js";
import { orderRecord, staleRecordError } from "../ordering.js";
import { SIGNATURE_HEAD_BYTES, listedId, parseListedId, positionOf, replicaColumns } from "../replicaKey.js";
import { RECORD_ROW_OVERHEAD_BYTES } from "../schema.js";
import type {
  RecordKey,
  RecordNameRow,
  RecordPutOutcome,
  RecordsQuotas,
  RecordsStore,
  RecordsUsage,
  ReplicaPosition,
  StoredRecord,
} from "../types.js";
import { DEFAULT_RECORDS_SCHEMA, RECORDS_MIGRATIONS, RECORDS_TABLES } from "./schema.js";

/** Options of {@link PostgresRecordsStore.open}. */
export interface PostgresRecordsStoreInit extends Partial<RecordsQuotas> {
  /** Connection URL. */
  url: string;
  /** Schema of this node's tables. @default "waymark_records" */
  schema?: string | undefined;
  /** Milliseconds since the epoch. @default Date.now */
  clock?: (() => number) | undefined;
}

/** A row as queries return it. */
interface Row {
  owner: Uint8Array;
  name: string;
  sequence: number;
  expires: number;
  deleted: boolean;
  value: Uint8Array;
  signature: Uint8Array;
  received_at: number;
  size: number;
}

/** What the usage counts, kept in memory between sweeps. */
interface Counts {
  rows: number;
  records: number;
  tombstones: number;
  owners: number;
  bytes: number;
}

const COLUMNS = "owner, name, sequence, expires, deleted, value, signature, received_at, size";

/**
 * The records store on PostgreSQL: the same ordering, quotas, expiry and replication reads as the
 * SQLite store. Puts run one at a time, each in its own transaction, acknowledged after COMMIT (the
 * per-owner quotas and the capacity are checked inside it). Each node process has its own schema.
 */
export class PostgresRecordsStore implements RecordsStore {
  private readonly pool: pg.Pool;
  private readonly quotas: RecordsQuotas;
  private readonly clock: () => number;
  private counts: Counts = { rows: 0, records: 0, tombstones: 0, owners: 0, bytes: 0 };
  private tail: Promise<unknown> = Promise.resolve();
  private closed = false;

  private constructor(
    private readonly connection: PostgresConnection,
    init: PostgresRecordsStoreInit,
  ) {
    this.pool = connection.pool;
    this.clock = init.clock ?? Date.now;
    this.quotas = {
      maxRecordsPerOwner: init.maxRecordsPerOwner ?? Number.POSITIVE_INFINITY,
      maxBytesPerOwner: init.maxBytesPerOwner ?? Number.POSITIVE_INFINITY,
      maxStoreBytes: init.maxStoreBytes ?? Number.POSITIVE_INFINITY,
    };
  }

  /**
   * Connects, migrates and counts what is held.
   *
   * @param init - URL, schema, quotas and clock.
   * @returns The open store.
   * @throws The errors of `openPostgres` (unreachable, credentials, privileges, newer schema, in use).
   */
  static async open(init: PostgresRecordsStoreInit): Promise<PostgresRecordsStore> {
    const connection = await openPostgres({
      url: init.url,
      schema: init.schema ?? DEFAULT_RECORDS_SCHEMA,
      label: "records",
      migrations: RECORDS_MIGRATIONS,
      tables: RECORDS_TABLES,
    });
    const store = new PostgresRecordsStore(connection, init);
    try {
      await store.recount();
    } catch (err) {
      await connection.close();
      throw err;
    }
    return store;
  }

  put(record: SignedRecord): Promise<RecordPutOutcome> {
    return this.exclusive(async () => this.putNow(record));
  }

  async get(owner: string, name: string): Promise<StoredRecord | undefined> {
    this.checkOpen();
    const { rows } = await this.pool.query<Row>(
      `SELECT ${COLUMNS} FROM records WHERE owner = $1 AND name = $2 AND expires > $3`,
      [ownerBlob(owner), name, this.nowSeconds()],
    );
    const row = rows[0];
    return row === undefined ? undefined : toRecord(row);
  }

  async list(owner: string, after: string | undefined, limit: number): Promise<RecordNameRow[]> {
    this.checkOpen();
    const { rows } = await this.pool.query<{
      name: string;
      sequence: number;
      expires: number;
      value_bytes: number;
    }>(
      `SELECT name, sequence, expires, octet_length(value) AS value_bytes FROM records
       WHERE owner = $1 AND ($2::text IS NULL OR name > $2) AND NOT deleted AND expires > $3
       ORDER BY name LIMIT $4`,
      [ownerBlob(owner), after ?? null, this.nowSeconds(), limit],
    );
    return rows.map((row) => ({
      name: row.name,
      sequence: row.sequence,
      expires: row.expires,
      valueBytes: row.value_bytes,
    }));
  }

  async keys(after: { owner: string; name: string } | undefined, limit: number): Promise<RecordKey[]> {
    this.checkOpen();
    const now = this.nowSeconds();
    const { rows } =
      after === undefined
        ? await this.pool.query<{ owner: Uint8Array; name: string; sequence: number }>(
            "SELECT owner, name, sequence FROM records WHERE expires > $1 ORDER BY owner, name LIMIT $2",
            [now, limit],
          )
        : await this.pool.query<{ owner: Uint8Array; name: string; sequence: number }>(
            `SELECT owner, name, sequence FROM records WHERE (owner, name) > ($1, $2) AND expires > $3
             ORDER BY owner, name LIMIT $4`,
            [ownerBlob(after.owner), after.name, now, limit],
          );
    return rows.map((row) => ({ owner: ownerText(row.owner), name: row.name, sequence: row.sequence }));
  }

  async getMany(keys: readonly { owner: string; name: string }[]): Promise<StoredRecord[]> {
    this.checkOpen();
    if (keys.length === 0) return [];
    const { rows } = await this.pool.query<Row & { i: number }>(
      `SELECT k.i, ${COLUMNS.split(", ")
        .map((column) => `r.${column}`)
        .join(", ")}
       FROM unnest($1::bytea[], $2::text[]) WITH ORDINALITY AS k(owner, name, i)
       JOIN records r ON r.owner = k.owner AND r.name = k.name COLLATE "C"
       WHERE r.expires > $3 ORDER BY k.i`,
      [keys.map((key) => ownerBlob(key.owner)), keys.map((key) => key.name), this.nowSeconds()],
    );
    return rows.map((row) => toRecord(row));
  }

  async digest(from: number, to: number, buckets: number): Promise<DigestBucket[]> {
    this.checkOpen();
    const width = Math.ceil((to - from + 1) / buckets);
    const { rows } = await this.pool.query<DigestRow>(
      `SELECT (position - $1::bigint) / $2::bigint AS b, count(*) AS c, sum(checksum)::text AS s FROM records
       WHERE position BETWEEN $3 AND $4 AND expires > $5 GROUP BY b`,
      [from, width, from, to, this.nowSeconds()],
    );
    return digestFromRows(rows, buckets);
  }

  async listIds(
    from: number,
    to: number,
    after: ReplicaPosition | undefined,
    limit: number,
  ): Promise<{ ids: Uint8Array[]; next: ReplicaPosition | undefined }> {
    this.checkOpen();
    const start = after ?? { position: from, keyHash: new Uint8Array(0) };
    const { rows } = await this.pool.query<{
      position: number;
      key_hash: Uint8Array;
      sequence: number;
      signature: Uint8Array;
    }>(
      `SELECT position, key_hash, sequence, signature FROM records
       WHERE position BETWEEN $1 AND $2 AND (position, key_hash) > ($3, $4) AND expires > $5
       ORDER BY position, key_hash LIMIT $6`,
      [from, to, start.position, Buffer.from(start.keyHash), this.nowSeconds(), limit + 1],
    );
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      ids: page.map((row) => listedId(row.key_hash, row.sequence, row.signature)),
      next:
        rows.length > limit && last !== undefined
          ? { position: last.position, keyHash: new Uint8Array(last.key_hash) }
          : undefined,
    };
  }

  async missing(ids: readonly Uint8Array[]): Promise<Uint8Array[]> {
    this.checkOpen();
    const listed = ids.map((id) => ({ id, parsed: parseListedId(id) }));
    const held = await this.heldByKeyHash(
      listed.flatMap(({ parsed }) => (parsed === undefined ? [] : [parsed.keyHash])),
    );
    return listed
      .filter(({ parsed }) => {
        if (parsed === undefined) return false;
        const row = held.get(hexlify(parsed.keyHash));
        if (row === undefined || parsed.sequence > row.sequence) return true;
        if (parsed.sequence < row.sequence) return false;
        return Buffer.compare(parsed.signatureHead, row.signature.subarray(0, SIGNATURE_HEAD_BYTES)) > 0;
      })
      .map(({ id }) => id);
  }

  async getListed(ids: readonly Uint8Array[], maxBytes: number): Promise<StoredRecord[]> {
    this.checkOpen();
    const keyHashes = ids.flatMap((id) => {
      const parsed = parseListedId(id);
      return parsed === undefined ? [] : [parsed.keyHash];
    });
    const held = await this.heldByKeyHash(keyHashes);
    const found: StoredRecord[] = [];
    let bytes = 0;
    for (const keyHash of keyHashes) {
      const row = held.get(hexlify(keyHash));
      if (row === undefined) continue;
      if (found.length > 0 && bytes + row.size > maxBytes) break;
      found.push(toRecord(row));
      bytes += row.size;
    }
    return found;
  }

  async getMeta(key: string): Promise<string | undefined> {
    this.checkOpen();
    const { rows } = await this.pool.query<{ value: string }>("SELECT value FROM meta WHERE key = $1", [key]);
    return rows[0]?.value;
  }

  async setMeta(key: string, value: string): Promise<void> {
    this.checkOpen();
    await this.pool.query(
      "INSERT INTO meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
      [key, value],
    );
  }

  sweep(): Promise<number> {
    return this.exclusive(async () => {
      const removed = await this.pool.query("DELETE FROM records WHERE expires <= $1", [this.nowSeconds()]);
      await this.recount();
      return removed.rowCount ?? 0;
    });
  }

  usage(): RecordsUsage {
    this.checkOpen();
    const capacity = this.quotas.maxStoreBytes;
    return {
      records: this.counts.records,
      tombstones: this.counts.tombstones,
      owners: this.counts.owners,
      bytes: this.counts.bytes,
      capacity,
      free: Math.max(0, capacity - this.counts.bytes),
    };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.tail;
    await this.connection.close();
  }

  /** One put, in its own transaction (run through {@link exclusive}: one at a time). */
  private async putNow(record: SignedRecord): Promise<RecordPutOutcome> {
    const now = this.nowSeconds();
    if (record.expires <= now) throw new RecordExpiredError("The record has expired");
    const owner = ownerBlob(record.owner);
    const bytes = Buffer.byteLength(record.name) + record.value.byteLength;
    const size = bytes + RECORD_ROW_OVERHEAD_BYTES;
    const client = await this.pool.connect();
    try {
      await client.query("BEGIN");
      const before = await client.query<{ n: number }>("SELECT count(*) AS n FROM records WHERE owner = $1", [
        owner,
      ]);
      const had = before.rows[0]?.n ?? 0;
      // Expired rows of the owner are gone: they neither count against its quota nor order the put.
      const expired = await client.query<{ size: number; deleted: boolean }>(
        "DELETE FROM records WHERE owner = $1 AND expires <= $2 RETURNING size, deleted",
        [owner, now],
      );
      const counts = { ...this.counts };
      for (const row of expired.rows) {
        counts.rows -= 1;
        counts.bytes -= row.size;
        if (row.deleted) counts.tombstones -= 1;
        else counts.records -= 1;
      }
      const heldRows = await client.query<{
        sequence: number;
        signature: Uint8Array;
        bytes: number;
        size: number;
        deleted: boolean;
      }>("SELECT sequence, signature, bytes, size, deleted FROM records WHERE owner = $1 AND name = $2", [
        owner,
        record.name,
      ]);
      const held = heldRows.rows[0];
      const order = orderRecord(held, record);
      if (order === "stale") throw staleRecordError(held, record);
      let outcome: RecordPutOutcome = "duplicate";
      let rowsAfter = had - expired.rows.length;
      if (order === "newer") {
        this.checkQuotas(rowsAfter, await this.ownerBytes(client, owner), held, bytes, size, counts.bytes);
        const replica = replicaColumns(record);
        await client.query(
          `INSERT INTO records (owner, name, sequence, expires, deleted, value, signature, received_at, bytes, size,
             key_hash, position, checksum)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
           ON CONFLICT (owner, name) DO UPDATE SET sequence = excluded.sequence, expires = excluded.expires,
             deleted = excluded.deleted, value = excluded.value, signature = excluded.signature,
             received_at = excluded.received_at, bytes = excluded.bytes, size = excluded.size,
             key_hash = excluded.key_hash, position = excluded.position, checksum = excluded.checksum`,
          [
            owner,
            record.name,
            record.sequence,
            record.expires,
            record.deleted,
            Buffer.from(record.value),
            Buffer.from(record.signature),
            this.clock(),
            bytes,
            size,
            Buffer.from(replica.keyHash),
            replica.position,
            replica.checksum,
          ],
        );
        if (held === undefined) {
          counts.rows += 1;
          rowsAfter += 1;
        } else if (held.deleted) counts.tombstones -= 1;
        else counts.records -= 1;
        if (record.deleted) counts.tombstones += 1;
        else counts.records += 1;
        counts.bytes += size - (held?.size ?? 0);
        outcome = "stored";
      }
      counts.owners += (rowsAfter > 0 ? 1 : 0) - (had > 0 ? 1 : 0);
      await client.query("COMMIT");
      this.counts = counts;
      return outcome;
    } catch (err) {
      await client.query("ROLLBACK").catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }

  private async ownerBytes(client: pg.PoolClient, owner: Uint8Array): Promise<number> {
    const { rows } = await client.query<{ bytes: number }>(
      "SELECT coalesce(sum(bytes), 0)::bigint AS bytes FROM records WHERE owner = $1",
      [owner],
    );
    return rows[0]?.bytes ?? 0;
  }

  /** Refuses a put that would take the owner over a quota or the store over its capacity (as SQLite's). */
  private checkQuotas(
    ownerRows: number,
    ownerBytes: number,
    held: { bytes: number; size: number } | undefined,
    bytes: number,
    size: number,
    storeBytes: number,
  ): void {
    const { maxRecordsPerOwner, maxBytesPerOwner, maxStoreBytes } = this.quotas;
    if (held === undefined && ownerRows + 1 > maxRecordsPerOwner) {
      throw new RecordQuotaExceededError(`An owner may hold at most ${maxRecordsPerOwner} records here`, {
        limit: "records",
      });
    }
    const after = ownerBytes - (held?.bytes ?? 0) + bytes;
    if (after > maxBytesPerOwner && after > ownerBytes) {
      throw new RecordQuotaExceededError(`An owner may hold at most ${maxBytesPerOwner} bytes here`, {
        limit: "bytes",
      });
    }
    const grows = size - (held?.size ?? 0);
    if (grows > 0 && storeBytes + grows > maxStoreBytes) {
      throw new RecordQuotaExceededError("The node's records store is full", { limit: "capacity" });
    }
  }

  /** The live rows held under key hashes, by hex key hash. */
  private async heldByKeyHash(keyHashes: readonly Uint8Array[]): Promise<Map<string, Row>> {
    if (keyHashes.length === 0) return new Map();
    const { rows } = await this.pool.query<Row & { key_hash: Uint8Array }>(
      `SELECT key_hash, ${COLUMNS} FROM records
       WHERE position = ANY($1::bigint[]) AND key_hash = ANY($2::bytea[]) AND expires > $3`,
      [
        keyHashes.map((hash) => positionOf(hash)),
        keyHashes.map((hash) => Buffer.from(hash)),
        this.nowSeconds(),
      ],
    );
    return new Map(rows.map((row) => [hexlify(row.key_hash), row]));
  }

  /** Reads the usage figures from the table (at open and after a sweep). */
  private async recount(): Promise<void> {
    await this.pool.query("ANALYZE records");
    // Every row counts until the sweep deletes it (the sweep recounts), as the put's deltas do.
    const { rows } = await this.pool.query<Counts>(
      `SELECT count(*) AS rows, coalesce(sum(size), 0)::bigint AS bytes,
         count(*) FILTER (WHERE NOT deleted) AS records, count(*) FILTER (WHERE deleted) AS tombstones,
         count(DISTINCT owner) AS owners
       FROM records`,
    );
    const row = rows[0];
    if (row !== undefined) {
      this.counts = {
        rows: row.rows,
        bytes: row.bytes,
        records: row.records,
        tombstones: row.tombstones,
        owners: row.owners,
      };
    }
  }

  /** Runs writes one at a time, never after close. */
  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new Error("the records store is closed"));
    const result = this.tail.then(work);
    this.tail = result.catch(() => undefined);
    return result;
  }

  private nowSeconds(): number {
    return Math.floor(this.clock() / 1000);
  }

  private checkOpen(): void {
    if (this.closed) throw new Error("the records store is closed");
  }
}

function ownerBlob(owner: string): Buffer {
  return Buffer.from(getBytes(owner));
}

function ownerText(owner: Uint8Array): string {
  return getAddress(hexlify(owner));
}

function toRecord(row: Row): StoredRecord {
  return {
    owner: ownerText(row.owner),
    name: row.name,
    value: new Uint8Array(row.value),
    sequence: row.sequence,
    expires: row.expires,
    deleted: row.deleted,
    signature: new Uint8Array(row.signature),
    receivedAt: row.received_at,
  };
}
