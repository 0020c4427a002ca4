import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";

import { describe, expect, it } from "vitest";

import { RECORDS_SCHEMA_VERSION } from "../../node/records/store/schema.js";
import { SqliteRecordsStore } from "../../node/records/store/sqliteRecordsStore.js";
import { useTempDirs } from "../helpers/hooks.js";
import { expectThrowsNamed } from "./helpers.js";

// What only the SQLite file does; the behaviour both backends share is in storeConformance.test.ts.
describe("SqliteRecordsStore", () => {
  const dirs = useTempDirs("waymark-records-store-");

  it("refuses a file with a newer schema than it knows, with a typed error", async () => {
    const path = join(await dirs.make(), "records.sqlite");
    const db = new DatabaseSync(path);
    db.exec(`PRAGMA user_version = ${RECORDS_SCHEMA_VERSION + 1}`);
    db.close();
    const error = expectThrowsNamed(() => new SqliteRecordsStore({ path }), "StoreSchemaTooNewError");
    expect(error.found).toBe(RECORDS_SCHEMA_VERSION + 1);
  });
});
