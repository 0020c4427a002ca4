import { StoreUrlMissingError } from "../../errors/store.js";
import type { ResolvedMailInit } from "../options.js";
import { openPostgresStore } from "./postgres/postgresMailStore.js";
import { openThreadedSqliteStore } from "./sqlite/threadedSqliteMailStore.js";
import type { MailStore } from "./types.js";

/**
 * Opens the store the `store` option names: SQLite at `path` (on a thread of its own, so that its
 * commits never block the event loop), or PostgreSQL at `postgresUrl` (else `WAYMARK_PG_URL`) in
 * `postgresSchema`.
 *
 * @param init - The resolved service options.
 * @returns The open store.
 * @throws StoreUrlMissingError when `store` is `postgres` and no URL is set; the errors of the
 * PostgreSQL store's open (unreachable, credentials, privileges, newer schema, in use).
 */
export async function openMailStore(init: ResolvedMailInit): Promise<MailStore> {
  if (init.limits.store === "sqlite") return openThreadedSqliteStore(init);
  if (init.postgresUrl === undefined) throw new StoreUrlMissingError("mail");
  return openPostgresStore({
    url: init.postgresUrl,
    schema: init.limits.postgresSchema,
    clock: init.clock,
    limits: init.limits,
    onLost: init.onStoreError,
    onConnectFailed: init.onStoreConnectFailed,
  });
}
