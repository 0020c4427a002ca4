import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

import type { PostgresServer } from "../../scripts/kit/postgres.js";
import { startPostgres } from "../../scripts/kit/postgres.js";
import { PostgresRecordsStore } from "../../node/records/store/postgres/postgresRecordsStore.js";
import { SqliteRecordsStore } from "../../node/records/store/sqliteRecordsStore.js";
import type { RecordsQuotas, RecordsStore } from "../../node/records/store/types.js";

/** Options every records store backend takes. */
export interface CommonRecordsInit extends Partial<RecordsQuotas> {
  clock?: (() => number) | undefined;
}

/** One backend under test: where a store lives, and how to open one there. */
export interface RecordsBackend {
  name: "sqlite" | "postgres";
  /** A fresh place for a store (a file, a schema). */
  place(): string;
  /** Opens the store at a place (a fresh one when absent). */
  open(init?: CommonRecordsInit, place?: string): Promise<RecordsStore>;
  /** Releases the backend (stops the server, removes files). */
  stop(): Promise<void>;
  /** The PostgreSQL server, for the postgres backend. */
  server: PostgresServer | undefined;
}

let places = 0;

/**
 * Starts a backend for a test file: a folder for SQLite files, or a throwaway PostgreSQL server.
 *
 * @param name - The backend.
 * @returns It.
 */
export async function startRecordsBackend(name: "sqlite" | "postgres"): Promise<RecordsBackend> {
  if (name === "sqlite") {
    const dir = await mkdtemp(join(tmpdir(), "waymark-records-store-"));
    const place = (): string => join(dir, `records-${(places += 1)}.sqlite`);
    return {
      name,
      server: undefined,
      place,
      open: async (init = {}, at) =>
        Promise.resolve(new SqliteRecordsStore({ ...init, path: at ?? place() })),
      async stop() {
        await rm(dir, { recursive: true, force: true });
      },
    };
  }
  const server = await startPostgres();
  const place = (): string => `records_${process.pid}_${(places += 1)}`;
  return {
    name,
    server,
    place,
    open: async (init = {}, at) =>
      PostgresRecordsStore.open({ ...init, url: server.url, schema: at ?? place() }),
    async stop() {
      await server.stop();
    },
  };
}
