import { getAddress, getBytes, hexlify } from "ethers";
import type pg from "pg";

import { RecordExpiredError, RecordQuotaExceededError } from "../../../../client/records/protocol/errors.js";
import type { SignedRecord } from "../../../../client/records/protocol/record.js";
import { digestFromRows, openPostgres } from "../../../config/postgres.js";
import type { ConnectFailure, DigestRow, PostgresConnection } from "../../../config/postgres.js";
import type { DigestBucket } from "../../../replication/adapter.js";
import { SerialCommitQueue } from "../../../store/serialCommitQueue.js";
import type { LockingStore, StoreLockState } from "../../../store/storeLock.js";
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
  /** Called once when the store loses its schema lock (it then refuses every put). */
  onLost?: ((error: Error) => void) | undefined;
  /** Milliseconds the first connection is retried for while the server cannot be reached. @default 0 */
  connectTimeoutMs?: number | undefined;
  /** Called once per failed connection attempt that will be retried. */
  onConnectFailed?: ((failure: ConnectFailure) => void) | undefined;
  /** Share one transaction between the puts that arrive while one commits. @default true */
  groupCommit?: boolean | undefined;
  /** Puts per transaction at most. @default 256 */
  maxBatchSize?: number | undefined;
}

/** A put's outcome, or the refusal it is rejected with. */
type PutResult = RecordPutOutcome | Error;

/** What a batch needs of the row held under a name. */
interface HeldRow {
  sequence: number;
  signature: Uint8Array;
  bytes: number;
  size: number;
  deleted: boolean;
}

/** An owner's figures while a batch is decided. */
interface OwnerTotals {
  /** Rows before the batch (expired ones included). */
  had: number;
  /** Rows now. */
  rows: number;
  /** Name and value bytes now. */
  bytes: number;
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
 * SQLite store. Puts are committed in groups: those that arrive while a transaction commits share
 * the next one (the server's WAL flush is paid once per group), and each is acknowledged only after
 * that COMMIT; the per-owner quotas and the capacity are checked inside it. Each node process has
 * its own schema.
 */
export class PostgresRecordsStore implements RecordsStore, LockingStore {
  private readonly pool: pg.Pool;
  private readonly quotas: RecordsQuotas;
  private readonly clock: () => number;
  private counts: Counts = { rows: 0, records: 0, tombstones: 0, owners: 0, bytes: 0 };
  private readonly queue: SerialCommitQueue<SignedRecord, PutResult>;
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
    this.queue = new SerialCommitQueue((records) => this.commit(records), {
      group: init.groupCommit ?? true,
      maxBatchSize: init.maxBatchSize ?? 256,
    });
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
      onLost: init.onLost,
      connectTimeoutMs: init.connectTimeoutMs,
      onConnectFailed: init.onConnectFailed,
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

  async put(record: SignedRecord): Promise<RecordPutOutcome> {
    this.checkOpen();
    if (this.connection.lost !== undefined) throw this.connection.lost;
    // One outcome per item queued.
    const [result] = (await this.queue.add([record])) as [PutResult];
    if (result instanceof Error) throw result;
    return result;
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

  async sweep(): Promise<number> {
    this.checkOpen();
    await this.queue.flush();
    return this.queue.exclusive(async () => {
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

  lockState(): StoreLockState | undefined {
    return this.connection.lockState();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.queue.flush();
    await this.queue.exclusive(async () => this.connection.close());
  }

  /**
   * Commits a batch of puts in one transaction: reads what the batch needs in four statements
   * (expired rows of its owners deleted, their row and byte totals, the rows held under its
   * names), decides each put in order as a lone put would (a later put of the batch sees the
   * earlier ones), and writes the winners in one statement. A refused put is an outcome, not a
   * failure of the batch; a driver error fails every put of it (none acknowledged).
   */
  private async commit(records: readonly SignedRecord[]): Promise<PutResult[]> {
    if (this.connection.pool.ended) throw new Error("the records store is closed");
    const now = this.nowSeconds();
    const receivedAt = this.clock();
    const client = await this.pool.connect();
    try {
      await client.query("BEGIN");
      await this.connection.assertOwned(client);
      const owners = [...new Set(records.map((record) => record.owner))];
      const ownerBlobs = owners.map((owner) => ownerBlob(owner));
      // Expired rows of the owners are gone: they neither count against a quota nor order a put.
      const expired = await client.query<{ owner: Uint8Array; size: number; deleted: boolean }>(
        "DELETE FROM records WHERE owner = ANY($1::bytea[]) AND expires <= $2 RETURNING owner, size, deleted",
        [ownerBlobs, now],
      );
      const counts = { ...this.counts };
      const expiredRows = new Map<string, number>();
      for (const row of expired.rows) {
        const owner = ownerText(row.owner);
        expiredRows.set(owner, (expiredRows.get(owner) ?? 0) + 1);
        counts.rows -= 1;
        counts.bytes -= row.size;
        if (row.deleted) counts.tombstones -= 1;
        else counts.records -= 1;
      }
      const totals = await client.query<{ owner: Uint8Array; n: number; bytes: number }>(
        `SELECT owner, count(*) AS n, coalesce(sum(bytes), 0)::bigint AS bytes FROM records
         WHERE owner = ANY($1::bytea[]) GROUP BY owner`,
        [ownerBlobs],
      );
      const byOwner = new Map<string, OwnerTotals>(
        owners.map((owner) => [owner, { had: expiredRows.get(owner) ?? 0, rows: 0, bytes: 0 }]),
      );
      for (const row of totals.rows) {
        const owner = byOwner.get(ownerText(row.owner));
        if (owner === undefined) continue;
        owner.had += row.n;
        owner.rows = row.n;
        owner.bytes = row.bytes;
      }
      const heldRows = await client.query<HeldRow & { owner: Uint8Array; name: string }>(
        `SELECT r.owner, r.name, r.sequence, r.signature, r.bytes, r.size, r.deleted
         FROM unnest($1::bytea[], $2::text[]) AS k(owner, name)
         JOIN records r ON r.owner = k.owner AND r.name = k.name COLLATE "C"`,
        [records.map((record) => ownerBlob(record.owner)), records.map((record) => record.name)],
      );
      const held = new Map<string, HeldRow>(
        heldRows.rows.map((row) => [keyOf(ownerText(row.owner), row.name), row]),
      );
      const winners = new Map<string, { record: SignedRecord; bytes: number; size: number }>();
      const results = records.map((record): PutResult => {
        if (record.expires <= now) return new RecordExpiredError("The record has expired");
        const key = keyOf(record.owner, record.name);
        const before = held.get(key);
        const order = orderRecord(before, record);
        if (order === "stale") return staleRecordError(before, record);
        if (order === "duplicate") return "duplicate";
        const owner = byOwner.get(record.owner) ?? { had: 0, rows: 0, bytes: 0 };
        const bytes = Buffer.byteLength(record.name) + record.value.byteLength;
        const size = bytes + RECORD_ROW_OVERHEAD_BYTES;
        try {
          this.checkQuotas(owner.rows, owner.bytes, before, bytes, size, counts.bytes);
        } catch (err) {
          return err as Error;
        }
        if (before === undefined) {
          counts.rows += 1;
          owner.rows += 1;
        } else if (before.deleted) counts.tombstones -= 1;
        else counts.records -= 1;
        if (record.deleted) counts.tombstones += 1;
        else counts.records += 1;
        counts.bytes += size - (before?.size ?? 0);
        owner.bytes += bytes - (before?.bytes ?? 0);
        held.set(key, {
          sequence: record.sequence,
          signature: record.signature,
          bytes,
          size,
          deleted: record.deleted,
        });
        winners.set(key, { record, bytes, size });
        return "stored";
      });
      for (const owner of byOwner.values())
        counts.owners += (owner.rows > 0 ? 1 : 0) - (owner.had > 0 ? 1 : 0);
      if (winners.size > 0) await this.upsert(client, [...winners.values()], receivedAt);
      await client.query("COMMIT");
      this.counts = counts;
      return results;
    } catch (err) {
      await client.query("ROLLBACK").catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }

  /** Writes the records of a batch that won, one statement (one row per key). */
  private async upsert(
    client: pg.PoolClient,
    rows: readonly { record: SignedRecord; bytes: number; size: number }[],
    receivedAt: number,
  ): Promise<void> {
    const replicas = rows.map(({ record }) => replicaColumns(record));
    await client.query(
      `INSERT INTO records (owner, name, sequence, expires, deleted, value, signature, received_at, bytes, size,
         key_hash, position, checksum)
       SELECT owner, name, sequence, expires, deleted, value, signature, $8::bigint, bytes, size, key_hash, position, checksum
       FROM unnest($1::bytea[], $2::text[], $3::bigint[], $4::bigint[], $5::boolean[], $6::bytea[], $7::bytea[],
         $9::integer[], $10::integer[], $11::bytea[], $12::bigint[], $13::bigint[])
         AS t(owner, name, sequence, expires, deleted, value, signature, bytes, size, key_hash, position, checksum)
       ON CONFLICT (owner, name) DO UPDATE SET sequence = excluded.sequence, expires = excluded.expires,
         deleted = excluded.deleted, value = excluded.value, signature = excluded.signature,
         received_at = excluded.received_at, bytes = excluded.bytes, size = excluded.size,
         key_hash = excluded.key_hash, position = excluded.position, checksum = excluded.checksum`,
      [
        rows.map(({ record }) => ownerBlob(record.owner)),
        rows.map(({ record }) => record.name),
        rows.map(({ record }) => record.sequence),
        rows.map(({ record }) => record.expires),
        rows.map(({ record }) => record.deleted),
        rows.map(({ record }) => Buffer.from(record.value)),
        rows.map(({ record }) => Buffer.from(record.signature)),
        receivedAt,
        rows.map((row) => row.bytes),
        rows.map((row) => row.size),
        replicas.map((replica) => Buffer.from(replica.keyHash)),
        replicas.map((replica) => replica.position),
        replicas.map((replica) => replica.checksum),
      ],
    );
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

  private nowSeconds(): number {
    return Math.floor(this.clock() / 1000);
  }

  private checkOpen(): void {
    if (this.closed) throw new Error("the records store is closed");
  }
}

function keyOf(owner: string, name: string): string {
  return `${owner}\n${name}`;
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
