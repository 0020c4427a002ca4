import { multiaddr } from "@multiformats/multiaddr";
import { describe, expect, it } from "vitest";

import { RelayNotTrustedError } from "../../../client/errors/relay.js";
import { LOOPBACK_CONNECTION_SETTINGS } from "../../../client/kernel/p2p/constants.js";
import { ECHO_PROTOCOL, REACH_RECORD } from "../../../client/relay/constants.js";
import { echoHandler } from "../../../client/relay/echo.js";
import { createRelayHost } from "../../../client/relay/host.js";
import { encodeReachRecord } from "../../../client/relay/reachRecord.js";
import type { WaymarkNode } from "../../../node/daemon.js";
import { expectRejectsNamed } from "../../helpers/errors.js";
import { useProcesses, useTempDirs, useWorld } from "../../helpers/hooks.js";
import { RELAY_TEST_PROVIDERS, RelayWorld, relayStatusOf } from "../../relay/world.js";

/** The relayed address of `peer` through `relay`. */
const circuit = (relay: WaymarkNode, peer: string) =>
  multiaddr(`${relay.libp2p.getMultiaddrs()[0]!.toString()}/p2p-circuit/p2p/${peer}`);

describe("relays that are not trusted relay/1 nodes", () => {
  const world = useWorld({ providers: RELAY_TEST_PROVIDERS });
  const dirs = useTempDirs("waymark-relay-trust-");
  const running = useProcesses();

  it("a caller refuses a service whose record names only an untrusted relay, and never dials it", async () => {
    const nodes = new RelayWorld(world, dirs, running);
    await nodes.records(1n);
    await nodes.relay(1n);
    const untrusted = await nodes.relay(3n);
    await nodes.announced();
    const identity = nodes.identity();
    const service = await nodes.client({ identity });
    // The service reserves on the untrusted relay itself and publishes only that address.
    await service.relayHost.handle(ECHO_PROTOCOL, echoHandler(), { runOnLimitedConnection: true });
    const untrustedCircuit = `${untrusted.libp2p.getMultiaddrs()[0]!.toString()}/p2p-circuit`;
    await service.relayHost.services.relayListen.listen(multiaddr(untrustedCircuit));
    await service.records.put({
      signer: identity,
      name: REACH_RECORD,
      value: encodeReachRecord([circuit(untrusted, service.relayHost.peerId.toString())]),
    });

    const caller = await nodes.client();
    const error = await expectRejectsNamed(
      caller.reach({ address: identity.address, protocol: ECHO_PROTOCOL }),
      "RelayNotTrustedError",
    );
    if (!(error instanceof RelayNotTrustedError)) throw error;
    expect(error.relays.map((relay) => relay.verdict)).toEqual(["ProviderNotTrusted"]);
    expect(relayStatusOf(untrusted).opened).toBe(0);
    console.log(
      `relay trust: record naming a provider-3 relay -> caller refused it (${error.relays[0]?.verdict}), ` +
        `circuits through it ${relayStatusOf(untrusted).opened}`,
    );
  });

  it("a service never reserves on an untrusted relay, even when it is the only relay/1 node announced", async () => {
    const nodes = new RelayWorld(world, dirs, running);
    await nodes.records(1n);
    const untrusted = await nodes.relay(3n);
    await nodes.announced();
    const identity = nodes.identity();
    const service = await nodes.client({ identity });
    const found = await service.verify(await service.discover());
    expect(found.map((relay) => relay.peerId)).toContain(untrusted.libp2p.peerId.toString());
    await expectRejectsNamed(
      service.serve({ signer: identity, protocol: ECHO_PROTOCOL, handler: echoHandler() }),
      "NoRelayAvailableError",
    );
    expect(relayStatusOf(untrusted).reservations).toBe(0);
    console.log(
      `relay trust: only relay/1 node announced is provider 3 -> service found ${found.length}, reserved on 0`,
    );
  });

  it("a service's host refuses relayed connections through a relay it does not hold", async () => {
    const nodes = new RelayWorld(world, dirs, running);
    await nodes.records(1n);
    await nodes.relay(1n);
    const untrusted = await nodes.relay(3n);
    await nodes.announced();
    const identity = nodes.identity();
    const service = await nodes.client({ identity });
    await service.serve({ signer: identity, protocol: ECHO_PROTOCOL, handler: echoHandler(), relays: 1 });
    // A reservation on the untrusted relay exists (as libp2p makes one when dialled through a relay it
    // does not know), so the relay forwards a circuit to the service: the service's gater refuses it.
    await service.relayHost.services.relayListen.listen(
      multiaddr(`${untrusted.libp2p.getMultiaddrs()[0]!.toString()}/p2p-circuit`),
    );
    expect(relayStatusOf(untrusted).reservations).toBe(1);
    const raw = await createRelayHost({ connectionManager: LOOPBACK_CONNECTION_SETTINGS });
    running.add({ stop: async () => raw.stop() });
    const outcome = await raw
      .dialProtocol(circuit(untrusted, service.relayHost.peerId.toString()), ECHO_PROTOCOL, {
        runOnLimitedConnection: true,
        signal: AbortSignal.timeout(10_000),
      })
      .then(
        () => "connected",
        (error: unknown) => `refused (${(error as Error).name})`,
      );
    expect(outcome).toMatch(/^refused/);
    expect(service.relayHost.getConnections(raw.peerId)).toHaveLength(0);
    console.log(
      `relay trust: circuit through a relay the service does not hold -> ${outcome} by the service's gater`,
    );
  });
});
