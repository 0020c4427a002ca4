import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { createEnvelope } from "../../../client/mail/protocol/envelope.js";
import { PostgresMailStore } from "../../../node/mail/store/postgres/postgresMailStore.js";
import { ThreadedSqliteMailStore } from "../../../node/mail/store/sqlite/threadedSqliteMailStore.js";
import type { MailStore } from "../../../node/mail/store/types.js";
import type { MailBenchBackend } from "../lib/mailNode.js";
import { uniquePayload } from "./load.js";

/** What the store floor measured. */
export interface StoreFloor {
  readonly producers: number;
  readonly seconds: number;
  readonly stored: number;
  readonly perSecond: number;
}

const DAY_MS = 86_400_000;

/**
 * The store floor, in this process: `producers` callers each put one fresh 1 KiB envelope into the
 * store and wait for its commit, for `durationMs`, with the node's defaults (group commit,
 * `synchronous` FULL on SQLite; PostgreSQL waits for its WAL flush). It is what
 * `bench:mail-store` measures as "group commit", taken in the same run as the ingest figures.
 *
 * @param backend - The store backend.
 * @param postgresUrl - The PostgreSQL server's URL, for `postgres` (a schema of its own is used).
 * @param producers - Concurrent callers.
 * @param durationMs - How long.
 * @returns Envelopes committed per second.
 */
export async function measureStoreFloor(
  backend: MailBenchBackend,
  postgresUrl: string | undefined,
  producers: number,
  durationMs: number,
): Promise<StoreFloor> {
  const dir = await mkdtemp(join(tmpdir(), "waymark-bench-store-floor-"));
  let store: MailStore;
  if (backend === "postgres") {
    if (postgresUrl === undefined) throw new Error("the postgres store floor needs a server");
    store = await PostgresMailStore.open({
      url: postgresUrl,
      schema: "bench_store_floor",
      groupCommit: true,
    });
  } else {
    // On its own thread, as a node runs it.
    store = await ThreadedSqliteMailStore.open({
      path: join(dir, "mail.sqlite"),
      groupCommit: true,
      synchronous: "full",
    });
  }
  try {
    const started = performance.now();
    const end = started + durationMs;
    let stored = 0;
    await Promise.all(
      Array.from({ length: producers }, async (_, index) => {
        while (performance.now() < end) {
          const envelope = createEnvelope({ topic: `/bench/ingest/${index}`, payload: uniquePayload() });
          const [outcome] = await store.put([{ ...envelope, expiresAt: envelope.timestamp + DAY_MS }]);
          if (outcome !== "stored") throw new Error(`envelope not stored: ${outcome ?? "no outcome"}`);
          stored += 1;
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    return { producers, seconds, stored, perSecond: stored / seconds };
  } finally {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  }
}
