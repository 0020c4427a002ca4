import { generateKeyPair } from "@libp2p/crypto/keys";
import type { Libp2p } from "@libp2p/interface";
import { afterEach, describe, expect, it } from "vitest";

import { nodeAddressFromPeerId } from "../../client/identity/nodeAddress.js";
import { LOOPBACK_CONNECTION_SETTINGS } from "../../client/p2p/constants.js";
import { routingTableSize } from "../../client/p2p/routingTable.js";
import type { BaseServices } from "../../client/p2p/createHost.js";
import { createWaymarkHost } from "../../client/p2p/createHost.js";
import { serviceKey } from "../../client/service/serviceKey.js";
import { waitFor } from "../helpers/wait.js";

describe("createWaymarkHost", () => {
  const hosts: Libp2p<BaseServices>[] = [];

  afterEach(async () => {
    await Promise.all(hosts.splice(0).map(async (host) => host.stop()));
  });

  async function startNodes(count: number): Promise<Libp2p<BaseServices>[]> {
    const started = await Promise.all(
      Array.from({ length: count }, async () =>
        createWaymarkHost({
          privateKey: await generateKeyPair("secp256k1"),
          dhtClientMode: false,
          connectionManager: LOOPBACK_CONNECTION_SETTINGS,
        }),
      ),
    );
    hosts.push(...started);
    return started;
  }

  it("finds a provider announced by another node through the DHT", async () => {
    const nodes = await startNodes(5);
    const [announcer, ...others] = nodes;
    // A line: each node knows only its neighbour, so the record must travel through the DHT.
    for (let i = 1; i < nodes.length; i++) await nodes[i]!.dial(nodes[i - 1]!.getMultiaddrs()[0]!);
    // Every node must know its neighbours on both sides as DHT peers (identify has run) before the
    // record can travel along the line.
    await waitFor(() =>
      nodes.every((node, i) => routingTableSize(node) >= (i === 0 || i === nodes.length - 1 ? 1 : 2)),
    );

    const key = serviceKey({
      chainId: 31337n,
      registry: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
      service: "mail/1",
    });
    let provideEvents = 0;
    for await (const _event of announcer!.services.dht.provide(key)) provideEvents++;
    expect(provideEvents).toBeGreaterThan(0);

    const seeker = others.at(-1)!;
    const found = new Set<string>();
    for await (const event of seeker.services.dht.findProviders(key, {
      signal: AbortSignal.timeout(10_000),
    })) {
      if (event.name === "PROVIDER")
        for (const provider of event.providers) found.add(provider.id.toString());
    }
    expect(found).toContain(announcer!.peerId.toString());
    expect(nodeAddressFromPeerId(announcer!.peerId)).toMatch(/^0x[0-9a-fA-F]{40}$/);
  });
});
