import type { Libp2p, Stream } from "@libp2p/interface";
import { afterEach, describe, expect, it } from "vitest";

import { MAIL_PROTOCOL_1_0 } from "../../client/mail/protocol/constants.js";
import { pushEnvelope } from "../../client/mail/protocol/pushEnvelope.js";
import { LOOPBACK_CONNECTION_SETTINGS } from "../../client/kernel/p2p/constants.js";
import { createWaymarkHost } from "../../client/kernel/p2p/createHost.js";
import { expectRejectsNamed } from "../helpers/errors.js";

/**
 * A server that speaks the mail protocol's name but not the protocol: each test decides what it
 * does with a request stream.
 */
describe("a request the server never answers", () => {
  const hosts: Libp2p[] = [];
  afterEach(async () => {
    await Promise.all(hosts.splice(0).map(async (host) => host.stop()));
  });

  async function start(onRequest: (stream: Stream) => void): Promise<{ server: Libp2p; client: Libp2p }> {
    const server = await createWaymarkHost({ connectionManager: LOOPBACK_CONNECTION_SETTINGS });
    await server.handle(MAIL_PROTOCOL_1_0, onRequest);
    const client = await createWaymarkHost({ connectionManager: LOOPBACK_CONNECTION_SETTINGS });
    hosts.push(server, client);
    return { server, client };
  }

  function push(client: Libp2p, server: Libp2p): Promise<unknown> {
    return pushEnvelope(
      client,
      server.getMultiaddrs(),
      { topic: "/unanswered", payload: new TextEncoder().encode("hello") },
      { timeoutMs: 20_000 },
    );
  }

  it("fails with MailConnectionLostError when the server stops while the request waits", async () => {
    let received!: () => void;
    const requestArrived = new Promise<void>((resolve) => (received = resolve));
    // The request's bytes arriving means the client has its stream and now waits for the answer.
    const { server, client } = await start((stream) => {
      stream.addEventListener("message", () => {
        received();
      });
    });
    const pending = push(client, server);
    await requestArrived;
    await server.stop();
    const error = await expectRejectsNamed(pending, "MailConnectionLostError");
    expect(error.message).toContain("closed before it answered");
  });

  it("fails with MailBadResponseError when the server closes the stream without an answer", async () => {
    const { server, client } = await start((stream) => {
      void stream.close();
    });
    await expectRejectsNamed(push(client, server), "MailBadResponseError");
    // The connection itself stays usable.
    expect(client.getConnections(server.peerId).map((connection) => connection.status)).toEqual(["open"]);
  });
});
