import type { DatabaseSync, StatementSync } from "node:sqlite";

import { compareBytes } from "../../cursor.js";
import type { StoredEnvelope } from "../types.js";

/** An envelope row as the statements return it. */
export interface Row {
  id: Uint8Array;
  topic: string;
  timestamp: number;
  ttl: number;
  expires_at: number;
  payload: Uint8Array<ArrayBuffer>;
  size: number;
}

/** Where an envelope sits in the (timestamp, id) order, and its row: what a key listing returns. */
export interface Key {
  seq: number;
  timestamp: number;
  id: Uint8Array;
}

/** A row chosen for eviction or expiry: what the store's totals need. */
export interface RemovedRow {
  size: number;
  origin: number;
}

/** Every statement of the store, prepared once. */
export type Statements = Record<
  | "insert"
  | "allForward"
  | "allBackward"
  | "topicForward"
  | "topicBackward"
  | "topicKeysForward"
  | "topicKeysBackward"
  | "bySeq"
  | "digest"
  | "listIds"
  | "getById"
  | "hasId"
  | "expire"
  | "beyond"
  | "oldest"
  | "oldestOfOrigin"
  | "deleteSeq"
  | "range"
  | "totals"
  | "origins"
  | "addOrigin"
  | "getMeta"
  | "setMeta",
  StatementSync
>;

const COLUMNS = "id, topic, timestamp, ttl, expires_at, payload, size";

/**
 * Prepares the statements of the store. Paging uses row values, `(timestamp, id) > (?, ?)`, so a
 * page continues strictly after the last envelope of the previous one.
 *
 * @param db - The open database.
 * @returns The statements.
 */
export function prepareStatements(db: DatabaseSync): Statements {
  const live = "timestamp >= ? AND timestamp <= ?";
  const after = `${live} AND (timestamp, id) > (?, ?) AND expires_at > ? ORDER BY timestamp, id LIMIT ?`;
  const before = `${live} AND (timestamp, id) < (?, ?) AND expires_at > ? ORDER BY timestamp DESC, id DESC LIMIT ?`;
  const statements = {
    // node:sqlite binds a zero-length byte array without a backing store (an empty payload as
    // decoded from the wire) as NULL, so the empty payload is written as the empty blob it is.
    insert: db.prepare(
      "INSERT INTO envelopes (id, topic, timestamp, ttl, expires_at, payload, size, h, rank, origin) VALUES (?, ?, ?, ?, ?, COALESCE(?, X''), ?, ?, ?, ?) ON CONFLICT(id) DO NOTHING",
    ),
    allForward: db.prepare(`SELECT ${COLUMNS} FROM envelopes WHERE ${after}`),
    allBackward: db.prepare(`SELECT ${COLUMNS} FROM envelopes WHERE ${before}`),
    topicForward: db.prepare(`SELECT ${COLUMNS} FROM envelopes WHERE topic = ? AND ${after}`),
    topicBackward: db.prepare(`SELECT ${COLUMNS} FROM envelopes WHERE topic = ? AND ${before}`),
    // Keys only, from the covering topic index: a query of many topics merges these and reads
    // the payloads of its page alone.
    topicKeysForward: db.prepare(`SELECT seq, timestamp, id FROM envelopes WHERE topic = ? AND ${after}`),
    topicKeysBackward: db.prepare(`SELECT seq, timestamp, id FROM envelopes WHERE topic = ? AND ${before}`),
    bySeq: db.prepare(`SELECT ${COLUMNS} FROM envelopes WHERE seq = ?`),
    digest: db.prepare(
      `SELECT (timestamp - ?) / ? AS b, COUNT(*) AS c, SUM(h) AS s FROM envelopes WHERE ${live} AND expires_at > ? GROUP BY b`,
    ),
    listIds: db.prepare(`SELECT timestamp, id FROM envelopes WHERE ${after}`),
    getById: db.prepare(`SELECT ${COLUMNS} FROM envelopes WHERE id = ?`),
    hasId: db.prepare("SELECT 1 AS found FROM envelopes WHERE id = ?"),
    expire: db.prepare("DELETE FROM envelopes WHERE expires_at <= ? RETURNING size, origin"),
    beyond: db.prepare("DELETE FROM envelopes WHERE timestamp > ? RETURNING size, origin"),
    oldest: db.prepare("SELECT seq, size, rank, origin FROM envelopes ORDER BY rank, seq LIMIT ?"),
    oldestOfOrigin: db.prepare(
      "SELECT seq, size, rank, origin FROM envelopes WHERE origin = ? ORDER BY rank, seq LIMIT ?",
    ),
    deleteSeq: db.prepare("DELETE FROM envelopes WHERE seq = ?"),
    // Two subqueries, each answered from the time index alone (MIN and MAX in one SELECT scan it).
    range: db.prepare(
      "SELECT (SELECT MIN(timestamp) FROM envelopes) AS oldest, (SELECT MAX(timestamp) FROM envelopes) AS newest",
    ),
    totals: db.prepare("SELECT origin, COUNT(*) AS n, TOTAL(size) AS bytes FROM envelopes GROUP BY origin"),
    origins: db.prepare("SELECT id, key FROM origins"),
    addOrigin: db.prepare("INSERT INTO origins (key) VALUES (?) RETURNING id"),
    getMeta: db.prepare("SELECT value FROM meta WHERE key = ?"),
    setMeta: db.prepare(
      "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
    ),
  };
  statements.digest.setReadBigInts(true);
  return statements;
}

/**
 * Orders rows or keys by (timestamp, id), as the indexes do.
 *
 * @param a - A row or key.
 * @param b - Another.
 * @returns Negative, zero or positive.
 */
export function compareRows(a: Pick<Row, "timestamp" | "id">, b: Pick<Row, "timestamp" | "id">): number {
  return a.timestamp === b.timestamp ? compareBytes(a.id, b.id) : a.timestamp - b.timestamp;
}

/**
 * The envelope a row holds.
 *
 * @param row - The row.
 * @returns The stored envelope.
 */
export function toEnvelope(row: Row): StoredEnvelope {
  return {
    id: row.id,
    topic: row.topic,
    payload: row.payload,
    timestamp: row.timestamp,
    ttl: row.ttl,
    expiresAt: row.expires_at,
  };
}

/**
 * The first four bytes of an id as an unsigned integer: what digests sum.
 *
 * @param id - An envelope id.
 * @returns The unsigned 32-bit head.
 */
export function idHead(id: Uint8Array): number {
  return (((id[0] ?? 0) << 24) | ((id[1] ?? 0) << 16) | ((id[2] ?? 0) << 8) | (id[3] ?? 0)) >>> 0;
}
