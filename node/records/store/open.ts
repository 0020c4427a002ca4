import { StoreUrlMissingError } from "../../errors/store.js";
import type { ResolvedRecordsInit } from "../options.js";
import { PostgresRecordsStore } from "./postgres/postgresRecordsStore.js";
import { SqliteRecordsStore } from "./sqliteRecordsStore.js";
import type { RecordsStore } from "./types.js";

/**
 * Opens the store the `store` option names: SQLite at `path`, or PostgreSQL at `postgresUrl`
 * (else `WAYMARK_PG_URL`) in `postgresSchema`.
 *
 * @param init - The resolved service options.
 * @returns The open store.
 * @throws StoreUrlMissingError when `store` is `postgres` and no URL is set; the errors of the
 * PostgreSQL store's open (unreachable, credentials, privileges, newer schema, in use).
 */
export async function openRecordsStore(init: ResolvedRecordsInit): Promise<RecordsStore> {
  const { limits } = init;
  const quotas = {
    maxRecordsPerOwner: limits.maxRecordsPerOwner,
    maxBytesPerOwner: limits.maxBytesPerOwner,
    maxStoreBytes: limits.maxStoreBytes,
  };
  if (limits.store === "sqlite")
    return new SqliteRecordsStore({ ...limits, path: init.path, clock: init.clock });
  if (init.postgresUrl === undefined) throw new StoreUrlMissingError("records");
  return PostgresRecordsStore.open({
    ...quotas,
    url: init.postgresUrl,
    schema: limits.postgresSchema,
    clock: init.clock,
    groupCommit: limits.groupCommit,
    maxBatchSize: limits.maxBatchSize,
    onLost: init.onStoreError,
    connectTimeoutMs: limits.storeConnectTimeoutMs,
    onConnectFailed: init.onStoreConnectFailed,
  });
}
