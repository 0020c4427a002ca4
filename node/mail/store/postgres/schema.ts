import type { Migration } from "../../../config/postgres.js";

/** Schema name of the mail store when none is configured. */
export const DEFAULT_MAIL_SCHEMA = "waymark_mail";

/** Tables the mail store reads and writes. */
export const MAIL_TABLES = ["envelopes", "origins", "meta"] as const;

/**
 * The mail store's schema versions, applied in order at open. The tables and indexes mirror the
 * SQLite store's (see `../sqlite/schema.ts`): envelopes keyed by id (dedupe), `rank` for eviction,
 * `origin` for the per-provider share, covering indexes for history, listings and digests.
 */
export const MAIL_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    sql: `
CREATE TABLE envelopes (
  seq        bigserial PRIMARY KEY,
  id         bytea   NOT NULL UNIQUE,
  topic      text    NOT NULL,
  timestamp  bigint  NOT NULL,
  ttl        bigint  NOT NULL,
  expires_at bigint  NOT NULL,
  payload    bytea   NOT NULL,
  size       integer NOT NULL,
  h          bigint  NOT NULL,
  rank       bigint  NOT NULL,
  origin     integer NOT NULL DEFAULT 0
);
CREATE TABLE origins (
  id  serial PRIMARY KEY,
  key text NOT NULL UNIQUE
);
CREATE TABLE meta (
  key   text PRIMARY KEY,
  value text NOT NULL
);
CREATE INDEX envelopes_by_topic ON envelopes (topic, timestamp, id) INCLUDE (expires_at, seq);
CREATE INDEX envelopes_by_time ON envelopes (timestamp, id) INCLUDE (h, expires_at);
CREATE INDEX envelopes_by_rank ON envelopes (rank, seq);
CREATE INDEX envelopes_by_expiry ON envelopes (expires_at);
CREATE INDEX envelopes_by_origin ON envelopes (origin, rank, seq) WHERE origin <> 0;
`,
  },
];
