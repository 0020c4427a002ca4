import pg from "pg";

import {
  StoreConnectionLostError,
  StoreCredentialsError,
  StoreInUseError,
  StorePrivilegeError,
  StoreSchemaTooNewError,
  StoreUnreachableError,
} from "../errors/store.js";
import { InvalidConfigError } from "../errors/config.js";
import type { StoreLockState } from "../store/storeLock.js";

/** The environment variable that holds the PostgreSQL connection URL (never a flag: it may hold a password). */
export const PG_URL_ENV = "WAYMARK_PG_URL";

/**
 * The PostgreSQL URL a service uses: its own option when set, else the environment's.
 *
 * @param option - The service's `postgresUrl` option ("" or absent: unset).
 * @param env - The environment. @default process.env
 * @returns The URL, or undefined when neither is set.
 */
export function postgresUrlOf(
  option: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): string | undefined {
  if (option !== undefined && option !== "") return option;
  const fromEnv = env[PG_URL_ENV];
  return fromEnv === undefined || fromEnv === "" ? undefined : fromEnv;
}

/** One schema change: applied once, in a transaction, in version order. */
export interface Migration {
  /** The version the store has once it is applied (1, 2, …). */
  version: number;
  /** The statements, run in the store's schema. */
  sql: string;
}

/** Options of {@link openPostgres}. */
export interface OpenPostgresInit {
  /** Connection URL, `postgres://user:password@host:port/database`. */
  url: string;
  /** Schema holding the store's tables; created when missing. One node process per schema. */
  schema: string;
  /** What the store is called in errors, e.g. `mail`. */
  label: string;
  /** Every migration, by version. */
  migrations: readonly Migration[];
  /** Tables the node reads and writes (checked for SELECT, INSERT, UPDATE, DELETE at open). */
  tables: readonly string[];
  /** Connections in the pool at most. @default 8 */
  maxConnections?: number | undefined;
  /** Called once when the session holding the schema lock ends (the store then refuses writes). */
  onLost?: ((error: StoreConnectionLostError) => void) | undefined;
  /**
   * Milliseconds the first connection is retried for while the server cannot be reached (refused,
   * starting up, shutting down, unknown host); 0 tries once. Other refusals (credentials,
   * privileges, a missing database, a newer schema) fail at once. @default 0
   */
  connectTimeoutMs?: number | undefined;
  /** Called once per failed attempt that will be retried, before waiting for the next one. */
  onConnectFailed?: ((failure: ConnectFailure) => void) | undefined;
}

/** One failed attempt of the first connection, reported before the next one. */
export interface ConnectFailure {
  /** The attempt that failed: 1, 2, … */
  attempt: number;
  /** Why: a StoreUnreachableError whose cause is the driver's error. */
  error: StoreUnreachableError;
  /** Milliseconds until the next attempt. */
  retryInMs: number;
}

/** An open store connection: a pool in the store's schema, and the connection holding its lock. */
export interface PostgresConnection {
  pool: pg.Pool;
  /** Set once the session holding the schema lock has ended: the error writes are refused with. */
  readonly lost: StoreConnectionLostError | undefined;
  /**
   * The schema lock: whether this connection still holds it, and since when it does not.
   *
   * @returns Its state, or undefined once {@link close} was called.
   */
  lockState(): StoreLockState | undefined;
  /**
   * Inside a write transaction: checks that the schema lock is still held by this store's
   * session, so that nothing is committed into a schema another process may have taken.
   *
   * @throws StoreConnectionLostError when it is not.
   */
  assertOwned(client: pg.PoolClient): Promise<void>;
  /** Releases the schema lock and closes every connection. */
  close(): Promise<void>;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;
const INT8_OID = 20;
/** First wait between connection attempts; it doubles up to {@link MAX_RETRY_DELAY_MS}. */
const FIRST_RETRY_DELAY_MS = 250;
const MAX_RETRY_DELAY_MS = 5_000;

/**
 * Driver error codes of a server that may answer later: refused, reset, timed out, no route, a
 * host name not resolved yet, and the server's own "starting up" (57P03), "shutting down" (57P01,
 * 57P02) and "too many connections" (53300).
 */
const TRANSIENT_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EPIPE",
  "57P01",
  "57P02",
  "57P03",
  "53300",
]);

/**
 * 64-bit integers (timestamps, sizes, sequence numbers) as JavaScript numbers: every one the stores
 * keep is below 2^53. Sums that may be larger are cast to text in SQL and read as bigint.
 */
const TYPES = new pg.TypeOverrides();
TYPES.setTypeParser(INT8_OID, "text", (value: string) => Number(value));

/**
 * Connects to PostgreSQL, takes the schema's lock (so that a second node process on the same
 * schema is refused), applies the pending migrations and checks the role's privileges.
 *
 * @param init - URL, schema, migrations and tables.
 * @returns The connection.
 * @throws StoreUnreachableError, StoreCredentialsError, StorePrivilegeError,
 * StoreSchemaTooNewError, StoreInUseError, or InvalidConfigError for a bad schema name.
 */
export async function openPostgres(init: OpenPostgresInit): Promise<PostgresConnection> {
  if (!SCHEMA_NAME.test(init.schema)) {
    throw new InvalidConfigError("postgresSchema", "must be lower-case letters, digits and _ (at most 63)");
  }
  const target = describeTarget(init.url);
  const store = `the ${init.label} store in schema "${init.schema}"`;
  const schema = pg.escapeIdentifier(init.schema);
  const config: pg.PoolConfig = {
    connectionString: init.url,
    types: TYPES,
    max: init.maxConnections ?? 8,
    connectionTimeoutMillis: 10_000,
  };
  const lock = await connectFirst(config, init, target);
  let lost: StoreConnectionLostError | undefined;
  let lostAt: number | undefined;
  let closing = false;
  const loseLock = (cause?: unknown): StoreConnectionLostError => {
    if (lost === undefined) {
      lost = new StoreConnectionLostError(store, { cause });
      lostAt = Date.now();
      if (!closing) init.onLost?.(lost);
    }
    return lost;
  };
  let opened = false;
  lock.on("error", (err) => {
    if (opened) loseLock(err);
  });
  lock.on("end", () => {
    if (opened) loseLock();
  });
  let lockPid: number | undefined;
  try {
    const taken = await lock.query<{ ok: boolean }>(
      "SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS ok",
      [`waymark:${init.schema}`],
    );
    if (taken.rows[0]?.ok !== true) throw new StoreInUseError(store);
    lockPid = (await lock.query<{ pid: number }>("SELECT pg_backend_pid() AS pid")).rows[0]?.pid;
    await migrate(lock, schema, init, store);
    for (const table of init.tables) {
      const allowed = await lock.query<{ ok: boolean }>(
        "SELECT has_table_privilege($1, 'SELECT, INSERT, UPDATE, DELETE') AS ok",
        [`${schema}.${pg.escapeIdentifier(table)}`],
      );
      if (allowed.rows[0]?.ok !== true) {
        throw new StorePrivilegeError(target, {
          cause: new Error(`no read and write access to ${init.schema}.${table}`),
        });
      }
    }
  } catch (err) {
    await lock.end().catch(() => undefined);
    throw classify(err, target);
  }
  const pool = new pg.Pool({ ...config, options: `-c search_path=${init.schema}` });
  pool.on("error", () => undefined);
  opened = true;
  return {
    pool,
    get lost() {
      return lost;
    },
    lockState() {
      if (closing) return undefined;
      return { backend: "postgres", schema: init.schema, lockHeld: lost === undefined, lostAt };
    },
    async assertOwned(client) {
      if (lost !== undefined) throw lost;
      const { rows } = await client.query<{ ok: boolean }>(
        "SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND pid = $1 AND granted) AS ok",
        [lockPid],
      );
      if (rows[0]?.ok !== true) {
        throw loseLock(new Error(`the session ${lockPid ?? "?"} no longer holds the schema lock`));
      }
    },
    async close() {
      closing = true;
      await pool.end();
      await lock.end().catch(() => undefined);
    },
  };
}

/**
 * Opens the session that will hold the schema lock. While the server cannot be reached it tries
 * again, waiting 250 ms and then twice as long each time (5 s at most), until
 * `connectTimeoutMs` has passed; any other refusal is thrown at once.
 */
async function connectFirst(
  config: pg.ClientConfig,
  init: OpenPostgresInit,
  target: string,
): Promise<pg.Client> {
  const deadline = init.connectTimeoutMs ?? 0;
  const started = Date.now();
  let delay = FIRST_RETRY_DELAY_MS;
  for (let attempt = 1; ; attempt++) {
    const client = new pg.Client(config);
    // A late socket error of a failed attempt must not crash the process.
    client.on("error", () => undefined);
    try {
      await client.connect();
      return client;
    } catch (err) {
      await client.end().catch(() => undefined);
      if (!isTransient(err)) throw classify(err, target);
      const waited = Date.now() - started;
      const retryInMs = Math.min(delay, deadline - waited);
      if (retryInMs <= 0) {
        throw new StoreUnreachableError(target, { cause: err, attempts: attempt, waitedMs: waited });
      }
      init.onConnectFailed?.({
        attempt,
        error: new StoreUnreachableError(target, { cause: err }),
        retryInMs,
      });
      await new Promise((resolve) => setTimeout(resolve, retryInMs));
      delay = Math.min(delay * 2, MAX_RETRY_DELAY_MS);
    }
  }
}

/**
 * Whether a driver error met while connecting may heal by itself (the server not up yet, starting,
 * shutting down, full), as opposed to a refusal that will be the same next time.
 *
 * @param err - What the driver threw.
 * @returns True when it is worth trying again.
 */
export function isTransient(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === "string") return TRANSIENT_CODES.has(code);
  return err instanceof Error && /timeout|terminated/i.test(err.message);
}

/** Creates the schema when missing and applies the migrations it lacks, refusing a newer one. */
async function migrate(
  client: pg.Client,
  schema: string,
  init: OpenPostgresInit,
  store: string,
): Promise<void> {
  const exists = await client.query("SELECT 1 FROM pg_namespace WHERE nspname = $1", [init.schema]);
  if (exists.rowCount === 0) await client.query(`CREATE SCHEMA ${schema}`);
  await client.query(`SET search_path = ${schema}`);
  await client.query(
    "CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, applied_at bigint NOT NULL)",
  );
  const found = await client.query<{ v: number | null }>("SELECT MAX(version) AS v FROM schema_migrations");
  const current = found.rows[0]?.v ?? 0;
  const known = Math.max(0, ...init.migrations.map((migration) => migration.version));
  if (current > known) throw new StoreSchemaTooNewError(store, current, known);
  for (const migration of init.migrations) {
    if (migration.version <= current) continue;
    await client.query("BEGIN");
    try {
      await client.query(migration.sql);
      await client.query("INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)", [
        migration.version,
        Date.now(),
      ]);
      await client.query("COMMIT");
    } catch (err) {
      await client.query("ROLLBACK").catch(() => undefined);
      throw err;
    }
  }
}

/**
 * The typed error for a driver error met while opening a store; other errors are returned as
 * they are.
 *
 * @param err - What the driver threw.
 * @param target - The server, for the message.
 * @returns The error to throw.
 */
export function classify(err: unknown, target: string): unknown {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code !== "string") {
    return err instanceof Error && /timeout|terminated/i.test(err.message)
      ? new StoreUnreachableError(target, { cause: err })
      : err;
  }
  if (TRANSIENT_CODES.has(code) || code === "3D000") return new StoreUnreachableError(target, { cause: err });
  if (code === "28P01" || code === "28000") return new StoreCredentialsError(target, { cause: err });
  if (code === "42501") return new StorePrivilegeError(target, { cause: err });
  return err;
}

/**
 * The server a URL names, without its password, for messages and logs.
 *
 * @param url - A connection URL.
 * @returns `user@host:port/database`.
 */
export function describeTarget(url: string): string {
  try {
    const parsed = new URL(url);
    const user = parsed.username === "" ? "" : `${decodeURIComponent(parsed.username)}@`;
    return `${user}${parsed.hostname}:${parsed.port === "" ? "5432" : parsed.port}${parsed.pathname}`;
  } catch {
    return "the configured server";
  }
}

/** One row of a digest query grouped by slice: the slice index, its count and its checksum sum as text. */
export interface DigestRow {
  b: number;
  c: number;
  s: string;
}

/**
 * Spreads the rows of a digest query (`GROUP BY` slice) over every slice of the range; slices
 * without rows stay empty, rows outside the range are ignored.
 *
 * @param rows - The query's rows.
 * @param buckets - How many slices the range has.
 * @returns Each slice's count and checksum sum.
 */
export function digestFromRows(
  rows: readonly DigestRow[],
  buckets: number,
): { count: number; sum: bigint }[] {
  const result = Array.from({ length: buckets }, () => ({ count: 0, sum: 0n }));
  for (const row of rows) {
    const bucket = result[row.b];
    if (bucket !== undefined) {
      bucket.count = row.c;
      bucket.sum = BigInt(row.s);
    }
  }
  return result;
}
