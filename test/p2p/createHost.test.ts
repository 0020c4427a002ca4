import { generateKeyPair } from "@libp2p/crypto/keys";
import type { Libp2p } from "@libp2p/interface";
import { afterEach, describe, expect, it } from "vitest";

import { nodeAddressFromPeerId } from "../../client/kernel/identity/nodeAddress.js";
import { LOOPBACK_CONNECTION_SETTINGS } from "../../client/kernel/p2p/constants.js";
import { routingTableSize } from "../../client/kernel/p2p/routingTable.js";
import type { BaseServices } from "../../client/kernel/p2p/createHost.js";
import { createWaymarkHost } from "../../client/kernel/p2p/createHost.js";
import { serviceKey } from "../../client/kernel/service/serviceKey.js";
import { waitFor } from "../../scripts/kit/wait.js";

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
    const [announcer, hub, ...others] = nodes;
    // A star around a hub: no node but the hub knows another, so the record must travel through the
    // DHT. (A line would not do: a Kademlia walk only moves to peers closer to the key, so on a line
    // whose peer ids fall badly the announcer's and the seeker's walks never meet.) A walk always
    // asks the peers of its own routing table first, so the hub gets the record and is asked for it.
    for (const node of [announcer!, ...others]) await node.dial(hub!.getMultiaddrs()[0]!);
    // Every node must know the hub as a DHT peer (identify has run), and the hub every node.
    await waitFor(() =>
      nodes.every((node) => routingTableSize(node) >= (node === hub ? nodes.length - 1 : 1)),
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

  it("sends no Yamux keep-alive pings: only the connection monitor checks a connection", async () => {
    const [a, b] = await Promise.all(
      Array.from({ length: 2 }, async () =>
        createWaymarkHost({ connectionManager: LOOPBACK_CONNECTION_SETTINGS }),
      ),
    );
    hosts.push(a!, b!);
    const connection = await a!.dial(b!.getMultiaddrs()[0]!);
    // Yamux's keep-alive pings as a connection opens and sets the muxer's round trip once answered;
    // an exchange on the connection (identify) has gone both ways in the meantime.
    await waitFor(() => connection.streams.length === 0 && a!.getConnections().length === 1);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const muxers = [connection, ...b!.getConnections()].map(
      (one) => (one as unknown as { muxer: { rtt: number } }).muxer,
    );
    for (const muxer of muxers) expect(muxer.rtt).toBe(-1);
  });
});
