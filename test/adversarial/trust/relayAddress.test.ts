import { createServer } from "node:net";
import type { AddressInfo } from "node:net";

import { peerIdFromPrivateKey } from "@libp2p/peer-id";
import { multiaddr } from "@multiformats/multiaddr";
import { describe, expect, it } from "vitest";

import { ECHO_PROTOCOL, REACH_RECORD } from "../../../client/relay/constants.js";
import { echoHandler } from "../../../client/relay/echo.js";
import { encodeReachRecord } from "../../../client/relay/reachRecord.js";
import { newNodeKey } from "../../../scripts/kit/registry.js";
import { expectRejectsNamed } from "../../helpers/errors.js";
import { useProcesses, useTempDirs, useWorld } from "../../helpers/hooks.js";
import { RELAY_TEST_PROVIDERS, RelayWorld, relayStatusOf } from "../../relay/world.js";

describe("a reach record that names a trusted relay at someone else's address", () => {
  const world = useWorld({ providers: RELAY_TEST_PROVIDERS });
  const dirs = useTempDirs("waymark-relay-address-");
  const running = useProcesses();

  it("the caller dials the relay where the network knows it, never the address the record wrote", async () => {
    // A host the service would like callers to connect to: it counts the connections it receives.
    let trapped = 0;
    const trap = createServer((socket) => {
      trapped += 1;
      socket.destroy();
    });
    await new Promise<void>((resolve) => trap.listen(0, "127.0.0.1", resolve));
    running.add({
      stop: async () =>
        new Promise<void>((resolve) =>
          trap.close(() => {
            resolve();
          }),
        ),
    });
    const trapPort = (trap.address() as AddressInfo).port;

    const nodes = new RelayWorld(world, dirs, running);
    await nodes.records(1n);
    const relay = await nodes.relay(1n);
    await nodes.announced();
    const identity = nodes.identity();
    const service = await nodes.client({ identity });
    await service.serve({ signer: identity, protocol: ECHO_PROTOCOL, handler: echoHandler(), relays: 1 });
    const relayId = relay.libp2p.peerId.toString();
    // The service replaces its record: the trusted relay's peer id, but the trap's transport address.
    const servicePeer = service.relayHost.peerId.toString();
    await service.records.put({
      signer: identity,
      name: REACH_RECORD,
      value: encodeReachRecord([
        multiaddr(`/ip4/127.0.0.1/tcp/${trapPort}/p2p/${relayId}/p2p-circuit/p2p/${servicePeer}`),
      ]),
    });

    const caller = await nodes.client();
    // A caller not connected to the relay yet (else libp2p reuses that connection and dials nothing).
    await caller.relayHost.hangUp(relay.libp2p.peerId);
    const { stream, relay: via } = await caller.reach({ address: identity.address, protocol: ECHO_PROTOCOL });
    await stream.close();
    expect(via?.peerId).toBe(relayId);
    expect(trapped).toBe(0);
    expect(relayStatusOf(relay).opened).toBeGreaterThan(0);
    console.log(
      `relay address: record names the trusted relay at a foreign address -> caller reached the service ` +
        `through the relay's own addresses; connections to the foreign address ${trapped}`,
    );
  });
  it("a record naming a registered relay that is offline, at a foreign address, makes the caller dial nothing", async () => {
    let trapped = 0;
    const trap = createServer((socket) => {
      trapped += 1;
      socket.destroy();
    });
    await new Promise<void>((resolve) => trap.listen(0, "127.0.0.1", resolve));
    running.add({
      stop: async () =>
        new Promise<void>((resolve) => {
          trap.close(() => {
            resolve();
          });
        }),
    });
    const trapPort = (trap.address() as AddressInfo).port;

    const nodes = new RelayWorld(world, dirs, running);
    await nodes.records(1n);
    await nodes.relay(1n);
    await nodes.announced();
    // A relay/1 key registered under a trusted provider, whose node never runs: the caller is not
    // connected to it and the network knows no address of it.
    const offlineKey = await newNodeKey();
    await world.current.registerNode(offlineKey, { providerId: 1n, service: "relay/1" });
    const offline = peerIdFromPrivateKey(offlineKey).toString();
    const identity = nodes.identity();
    const service = await nodes.client({ identity });
    const servicePeer = service.relayHost.peerId.toString();
    await service.records.put({
      signer: identity,
      name: REACH_RECORD,
      value: encodeReachRecord([
        multiaddr(`/ip4/127.0.0.1/tcp/${trapPort}/p2p/${offline}/p2p-circuit/p2p/${servicePeer}`),
      ]),
    });

    const caller = await nodes.client();
    const error = await expectRejectsNamed(
      caller.reach({ address: identity.address, protocol: ECHO_PROTOCOL, timeoutMs: 3_000 }),
      "ServiceUnreachableError",
    );
    expect(trapped).toBe(0);
    console.log(
      `relay address: record names an offline registered relay at a foreign address -> ${error.name}; ` +
        `connections to the foreign address ${trapped}`,
    );
  });
});
