import type { DatabaseSync, StatementSync } from "node:sqlite";

import { compareBytes } from "../../position.js";
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

/** Every statement of the store, prepared once. */
export type Statements = Record<
  | "insert"
  | "allForward"
  | "allBackward"
  | "topicForward"
  | "topicBackward"
  | "digest"
  | "listIds"
  | "getById"
  | "hasId"
  | "expire"
  | "oldest"
  | "deleteSeq"
  | "range"
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
  const statements = {
    // node:sqlite binds a zero-length byte array without a backing store (an empty payload as
    // decoded from the wire) as NULL, so the empty payload is written as the empty blob it is.
    insert: db.prepare(
      "INSERT INTO envelopes (id, topic, timestamp, ttl, expires_at, payload, size, h) VALUES (?, ?, ?, ?, ?, COALESCE(?, X''), ?, ?) ON CONFLICT(id) DO NOTHING",
    ),
    allForward: db.prepare(
      `SELECT ${COLUMNS} FROM envelopes WHERE ${live} AND (timestamp, id) > (?, ?) AND expires_at > ? ORDER BY timestamp, id LIMIT ?`,
    ),
    allBackward: db.prepare(
      `SELECT ${COLUMNS} FROM envelopes WHERE ${live} AND (timestamp, id) < (?, ?) AND expires_at > ? ORDER BY timestamp DESC, id DESC LIMIT ?`,
    ),
    topicForward: db.prepare(
      `SELECT ${COLUMNS} FROM envelopes WHERE topic = ? AND ${live} AND (timestamp, id) > (?, ?) AND expires_at > ? ORDER BY timestamp, id LIMIT ?`,
    ),
    topicBackward: db.prepare(
      `SELECT ${COLUMNS} FROM envelopes WHERE topic = ? AND ${live} AND (timestamp, id) < (?, ?) AND expires_at > ? ORDER BY timestamp DESC, id DESC LIMIT ?`,
    ),
    digest: db.prepare(
      `SELECT (timestamp - ?) / ? AS b, COUNT(*) AS c, SUM(h) AS s FROM envelopes WHERE ${live} AND expires_at > ? GROUP BY b`,
    ),
    listIds: db.prepare(
      `SELECT timestamp, id FROM envelopes WHERE ${live} AND (timestamp, id) > (?, ?) AND expires_at > ? ORDER BY timestamp, id LIMIT ?`,
    ),
    getById: db.prepare(`SELECT ${COLUMNS} FROM envelopes WHERE id = ?`),
    hasId: db.prepare("SELECT 1 AS found FROM envelopes WHERE id = ?"),
    expire: db.prepare("DELETE FROM envelopes WHERE expires_at <= ? RETURNING size"),
    oldest: db.prepare("SELECT seq, size, timestamp FROM envelopes ORDER BY timestamp, id LIMIT ?"),
    deleteSeq: db.prepare("DELETE FROM envelopes WHERE seq = ?"),
    range: db.prepare("SELECT MIN(timestamp) AS oldest, MAX(timestamp) AS newest FROM envelopes"),
    getMeta: db.prepare("SELECT value FROM meta WHERE key = ?"),
    setMeta: db.prepare(
      "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
    ),
  };
  statements.digest.setReadBigInts(true);
  return statements;
}

/**
 * Orders rows by (timestamp, id), as the indexes do.
 *
 * @param a - A row.
 * @param b - Another row.
 * @returns Negative, zero or positive.
 */
export function compareRows(a: Row, b: Row): number {
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
