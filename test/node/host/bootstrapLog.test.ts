import { generateKeyPair } from "@libp2p/crypto/keys";
import { afterEach, describe, expect, it } from "vitest";

import { LOOPBACK_CONNECTION_SETTINGS } from "../../../client/kernel/p2p/constants.js";
import { createWaymarkHost } from "../../../client/kernel/p2p/createHost.js";
import { Bootstrapper } from "../../../node/host/bootstrapper.js";
import type { NodeHost } from "../../../node/host/createNodeHost.js";
import { LEVEL, memoryLogger } from "../helpers/fixtures.js";

describe("the bootstrapper's log", () => {
  const hosts: NodeHost[] = [];

  afterEach(async () => {
    await Promise.all(hosts.splice(0).map(async (host) => host.stop()));
  });

  async function isolatedHost(): Promise<NodeHost> {
    const host: NodeHost = await createWaymarkHost({
      privateKey: await generateKeyPair("secp256k1"),
      dhtClientMode: false,
      listen: ["/ip4/127.0.0.1/tcp/0"],
      connectionManager: LOOPBACK_CONNECTION_SETTINGS,
    });
    hosts.push(host);
    return host;
  }

  it("says once, as information, that the first node's only way in is its own record", async () => {
    const host = await isolatedHost();
    const own = host.getMultiaddrs().map(String);
    const { logger, lines } = memoryLogger();
    const bootstrapper = new Bootstrapper({
      host,
      configured: [],
      readRegistry: () => Promise.resolve(own),
      interval: 60_000,
      logger,
    });
    for (let round = 0; round < 3; round++) await bootstrapper.bootstrap();

    const said = lines.filter((line) => line.level >= LEVEL.info).map((line) => [line.level, line.msg]);
    expect(said).toEqual([
      [
        LEVEL.info,
        "the registry's only bootstrap records are this node's own: it waits for others to dial it",
      ],
    ]);
    expect(lines.filter((line) => line.msg === "still no bootstrap peer connected")).toHaveLength(2);
  });

  it("warns once when no bootstrap peer answers, however often it tries again", async () => {
    const host = await isolatedHost();
    const peer = await isolatedHost();
    const peerAddress = peer.getMultiaddrs()[0]!.toString();
    await peer.stop();
    const { logger, lines } = memoryLogger();
    const bootstrapper = new Bootstrapper({ host, configured: [peerAddress], interval: 60_000, logger });
    for (let round = 0; round < 3; round++) await bootstrapper.bootstrap();

    const warnings = lines.filter((line) => line.level === LEVEL.warn).map((line) => line.msg);
    expect(warnings).toEqual(["no bootstrap peer answered; trying again while the node has no connection"]);
    expect(lines.filter((line) => line.msg === "still no bootstrap peer connected")).toHaveLength(2);
  });
});
