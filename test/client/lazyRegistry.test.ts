import type { Libp2p } from "@libp2p/interface";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

import type { WaymarkClientEvents } from "../../client/events.js";
import { LOOPBACK_CONNECTION_SETTINGS } from "../../client/kernel/p2p/constants.js";
import { createWaymarkHost } from "../../client/kernel/p2p/createHost.js";
import { expectRejectsNamed } from "../helpers/errors.js";
import { SwitchableProxy } from "../node/helpers/proxy.js";
import { TestNetwork } from "./network.js";

describe("a client with custom servers and a registry it connects to lazily", () => {
  let network: TestNetwork;
  let proxy: SwitchableProxy;
  let own: Libp2p;

  beforeEach(async () => {
    network = await TestNetwork.start();
    proxy = await SwitchableProxy.reserve(Number(new URL(network.chain.rpcUrl).port));
    own = await createWaymarkHost({ dhtClientMode: false, connectionManager: LOOPBACK_CONNECTION_SETTINGS });
  });
  afterEach(async () => {
    await own.stop();
    await network.stop();
    await proxy.off();
  });

  const custom = (): string => own.getMultiaddrs()[0]!.toString();

  it("connects in the background when the chain answers, and finds registry servers too", async () => {
    const provider = await network.addProvider();
    const node = await network.startNode({ providerId: provider });
    const client = await network.createClient({ customServers: [custom()], preferCustomServers: false });
    const verified = await client.verify(await client.discover());
    expect(client.registryStatus.connected).toBe(true);
    expect(verified.map((c) => [c.peerId, c.verdict]).sort()).toEqual(
      [
        [own.peerId.toString(), "Custom"],
        [node.peerId, "Trusted"],
      ].sort(),
    );
  });

  it("with chainId, searches the DHT before the chain answers; what it finds stays unverified", async () => {
    const provider = await network.addProvider();
    const node = await network.startNode({ providerId: provider });
    const client = await network.createClient({
      rpcUrl: `http://127.0.0.1:${proxy.port}`,
      chainId: network.curator.chainId,
      customServers: [custom()],
      rpcTimeoutMs: 1_000,
    });
    const unavailable: WaymarkClientEvents["registry:unavailable"][] = [];
    client.addEventListener("registry:unavailable", (event) => unavailable.push(event.detail));
    const verified = await client.verify(await client.discover());
    expect(verified.find((c) => c.peerId === node.peerId)).toMatchObject({
      trusted: false,
      verdict: "Unverified",
    });
    expect(verified.find((c) => c.custom)?.peerId).toBe(own.peerId.toString());
    expect(unavailable.map((event) => event.error.name)).toEqual(["RpcUnreachableError"]);
    expect(client.registryStatus).toMatchObject({ connected: false, stale: true });
    expect((await client.select()).server.custom).toBe(true);

    // Once the chain answers, the same node verifies.
    await proxy.on();
    await new Promise<void>((resolve) => {
      client.addEventListener("registry:connected", () => {
        resolve();
      });
    });
    const again = await client.verify(verified);
    expect(again.find((c) => c.peerId === node.peerId)).toMatchObject({ trusted: true, verdict: "Trusted" });
  });

  it("names why registry servers are unavailable when the chain is not the configured one", async () => {
    const client = await network.createClient({ chainId: 999n, customServers: [custom()] });
    const { server } = await client.select();
    expect(server.custom).toBe(true);
    expect(client.registryStatus.connected).toBe(false);
    expect(client.registryStatus.error?.name).toBe("RegistryUnavailableError");
    expect((client.registryStatus.error?.cause as Error).name).toBe("ConfigurationError");
    // Without custom servers the client refuses to start.
    await expectRejectsNamed(network.createClient({ chainId: 999n }), "ConfigurationError");
  });
});
