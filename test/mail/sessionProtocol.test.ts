import type { Libp2p, Stream } from "@libp2p/interface";
import type { LengthPrefixedStream } from "@libp2p/utils";
import { lpStream } from "@libp2p/utils";
import { afterEach, describe, expect, it } from "vitest";

import { MAIL_ERROR_CODES, MAIL_PROTOCOL_1_1 } from "../../client/mail/protocol/constants.js";
import { QueryRequest, Request, Response } from "../../client/mail/protocol/mail.generated.js";
import type { MailHost } from "./helpers.js";
import { Harness, framed, payloadOf } from "./helpers.js";

/** The request frame of a push of one envelope, stamped now. */
function pushFrame(topic: string, payload: Uint8Array): Uint8Array {
  return Request.encode({
    push: { envelope: { topic, payload: Uint8Array.from(payload), timestamp: Date.now(), ttl: 0 } },
  });
}

/** The request frame of a query of one topic's newest envelopes. */
function queryFrame(topic: string): Uint8Array {
  return Request.encode({
    query: {
      topics: [topic],
      pageSize: 10,
      cursor: new Uint8Array(),
      direction: QueryRequest.Direction.BACKWARD,
    },
  });
}

/** Resolves once the node has closed its writable end of the stream. */
async function endedByNode(stream: Stream): Promise<void> {
  if (stream.remoteWriteStatus === "closed") return;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error("the node did not end the stream"));
    }, 20_000);
    const done = (): void => {
      clearTimeout(timer);
      resolve();
    };
    stream.addEventListener("remoteCloseWrite", done, { once: true });
    stream.addEventListener("close", done, { once: true });
  });
}

/**
 * `/waymark/mail/1.1.0`: a stream that carries any number of requests in turn, each admitted,
 * limited and answered as a stream of one request is.
 */
describe("mail sessions (/waymark/mail/1.1.0)", () => {
  const harness = new Harness();
  afterEach(async () => {
    await harness.cleanup();
  });

  async function session(
    node: MailHost,
    client?: Libp2p,
  ): Promise<{ stream: Stream; lp: LengthPrefixedStream<Stream> }> {
    const from = client ?? (await harness.client());
    const stream = await from.dialProtocol(node.getMultiaddrs(), MAIL_PROTOCOL_1_1);
    return { stream, lp: lpStream(stream) };
  }

  async function ask(lp: LengthPrefixedStream<Stream>, request: Uint8Array): Promise<Response> {
    await lp.write(request);
    return Response.decode(await lp.read({ signal: AbortSignal.timeout(10_000) }));
  }

  it("answers several requests on one stream in turn, and keeps it open", async () => {
    const node = await harness.mailNode();
    const { stream, lp } = await session(node);
    for (let i = 0; i < 5; i++) {
      const answer = await ask(lp, pushFrame("/session", payloadOf(32, i)));
      expect(answer.push?.duplicate).toBe(false);
      expect(answer.push?.id.byteLength).toBe(32);
    }
    const page = await ask(lp, queryFrame("/session"));
    expect(page.query?.envelopes).toHaveLength(5);
    expect(stream.status).toBe("open");
    expect(stream.remoteWriteStatus).toBe("writable");
    expect(node.services.mail.status().requests.pushes).toBe(5);
    await stream.close();
  });

  it("answers requests sent back to back before the first answer, in order", async () => {
    const node = await harness.mailNode();
    const { lp } = await session(node);
    const first = pushFrame("/pipelined", payloadOf(32, 1));
    const second = queryFrame("/pipelined");
    // Both frames in one write: the node must keep the bytes after the first frame for the next.
    lp.unwrap().send(new Uint8Array([...framed(first), ...framed(second)]));
    const again = lpStream(lp.unwrap());
    const pushed = Response.decode(await again.read({ signal: AbortSignal.timeout(10_000) }));
    expect(pushed.push?.duplicate).toBe(false);
    const page = Response.decode(await again.read({ signal: AbortSignal.timeout(10_000) }));
    expect(page.query?.envelopes).toHaveLength(1);
  });

  it("keeps the stream after a request it refuses whole, and serves the next", async () => {
    const node = await harness.mailNode();
    const { stream, lp } = await session(node);
    const invalid = await ask(lp, pushFrame("", payloadOf(8)));
    expect(invalid.error?.code).toBe(MAIL_ERROR_CODES.INVALID_ENVELOPE);
    const next = await ask(lp, pushFrame("/after-refusal", payloadOf(8)));
    expect(next.push?.duplicate).toBe(false);
    expect(stream.remoteWriteStatus).toBe("writable");
  });

  it("answers a frame over the limit with TOO_LARGE and ends the stream, and serves others", async () => {
    const node = await harness.mailNode({ maxPayloadBytes: 1_024 });
    const { stream, lp } = await session(node);
    const first = await ask(lp, pushFrame("/before", payloadOf(8)));
    expect(first.push?.duplicate).toBe(false);
    // A prefix announcing 10 MiB: the node cannot read past it, so it cannot find the next frame.
    lp.unwrap().send(framed(new Uint8Array(4), 10 * 1_048_576));
    const answer = Response.decode(await lpStream(lp.unwrap()).read({ signal: AbortSignal.timeout(10_000) }));
    expect(answer.error?.code).toBe(MAIL_ERROR_CODES.TOO_LARGE);
    await endedByNode(stream);
    const other = await session(node);
    expect((await ask(other.lp, pushFrame("/other", payloadOf(8)))).push?.duplicate).toBe(false);
  });

  it("ends a stream that waits longer than sessionIdleTimeoutMs for its next request", async () => {
    const node = await harness.mailNode({ sessionIdleTimeoutMs: 200 });
    const { stream, lp } = await session(node);
    expect((await ask(lp, pushFrame("/idle", payloadOf(8)))).push?.duplicate).toBe(false);
    await endedByNode(stream);
    expect(stream.remoteWriteStatus).toBe("closed");
  });

  it("ends its sessions when the service stops", async () => {
    const node = await harness.mailNode();
    const { stream, lp } = await session(node);
    expect((await ask(lp, pushFrame("/stopping", payloadOf(8)))).push?.duplicate).toBe(false);
    await node.stop();
    await endedByNode(stream);
  });
});
