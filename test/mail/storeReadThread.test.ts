import { DatabaseSync } from "node:sqlite";

import { describe, expect, it } from "vitest";

import { ThreadedSqliteMailStore } from "../../node/mail/store/sqlite/threadedSqliteMailStore.js";
import type { StoreQuery } from "../../node/mail/store/types.js";
import { NOW, numberedEnvelopes, readThreadOf, threadOf, useThreadedStores } from "./threadStore.js";

const { stored } = numberedEnvelopes(1_024);

/** The newest page of one envelope's topic. */
function newestOf(topic: string): StoreQuery {
  return {
    topics: [topic],
    from: 0,
    to: NOW,
    after: undefined,
    direction: "backward",
    limit: 20,
    maxBytes: 1 << 20,
    now: NOW,
  };
}

// A store in a file answers its reads on a read-only connection of its own thread.
describe("ThreadedSqliteMailStore reads", () => {
  const { newPath, open, stores } = useThreadedStores();

  it("answers a history read while its commit thread waits for the file's write lock", async () => {
    const at = await newPath();
    const store = await open(at);
    const committed = stored(10);
    expect(await store.put([committed])).toEqual(["stored"]);

    // Another connection holds the write lock: the commit thread's next transaction waits for it.
    const holder = new DatabaseSync(at);
    holder.exec("BEGIN IMMEDIATE");
    let held = true;
    const release = (): void => {
      if (!held) return;
      held = false;
      holder.exec("ROLLBACK");
      holder.close();
    };
    const settled: string[] = [];
    const waiting = stored(20);
    const put = store.put([waiting]).then((outcomes) => {
      settled.push("put");
      return outcomes;
    });
    // Long enough for the commit thread to be inside its transaction's wait for the lock.
    await new Promise((resolve) => setTimeout(resolve, 200));
    // Released when the read is answered; on a store whose reads wait behind commits, after 3 s
    // (within the commit thread's 5 s busy timeout, so the put still commits).
    const fallback = setTimeout(release, 3_000);
    const page = await store.query(newestOf(committed.topic)).then((answer) => {
      settled.push("query");
      release();
      return answer;
    });
    expect(await put).toEqual(["stored"]);
    clearTimeout(fallback);

    expect(settled).toEqual(["query", "put"]);
    // What had committed, and not the put still waiting for its transaction.
    expect(page.envelopes.map((envelope) => envelope.id)).toEqual([committed.id]);
    // Once acknowledged, a put is what the read thread sees.
    const after = await store.query(newestOf(waiting.topic));
    expect(after.envelopes.map((envelope) => envelope.id)).toEqual([waiting.id, committed.id]);
  }, 30_000);

  it("fails every call with a typed error naming the read thread when that thread stops", async () => {
    const at = await newPath();
    const store = await open(at);
    const kept = stored(1);
    expect(await store.put([kept])).toEqual(["stored"]);
    const reader = readThreadOf(store);
    expect(reader).toBeDefined();
    await reader?.terminate();
    await expect(store.missing([kept.id])).rejects.toMatchObject({
      name: "MailStoreThreadError",
      message: expect.stringContaining("read thread") as unknown,
    });
    await expect(store.put([stored(2)])).rejects.toMatchObject({ name: "MailStoreThreadError" });
    await store.close();

    const reopened = await open(at);
    expect(await reopened.missing([kept.id])).toEqual([]);
  }, 30_000);

  it("keeps a store in memory, or one told so, on one thread, its reads on the connection that holds the data", async () => {
    const inMemory = await ThreadedSqliteMailStore.open({ clock: () => NOW });
    const told = await ThreadedSqliteMailStore.open({
      path: await newPath(),
      clock: () => NOW,
      readThread: false,
    });
    stores.push(inMemory, told);
    for (const store of [inMemory, told]) {
      expect(readThreadOf(store)).toBeUndefined();
      const envelope = stored(3);
      expect(await store.put([envelope])).toEqual(["stored"]);
      const page = await store.query(newestOf(envelope.topic));
      expect(page.envelopes.map((found) => found.id)).toEqual([envelope.id]);
      expect(threadOf(store)).toBeDefined();
    }
  });

  it("ends both threads when it closes, answering the reads sent before", async () => {
    const at = await newPath();
    const store = await ThreadedSqliteMailStore.open({ path: at, clock: () => NOW });
    const envelope = stored(4);
    expect(await store.put([envelope])).toEqual(["stored"]);
    const exits = [threadOf(store), readThreadOf(store)].map(
      async (worker) =>
        new Promise((resolve) => {
          worker?.once("exit", resolve);
        }),
    );
    const reads = Array.from({ length: 50 }, async () => store.missing([envelope.id]));
    await store.close();
    expect(await Promise.all(reads)).toEqual(Array(50).fill([]));
    await Promise.all(exits);
    await expect(store.query(newestOf(envelope.topic))).rejects.toThrow(/closed/);
  });
});
