import type { Worker } from "node:worker_threads";

import { describe, expect, it } from "vitest";

import { ThreadedSqliteMailStore } from "../../node/mail/store/sqlite/threadedSqliteMailStore.js";
import type { PutOutcome } from "../../node/mail/store/types.js";
import { NOW, numberedEnvelopes, threadOf, useThreadedStores } from "./threadStore.js";

const { stored, many } = numberedEnvelopes(256);

/** A turn of the event loop. */
async function nextTurn(): Promise<void> {
  await new Promise((resolve) => setImmediate(resolve));
}

/**
 * The store's thread, reached past its privacy, with a record of what crosses it: the kind of
 * each message sent to it, and of each it posts back.
 */
function watchThread(store: ThreadedSqliteMailStore): { worker: Worker; sent: string[]; received: string[] } {
  const worker = threadOf(store);
  const sent: string[] = [];
  const received: string[] = [];
  const post = worker.postMessage.bind(worker);
  worker.postMessage = (...args: Parameters<Worker["postMessage"]>) => {
    sent.push((args[0] as { kind: string }).kind);
    post(...args);
  };
  worker.on("message", (reply: { kind: string }) => {
    received.push(reply.kind);
  });
  return { worker, sent, received };
}

/** Each promise's outcome, or the name of its error. */
async function settled(puts: readonly Promise<PutOutcome[]>[]): Promise<string[]> {
  const results = await Promise.allSettled(puts);
  return results.map((result) =>
    result.status === "fulfilled" ? result.value.join(",") : (result.reason as Error).name,
  );
}

// Puts cross to the store's thread in groups: one message per event-loop turn, one answer per group.
describe("ThreadedSqliteMailStore puts", () => {
  const { newPath, open } = useThreadedStores();

  it("sends the puts of one turn as one message, answered once, each with its own outcomes", async () => {
    const store = await open(await newPath());
    const crossing = watchThread(store);
    const first = many(200);
    const expired = { ...stored(10_000), expiresAt: NOW - 1 };
    const turn = [
      ...first.map(async (envelope) => store.put([envelope])),
      store.put([first[0] ?? stored(0)]),
    ];
    turn.push(store.put([expired, stored(10_001)]));
    await nextTurn();
    // Made while the first group is out: they wait for its answer, then cross together.
    const later = many(100, 1_000).map(async (envelope) => store.put([envelope]));
    const outcomes = await settled([...turn, ...later]);

    expect(outcomes.slice(0, 200)).toEqual(Array(200).fill("stored"));
    expect(outcomes.slice(200, 202)).toEqual(["duplicate", "refused,stored"]);
    expect(outcomes.slice(202)).toEqual(Array(100).fill("stored"));
    console.log(
      `302 single puts over two turns: ${crossing.sent.length} messages to the thread, ${crossing.received.length} answers`,
    );
    expect(crossing.sent).toEqual(["puts", "puts"]);
    expect(crossing.received).toEqual(["puts", "puts"]);
    expect(store.stats().messages).toBe(301);
  });

  it("sends a turn's puts before a call made after them, so a sweep sees them committed", async () => {
    const store = await open(await newPath());
    const crossing = watchThread(store);
    const expiring = { ...stored(1), expiresAt: NOW + 1 };
    const put = store.put([expiring]);
    const removed = store.expire(NOW + 2);
    expect(await put).toEqual(["stored"]);
    expect(await removed).toBe(1);
    expect(crossing.sent).toEqual(["puts", "call"]);
    expect(await store.missing([expiring.id])).toEqual([expiring.id]);
  });

  it("fails only the put whose envelopes cannot be copied to the thread", async () => {
    const store = await open(await newPath());
    const uncopyable = { ...stored(2), note: () => "a function does not cross threads" };
    const outcomes = await settled([store.put([stored(1)]), store.put([uncopyable]), store.put([stored(3)])]);
    expect(outcomes).toEqual(["stored", "DataCloneError", "stored"]);
    expect(store.stats().messages).toBe(2);
  });

  it("rejects every put of a group in flight, and those waiting behind it, when the thread stops", async () => {
    const path = await newPath();
    const store = await open(path, { maxBatchSize: 20_000 });
    const acknowledged = many(10);
    expect(await store.put(acknowledged)).toEqual(Array(10).fill("stored"));
    const crossing = watchThread(store);

    const group = many(20_000, 1_000).map(async (envelope) => store.put([envelope]));
    await nextTurn();
    const waiting = many(100, 50_000).map(async (envelope) => store.put([envelope]));
    // Stopped while the thread inserts the group (20,000 envelopes take far longer).
    await new Promise((resolve) => setTimeout(resolve, 30));
    await crossing.worker.terminate();
    const inGroup = new Set(await settled(group));
    const behind = new Set(await settled(waiting));
    await expect(store.put([stored(99_999)])).rejects.toMatchObject({ name: "MailStoreThreadError" });
    await store.close();

    const reopened = await open(path);
    const held = reopened.stats().messages;
    console.log(
      `thread stopped with a group of 20,000 single puts in flight: they ended as ${[...inGroup].join("/")}, ` +
        `the 100 waiting behind as ${[...behind].join("/")}; the reopened store holds ${held} (10 acknowledged before)`,
    );
    expect(crossing.sent).toEqual(["puts"]);
    expect(behind).toEqual(new Set(["MailStoreThreadError"]));
    // One transaction: all of the group or none, and acknowledged only if committed.
    expect(inGroup.size).toBe(1);
    expect(held).toBe(inGroup.has("stored") ? 20_010 : 10);
    if (!inGroup.has("stored")) expect(inGroup).toEqual(new Set(["MailStoreThreadError"]));
    expect(await reopened.missing(acknowledged.map((envelope) => envelope.id))).toEqual([]);
  }, 120_000);

  it("commits the group in flight and the puts waiting behind it before it closes", async () => {
    const path = await newPath();
    const store = await ThreadedSqliteMailStore.open({ path, clock: () => NOW, maxBatchSize: 64 });
    const inFlight = many(500).map(async (envelope) => store.put([envelope]));
    await nextTurn();
    const waiting = many(500, 1_000).map(async (envelope) => store.put([envelope]));
    await store.close();
    expect(await settled([...inFlight, ...waiting])).toEqual(Array(1_000).fill("stored"));

    const reopened = await open(path);
    expect(reopened.stats().messages).toBe(1_000);
  }, 60_000);
});
