import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

import type { PostgresServer } from "../../scripts/kit/postgres.js";
import { startPostgres } from "../../scripts/kit/postgres.js";
import { PostgresMailStore } from "../../node/mail/store/postgres/postgresMailStore.js";
import { SqliteMailStore } from "../../node/mail/store/sqlite/sqliteMailStore.js";
import { ThreadedSqliteMailStore } from "../../node/mail/store/sqlite/threadedSqliteMailStore.js";
import type { MailStore } from "../../node/mail/store/types.js";

/** Options every mail store backend takes. */
export interface CommonStoreInit {
  maxStoreBytes?: number | undefined;
  maxOriginShare?: number | undefined;
  maxFutureMs?: number | undefined;
  groupCommit?: boolean | undefined;
  maxBatchSize?: number | undefined;
  clock?: (() => number) | undefined;
}

/**
 * The backends: SQLite on its own thread (what a node runs), SQLite on the calling thread (tools),
 * and PostgreSQL.
 */
export type BackendName = "sqlite" | "sqlite-inline" | "postgres";

/** One backend under test: where a store lives, and how to open one there. */
export interface StoreBackend {
  name: BackendName;
  /** A fresh place for a store (a file, a schema). */
  place(): Promise<string>;
  /** Opens the store at a place (a fresh one when absent). */
  open(init?: CommonStoreInit, place?: string): Promise<MailStore>;
  /** Releases the backend (stops the server, removes files). */
  stop(): Promise<void>;
  /** The PostgreSQL server, for the postgres backend. */
  server: PostgresServer | undefined;
}

let schemas = 0;

/**
 * Starts a backend for a test file: a folder for SQLite files, or a throwaway PostgreSQL server.
 *
 * @param name - The backend.
 * @returns It.
 */
export async function startBackend(name: BackendName): Promise<StoreBackend> {
  if (name !== "postgres") {
    const dir = await mkdtemp(join(tmpdir(), "waymark-store-"));
    let files = 0;
    const place = async (): Promise<string> => Promise.resolve(join(dir, `mail-${(files += 1)}.sqlite`));
    return {
      name,
      server: undefined,
      place,
      async open(init = {}, at) {
        const path = at ?? (await place());
        if (name === "sqlite") return ThreadedSqliteMailStore.open({ ...init, path });
        return new SqliteMailStore({ ...init, path });
      },
      async stop() {
        await rm(dir, { recursive: true, force: true });
      },
    };
  }
  const server = await startPostgres();
  const place = async (): Promise<string> => Promise.resolve(`mail_${process.pid}_${(schemas += 1)}`);
  return {
    name,
    server,
    place,
    async open(init = {}, at) {
      return PostgresMailStore.open({ ...init, url: server.url, schema: at ?? (await place()) });
    },
    async stop() {
      await server.stop();
    },
  };
}
