import type { Migration } from "../../../config/postgres.js";

/** Schema name of the records store when none is configured. */
export const DEFAULT_RECORDS_SCHEMA = "waymark_records";

/** Tables the records store reads and writes. */
export const RECORDS_TABLES = ["records", "meta"] as const;

/**
 * The records store's schema versions, applied in order at open. The table mirrors the SQLite
 * store's (see `../schema.ts`); names sort by byte (`COLLATE "C"`), as SQLite's do, so that
 * listings and key iteration page identically on both backends.
 */
export const RECORDS_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    sql: `
CREATE TABLE records (
  owner       bytea   NOT NULL,
  name        text    COLLATE "C" NOT NULL,
  sequence    bigint  NOT NULL,
  expires     bigint  NOT NULL,
  deleted     boolean NOT NULL,
  value       bytea   NOT NULL,
  signature   bytea   NOT NULL,
  received_at bigint  NOT NULL,
  bytes       integer NOT NULL,
  size        integer NOT NULL,
  key_hash    bytea   NOT NULL,
  position    bigint  NOT NULL,
  checksum    bigint  NOT NULL,
  PRIMARY KEY (owner, name)
);
CREATE INDEX records_by_expiry ON records (expires);
CREATE INDEX records_by_position ON records (position, key_hash) INCLUDE (expires, checksum);
CREATE TABLE meta (
  key   text PRIMARY KEY,
  value text NOT NULL
);
`,
  },
];
