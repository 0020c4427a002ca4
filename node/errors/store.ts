import { WaymarkError } from "../../client/kernel/errors/base.js";

/** The PostgreSQL server cannot be reached (refused, unknown host, timed out, no such database). */
export class StoreUnreachableError extends WaymarkError {
  override name = "StoreUnreachableError" as const;
  /** Connection attempts made before giving up (1 when the store did not retry). */
  readonly attempts: number;
  /** Milliseconds spent trying, from the first attempt to the last failure. */
  readonly waitedMs: number;

  /**
   * @param target - The server, as `host:port/database` (never the password).
   * @param options - The driver's error, and the attempts made when the store retried.
   */
  constructor(target: string, options: { cause?: unknown; attempts?: number; waitedMs?: number } = {}) {
    const attempts = options.attempts ?? 1;
    const waitedMs = options.waitedMs ?? 0;
    const tried = attempts > 1 ? ` after ${attempts} attempts over ${(waitedMs / 1000).toFixed(1)} s` : "";
    super(`The PostgreSQL server at ${target} cannot be reached${tried}`, {
      cause: options.cause,
      hint:
        "Check that the server runs, listens on that address, and that the database exists; " +
        "storeConnectTimeoutMs sets how long a starting node waits for it.",
    });
    this.attempts = attempts;
    this.waitedMs = waitedMs;
  }
}

/** The PostgreSQL server refused the user name or password. */
export class StoreCredentialsError extends WaymarkError {
  override name = "StoreCredentialsError" as const;

  /**
   * @param target - The server and user, as `user@host:port/database`.
   * @param options - The driver's error.
   */
  constructor(target: string, options: { cause?: unknown } = {}) {
    super(`The PostgreSQL server refused the credentials of ${target}`, {
      cause: options.cause,
      hint: "Check the user and password of WAYMARK_PG_URL (or the configuration file's postgresUrl).",
    });
  }
}

/** The PostgreSQL role lacks a privilege the store needs (create a schema, tables, or write them). */
export class StorePrivilegeError extends WaymarkError {
  override name = "StorePrivilegeError" as const;

  /**
   * @param target - The server and user, as `user@host:port/database`.
   * @param options - The driver's error.
   */
  constructor(target: string, options: { cause?: unknown } = {}) {
    super(`The PostgreSQL role of ${target} lacks a privilege the store needs`, {
      cause: options.cause,
      hint: "Grant it CREATE on the database (or own the store's schema); see docs/storage.md.",
    });
  }
}

/** The store was written by a newer version of the node: this one refuses to open it. */
export class StoreSchemaTooNewError extends WaymarkError {
  override name = "StoreSchemaTooNewError" as const;
  /** The schema version found. */
  readonly found: number;
  /** The newest version this node knows. */
  readonly known: number;

  /**
   * @param store - Which store, e.g. `the mail store in schema "waymark_mail"`.
   * @param found - The version found.
   * @param known - The newest version this node knows.
   */
  constructor(store: string, found: number, known: number) {
    super(`${store} has schema version ${found}; this node knows up to ${known}`, {
      hint: "Run the newer node version that wrote it, or open another store.",
    });
    this.found = found;
    this.known = known;
  }
}

/** Another node process holds the store (each PostgreSQL schema serves one node at a time). */
export class StoreInUseError extends WaymarkError {
  override name = "StoreInUseError" as const;

  /** @param store - Which store, e.g. `the mail store in schema "waymark_mail"`. */
  constructor(store: string) {
    super(`${store} is in use by another node process`, {
      hint: "Give each node process its own postgresSchema (see docs/storage.md).",
    });
  }
}

/** `store` is `postgres` but no connection URL was given. */
export class StoreUrlMissingError extends WaymarkError {
  override name = "StoreUrlMissingError" as const;

  /** @param service - The service whose store it is, e.g. `mail`. */
  constructor(service: string) {
    super(`The ${service} store is "postgres" but no PostgreSQL URL is set`, {
      hint: "Set WAYMARK_PG_URL in the node's environment, or postgresUrl in the service's configuration section.",
    });
  }
}

/**
 * The store lost its PostgreSQL session that holds the schema lock (the server restarted, the
 * connection dropped, an administrator ended it): another node process may own the schema now, so
 * the store refuses every write until the node restarts.
 */
export class StoreConnectionLostError extends WaymarkError {
  override name = "StoreConnectionLostError" as const;

  /**
   * @param store - Which store, e.g. `the mail store in schema "waymark_mail"`.
   * @param options - What ended the session.
   */
  constructor(store: string, options: { cause?: unknown } = {}) {
    super(`${store} lost its PostgreSQL session and schema lock; it accepts no more writes`, {
      cause: options.cause,
      hint: "Restart the node once the server answers; it takes the lock again (or is refused if another process holds it).",
    });
  }
}
