import type { DatabaseSync } from "node:sqlite";

import { StoreSchemaTooNewError } from "../../../errors/store.js";

/** Schema version, kept in `PRAGMA user_version`. */
export const SCHEMA_VERSION = 2;

/**
 * Envelopes keyed by id (unique index: dedupe). `size` is what counts against the store size
 * limit; `h` is the first four bytes of the id (digests sum it). `rank` is `min(timestamp, arrival
 * time)`: eviction goes by it, so a timestamp claimed in the future buys no place in the eviction
 * order. `origin` names who introduced the envelope: 0 for a client's push, else a row of
 * `origins` (a replicating peer's provider), whose share of a full store is limited.
 *
 * Indexes: history by (topic, timestamp, id) and time ranges by (timestamp, id) both carry
 * `expires_at` (and the time index `h`), so that listing keys, digests and id listings read the
 * index only; eviction by (rank, seq); expiry by `expires_at`.
 */
const TABLES = `
CREATE TABLE IF NOT EXISTS envelopes (
  seq        INTEGER PRIMARY KEY,
  id         BLOB    NOT NULL UNIQUE,
  topic      TEXT    NOT NULL,
  timestamp  INTEGER NOT NULL,
  ttl        INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  payload    BLOB    NOT NULL,
  size       INTEGER NOT NULL,
  h          INTEGER NOT NULL,
  rank       INTEGER NOT NULL,
  origin     INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS origins (
  id  INTEGER PRIMARY KEY,
  key TEXT    NOT NULL UNIQUE
);
CREATE TABLE IF NOT EXISTS meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;
`;

const INDEXES = `
CREATE INDEX IF NOT EXISTS envelopes_by_topic ON envelopes (topic, timestamp, id, expires_at);
CREATE INDEX IF NOT EXISTS envelopes_by_time_v2 ON envelopes (timestamp, id, h, expires_at);
CREATE INDEX IF NOT EXISTS envelopes_by_rank ON envelopes (rank, seq);
CREATE INDEX IF NOT EXISTS envelopes_by_expiry ON envelopes (expires_at);
`;

/**
 * Version 1 to 2: eviction rank and origin columns (the rank of an existing envelope is its
 * timestamp, at most the time of the upgrade), the origins table, and the covering indexes.
 */
const upgradeFrom1 = (now: number): string => `
ALTER TABLE envelopes ADD COLUMN rank INTEGER NOT NULL DEFAULT 0;
ALTER TABLE envelopes ADD COLUMN origin INTEGER NOT NULL DEFAULT 0;
UPDATE envelopes SET rank = MIN(timestamp, ${Math.floor(now)});
DROP INDEX IF EXISTS envelopes_by_topic_time;
DROP INDEX IF EXISTS envelopes_by_time;
`;

/**
 * Sets WAL mode and the durability level, and creates the schema or upgrades an older one.
 *
 * @param db - An open database.
 * @param synchronous - `full` (fsync the WAL at every commit) or `normal`.
 * @param now - The node's clock, for ranking envelopes of an older schema.
 * @throws StoreSchemaTooNewError when the file holds a newer schema.
 */
export function prepareDatabase(db: DatabaseSync, synchronous: "full" | "normal", now: number): void {
  db.exec("PRAGMA journal_mode = WAL");
  db.exec(`PRAGMA synchronous = ${synchronous === "full" ? "FULL" : "NORMAL"}`);
  db.exec("PRAGMA busy_timeout = 5000");
  const { user_version: version } = db.prepare("PRAGMA user_version").get() as { user_version: number };
  if (version > SCHEMA_VERSION) {
    throw new StoreSchemaTooNewError("the mail store", version, SCHEMA_VERSION);
  }
  if (version === SCHEMA_VERSION) return;
  db.exec("BEGIN IMMEDIATE");
  try {
    if (version === 1) db.exec(upgradeFrom1(now));
    db.exec(TABLES);
    db.exec(INDEXES);
    db.exec(`PRAGMA user_version = ${SCHEMA_VERSION}`);
    db.exec("COMMIT");
  } catch (err) {
    if (db.isTransaction) db.exec("ROLLBACK");
    throw err;
  }
}

/** Bytes an envelope counts against the store size limit: payload, topic and a fixed row cost. */
export function envelopeSize(topicBytes: number, payloadBytes: number): number {
  return payloadBytes + topicBytes + 80;
}
