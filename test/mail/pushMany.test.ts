import { afterEach, beforeEach, describe, expect, it } from "vitest";

import type { MailEnvelope } from "../../client/mail/protocol/envelope.js";
import { createEnvelope, envelopeIdHex } from "../../client/mail/protocol/envelope.js";
import { pushEnvelopes } from "../../client/mail/protocol/pushEnvelopes.js";
import { queryHistory } from "../../client/mail/protocol/queryHistory.js";
import { resolveMailLimits } from "../../node/mail/options.js";
import { expectRejectsNamed } from "../helpers/errors.js";
import type { MailHost } from "./helpers.js";
import { Harness, payloadOf } from "./helpers.js";

describe("mail protocol: a push of several envelopes", () => {
  const harness = new Harness();
  afterEach(async () => {
    await harness.cleanup();
  });

  let node: MailHost;
  let now: number;
  beforeEach(async () => {
    now = Date.now();
    node = await harness.mailNode({
      clock: () => now,
      maxPayloadBytes: 1_024,
      maxPushEnvelopes: 8,
      maxPushBatchBytes: 4_096,
      maxPageSize: 100,
    });
  });

  function envelopes(topic: string, count: number, size = 100): MailEnvelope[] {
    return Array.from({ length: count }, (_, i) =>
      createEnvelope({ topic, payload: payloadOf(size, i), timestamp: now - 1_000 + i }),
    );
  }

  async function held(topic: string): Promise<string[]> {
    const client = await harness.client();
    const page = await queryHistory(client, node.getMultiaddrs(), { topics: [topic], pageSize: 100 });
    return page.envelopes.map((envelope) => envelopeIdHex(envelope.id));
  }

  it("acknowledges every envelope with its id after the commit, and each once", async () => {
    const client = await harness.client();
    const sent = envelopes("/outbox/1", 8);
    const results = await pushEnvelopes(client, node.getMultiaddrs(), sent, { maxEnvelopes: 8 });
    expect(results.map((result) => [envelopeIdHex(result.id), result.duplicate, result.error])).toEqual(
      sent.map((envelope) => [envelopeIdHex(envelope.id), false, undefined]),
    );
    expect(await held("/outbox/1")).toEqual(sent.map((envelope) => envelopeIdHex(envelope.id)));

    // The same outbox again, with one new envelope: the old ones are duplicates, stored once.
    const [extra] = envelopes("/outbox/1", 9).slice(8);
    const again = await pushEnvelopes(client, node.getMultiaddrs(), [...sent.slice(0, 3), extra!], {
      maxEnvelopes: 8,
    });
    expect(again.map((result) => result.duplicate)).toEqual([true, true, true, false]);
    expect(await held("/outbox/1")).toHaveLength(9);
  });

  it("refuses a bad envelope alone, with its own typed error, and stores its neighbours", async () => {
    const client = await harness.client();
    const [first, second] = envelopes("/outbox/mixed", 2);
    // Valid for the client's default limits, refused by this node's: a payload over its 1 KiB,
    // and a timestamp further back than it accepts.
    const tooLarge = createEnvelope({ topic: "/outbox/mixed", payload: payloadOf(2_000), timestamp: now });
    const tooOld = createEnvelope({
      topic: "/outbox/mixed",
      payload: payloadOf(10),
      timestamp: now - 7_200_000,
    });
    const results = await pushEnvelopes(client, node.getMultiaddrs(), [first!, tooLarge, second!, tooOld]);

    expect(results.map((result) => result.error?.name)).toEqual([
      undefined,
      "MailTooLargeError",
      undefined,
      "MailTimestampOutOfRangeError",
    ]);
    expect(results[1]!.error?.limit).toBe("payload");
    expect(envelopeIdHex(results[1]!.id)).toBe(envelopeIdHex(tooLarge.id));
    expect((await held("/outbox/mixed")).sort()).toEqual(
      [first!, second!].map((envelope) => envelopeIdHex(envelope.id)).sort(),
    );
  });

  it("refuses a push over the node's envelope or byte limits whole, and stores none of it", async () => {
    const client = await harness.client();
    const error = await expectRejectsNamed(
      pushEnvelopes(client, node.getMultiaddrs(), envelopes("/outbox/big", 9), { maxEnvelopes: 64 }),
      "MailTooLargeError",
    );
    expect(error).toMatchObject({ limit: "push-envelopes" });
    // 5 × (1,000 payload + 12 topic) bytes is over the node's 4,096.
    const bytes = await expectRejectsNamed(
      pushEnvelopes(client, node.getMultiaddrs(), envelopes("/outbox/big", 5, 1_000)),
      "MailTooLargeError",
    );
    expect(bytes).toMatchObject({ limit: "push-bytes" });
    await expectRejectsNamed(pushEnvelopes(client, node.getMultiaddrs(), []), "MailInvalidEnvelopeError");
    expect(await held("/outbox/big")).toEqual([]);
  });

  it("checks the batch limits locally before sending", async () => {
    const client = await harness.client();
    const count = await expectRejectsNamed(
      pushEnvelopes(client, node.getMultiaddrs(), envelopes("/outbox/local", 3), { maxEnvelopes: 2 }),
      "MailTooLargeError",
    );
    expect(count).toMatchObject({ limit: "push-envelopes" });
    const bytes = await expectRejectsNamed(
      pushEnvelopes(client, node.getMultiaddrs(), envelopes("/outbox/local", 3), { maxBatchBytes: 200 }),
      "MailTooLargeError",
    );
    expect(bytes).toMatchObject({ limit: "push-bytes" });
    expect(await held("/outbox/local")).toEqual([]);
  });
});

describe("mail options: pushes of several", () => {
  it("keep the default request frame, which holds the largest push of several", () => {
    const limits = resolveMailLimits();
    expect(limits.maxPushEnvelopes).toBe(64);
    expect(limits.maxPushBatchBytes).toBe(limits.maxPayloadBytes + limits.maxTopicBytes);
    expect(limits.maxFrameBytes).toBe(limits.maxPayloadBytes + limits.maxTopicBytes + 16_384);
    expect(resolveMailLimits({ maxPushBatchBytes: 1_000_000 }).maxFrameBytes).toBe(1_000_000 + 16_384);
  });

  it("refuse a frame limit too small for the largest push of several", () => {
    expect(() => resolveMailLimits({ maxPushEnvelopes: 4_096 })).toThrow(/maxFrameBytes/);
    expect(() => resolveMailLimits({ maxPushEnvelopes: 0 })).toThrow(/maxPushEnvelopes/);
  });
});
