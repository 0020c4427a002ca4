import type { DatabaseSync } from "node:sqlite";

import { StoreSchemaTooNewError } from "../../errors/store.js";
import { replicaColumns } from "./replicaKey.js";

/** Schema version of the records store, kept in `PRAGMA user_version`. */
export const RECORDS_SCHEMA_VERSION = 2;

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
 *
 * Replication (schema 2): `key_hash` is keccak-256 of (owner ‖ name), `position` its first six
 * bytes and `checksum` what digests sum (see `replicaKey.ts`). They are stored rather than
 * computed on the fly because SQLite has no keccak: a digest or an id listing of a slice of the
 * key space is then one scan of the covering position index, however many records the store holds.
 * `meta` keeps the replication core's small values (when the node last knew itself in sync).
 */
const TABLES = `
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
  key_hash    BLOB    NOT NULL,
  position    INTEGER NOT NULL,
  checksum    INTEGER NOT NULL,
  PRIMARY KEY (owner, name)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS records_by_expiry ON records (expires);
`;

/** What schema 2 adds to every schema; run after the table exists with its replication columns. */
const REPLICATION = `
CREATE INDEX IF NOT EXISTS records_by_position ON records (position, key_hash, expires, checksum);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
`;

/** Schema 1 to 2: the replication columns, filled for every row already held. */
const ADD_COLUMNS = `
ALTER TABLE records ADD COLUMN key_hash BLOB NOT NULL DEFAULT x'';
ALTER TABLE records ADD COLUMN position INTEGER NOT NULL DEFAULT 0;
ALTER TABLE records ADD COLUMN checksum INTEGER NOT NULL DEFAULT 0;
`;

/**
 * Sets WAL mode and the durability level, and creates the schema (or migrates a file of schema 1:
 * the replication columns are computed for each row held, in the same transaction).
 *
 * @param db - An open database.
 * @param synchronous - `full` (fsync the WAL at every commit: an acknowledged record survives a
 * power loss) or `normal` (survives a crash of the process).
 * @throws StoreSchemaTooNewError when the file holds a newer schema (as the mail store and both
 * PostgreSQL stores do).
 */
export function prepareRecordsDatabase(db: DatabaseSync, synchronous: "full" | "normal"): void {
  db.exec("PRAGMA journal_mode = WAL");
  db.exec(`PRAGMA synchronous = ${synchronous === "full" ? "FULL" : "NORMAL"}`);
  db.exec("PRAGMA busy_timeout = 5000");
  const { user_version: version } = db.prepare("PRAGMA user_version").get() as { user_version: number };
  if (version > RECORDS_SCHEMA_VERSION)
    throw new StoreSchemaTooNewError("the records store", version, RECORDS_SCHEMA_VERSION);
  if (version === RECORDS_SCHEMA_VERSION) return;
  db.exec("BEGIN IMMEDIATE");
  try {
    if (version === 1) migrateFrom1(db);
    else db.exec(TABLES);
    db.exec(REPLICATION);
    db.exec(`PRAGMA user_version = ${RECORDS_SCHEMA_VERSION}`);
    db.exec("COMMIT");
  } catch (err) {
    if (db.isTransaction) db.exec("ROLLBACK");
    throw err;
  }
}

/** Adds the replication columns to a schema-1 table and fills them row by row. */
function migrateFrom1(db: DatabaseSync): void {
  db.exec(ADD_COLUMNS);
  const update = db.prepare(
    "UPDATE records SET key_hash = ?, position = ?, checksum = ? WHERE owner = ? AND name = ?",
  );
  const rows = db.prepare("SELECT owner, name, sequence, signature FROM records").all() as {
    owner: Uint8Array;
    name: string;
    sequence: number;
    signature: Uint8Array;
  }[];
  for (const row of rows) {
    const columns = replicaColumns({ ...row, owner: hexOf(row.owner) });
    update.run(columns.keyHash, columns.position, columns.checksum, row.owner, row.name);
  }
}

function hexOf(bytes: Uint8Array): string {
  return `0x${Buffer.from(bytes).toString("hex")}`;
}
