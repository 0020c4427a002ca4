import type { Libp2p } from "@libp2p/interface";
import { afterEach, describe, expect, it } from "vitest";

import { joinNetwork } from "../../client/discovery/joinNetwork.js";
import { LOOPBACK_CONNECTION_SETTINGS } from "../../client/kernel/p2p/constants.js";
import type { BaseServices } from "../../client/kernel/p2p/createHost.js";
import { createWaymarkHost } from "../../client/kernel/p2p/createHost.js";

/** A DHT server on 127.0.0.1 that counts the connections it accepts. */
interface EntryPoint {
  host: Libp2p<BaseServices>;
  address: string;
  inbound: () => number;
}

describe("joinNetwork", () => {
  const hosts: Libp2p[] = [];
  afterEach(async () => {
    await Promise.all(hosts.splice(0).map(async (host) => host.stop()));
  });

  async function entryPoint(): Promise<EntryPoint> {
    const host = await createWaymarkHost({
      dhtClientMode: false,
      connectionManager: LOOPBACK_CONNECTION_SETTINGS,
    });
    hosts.push(host);
    let inbound = 0;
    host.addEventListener("connection:open", (event) => {
      if (event.detail.direction === "inbound") inbound += 1;
    });
    return { host, address: host.getMultiaddrs()[0]!.toString(), inbound: () => inbound };
  }

  async function client(): Promise<Libp2p<BaseServices>> {
    const host = await createWaymarkHost({ connectionManager: LOOPBACK_CONNECTION_SETTINGS });
    hosts.push(host);
    return host;
  }

  it("dials the fallback entry points only when none of the first ones answers", async () => {
    const trusted = await entryPoint();
    const untrusted = await Promise.all([entryPoint(), entryPoint(), entryPoint()]);
    const first = await client();
    const reached = await joinNetwork(first, {
      peers: [trusted.address],
      fallbackPeers: untrusted.map((entry) => entry.address),
      dials: 4,
    });
    expect(reached).toBe(1);
    expect(untrusted.map((entry) => entry.inbound())).toEqual([0, 0, 0]);

    await trusted.host.stop();
    const second = await client();
    const fallback = await joinNetwork(second, {
      peers: [trusted.address],
      fallbackPeers: untrusted.map((entry) => entry.address),
      dials: 4,
    });
    expect(fallback).toBe(3);
    expect(
      second
        .getConnections()
        .map((c) => c.remotePeer.toString())
        .sort(),
    ).toEqual(untrusted.map((entry) => entry.host.peerId.toString()).sort());
  });

  it("tries every first entry point, a few at a time, before any fallback", async () => {
    const dead = await Promise.all([entryPoint(), entryPoint(), entryPoint()]);
    const deadAddresses = dead.map((entry) => entry.address);
    await Promise.all(dead.map(async (entry) => entry.host.stop()));
    const live = await entryPoint();
    const untrusted = await entryPoint();
    const host = await client();
    const reached = await joinNetwork(host, {
      peers: [...deadAddresses, live.address],
      fallbackPeers: [untrusted.address],
      dials: 2,
    });
    expect(reached).toBe(1);
    expect(untrusted.inbound()).toBe(0);
  });

  it("skips entry points that do not parse", async () => {
    const live = await entryPoint();
    const host = await client();
    const reached = await joinNetwork(host, {
      peers: ["garbage", `/ip4/999.0.0.1/tcp/1/p2p/${live.host.peerId.toString()}`, live.address],
      dials: 4,
    });
    expect(reached).toBe(1);
  });
});
