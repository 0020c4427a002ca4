import { describe, expect, it } from "vitest";

import { ECHO_PROTOCOL, REACH_RECORD } from "../../client/relay/constants.js";
import { echoHandler, echoSession } from "../../client/relay/echo.js";
import { decodeReachRecord } from "../../client/relay/reachRecord.js";
import { useProcesses, useTempDirs, useWorld } from "../helpers/hooks.js";
import { RELAY_TEST_PROVIDERS, RelayWorld, relayStatusOf } from "./world.js";

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
const bytes = (value: string) => new TextEncoder().encode(value);

describe("a service behind NAT reached through trusted relays", () => {
  const world = useWorld({ providers: RELAY_TEST_PROVIDERS });
  const dirs = useTempDirs("waymark-relay-");
  const running = useProcesses();

  it("reserves on two relays of different providers, publishes them, and answers a caller through one", async () => {
    const nodes = new RelayWorld(world, dirs, running);
    await nodes.records(1n);
    const relays = [await nodes.relay(1n), await nodes.relay(2n)];
    await nodes.announced();
    const identity = nodes.identity();
    const service = await nodes.client({ identity });
    const listener = await service.serve({
      signer: identity,
      protocol: ECHO_PROTOCOL,
      handler: echoHandler(),
    });

    const providers = listener.relays.map((held) => held.relay.providerId);
    expect(new Set(providers)).toEqual(new Set([1n, 2n]));
    // It never listens on an address of its own: only relayed addresses.
    expect(service.relayHost.getMultiaddrs().every((addr) => addr.toString().includes("/p2p-circuit"))).toBe(
      true,
    );
    expect(relays.map((relay) => relayStatusOf(relay).reservations)).toEqual([1, 1]);

    const caller = await nodes.client();
    const { record } = await caller.records.get({ owner: identity.address, name: REACH_RECORD });
    expect(
      decodeReachRecord(record!.value, identity.address)
        .map((via) => via.address.toString())
        .sort(),
    ).toEqual([...listener.addresses].sort());

    const { stream, connection, relay } = await caller.reach({
      address: identity.address,
      protocol: ECHO_PROTOCOL,
    });
    const session = echoSession(stream);
    expect(text(await session.request(bytes("hello through a relay")))).toBe("hello through a relay");
    await session.close();
    expect(connection.remoteAddr.toString()).toContain("/p2p-circuit");
    expect(connection.remotePeer.equals(service.relayHost.peerId)).toBe(true);
    expect([1n, 2n]).toContain(relay?.providerId);
    const used = relays.find((node) => node.libp2p.peerId.toString() === relay?.peerId)!;
    expect(relayStatusOf(used).opened).toBe(1);
    console.log(
      `relay: reserved on providers ${providers.join(",")}, echoed through ${relay?.peerId.slice(-8)}, ` +
        `circuits opened ${relayStatusOf(used).opened}, bytes from caller ${relayStatusOf(used).bytesFromCallers}`,
    );
  });

  it("keeps answering after the relay process a caller used is killed: the caller fails over, the service re-reserves", async () => {
    const nodes = new RelayWorld(world, dirs, running);
    await nodes.records(1n);
    const relays = await Promise.all([
      nodes.relayProcess(1n),
      nodes.relayProcess(2n),
      nodes.relayProcess(1n),
    ]);
    await nodes.announced();
    const identity = nodes.identity();
    const service = await nodes.client({ identity });
    const events: string[] = [];
    const listener = await service.serve({
      signer: identity,
      protocol: ECHO_PROTOCOL,
      handler: echoHandler(),
      checkIntervalMs: 500,
      onEvent: (event) => events.push(event.type),
    });
    expect(listener.relays).toHaveLength(2);
    const caller = await nodes.client();
    const first = await caller.reach({ address: identity.address, protocol: ECHO_PROTOCOL });
    await echoSession(first.stream).close();

    const killed = relays.find((node) => node.peerId === first.relay?.peerId)!;
    const killedAt = Date.now();
    await killed.process.kill();

    // The caller's connection went with the relay; the next reach goes through the other relay.
    const second = await caller.reach({ address: identity.address, protocol: ECHO_PROTOCOL });
    const session = echoSession(second.stream);
    expect(text(await session.request(bytes("still here")))).toBe("still here");
    await session.close();
    expect(second.relay?.peerId).not.toBe(killed.peerId);
    const callerBackMs = Date.now() - killedAt;

    // The service replaces the lost relay and republishes without it.
    await expect
      .poll(() => events.filter((type) => type === "reach:published").length, { timeout: 20_000 })
      .toBe(2);
    expect(listener.relays).toHaveLength(2);
    expect(listener.relays.map((held) => held.relay.peerId)).not.toContain(killed.peerId);
    expect(events).toContain("relay:lost");
    console.log(
      `relay failover: relay process killed; caller answered again through another relay after ${callerBackMs} ms; ` +
        `service held 2 relays and republished after ${Date.now() - killedAt} ms`,
    );
  });
});
