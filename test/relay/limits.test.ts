import { describe, expect, it } from "vitest";

import { ECHO_PROTOCOL } from "../../client/relay/constants.js";
import { echoHandler, echoSession } from "../../client/relay/echo.js";
import { expectRejectsNamed } from "../helpers/errors.js";
import { useProcesses, useTempDirs, useWorld } from "../helpers/hooks.js";
import { RELAY_TEST_PROVIDERS, RelayWorld, relayStatusOf } from "./world.js";

describe("relay limits", () => {
  const world = useWorld({ providers: RELAY_TEST_PROVIDERS });
  const dirs = useTempDirs("waymark-relay-limits-");
  const running = useProcesses();

  it("refuses a reservation beyond maxReservations", async () => {
    const nodes = new RelayWorld(world, dirs, running);
    await nodes.records(1n);
    const relay = await nodes.relay(1n, { maxReservations: 1 });
    await nodes.announced();
    const first = nodes.identity();
    await (
      await nodes.client({ identity: first })
    ).serve({
      signer: first,
      protocol: ECHO_PROTOCOL,
      handler: echoHandler(),
      relays: 1,
    });
    const second = nodes.identity();
    const refused = (await nodes.client({ identity: second })).serve({
      signer: second,
      protocol: ECHO_PROTOCOL,
      handler: echoHandler(),
      relays: 1,
    });
    await expectRejectsNamed(refused, "NoRelayAvailableError");
    const status = relayStatusOf(relay);
    expect(status.reservations).toBe(1);
    expect(status.refusals.maxReservations).toBe(1);
    console.log(
      `relay limits: maxReservations 1 -> second service refused, reservations ${status.reservations}, ` +
        `refusals ${status.refusals.maxReservations}`,
    );
  });

  it("resets a circuit that carries more than circuitDataLimitBytes", async () => {
    const nodes = new RelayWorld(world, dirs, running);
    await nodes.records(1n);
    const relay = await nodes.relay(1n, { circuitDataLimitBytes: 16_384 });
    await nodes.announced();
    const identity = nodes.identity();
    await (
      await nodes.client({ identity })
    ).serve({
      signer: identity,
      protocol: ECHO_PROTOCOL,
      handler: echoHandler(),
      relays: 1,
    });
    const caller = await nodes.client();
    const { stream } = await caller.reach({ address: identity.address, protocol: ECHO_PROTOCOL });
    const session = echoSession(stream);
    const small = new Uint8Array(1_024).fill(7);
    expect(new Uint8Array(await session.request(small))).toEqual(small);
    // 32 KiB out and back is past the 16 KiB the circuit may carry: the relay resets it.
    const outcome = await session
      .request(new Uint8Array(32_768).fill(9), { signal: AbortSignal.timeout(10_000) })
      .then(
        () => "echoed",
        (error: unknown) => (error as Error).name,
      );
    expect(outcome).not.toBe("echoed");
    await expect.poll(() => relayStatusOf(relay).open, { timeout: 10_000 }).toBe(0);
    const status = relayStatusOf(relay);
    expect(status.closed).toBe(1);
    console.log(
      `relay limits: circuitDataLimitBytes 16384 -> 1 KiB echoed, 32 KiB cut (${outcome}); bytes from caller ${status.bytesFromCallers}`,
    );
  });

  it("refuses circuits past maxCircuitsPerAddress, whichever peer asks", async () => {
    const nodes = new RelayWorld(world, dirs, running);
    await nodes.records(1n);
    const relay = await nodes.relay(1n, { maxCircuitsPerPeer: 1, maxCircuitsPerAddress: 1 });
    await nodes.announced();
    const identity = nodes.identity();
    await (
      await nodes.client({ identity })
    ).serve({
      signer: identity,
      protocol: ECHO_PROTOCOL,
      handler: echoHandler(),
      relays: 1,
    });
    const first = await (await nodes.client()).reach({ address: identity.address, protocol: ECHO_PROTOCOL });
    expect(first.connection.status).toBe("open");
    // Another peer id on the same address (127.0.0.1) gets no second circuit while the first is open.
    const refused = (await nodes.client()).reach({ address: identity.address, protocol: ECHO_PROTOCOL });
    await expectRejectsNamed(refused, "ServiceUnreachableError");
    const status = relayStatusOf(relay);
    expect(status.refusals.maxCircuitsPerAddress).toBe(1);
    expect(status.open).toBe(1);
    console.log(
      `relay limits: maxCircuitsPerAddress 1 -> second caller refused, refusals ${status.refusals.maxCircuitsPerAddress}`,
    );
  });
});
