import type { NodeServiceRuntime } from "../services/types.js";

/** What `/status` shows of a service's PostgreSQL store, under `services.<key>.store`. */
export interface StoreStatus {
  backend: "postgres";
  /** The schema the store's tables are in. */
  schema: string;
  /** False once the session holding the schema lock has ended: the store refuses every write. */
  lockHeld: boolean;
  /** When the lock was lost (ISO 8601), or null. */
  lostAt: string | null;
}

/**
 * The store status a running service reports of its own store: shown for a store that holds a
 * lock (PostgreSQL), once it is open; undefined for a SQLite store, or while the store is not open.
 *
 * @param runtime - The mounted service.
 * @returns The status, or undefined.
 */
export function storeStatus(runtime: NodeServiceRuntime): StoreStatus | undefined {
  const state = runtime.storeLock?.();
  if (state === undefined) return undefined;
  return {
    backend: state.backend,
    schema: state.schema,
    lockHeld: state.lockHeld,
    lostAt: state.lostAt === undefined ? null : new Date(state.lostAt).toISOString(),
  };
}

/**
 * Whether every mounted service's store still holds its lock (a node whose PostgreSQL store lost
 * its schema lock refuses writes until it restarts, so `/healthz` reports it unhealthy).
 *
 * @param runtimes - The mounted services.
 * @returns False when a store lost its lock.
 */
export function storesHoldLocks(runtimes: Iterable<NodeServiceRuntime>): boolean {
  for (const runtime of runtimes) {
    if (runtime.storeLock?.()?.lockHeld === false) return false;
  }
  return true;
}
