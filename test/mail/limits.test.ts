import type { Libp2p, Stream } from "@libp2p/interface";
import { lpStream } from "@libp2p/utils";
import { afterEach, describe, expect, it } from "vitest";

import { MAIL_PROTOCOL_1_0, MAIL_PROTOCOLS } from "../../client/mail/protocol/constants.js";
import {
  MailRateLimitedError,
  MailTooLargeError,
  errorFromFrame,
} from "../../client/mail/protocol/errors.js";
import { Request, Response } from "../../client/mail/protocol/mail.generated.js";
import { pushEnvelope } from "../../client/mail/protocol/pushEnvelope.js";
import { queryHistory } from "../../client/mail/protocol/queryHistory.js";
import { roundTrip } from "../../client/mail/protocol/roundTrip.js";
import { expectRejectsNamed } from "../helpers/errors.js";
import type { MailHost } from "./helpers.js";
import { Harness, framed, payloadOf } from "./helpers.js";

/** Sends raw bytes on a mail stream, closes the writable end, and decodes the node's answer. */
async function rawRequest(client: Libp2p, node: MailHost, bytes: Uint8Array): Promise<Error> {
  const stream: Stream = await client.dialProtocol(node.getMultiaddrs(), MAIL_PROTOCOL_1_0);
  const lp = lpStream(stream);
  const answer = lp.read({ signal: AbortSignal.timeout(10_000) });
  // The node may answer before it has read everything: wait for the answer, not for the write.
  stream.send(bytes);
  stream.close().catch(() => undefined);
  const response = Response.decode(await answer);
  stream.abort(new Error("done"));
  if (response.error === undefined) throw new Error("expected an error answer");
  return errorFromFrame(response.error);
}

function tooLarge(error: Error): MailTooLargeError {
  if (!(error instanceof MailTooLargeError)) throw new Error(`expected MailTooLargeError, got ${error.name}`);
  return error;
}

function rateLimited(error: Error): MailRateLimitedError {
  if (!(error instanceof MailRateLimitedError))
    throw new Error(`expected MailRateLimitedError, got ${error.name}`);
  return error;
}

describe("mail limits and malformed frames", () => {
  const harness = new Harness();
  afterEach(async () => {
    await harness.cleanup();
  });

  async function bystanderIsServed(node: MailHost): Promise<void> {
    const other = await harness.client();
    const ack = await pushEnvelope(other, node.getMultiaddrs(), { topic: "/other", payload: payloadOf(16) });
    expect(ack.duplicate).toBe(false);
  }

  it("answers a payload over the node's limit with MailTooLargeError, and serves others", async () => {
    const node = await harness.mailNode({ maxPayloadBytes: 1_024 });
    const client = await harness.client();
    const error = tooLarge(
      await expectRejectsNamed(
        pushEnvelope(client, node.getMultiaddrs(), { topic: "/big", payload: payloadOf(2_048) }),
        "MailTooLargeError",
      ),
    );
    expect(error.limit).toBe("payload");
    await bystanderIsServed(node);
    await pushEnvelope(client, node.getMultiaddrs(), { topic: "/big", payload: payloadOf(1_024) });
  });

  it("refuses a payload over the client's own limit before sending", async () => {
    const node = await harness.mailNode();
    const client = await harness.client();
    await expectRejectsNamed(
      pushEnvelope(client, node.getMultiaddrs(), { topic: "/big", payload: payloadOf(65_537) }),
      "MailTooLargeError",
    );
    expect(node.services.mail.status().requests.errors).toBe(0);
  });

  it("rate-limits pushes per peer with a retry-after, while another peer is served", async () => {
    const node = await harness.mailNode({ pushesPerSecond: 0.001, pushBurst: 3 });
    const client = await harness.client();
    for (let i = 0; i < 3; i++) {
      await pushEnvelope(client, node.getMultiaddrs(), { topic: "/rate", payload: payloadOf(8, i) });
    }
    const error = rateLimited(
      await expectRejectsNamed(
        pushEnvelope(client, node.getMultiaddrs(), { topic: "/rate", payload: payloadOf(8, 9) }),
        "MailRateLimitedError",
      ),
    );
    expect(error.limit).toBe("pushes");
    expect(error.retryAfterMs).toBeGreaterThan(0);
    await bystanderIsServed(node);
  });

  it("rate-limits payload bytes per peer", async () => {
    const node = await harness.mailNode({ bytesPerSecond: 1, bytesBurst: 70_000 });
    const client = await harness.client();
    await pushEnvelope(client, node.getMultiaddrs(), { topic: "/bytes", payload: payloadOf(60_000) });
    const error = rateLimited(
      await expectRejectsNamed(
        pushEnvelope(client, node.getMultiaddrs(), { topic: "/bytes", payload: payloadOf(60_000, 1) }),
        "MailRateLimitedError",
      ),
    );
    expect(error.limit).toBe("bytes");
    expect(error.retryAfterMs).toBeGreaterThan(1_000);
    await bystanderIsServed(node);
  });

  it("rate-limits queries per peer, while another peer is served", async () => {
    const node = await harness.mailNode({ queriesPerSecond: 0.001, queryBurst: 2 });
    const client = await harness.client();
    await queryHistory(client, node.getMultiaddrs(), { topics: ["/q"] });
    await queryHistory(client, node.getMultiaddrs(), { topics: ["/q"] });
    const error = rateLimited(
      await expectRejectsNamed(
        queryHistory(client, node.getMultiaddrs(), { topics: ["/q"] }),
        "MailRateLimitedError",
      ),
    );
    expect(error.limit).toBe("queries");
    const other = await harness.client();
    expect((await queryHistory(other, node.getMultiaddrs(), { topics: ["/q"] })).envelopes).toEqual([]);
  });

  it("rate-limits pushes per network address across all its peer ids", async () => {
    // Every test peer connects from 127.0.0.1: without the loopback exemption they share one address.
    const node = await harness.mailNode({
      addressLimitExempt: [],
      addressPushesPerSecond: 0.001,
      addressPushBurst: 3,
    });
    for (let i = 0; i < 3; i++) {
      const sybil = await harness.client();
      await pushEnvelope(sybil, node.getMultiaddrs(), { topic: "/sybil", payload: payloadOf(8, i) });
    }
    const fresh = await harness.client();
    const error = rateLimited(
      await expectRejectsNamed(
        pushEnvelope(fresh, node.getMultiaddrs(), { topic: "/sybil", payload: payloadOf(8, 9) }),
        "MailRateLimitedError",
      ),
    );
    expect(error.limit).toBe("address-pushes");
    expect(error.retryAfterMs).toBeGreaterThan(0);
  });

  it("rate-limits queries and payload bytes per network address", async () => {
    const node = await harness.mailNode({
      addressLimitExempt: [],
      addressQueriesPerSecond: 0.001,
      addressQueryBurst: 1,
      addressBytesPerSecond: 1,
      addressBytesBurst: 70_000,
    });
    await queryHistory(await harness.client(), node.getMultiaddrs(), { topics: ["/q"] });
    const query = rateLimited(
      await expectRejectsNamed(
        queryHistory(await harness.client(), node.getMultiaddrs(), { topics: ["/q"] }),
        "MailRateLimitedError",
      ),
    );
    expect(query.limit).toBe("address-queries");
    await pushEnvelope(await harness.client(), node.getMultiaddrs(), {
      topic: "/b",
      payload: payloadOf(60_000),
    });
    const bytes = rateLimited(
      await expectRejectsNamed(
        pushEnvelope(await harness.client(), node.getMultiaddrs(), {
          topic: "/b",
          payload: payloadOf(60_000, 1),
        }),
        "MailRateLimitedError",
      ),
    );
    expect(bytes.limit).toBe("address-bytes");
  });

  it("limits addresses in addressLimitExempt per peer only (loopback by default)", async () => {
    const node = await harness.mailNode({ addressPushesPerSecond: 0.001, addressPushBurst: 1 });
    for (let i = 0; i < 5; i++) {
      const peer = await harness.client();
      await pushEnvelope(peer, node.getMultiaddrs(), { topic: "/local", payload: payloadOf(8, i) });
    }
    expect(node.services.mail.status().requests.pushes).toBe(5);
  });

  it("limits concurrent streams per peer, and times out a peer that never sends its frame", async () => {
    const node = await harness.mailNode({ maxStreamsPerPeer: 1, requestTimeoutMs: 1_500 });
    const client = await harness.client();
    const idle = await client.dialProtocol(node.getMultiaddrs(), MAIL_PROTOCOL_1_0);
    const idleAnswer = lpStream(idle).read({ signal: AbortSignal.timeout(10_000) });

    const error = rateLimited(
      await expectRejectsNamed(
        pushEnvelope(client, node.getMultiaddrs(), { topic: "/s", payload: payloadOf(8) }),
        "MailRateLimitedError",
      ),
    );
    expect(error.limit).toBe("streams");
    await bystanderIsServed(node);

    const timedOut = Response.decode(await idleAnswer);
    expect(errorFromFrame(timedOut.error!).name).toBe("MailTimeoutError");
    await pushEnvelope(client, node.getMultiaddrs(), { topic: "/s", payload: payloadOf(8) });
  });

  it("answers a frame that is not a request with MailMalformedError, and keeps serving", async () => {
    const node = await harness.mailNode();
    const client = await harness.client();
    const error = await rawRequest(client, node, framed(new Uint8Array([0xff, 0xff, 0xff])));
    expect(error.name).toBe("MailMalformedError");
    await bystanderIsServed(node);
    await pushEnvelope(client, node.getMultiaddrs(), { topic: "/after", payload: payloadOf(8) });
  });

  it("answers a truncated frame with MailMalformedError", async () => {
    const node = await harness.mailNode();
    const client = await harness.client();
    const error = await rawRequest(client, node, framed(new Uint8Array(10), 100));
    expect(error.name).toBe("MailMalformedError");
    await bystanderIsServed(node);
  });

  it("answers a frame longer than the limit with MailTooLargeError without reading it", async () => {
    const node = await harness.mailNode();
    const client = await harness.client();
    for (const [sent, declared] of [
      [1_000, 100_000],
      [1_000, 10_000_000],
      [8_000_000, 8_000_000],
    ] as const) {
      const error = tooLarge(await rawRequest(client, node, framed(new Uint8Array(sent), declared)));
      expect(error.limit).toBe("frame");
    }
    await bystanderIsServed(node);
  });

  it("lets the client read the too-large answer while its request is still being sent", async () => {
    const node = await harness.mailNode();
    const client = await harness.client();
    const { frame } = await roundTrip(client, node.getMultiaddrs(), {
      protocols: MAIL_PROTOCOLS,
      request: new Uint8Array(8_000_000),
    });
    const answer = Response.decode(frame);
    expect(tooLarge(errorFromFrame(answer.error!)).limit).toBe("frame");
    await bystanderIsServed(node);
  });

  it("answers an unknown request kind with MailUnsupportedVersionError", async () => {
    const node = await harness.mailNode();
    const client = await harness.client();
    const unknownField = new Uint8Array([(9 << 3) | 2, 1, 0]);
    const error = await rawRequest(client, node, framed(unknownField));
    expect(error.name).toBe("MailUnsupportedVersionError");
    await bystanderIsServed(node);
  });

  it("maps a protocol version the node does not serve to MailUnsupportedVersionError", async () => {
    const node = await harness.mailNode();
    const client = await harness.client();
    await expectRejectsNamed(
      roundTrip(client, node.getMultiaddrs(), {
        protocols: ["/waymark/mail/9.0.0"],
        request: Request.encode({}),
      }),
      "MailUnsupportedVersionError",
    );
    await bystanderIsServed(node);
  });

  it("answers too many topics with MailInvalidQueryError", async () => {
    const node = await harness.mailNode({ maxTopicsPerQuery: 2 });
    const client = await harness.client();
    await expectRejectsNamed(
      queryHistory(client, node.getMultiaddrs(), { topics: ["/a", "/b", "/c"] }, { maxTopicsPerQuery: 10 }),
      "MailInvalidQueryError",
    );
    await bystanderIsServed(node);
  });
});
