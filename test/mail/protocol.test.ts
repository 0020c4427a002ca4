import { afterEach, beforeEach, describe, expect, it } from "vitest";

import type { MailEnvelope } from "../../client/mail/protocol/envelope.js";
import { createEnvelope, envelopeIdHex } from "../../client/mail/protocol/envelope.js";
import { pushEnvelope } from "../../client/mail/protocol/pushEnvelope.js";
import type { QueryHistoryParameters } from "../../client/mail/protocol/queryHistory.js";
import { queryHistory, queryHistoryPages } from "../../client/mail/protocol/queryHistory.js";
import { expectRejectsNamed } from "../helpers/errors.js";
import type { MailHost } from "./helpers.js";
import { Harness, payloadOf } from "./helpers.js";

describe("mail protocol: push and history", () => {
  const harness = new Harness();
  afterEach(async () => {
    await harness.cleanup();
  });

  let node: MailHost;
  let now: number;
  beforeEach(async () => {
    now = Date.now();
    node = await harness.mailNode({ clock: () => now, maxPageSize: 100 });
  });

  async function pushAll(envelopes: readonly MailEnvelope[]): Promise<void> {
    const client = await harness.client();
    for (const envelope of envelopes) await pushEnvelope(client, node.getMultiaddrs(), envelope);
  }

  async function collect(parameters: QueryHistoryParameters): Promise<{ pages: number; ids: string[] }> {
    const client = await harness.client();
    let pages = 0;
    const ids: string[] = [];
    for await (const page of queryHistoryPages(client, node.getMultiaddrs(), parameters)) {
      pages += 1;
      ids.push(...page.envelopes.map((envelope) => envelopeIdHex(envelope.id)));
    }
    return { pages, ids };
  }

  function envelopes(topic: string, count: number, start: number, step = 1_000): MailEnvelope[] {
    return Array.from({ length: count }, (_, i) =>
      createEnvelope({ topic, payload: payloadOf(32, i % 251), timestamp: start + i * step, ttl: 3_600 }),
    );
  }

  it("acknowledges a push with the envelope id and returns it in history", async () => {
    const client = await harness.client();
    const envelope = createEnvelope({ topic: "/chat/1", payload: payloadOf(100), timestamp: now });
    const ack = await pushEnvelope(client, node.getMultiaddrs(), envelope);
    expect(envelopeIdHex(ack.id)).toBe(envelopeIdHex(envelope.id));
    expect(ack.duplicate).toBe(false);

    const page = await queryHistory(client, node.getMultiaddrs(), { topics: ["/chat/1"] });
    expect(page.envelopes).toHaveLength(1);
    expect(page.envelopes[0]).toMatchObject({ topic: "/chat/1", timestamp: now, ttl: 0 });
    expect(new Uint8Array(page.envelopes[0]!.payload)).toEqual(payloadOf(100));
    expect(page.cursor).toBeUndefined();
  });

  it("pages forward, oldest first, across several pages without gaps or repeats", async () => {
    const sent = envelopes("/chat/paged", 23, now - 100_000);
    await pushAll([...sent].reverse());

    const { pages, ids } = await collect({ topics: ["/chat/paged"], pageSize: 5, direction: "forward" });
    expect(pages).toBe(5);
    expect(ids).toEqual(sent.map((envelope) => envelopeIdHex(envelope.id)));
  });

  it("pages backward, newest first, across several pages", async () => {
    const sent = envelopes("/chat/paged", 23, now - 100_000);
    await pushAll(sent);

    const { pages, ids } = await collect({ topics: ["/chat/paged"], pageSize: 5, direction: "backward" });
    expect(pages).toBe(5);
    expect(ids).toEqual(sent.map((envelope) => envelopeIdHex(envelope.id)).reverse());
  });

  it("orders envelopes with the same timestamp by id and pages through them", async () => {
    const sent = Array.from({ length: 7 }, (_, i) =>
      createEnvelope({ topic: "/same", payload: payloadOf(8, i), timestamp: now }),
    );
    await pushAll(sent);
    const expected = sent.map((envelope) => envelopeIdHex(envelope.id)).sort();

    expect((await collect({ topics: ["/same"], pageSize: 2 })).ids).toEqual(expected);
    expect((await collect({ topics: ["/same"], pageSize: 3, direction: "backward" })).ids).toEqual(
      [...expected].reverse(),
    );
  });

  it("returns only the topics asked for, merged in time order", async () => {
    const a = envelopes("/a", 4, now - 50_000, 2_000);
    const b = envelopes("/b", 4, now - 49_000, 2_000);
    const c = envelopes("/c", 4, now - 48_500, 2_000);
    await pushAll([...a, ...b, ...c]);

    const { ids } = await collect({ topics: ["/a", "/b"], pageSize: 3 });
    const expected = [...a, ...b]
      .sort((x, y) => x.timestamp - y.timestamp)
      .map((envelope) => envelopeIdHex(envelope.id));
    expect(ids).toEqual(expected);
    const backward = await collect({ topics: ["/a", "/b", "/missing"], pageSize: 5, direction: "backward" });
    expect(backward.ids).toEqual([...expected].reverse());
  });

  it("lists every topic only on a node whose operator allows it", async () => {
    await pushAll([...envelopes("/a", 4, now - 50_000), ...envelopes("/b", 4, now - 49_000)]);
    await expectRejectsNamed(collect({ pageSize: 100 }), "MailInvalidQueryError");

    node = await harness.mailNode({ clock: () => now, listAllTopics: true });
    await pushAll([...envelopes("/a", 4, now - 50_000), ...envelopes("/b", 4, now - 49_000)]);
    expect((await collect({ pageSize: 3 })).ids).toHaveLength(8);
  });

  it("returns only the time range asked for, bounds included", async () => {
    const sent = envelopes("/range", 10, now - 10_000);
    await pushAll(sent);

    const { ids } = await collect({ topics: ["/range"], from: sent[2]!.timestamp, to: sent[6]!.timestamp });
    expect(ids).toEqual(sent.slice(2, 7).map((envelope) => envelopeIdHex(envelope.id)));
  });

  it("stores a duplicate push once and says so", async () => {
    const client = await harness.client();
    const envelope = createEnvelope({ topic: "/dup", payload: payloadOf(10), timestamp: now });
    expect((await pushEnvelope(client, node.getMultiaddrs(), envelope)).duplicate).toBe(false);
    expect((await pushEnvelope(client, node.getMultiaddrs(), envelope)).duplicate).toBe(true);

    const page = await queryHistory(client, node.getMultiaddrs(), { topics: ["/dup"] });
    expect(page.envelopes).toHaveLength(1);
    expect(node.services.mail.status().messages).toBe(1);
  });

  it("announces a newly stored push to envelope:stored listeners, and a duplicate not again", async () => {
    const client = await harness.client();
    const envelope = createEnvelope({ topic: "/announced", payload: payloadOf(10), timestamp: now });
    const before = createEnvelope({ topic: "/announced", payload: payloadOf(11), timestamp: now });
    // Pushed while nobody listens: counted in the status, not announced later.
    await pushEnvelope(client, node.getMultiaddrs(), before);
    const seen: { id: string; topic: string; source: string }[] = [];
    node.services.mail.addEventListener("envelope:stored", (event) => {
      const { envelope: stored, source } = event.detail;
      seen.push({ id: envelopeIdHex(stored.id), topic: stored.topic, source });
    });
    await pushEnvelope(client, node.getMultiaddrs(), envelope);
    await pushEnvelope(client, node.getMultiaddrs(), envelope);
    expect(seen).toEqual([{ id: envelopeIdHex(envelope.id), topic: "/announced", source: "push" }]);
    expect(node.services.mail.status().messages).toBe(2);
  });

  it("stops returning an envelope once its ttl has passed, and the sweep deletes it", async () => {
    const client = await harness.client();
    await pushEnvelope(client, node.getMultiaddrs(), {
      topic: "/ttl",
      payload: payloadOf(10),
      timestamp: now,
      ttl: 60,
    });
    await pushEnvelope(client, node.getMultiaddrs(), {
      topic: "/ttl",
      payload: payloadOf(11),
      timestamp: now,
      ttl: 600,
    });
    expect((await queryHistory(client, node.getMultiaddrs(), { topics: ["/ttl"] })).envelopes).toHaveLength(
      2,
    );

    now += 61_000;
    const page = await queryHistory(client, node.getMultiaddrs(), { topics: ["/ttl"] });
    expect(page.envelopes.map((envelope) => envelope.ttl)).toEqual([600]);
    expect(await node.services.mail.expire()).toBe(1);
    expect(node.services.mail.status().messages).toBe(1);
  });

  it("clamps a ttl longer than the retention", async () => {
    const short = await harness.mailNode({ clock: () => now, maxRetentionSeconds: 60 });
    const client = await harness.client();
    await pushEnvelope(client, short.getMultiaddrs(), {
      topic: "/long",
      payload: payloadOf(4),
      timestamp: now,
      ttl: 86_400,
    });
    now += 61_000;
    expect((await queryHistory(client, short.getMultiaddrs(), { topics: ["/long"] })).envelopes).toHaveLength(
      0,
    );
  });

  it("refuses timestamps too far in the future or the past with a typed error", async () => {
    const client = await harness.client();
    await expectRejectsNamed(
      pushEnvelope(client, node.getMultiaddrs(), {
        topic: "/t",
        payload: payloadOf(1),
        timestamp: now + 600_000,
      }),
      "MailTimestampOutOfRangeError",
    );
    await expectRejectsNamed(
      pushEnvelope(client, node.getMultiaddrs(), {
        topic: "/t",
        payload: payloadOf(1),
        timestamp: now - 7_200_000,
      }),
      "MailTimestampOutOfRangeError",
    );
  });

  it("rejects a cursor it did not issue, and a query with from after to", async () => {
    const client = await harness.client();
    await expectRejectsNamed(
      queryHistory(client, node.getMultiaddrs(), { topics: ["/x"], cursor: new Uint8Array([1, 2, 3]) }),
      "MailInvalidQueryError",
    );
    await expectRejectsNamed(
      queryHistory(client, node.getMultiaddrs(), { topics: ["/x"], from: 10, to: 5 }),
      "MailInvalidQueryError",
    );
  });

  it("clamps the page size to the node's maximum", async () => {
    const capped = await harness.mailNode({ clock: () => now, maxPageSize: 4, defaultPageSize: 2 });
    const client = await harness.client();
    for (const envelope of envelopes("/cap", 6, now - 10_000))
      await pushEnvelope(client, capped.getMultiaddrs(), envelope);
    const big = await queryHistory(client, capped.getMultiaddrs(), { topics: ["/cap"], pageSize: 1_000 });
    expect(big.envelopes).toHaveLength(4);
    expect(big.cursor).toBeDefined();
    const byDefault = await queryHistory(client, capped.getMultiaddrs(), { topics: ["/cap"] });
    expect(byDefault.envelopes).toHaveLength(2);
  });

  it("reports messages, bytes and the oldest and newest timestamps", async () => {
    const sent = envelopes("/status", 3, now - 3_000);
    await pushAll(sent);
    const status = node.services.mail.status();
    expect(status).toMatchObject({
      messages: 3,
      oldestTimestamp: sent[0]!.timestamp,
      newestTimestamp: sent[2]!.timestamp,
      requests: { pushes: 3 },
    });
    expect(status.bytes).toBeGreaterThan(3 * 32);
  });
});
