import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";

import { afterEach, describe, expect, it } from "vitest";

import { createEnvelope } from "../../client/mail/protocol/envelope.js";
import { SqliteMailStore } from "../../node/mail/store/sqlite/sqliteMailStore.js";
import { envelopeSize } from "../../node/mail/store/sqlite/schema.js";
import type { StoredEnvelope, StoreQuery } from "../../node/mail/store/types.js";
import { Harness, payloadOf } from "./helpers.js";

const NOW = 1_800_000_000_000;

function stored(topic: string, timestamp: number, fill = 1, size = 100, ttlSeconds = 3_600): StoredEnvelope {
  const envelope = createEnvelope({ topic, payload: payloadOf(size, fill), timestamp, ttl: ttlSeconds });
  return { ...envelope, expiresAt: timestamp + ttlSeconds * 1000 };
}

function query(overrides: Partial<StoreQuery> = {}): StoreQuery {
  return {
    topics: [],
    from: 0,
    to: Number.MAX_SAFE_INTEGER,
    after: undefined,
    direction: "forward",
    limit: 100,
    maxBytes: 1_000_000,
    now: NOW,
    ...overrides,
  };
}

describe("SqliteMailStore", () => {
  const harness = new Harness();
  const stores: SqliteMailStore[] = [];
  afterEach(async () => {
    await Promise.all(stores.splice(0).map(async (store) => store.close()));
    await harness.cleanup();
  });

  async function open(init: ConstructorParameters<typeof SqliteMailStore>[0] = {}): Promise<SqliteMailStore> {
    const store = new SqliteMailStore({
      path: join(await harness.tempDir(), "mail.sqlite"),
      clock: () => NOW,
      ...init,
    });
    stores.push(store);
    return store;
  }

  it("upgrades a store of the first schema: keeps its envelopes, ranks them, lowers a floor above the clock", async () => {
    const path = join(await harness.tempDir(), "mail.sqlite");
    const old = new DatabaseSync(path);
    old.exec(`
      CREATE TABLE envelopes (seq INTEGER PRIMARY KEY, id BLOB NOT NULL UNIQUE, topic TEXT NOT NULL,
        timestamp INTEGER NOT NULL, ttl INTEGER NOT NULL, expires_at INTEGER NOT NULL,
        payload BLOB NOT NULL, size INTEGER NOT NULL, h INTEGER NOT NULL);
      CREATE INDEX envelopes_by_topic_time ON envelopes (topic, timestamp, id);
      CREATE INDEX envelopes_by_time ON envelopes (timestamp, id, h);
      CREATE INDEX envelopes_by_expiry ON envelopes (expires_at);
      CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
      PRAGMA user_version = 1;
    `);
    const insert = old.prepare(
      "INSERT INTO envelopes (id, topic, timestamp, ttl, expires_at, payload, size, h) VALUES (?, ?, ?, ?, ?, ?, ?, 0)",
    );
    const kept = [stored("/t", NOW - 2_000, 1), stored("/t", NOW + 50_000, 2)];
    for (const envelope of kept) {
      insert.run(
        envelope.id,
        envelope.topic,
        envelope.timestamp,
        envelope.ttl,
        envelope.expiresAt,
        envelope.payload,
        envelopeSize(2, 100),
      );
    }
    // A floor decades ahead, as envelopes replicated from the future could leave it.
    old.prepare("INSERT INTO meta (key, value) VALUES ('floor', ?)").run(String(NOW + 1e12));
    old.close();

    let now = NOW;
    const store = await open({ path, maxStoreBytes: envelopeSize(2, 100) * 3, clock: () => now });
    expect(store.stats()).toMatchObject({ messages: 2, floor: NOW });
    expect((await store.query(query({ topics: ["/t"] }))).envelopes).toHaveLength(2);
    now += 10;
    expect(await store.put([stored("/t", now, 3)])).toEqual(["stored"]);
    // The future-dated envelope ranks at the upgrade's clock: it is evicted before later arrivals,
    // whatever its timestamp claims.
    for (const step of [20, 30]) {
      now = NOW + step;
      await store.put([stored("/t", now, step)]);
    }
    const timestamps = (await store.query(query())).envelopes.map((envelope) => envelope.timestamp);
    expect(timestamps).toEqual([NOW + 10, NOW + 20, NOW + 30]);
  });
});
