import type { DatabaseSync } from "node:sqlite";

import { RecordsStoreSchemaError } from "../errors.js";

/** Schema version of the records store, kept in `PRAGMA user_version`. */
export const RECORDS_SCHEMA_VERSION = 1;

/**
 * Bytes a record counts against the store's capacity beyond its name and value: owner, signature,
 * sequence, expiry, arrival time and SQLite's row and index overhead, so that empty records (and
 * tombstones) are not free.
 */
export const RECORD_ROW_OVERHEAD_BYTES = 128;

/**
 * One row per (owner, name), in key order (the table is its primary key): the latest record the
 * node holds under the name, a tombstone included. `bytes` is the name and value bytes the owner's
 * quota counts; `size` adds {@link RECORD_ROW_OVERHEAD_BYTES} and is what the capacity counts.
 * The expiry index serves the sweep.
 */
const SCHEMA = `
CREATE TABLE IF NOT EXISTS records (
  owner       BLOB    NOT NULL,
  name        TEXT    NOT NULL,
  sequence    INTEGER NOT NULL,
  expires     INTEGER NOT NULL,
  deleted     INTEGER NOT NULL,
  value       BLOB    NOT NULL,
  signature   BLOB    NOT NULL,
  received_at INTEGER NOT NULL,
  bytes       INTEGER NOT NULL,
  size        INTEGER NOT NULL,
  PRIMARY KEY (owner, name)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS records_by_expiry ON records (expires);
`;

/**
 * Sets WAL mode and the durability level, and creates the schema.
 *
 * @param db - An open database.
 * @param synchronous - `full` (fsync the WAL at every commit: an acknowledged record survives a
 * power loss) or `normal` (survives a crash of the process).
 * @throws RecordsStoreSchemaError when the file holds a newer schema.
 */
export function prepareRecordsDatabase(db: DatabaseSync, synchronous: "full" | "normal"): void {
  db.exec("PRAGMA journal_mode = WAL");
  db.exec(`PRAGMA synchronous = ${synchronous === "full" ? "FULL" : "NORMAL"}`);
  db.exec("PRAGMA busy_timeout = 5000");
  const { user_version: version } = db.prepare("PRAGMA user_version").get() as { user_version: number };
  if (version > RECORDS_SCHEMA_VERSION) throw new RecordsStoreSchemaError(version, RECORDS_SCHEMA_VERSION);
  if (version === RECORDS_SCHEMA_VERSION) return;
  db.exec("BEGIN IMMEDIATE");
  try {
    db.exec(SCHEMA);
    db.exec(`PRAGMA user_version = ${RECORDS_SCHEMA_VERSION}`);
    db.exec("COMMIT");
  } catch (err) {
    if (db.isTransaction) db.exec("ROLLBACK");
    throw err;
  }
}
