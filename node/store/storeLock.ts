/**
 * The lock an open store holds on what it stores: a PostgreSQL store's advisory lock on its schema,
 * which admits one node process per schema. A store that loses it refuses every write until the
 * node restarts.
 */
export interface StoreLockState {
  backend: "postgres";
  /** The schema the store's tables are in. */
  schema: string;
  /** False once the session holding the schema lock has ended (the store refuses writes). */
  lockHeld: boolean;
  /** When the lock was lost, in milliseconds since the epoch. */
  lostAt: number | undefined;
}

/** A store that holds a lock while it is open (every PostgreSQL store). */
export interface LockingStore {
  /**
   * The store's lock, as `/status` and `/healthz` read it.
   *
   * @returns Its state, or undefined once the store is closing.
   */
  lockState(): StoreLockState | undefined;
}
