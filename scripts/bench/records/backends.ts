import { PostgresRecordsStore } from "../../../node/records/store/postgres/postgresRecordsStore.js";
import { DEFAULT_RECORDS_SCHEMA } from "../../../node/records/store/postgres/schema.js";
import { SqliteRecordsStore } from "../../../node/records/store/sqliteRecordsStore.js";
import type { RecordsStore } from "../../../node/records/store/types.js";

/** The store backends the records benchmark runs the node on. */
export type RecordsBenchBackend = "sqlite" | "postgres";

/** Every backend, in the order a run measures them. */
export const RECORDS_BACKENDS: readonly RecordsBenchBackend[] = ["sqlite", "postgres"];

/**
 * The backends a run measures: both, or the one `--backend sqlite|postgres` (or
 * `--backend=postgres`) names.
 *
 * @param argv - Command-line arguments after the script. @default process.argv.slice(2)
 * @returns The backends, in run order.
 * @throws Error when `--backend` names neither backend or has no value.
 */
export function benchBackends(
  argv: readonly string[] = process.argv.slice(2),
): readonly RecordsBenchBackend[] {
  const index = argv.findIndex((arg) => arg === "--backend" || arg.startsWith("--backend="));
  if (index === -1) return RECORDS_BACKENDS;
  const arg = argv[index] ?? "";
  const value = arg.includes("=") ? arg.slice(arg.indexOf("=") + 1) : argv[index + 1];
  const backend = RECORDS_BACKENDS.find((candidate) => candidate === value);
  if (backend === undefined)
    throw new Error(
      `--backend takes ${RECORDS_BACKENDS.join(" or ")}, not ${value === undefined ? "nothing" : `"${value}"`}`,
    );
  return [backend];
}

/** Where a backend's store lives: the node's SQLite file, or a schema on a PostgreSQL server. */
export type RecordsStoreSite =
  | { readonly backend: "sqlite"; readonly path: string }
  | { readonly backend: "postgres"; readonly url: string; readonly schema: string };

/**
 * The `serviceOptions.records` a node needs to run on `site`, beside the bench's own; the
 * PostgreSQL URL is not among them (it holds the password: the node gets it in `WAYMARK_PG_URL`,
 * as an operator gives it). A SQLite node finds its file in its data folder.
 *
 * @param site - The store's place.
 * @returns The options.
 */
export function storeOptions(site: RecordsStoreSite): Record<string, unknown> {
  return site.backend === "sqlite" ? {} : { store: "postgres", postgresSchema: site.schema };
}

/**
 * Opens the store at `site` as the node opens it with its defaults (SQLite `synchronous` FULL, one
 * transaction per put; PostgreSQL with group commit, each commit waiting for the WAL flush), with
 * no per-owner quota.
 *
 * @param site - The store's place.
 * @param synchronous - SQLite only: `normal` skips the fsync per commit (for filling). @default "full"
 * @returns The open store; the caller closes it (on PostgreSQL, before a node opens the schema).
 */
export async function openBenchStore(
  site: RecordsStoreSite,
  synchronous: "full" | "normal" = "full",
): Promise<RecordsStore> {
  if (site.backend === "sqlite") return new SqliteRecordsStore({ path: site.path, synchronous });
  return PostgresRecordsStore.open({ url: site.url, schema: site.schema });
}

/** The schema of the node under test on PostgreSQL (the node's default). */
export const NODE_SCHEMA = DEFAULT_RECORDS_SCHEMA;

/** The schema of the second node, for the replication lag: each node process needs its own. */
export const REPLICA_SCHEMA = `${DEFAULT_RECORDS_SCHEMA}_replica`;

/** The backend's name as tables print it. */
export const BACKEND_LABEL: Readonly<Record<RecordsBenchBackend, string>> = {
  sqlite: "SQLite",
  postgres: "PostgreSQL",
};

/** The store class whose `put` and `get` the floors time, as tables name it. */
export const STORE_CLASS: Readonly<Record<RecordsBenchBackend, string>> = {
  sqlite: "SqliteRecordsStore",
  postgres: "PostgresRecordsStore",
};
