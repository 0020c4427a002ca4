import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";

import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { freePort } from "../../scripts/kit/freePort.js";
import type { PostgresServer } from "../../scripts/kit/postgres.js";
import { startPostgres } from "../../scripts/kit/postgres.js";
import { resolveMailInit } from "../../node/mail/options.js";
import { openMailStore } from "../../node/mail/store/open.js";
import { PostgresMailStore } from "../../node/mail/store/postgres/postgresMailStore.js";
import { SqliteMailStore } from "../../node/mail/store/sqlite/sqliteMailStore.js";
import { ThreadedSqliteMailStore } from "../../node/mail/store/sqlite/threadedSqliteMailStore.js";
import { Harness } from "./helpers.js";

// Opening a store validates it: typed errors for every reason a node cannot use it.
describe("mail store open", () => {
  let server: PostgresServer;
  const harness = new Harness();
  beforeAll(async () => {
    server = await startPostgres();
    const admin = new pg.Client(server.url);
    await admin.connect();
    await admin.query("CREATE ROLE reader LOGIN PASSWORD 'reader-pw'");
    await admin.query("REVOKE CREATE ON SCHEMA public FROM PUBLIC");
    await admin.end();
  }, 60_000);
  afterAll(async () => {
    await server.stop();
    await harness.cleanup();
  });

  it("names an unreachable server, wrong credentials and a role without privileges", async () => {
    const closed = await freePort();
    const unreachable = PostgresMailStore.open({ url: `postgres://postgres:x@127.0.0.1:${closed}/postgres` });
    await expect(unreachable).rejects.toMatchObject({ name: "StoreUnreachableError" });
    const noDatabase = PostgresMailStore.open({ url: server.urlFor("postgres", server.password, "nowhere") });
    await expect(noDatabase).rejects.toMatchObject({ name: "StoreUnreachableError" });
    const wrong = PostgresMailStore.open({ url: server.urlFor("postgres", "not-the-password") });
    await expect(wrong).rejects.toMatchObject({ name: "StoreCredentialsError" });
    const error = await PostgresMailStore.open({ url: server.urlFor("reader", "reader-pw") }).catch(
      (err: unknown) => err,
    );
    expect(error).toMatchObject({ name: "StorePrivilegeError" });
    expect(String(error)).not.toContain("reader-pw");
    console.log(
      `store open: unreachable, missing database, wrong password and a role without CREATE each refused with a typed error`,
    );
  });

  it("refuses a second process on the same schema, and a schema written by a newer version", async () => {
    const first = await PostgresMailStore.open({ url: server.url, schema: "shared_one" });
    await expect(PostgresMailStore.open({ url: server.url, schema: "shared_one" })).rejects.toMatchObject({
      name: "StoreInUseError",
    });
    await first.close();
    const again = await PostgresMailStore.open({ url: server.url, schema: "shared_one" });
    await again.close();

    const admin = new pg.Client(server.url);
    await admin.connect();
    await admin.query("INSERT INTO shared_one.schema_migrations (version, applied_at) VALUES (99, 0)");
    await admin.end();
    await expect(PostgresMailStore.open({ url: server.url, schema: "shared_one" })).rejects.toMatchObject({
      name: "StoreSchemaTooNewError",
      found: 99,
    });

    const path = join(await harness.tempDir(), "mail.sqlite");
    await new SqliteMailStore({ path }).close();
    const db = new DatabaseSync(path);
    db.exec("PRAGMA user_version = 99");
    db.close();
    expect(() => new SqliteMailStore({ path })).toThrow(
      expect.objectContaining({ name: "StoreSchemaTooNewError" }),
    );
  });

  it("opens the backend the options name, taking the URL from WAYMARK_PG_URL when the option is unset", async () => {
    const before = process.env.WAYMARK_PG_URL;
    try {
      delete process.env.WAYMARK_PG_URL;
      await expect(openMailStore(resolveMailInit({ store: "postgres" }))).rejects.toMatchObject({
        name: "StoreUrlMissingError",
      });
      process.env.WAYMARK_PG_URL = server.url;
      const store = await openMailStore(resolveMailInit({ store: "postgres", postgresSchema: "from_env" }));
      expect(store).toBeInstanceOf(PostgresMailStore);
      await store.close();
      const sqlite = await openMailStore(resolveMailInit({}));
      expect(sqlite).toBeInstanceOf(ThreadedSqliteMailStore);
      await sqlite.close();
      expect(() => resolveMailInit({ postgresSchema: "Robert'); DROP TABLE x;--" })).toThrow(
        expect.objectContaining({ name: "MailOptionError" }),
      );
    } finally {
      if (before === undefined) delete process.env.WAYMARK_PG_URL;
      else process.env.WAYMARK_PG_URL = before;
    }
  });
});
