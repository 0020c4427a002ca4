import type { NodeConfig } from "../config/types.js";
import { postgresUrlOf, storeLockState } from "../config/postgres.js";

/** What `/status` shows of a service's PostgreSQL store, under `services.<key>.store`. */
export interface StoreStatus {
  backend: "postgres";
  /** The schema (as configured, else `waymark_<service key>`). */
  schema: string;
  /** False once the session holding the schema lock has ended: the store refuses every write. */
  lockHeld: boolean;
  /** When the lock was lost (ISO 8601), or null. */
  lostAt: string | null;
}

/**
 * The store status of a service whose configuration section sets `store: postgres`, once its store
 * is open; undefined for a SQLite store, or while the store is not open.
 *
 * The schema a section leaves unset is the service's default, `waymark_<key>` (`waymark_mail`,
 * `waymark_records`), as the services' option tables define it.
 *
 * @param key - The service's runtime key, e.g. `mail`.
 * @param config - The node configuration.
 * @param env - The environment (for `WAYMARK_PG_URL`). @default process.env
 * @returns The status, or undefined.
 */
export function storeStatus(
  key: string,
  config: Pick<NodeConfig, "serviceOptions">,
  env: NodeJS.ProcessEnv = process.env,
): StoreStatus | undefined {
  const section = config.serviceOptions[key];
  if (section?.store !== "postgres") return undefined;
  const url = postgresUrlOf(typeof section.postgresUrl === "string" ? section.postgresUrl : undefined, env);
  if (url === undefined) return undefined;
  const schema = typeof section.postgresSchema === "string" ? section.postgresSchema : `waymark_${key}`;
  const state = storeLockState(url, schema);
  if (state === undefined) return undefined;
  return {
    backend: "postgres",
    schema,
    lockHeld: state.lockHeld,
    lostAt: state.lostAt === undefined ? null : new Date(state.lostAt).toISOString(),
  };
}

/**
 * Whether every PostgreSQL store the configuration names still holds its schema lock (a node
 * whose store lost it refuses writes until it restarts, so `/healthz` reports it unhealthy).
 *
 * @param config - The node configuration.
 * @param env - The environment. @default process.env
 * @returns False when a store lost its lock.
 */
export function storesHoldLocks(
  config: Pick<NodeConfig, "serviceOptions">,
  env: NodeJS.ProcessEnv = process.env,
): boolean {
  return Object.keys(config.serviceOptions).every((key) => storeStatus(key, config, env)?.lockHeld !== false);
}
