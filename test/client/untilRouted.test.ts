import type { Libp2p } from "@libp2p/interface";
import { afterEach, describe, expect, it } from "vitest";

import { joinNetwork } from "../../client/discovery/joinNetwork.js";
import { untilRouted } from "../../client/discovery/untilRouted.js";
import { LOOPBACK_CONNECTION_SETTINGS } from "../../client/kernel/p2p/constants.js";
import type { BaseServices } from "../../client/kernel/p2p/createHost.js";
import { createWaymarkHost } from "../../client/kernel/p2p/createHost.js";
import { MAIL_SERVICE } from "../../client/kernel/service/serviceId.js";
import { serviceKey } from "../../client/kernel/service/serviceKey.js";

const KEY = serviceKey({
  chainId: 31337n,
  registry: "0x0000000000000000000000000000000000000001",
  service: MAIL_SERVICE,
});

describe("untilRouted", () => {
  const hosts: Libp2p[] = [];
  afterEach(async () => {
    await Promise.all(hosts.splice(0).map(async (host) => host.stop()));
  });

  async function host(dhtClientMode: boolean): Promise<Libp2p<BaseServices>> {
    const created = await createWaymarkHost({
      dhtClientMode,
      dhtSkipInitialSelfQuery: dhtClientMode,
      connectionManager: LOOPBACK_CONNECTION_SETTINGS,
    });
    hosts.push(created);
    return created;
  }

  it("lets a query that skips the self-query start from every entry point reached", async () => {
    // Two entry points that do not know each other; the provider is known to the second only.
    const first = await host(false);
    const second = await host(false);
    const provider = await host(false);
    await provider.dial(second.getMultiaddrs());
    for await (const _event of provider.services.dht.provide(KEY)) {
      // The record is stored as the query runs.
    }
    const client = await host(true);
    const reached = await joinNetwork(client, {
      peers: [first, second].map((entry) => entry.getMultiaddrs()[0]!.toString()),
      dials: 2,
    });
    const routed = await untilRouted(client, { timeoutMs: 30_000 });
    const found = new Set<string>();
    for await (const event of client.services.dht.findProviders(KEY)) {
      if (event.name === "PROVIDER") for (const peer of event.providers) found.add(peer.id.toString());
    }
    console.log(
      `untilRouted: ${reached} entry points reached, ${routed.routed} in the routing table, ` +
        `${routed.missing} still awaited; providers found: ${found.size}`,
    );
    expect(reached).toBe(2);
    expect(routed).toEqual({ routed: 2, missing: 0 });
    expect(found).toContain(provider.peerId.toString());
  });

  it("does not wait for a connected peer that identify says does not speak the DHT", async () => {
    const client = await host(true);
    const other = await host(true);
    await client.dial(other.getMultiaddrs());
    // With a time limit longer than any test, returning at all shows the peer was not awaited.
    const routed = await untilRouted(client, { timeoutMs: 3_600_000 });
    expect(routed).toEqual({ routed: 0, missing: 0 });
  });
});
