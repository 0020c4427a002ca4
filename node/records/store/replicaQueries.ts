import type { DatabaseSync, StatementSync } from "node:sqlite";

import type { DigestBucket } from "../../replication/adapter.js";
import { readSqliteDigest } from "../../replication/sqliteDigest.js";
import { SIGNATURE_HEAD_BYTES, listedId, parseListedId, positionOf } from "./replicaKey.js";
import type { ReplicaPosition } from "./types.js";

/** A row as the replication queries read it. */
export interface ReplicaRow {
  owner: Uint8Array;
  name: string;
  sequence: number;
  expires: number;
  deleted: number;
  value: Uint8Array;
  signature: Uint8Array;
  received_at: number;
  size: number;
}

const COLUMNS = "owner, name, sequence, expires, deleted, value, signature, received_at, size";

/** The lowest key hash, where a listing without a cursor starts (inclusive). */
const BEFORE_ALL = new Uint8Array(0);

/**
 * The records store's reads for replication, over the position index: digests and id listings of
 * slices of the key space, and lookups by listed id. Times are Unix seconds; expired rows are
 * never counted, listed nor answered.
 */
export class ReplicaQueries {
  private readonly sql: Record<
    "digest" | "listIds" | "byKeyHash" | "heldByKeyHash" | "getMeta" | "setMeta",
    StatementSync
  >;

  /** @param db - The store's open database (schema 2). */
  constructor(db: DatabaseSync) {
    this.sql = {
      digest: db.prepare(
        "SELECT (position - ?) / ? AS b, count(*) AS c, sum(checksum) AS s FROM records " +
          "WHERE position BETWEEN ? AND ? AND expires > ? GROUP BY b",
      ),
      listIds: db.prepare(
        "SELECT position, key_hash, sequence, signature FROM records " +
          "WHERE position BETWEEN ? AND ? AND (position, key_hash) > (?, ?) AND expires > ? " +
          "ORDER BY position, key_hash LIMIT ?",
      ),
      byKeyHash: db.prepare(
        `SELECT ${COLUMNS} FROM records WHERE position = ? AND key_hash = ? AND expires > ?`,
      ),
      heldByKeyHash: db.prepare(
        "SELECT sequence, signature FROM records WHERE position = ? AND key_hash = ? AND expires > ?",
      ),
      getMeta: db.prepare("SELECT value FROM meta WHERE key = ?"),
      setMeta: db.prepare(
        "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
      ),
    };
    this.sql.digest.setReadBigInts(true);
  }

  digest(from: number, to: number, buckets: number, nowSeconds: number): DigestBucket[] {
    return readSqliteDigest(this.sql.digest, from, to, buckets, nowSeconds);
  }

  listIds(
    from: number,
    to: number,
    after: ReplicaPosition | undefined,
    limit: number,
    nowSeconds: number,
  ): { ids: Uint8Array[]; next: ReplicaPosition | undefined } {
    const start = after ?? { position: from, keyHash: BEFORE_ALL };
    const rows = this.sql.listIds.all(from, to, start.position, start.keyHash, nowSeconds, limit + 1) as {
      position: number;
      key_hash: Uint8Array;
      sequence: number;
      signature: Uint8Array;
    }[];
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      ids: page.map((row) => listedId(row.key_hash, row.sequence, row.signature)),
      next:
        rows.length > limit && last !== undefined
          ? { position: last.position, keyHash: last.key_hash }
          : undefined,
    };
  }

  missing(ids: readonly Uint8Array[], nowSeconds: number): Uint8Array[] {
    return ids.filter((id) => {
      const listed = parseListedId(id);
      if (listed === undefined) return false;
      const held = this.sql.heldByKeyHash.get(positionOf(listed.keyHash), listed.keyHash, nowSeconds) as
        { sequence: number; signature: Uint8Array } | undefined;
      if (held === undefined || listed.sequence > held.sequence) return true;
      if (listed.sequence < held.sequence) return false;
      const head = held.signature.subarray(0, SIGNATURE_HEAD_BYTES);
      return Buffer.compare(listed.signatureHead, head) > 0;
    });
  }

  getListed(ids: readonly Uint8Array[], maxBytes: number, nowSeconds: number): ReplicaRow[] {
    const found: ReplicaRow[] = [];
    let bytes = 0;
    for (const id of ids) {
      const listed = parseListedId(id);
      if (listed === undefined) continue;
      const row = this.sql.byKeyHash.get(positionOf(listed.keyHash), listed.keyHash, nowSeconds) as
        ReplicaRow | undefined;
      if (row === undefined) continue;
      if (found.length > 0 && bytes + row.size > maxBytes) break;
      found.push(row);
      bytes += row.size;
    }
    return found;
  }

  getMeta(key: string): string | undefined {
    return (this.sql.getMeta.get(key) as { value: string } | undefined)?.value;
  }

  setMeta(key: string, value: string): void {
    this.sql.setMeta.run(key, value);
  }
}
