import { describe, expect, it } from "vitest";

import { PostgresMailStore } from "../../../node/mail/store/postgres/postgresMailStore.js";
import type { MailStore } from "../../../node/mail/store/types.js";
import { PostgresRecordsStore } from "../../../node/records/store/postgres/postgresRecordsStore.js";
import { SqliteRecordsStore } from "../../../node/records/store/sqliteRecordsStore.js";
import type { RecordsStore } from "../../../node/records/store/types.js";
import type { NodeServiceRuntime } from "../../../node/services/types.js";
import { storeStatus, storesHoldLocks } from "../../../node/status/storeStatus.js";
import { dropLockSessions } from "../../adversarial/helpers/lockSessions.js";
import { usePostgres } from "../../helpers/hooks.js";

/** A service runtime over a store, reporting the store's lock as the mail and records services do. */
function runtimeOver(store: MailStore | RecordsStore): NodeServiceRuntime {
  return {
    ready: () => Promise.resolve(),
    status: () => ({}),
    storeLock: () => store.lockState?.(),
  };
}

/** Polls until the store reports its lock lost; rejects after 30 s (a bound, not a timing). */
async function untilLost(runtime: NodeServiceRuntime): Promise<void> {
  const end = Date.now() + 30_000;
  while (storeStatus(runtime)?.lockHeld !== false) {
    if (Date.now() > end) throw new Error("the lost lock never showed");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

// Each store reports its own schema lock: /status shows it under the service that owns the store
// and /healthz fails on it, with nothing derived from the configuration or kept process-wide.
describe("store lock state, as each store reports it", () => {
  const server = usePostgres();

  it("shows the schema and the lock of each open PostgreSQL store, nothing for SQLite or a closed store", async () => {
    const mail = await PostgresMailStore.open({ url: server.current.url, schema: "lock_mail" });
    const sqlite = new SqliteRecordsStore();
    const mailRuntime = runtimeOver(mail);
    const sqliteRuntime = runtimeOver(sqlite);
    expect(storeStatus(mailRuntime)).toEqual({
      backend: "postgres",
      schema: "lock_mail",
      lockHeld: true,
      lostAt: null,
    });
    expect(storeStatus(sqliteRuntime)).toBeUndefined();
    expect(storesHoldLocks([mailRuntime, sqliteRuntime])).toBe(true);

    expect(await dropLockSessions(server.current.url)).toBe(1);
    await untilLost(mailRuntime);
    // A store opened after the loss holds its own lock: the two are told apart.
    const records = await PostgresRecordsStore.open({ url: server.current.url, schema: "lock_records" });
    const recordsRuntime = runtimeOver(records);
    const lost = storeStatus(mailRuntime);
    console.log(
      `store lock status: mail ${JSON.stringify(lost)}, records ${JSON.stringify(storeStatus(recordsRuntime))}`,
    );
    expect(lost?.schema).toBe("lock_mail");
    expect(Number.isNaN(Date.parse(lost?.lostAt ?? ""))).toBe(false);
    expect(storeStatus(recordsRuntime)).toEqual({
      backend: "postgres",
      schema: "lock_records",
      lockHeld: true,
      lostAt: null,
    });
    expect(storesHoldLocks([recordsRuntime, sqliteRuntime])).toBe(true);
    expect(storesHoldLocks([recordsRuntime, mailRuntime, sqliteRuntime])).toBe(false);

    await mail.close();
    await records.close();
    await sqlite.close();
    expect(storeStatus(mailRuntime)).toBeUndefined();
    expect(storeStatus(recordsRuntime)).toBeUndefined();
    expect(storesHoldLocks([mailRuntime, recordsRuntime])).toBe(true);
  });
});
