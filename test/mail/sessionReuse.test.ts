import type { Libp2p, Stream } from "@libp2p/interface";
import { afterEach, describe, expect, it } from "vitest";

import { LOOPBACK_CONNECTION_SETTINGS } from "../../client/kernel/p2p/constants.js";
import { createWaymarkHost } from "../../client/kernel/p2p/createHost.js";
import {
  MAIL_PROTOCOL_1_0,
  MAIL_PROTOCOL_1_1,
  MAIL_PROTOCOLS,
} from "../../client/mail/protocol/constants.js";
import { pushEnvelope } from "../../client/mail/protocol/pushEnvelope.js";
import { roundTrip } from "../../client/mail/protocol/roundTrip.js";
import { lastHeardFrom } from "../../client/kernel/p2p/connectionActivity.js";
import { MAIL_SERVING_ERRORS } from "../../node/mail/server/servingErrors.js";
import { readFrame, lengthPrefixed } from "../../node/serving/frameReader.js";
import { serveRequest } from "../../node/serving/serveRequest.js";
import { serveSession } from "../../node/serving/serveSession.js";
import { mailServing } from "../helpers/mailServing.js";
import { Harness, payloadOf } from "./helpers.js";

const shutdown = new AbortController();

/** Serving settings of the test servers below: their handler echoes each request frame. */
const SERVING = mailServing(shutdown.signal);
const ECHO = { handle: async (frame: { subarray(): Uint8Array }) => Promise.resolve(frame.subarray()) };

/** The mail client keeps `/waymark/mail/1.1.0` streams open between requests to the same node. */
describe("mail client streams across requests", () => {
  const harness = new Harness();
  const hosts: Libp2p[] = [];
  afterEach(async () => {
    await harness.cleanup();
    await Promise.all(hosts.splice(0).map(async (host) => host.stop()));
  });

  async function host(): Promise<Libp2p> {
    const created = await createWaymarkHost({ connectionManager: LOOPBACK_CONNECTION_SETTINGS });
    hosts.push(created);
    return created;
  }

  it("sends one request after another to a node over one stream", async () => {
    const node = await harness.mailNode();
    const client = await harness.client();
    for (let i = 0; i < 5; i++) {
      const ack = await pushEnvelope(client, node.getMultiaddrs(), {
        topic: "/reuse",
        payload: payloadOf(16, i),
      });
      expect(ack.duplicate).toBe(false);
    }
    const [connection] = client.getConnections(node.peerId);
    const mail = connection?.streams.filter((stream) => stream.protocol === MAIL_PROTOCOL_1_1) ?? [];
    expect(mail).toHaveLength(1);
    expect(node.services.mail.status().requests.pushes).toBe(5);
  });

  it("marks the client as heard from at each request on the stream, for the node's pings", async () => {
    const node = await harness.mailNode();
    const client = await harness.client();
    const heard: (number | undefined)[] = [];
    for (let i = 0; i < 3; i++) {
      const before = Date.now();
      await pushEnvelope(client, node.getMultiaddrs(), { topic: "/heard", payload: payloadOf(16, i) });
      const [atNode] = node.getConnections(client.peerId);
      heard.push(atNode === undefined ? undefined : lastHeardFrom(atNode));
      expect(heard[i]).toBeGreaterThanOrEqual(before);
      // The next request comes later than this one was heard.
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    // One stream carried the three requests: the later marks are the session's, not a new stream's.
    const [connection] = client.getConnections(node.peerId);
    expect(connection?.streams.filter((stream) => stream.protocol === MAIL_PROTOCOL_1_1)).toHaveLength(1);
    expect(new Set(heard).size).toBe(3);
  });

  it("uses a stream per request with a node that serves only /1.0.0", async () => {
    const server = await host();
    let streams = 0;
    await server.handle(MAIL_PROTOCOL_1_0, (stream) => {
      streams += 1;
      void serveRequest(stream, SERVING, ECHO);
    });
    const client = await host();
    const connection = await client.dial(server.getMultiaddrs());
    for (let i = 0; i < 3; i++) {
      const request = new TextEncoder().encode(`request ${i}`);
      const { frame, protocol } = await roundTrip(connection, server.peerId, {
        protocols: MAIL_PROTOCOLS,
        request,
      });
      expect(protocol).toBe(MAIL_PROTOCOL_1_0);
      expect(new TextDecoder().decode(frame.subarray())).toBe(`request ${i}`);
    }
    expect(streams).toBe(3);
  });

  it("sends a request again on a new stream when the node ends the kept one without answering", async () => {
    const server = await host();
    const opened: Stream[] = [];
    await server.handle(MAIL_PROTOCOL_1_1, (stream) => {
      opened.push(stream);
      if (opened.length > 1) {
        void serveSession(stream, SERVING, ECHO);
        return;
      }
      // The first stream answers one request, then ends as the next one arrives, unanswered.
      void (async () => {
        const frame = await readFrame(stream, 65_536, AbortSignal.timeout(10_000), MAIL_SERVING_ERRORS);
        stream.send(lengthPrefixed(frame.subarray()));
        stream.addEventListener("message", () => void stream.close(), { once: true });
        stream.resume();
      })();
    });
    const client = await host();
    const connection = await client.dial(server.getMultiaddrs());
    for (let i = 0; i < 3; i++) {
      const request = new TextEncoder().encode(`request ${i}`);
      const { frame } = await roundTrip(connection, server.peerId, { protocols: MAIL_PROTOCOLS, request });
      expect(new TextDecoder().decode(frame.subarray())).toBe(`request ${i}`);
    }
    expect(opened).toHaveLength(2);
  });
});
