import type { DatabaseSync } from "node:sqlite";

/** Schema version, kept in `PRAGMA user_version`. */
export const SCHEMA_VERSION = 1;

/**
 * Envelopes keyed by id (unique index: dedupe), with indexes for history by (topic, timestamp, id),
 * for time ranges and eviction by (timestamp, id) — `h` rides along for digests — and for expiry.
 * `size` is what counts against the store size limit; `h` is the first four bytes of the id.
 */
const SCHEMA = `
CREATE TABLE IF NOT EXISTS envelopes (
  seq        INTEGER PRIMARY KEY,
  id         BLOB    NOT NULL UNIQUE,
  topic      TEXT    NOT NULL,
  timestamp  INTEGER NOT NULL,
  ttl        INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  payload    BLOB    NOT NULL,
  size       INTEGER NOT NULL,
  h          INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS envelopes_by_topic_time ON envelopes (topic, timestamp, id);
CREATE INDEX IF NOT EXISTS envelopes_by_time ON envelopes (timestamp, id, h);
CREATE INDEX IF NOT EXISTS envelopes_by_expiry ON envelopes (expires_at);
CREATE TABLE IF NOT EXISTS meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;
`;

/**
 * Sets WAL mode and the durability level, and creates the schema if needed.
 *
 * @param db - An open database.
 * @param synchronous - `full` (fsync the WAL at every commit) or `normal`.
 * @throws Error when the file holds a newer schema.
 */
export function prepareDatabase(db: DatabaseSync, synchronous: "full" | "normal"): void {
  db.exec("PRAGMA journal_mode = WAL");
  db.exec(`PRAGMA synchronous = ${synchronous === "full" ? "FULL" : "NORMAL"}`);
  db.exec("PRAGMA busy_timeout = 5000");
  const { user_version: version } = db.prepare("PRAGMA user_version").get() as { user_version: number };
  if (version > SCHEMA_VERSION) {
    throw new Error(`the mail store has schema version ${version}; this node knows up to ${SCHEMA_VERSION}`);
  }
  db.exec(SCHEMA);
  db.exec(`PRAGMA user_version = ${SCHEMA_VERSION}`);
}

/** Bytes an envelope counts against the store size limit: payload, topic and a fixed row cost. */
export function envelopeSize(topicBytes: number, payloadBytes: number): number {
  return payloadBytes + topicBytes + 80;
}
