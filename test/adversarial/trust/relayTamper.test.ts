import { describe, expect, it } from "vitest";

import { ECHO_PROTOCOL } from "../../../client/relay/constants.js";
import { echoHandler, echoSession } from "../../../client/relay/echo.js";
import { useProcesses, useTempDirs, useWorld } from "../../helpers/hooks.js";
import type { TamperFigures } from "../../relay/tamperingRelay.js";
import { tamperingRelayModule } from "../../relay/tamperingRelay.js";
import { RELAY_TEST_PROVIDERS, RelayWorld } from "../../relay/world.js";

const PAYLOAD = new Uint8Array(16_384).map((_, i) => i % 251);

describe("a trusted relay that alters the traffic it relays", () => {
  const world = useWorld({ providers: RELAY_TEST_PROVIDERS });
  const dirs = useTempDirs("waymark-relay-tamper-");
  const running = useProcesses();

  /** A service behind one tampering relay of a trusted provider, and a caller; the echo's outcome. */
  async function echoThrough(skipBytes: number): Promise<{ outcome: string; figures: TamperFigures }> {
    const figures: TamperFigures = { passed: 0, flipped: 0 };
    const nodes = new RelayWorld(world, dirs, running);
    await nodes.records(1n);
    await nodes.relay(1n, {}, tamperingRelayModule(skipBytes, figures));
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
    const caller = await nodes.client({ requestTimeoutMs: 5_000 });
    try {
      const { stream } = await caller.reach({ address: identity.address, protocol: ECHO_PROTOCOL });
      const answer = await echoSession(stream).request(PAYLOAD, { signal: AbortSignal.timeout(5_000) });
      return { outcome: equal(answer, PAYLOAD) ? "echoed intact" : "echoed ALTERED", figures };
    } catch (error) {
      return { outcome: `failed (${(error as Error).name})`, figures };
    }
  }

  it("cannot alter the handshake: the connection fails", async () => {
    const { outcome, figures } = await echoThrough(0);
    expect(figures.flipped).toBeGreaterThan(0);
    expect(outcome).toMatch(/^failed/);
    console.log(`relay tamper: flip from byte 0 -> ${outcome}, ${figures.flipped} bytes flipped`);
  });

  it("cannot alter the data after the handshake: the stream fails, never delivers altered bytes", async () => {
    const { outcome, figures } = await echoThrough(4_096);
    expect(figures.flipped).toBeGreaterThan(0);
    expect(outcome).toMatch(/^failed/);
    console.log(
      `relay tamper: flip after ${figures.passed} bytes -> ${outcome}, ${figures.flipped} bytes flipped`,
    );
  });

  it("the same relay passing bytes unchanged echoes intact (control)", async () => {
    const { outcome, figures } = await echoThrough(Number.MAX_SAFE_INTEGER);
    expect(figures.flipped).toBe(0);
    expect(outcome).toBe("echoed intact");
    console.log(`relay tamper: control, nothing flipped -> ${outcome}`);
  });
});

function equal(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((value, i) => value === b[i]);
}
