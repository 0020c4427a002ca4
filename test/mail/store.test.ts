import { join } from "node:path";

import { afterEach, describe, expect, it } from "vitest";

import { createEnvelope, envelopeIdHex } from "../../client/mail/protocol/envelope.js";
import { SqliteMailStore } from "../../node/mail/store/sqlite/SqliteMailStore.js";
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

  it("commits concurrent puts together and answers each with its own outcomes", async () => {
    const store = await open();
    const envelopes = Array.from({ length: 300 }, (_, i) => stored("/t", NOW - 1_000 + i, i % 256));
    const outcomes = await Promise.all([
      ...envelopes.map(async (envelope) => store.put([envelope])),
      store.put([envelopes[0]!, envelopes[0]!]),
    ]);
    expect(outcomes.slice(0, 300).every(([outcome]) => outcome === "stored")).toBe(true);
    expect(outcomes[300]).toEqual(["duplicate", "duplicate"]);
    expect(store.stats().messages).toBe(300);
  });

  it("keeps what it committed across a reopen, with the same figures", async () => {
    const path = join(await harness.tempDir(), "mail.sqlite");
    const first = new SqliteMailStore({ path, clock: () => NOW, groupCommit: false });
    await first.put([stored("/t", NOW - 5), stored("/t", NOW - 3, 2)]);
    await first.setMeta("lastAlive", "123");
    const figures = first.stats();
    await first.close();

    const second = new SqliteMailStore({ path, clock: () => NOW });
    stores.push(second);
    expect(second.stats()).toEqual(figures);
    expect(await second.getMeta("lastAlive")).toBe("123");
    expect((await second.query(query())).envelopes).toHaveLength(2);
  });

  it("evicts the oldest envelopes above the size limit and refuses anything at or below the floor", async () => {
    const size = envelopeSize(2, 100);
    const store = await open({ maxStoreBytes: size * 5 });
    for (let i = 0; i < 8; i++) await store.put([stored("/t", NOW - 1_000 + i, i)]);

    expect(store.stats()).toMatchObject({ messages: 5, bytes: size * 5, floor: NOW - 1_000 + 2 });
    const kept = (await store.query(query())).envelopes.map((envelope) => envelope.timestamp);
    expect(kept).toEqual([3, 4, 5, 6, 7].map((i) => NOW - 1_000 + i));
    expect(await store.put([stored("/t", NOW - 1_000 + 2, 99)])).toEqual(["refused"]);
  });

  it("refuses an envelope that has already expired, and deletes expired ones on a sweep", async () => {
    const store = await open();
    expect(await store.put([stored("/t", NOW - 10_000, 1, 10, 5)])).toEqual(["refused"]);
    await store.put([stored("/t", NOW - 1_000, 2, 10, 5), stored("/t", NOW - 1_000, 3, 10, 60)]);
    expect(await store.expire(NOW + 4_500)).toBe(1);
    expect(store.stats().messages).toBe(1);
  });

  it("pages by position so that envelopes arriving meanwhile never shift a page", async () => {
    const store = await open();
    await store.put([1, 2, 3, 4].map((i) => stored("/t", NOW - 100 + i * 10, i)));
    const first = await store.query(query({ limit: 2 }));
    await store.put([stored("/t", NOW - 100 + 5, 9)]);
    const second = await store.query(query({ limit: 2, after: first.next }));
    expect(second.envelopes.map((envelope) => envelope.timestamp)).toEqual([NOW - 70, NOW - 60]);
    expect(second.next).toBeUndefined();
  });

  it("stops a page at its byte budget but always returns at least one envelope", async () => {
    const store = await open();
    await store.put([1, 2, 3].map((i) => stored("/t", NOW - 100 + i, i, 1_000)));
    const page = await store.query(query({ maxBytes: 10 }));
    expect(page.envelopes).toHaveLength(1);
    expect(page.next).toBeDefined();
  });

  it("gives equal digests for equal contents and lists the ids of a slice", async () => {
    const [a, b] = [await open(), await open()];
    const envelopes = Array.from({ length: 20 }, (_, i) => stored("/t", NOW - 20_000 + i * 1_000, i));
    await a.put(envelopes);
    await b.put([...envelopes].reverse());
    expect(await a.digest(NOW - 20_000, NOW, 8, NOW)).toEqual(await b.digest(NOW - 20_000, NOW, 8, NOW));

    await b.put([stored("/t", NOW - 500, 77)]);
    const [da, db] = [await a.digest(NOW - 20_000, NOW, 8, NOW), await b.digest(NOW - 20_000, NOW, 8, NOW)];
    expect(da.filter((bucket, i) => bucket.count !== db[i]!.count || bucket.sum !== db[i]!.sum)).toHaveLength(
      1,
    );

    const listed: string[] = [];
    let after;
    do {
      const page = await a.listIds(NOW - 20_000, NOW, after, 6, NOW);
      listed.push(...page.ids.map(envelopeIdHex));
      after = page.next;
    } while (after !== undefined);
    expect(listed).toEqual(envelopes.map((envelope) => envelopeIdHex(envelope.id)));
    expect(await a.missing([envelopes[0]!.id, stored("/t", NOW, 200).id])).toHaveLength(1);
  });
});
