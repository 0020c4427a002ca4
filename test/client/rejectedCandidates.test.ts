import { generateKeyPair } from "@libp2p/crypto/keys";
import type { Libp2p } from "@libp2p/interface";
import { peerIdFromPrivateKey } from "@libp2p/peer-id";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

import { nodeWallet } from "../../client/kernel/identity/nodeKey.js";
import { LOOPBACK_CONNECTION_SETTINGS } from "../../client/kernel/p2p/constants.js";
import { createWaymarkHost } from "../../client/kernel/p2p/createHost.js";
import { runCli } from "../../scripts/kit/cli.js";
import { scratch } from "../cli/env.js";
import type { TestNode } from "./network.js";
import { TestNetwork } from "./network.js";

/** A candidate that announces the service key but takes no part in the DHT's routing. */
interface Announcer {
  host: Libp2p;
  peerId: string;
  /** Connections it accepted since it announced. */
  inbound: () => number;
}

describe("rejected candidates", () => {
  let network: TestNetwork;
  const hosts: Libp2p[] = [];

  beforeEach(async () => {
    network = await TestNetwork.start();
  });
  afterEach(async () => {
    await Promise.all(hosts.splice(0).map(async (host) => host.stop()));
    await network.stop();
  });

  /**
   * A host in DHT client mode (so no DHT query is routed through it) that announces the service
   * key: any connection it accepts afterwards was made to it as a candidate.
   */
  async function announcer(register?: bigint): Promise<Announcer> {
    const key = await generateKeyPair("secp256k1");
    const host = await createWaymarkHost({
      privateKey: key,
      connectionManager: LOOPBACK_CONNECTION_SETTINGS,
    });
    hosts.push(host);
    const peerId = peerIdFromPrivateKey(key).toString();
    if (register !== undefined) {
      await network.register({ key, peerId, node: nodeWallet(key).address } as TestNode, register);
    }
    await host.dial(network.seed.getMultiaddrs()[0]!);
    for await (const _event of host.services.dht.provide(network.serviceKey)) {
      // Announcing happens as the query runs.
    }
    await Promise.all(host.getConnections().map(async (connection) => connection.close()));
    let inbound = 0;
    host.addEventListener("connection:open", (event) => {
      if (event.detail.direction === "inbound") inbound += 1;
    });
    return { host, peerId, inbound: () => inbound };
  }

  it("are never probed or selected, by the library or by `waymark discover`", async () => {
    const trusted = await network.addProvider({ name: "Trusted" });
    const honest = await network.startNode({ providerId: trusted, mail: true });
    const untrusted = await network.addProvider({ isDefault: false, name: "Untrusted" });
    const rogue = await announcer();
    const outsider = await announcer(untrusted);

    const client = await network.createClient();
    const verified = await client.verify(await client.discover());
    expect(verified.map((c) => [c.peerId, c.verdict]).sort()).toEqual(
      [
        [honest.peerId, "Trusted"],
        [rogue.peerId, "NodeUnknown"],
        [outsider.peerId, "ProviderNotTrusted"],
      ].sort(),
    );
    for (let i = 0; i < 5; i++)
      expect((await client.select({ reselect: true })).server.peerId).toBe(honest.peerId);
    expect((await client.send("/rejected", "only through the trusted node")).server.peerId).toBe(
      honest.peerId,
    );

    const tmp = await scratch({ rpcUrl: network.chain.rpcUrl, registry: network.registryAddress });
    try {
      const table = await runCli("waymark", ["discover", "--bootstrap", network.seedAddress], {
        env: tmp.env,
      });
      expect(table.code, table.stderr).toBe(0);
      expect(table.stdout).toMatch(
        new RegExp(`^${honest.peerId}\\s+trusted\\s+Trusted\\s+${trusted} Trusted\\s+\\d+ ms\\s+dht$`, "m"),
      );
      expect(table.stdout).toMatch(
        new RegExp(`^${rogue.peerId}\\s+rejected\\s+NodeUnknown\\s+-\\s+not probed\\s+dht$`, "m"),
      );
      expect(table.stdout).toMatch(
        new RegExp(
          `^${outsider.peerId}\\s+rejected\\s+ProviderNotTrusted\\s+${untrusted} Untrusted\\s+not probed\\s+dht$`,
          "m",
        ),
      );
      const json = await runCli("waymark", ["discover", "--json", "--bootstrap", network.seedAddress], {
        env: tmp.env,
      });
      const rows = JSON.parse(json.stdout) as { peerId: string; probed: boolean; rttMs?: number }[];
      expect(rows.map((row) => [row.peerId, row.probed, typeof row.rttMs]).sort()).toEqual(
        [
          [honest.peerId, true, "number"],
          [rogue.peerId, false, "undefined"],
          [outsider.peerId, false, "undefined"],
        ].sort(),
      );
    } finally {
      await tmp.remove();
    }
    console.log(
      `rejected candidates: a rogue (NodeUnknown) and an untrusted provider's node (ProviderNotTrusted) were never probed or selected ` +
        `(5 selections, a send, two runs of waymark discover: RTT "not probed"); ` +
        `${rogue.inbound()} and ${outsider.inbound()} connections were opened to them over 3 client processes`,
    );
    // Not even the clients' DHT dials a peer that a DHT answer names.
    expect([rogue.inbound(), outsider.inbound()]).toEqual([0, 0]);
  });
});
