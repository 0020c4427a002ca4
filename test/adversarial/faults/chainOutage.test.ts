import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";

import type { WaymarkClient } from "../../../client/clients/createWaymarkClient.js";
import { createWaymarkClient } from "../../../client/clients/createWaymarkClient.js";
import { pushEnvelope } from "../../../client/mail/protocol/pushEnvelope.js";
import { CLIENT_DEFAULTS } from "../../../client/options/index.js";
import type { Chain } from "../../../scripts/kit/chain.js";
import { startChain } from "../../../scripts/kit/chain.js";
import { nextEvent } from "../../helpers/clientEvents.js";
import type { TestRegistry } from "../../node/helpers/fixtures.js";
import { deployTestRegistry } from "../../node/helpers/fixtures.js";
import { SwitchableProxy } from "../../node/helpers/proxy.js";
import { Fleet, statusOf } from "../helpers/fleet.js";

/** The grace time of this test's client (the default is CLIENT_DEFAULTS.staleGraceMs, 5 minutes). */
const GRACE_MS = 8_000;

describe("the chain RPC goes away", () => {
  let chain: Chain;
  let registry: TestRegistry;
  let proxy: SwitchableProxy;
  let fleet: Fleet;
  let client: WaymarkClient | undefined;

  beforeAll(async () => {
    chain = await startChain();
    registry = await deployTestRegistry(chain);
  });
  afterEach(async () => {
    await client?.stop();
    client = undefined;
    await fleet.cleanup();
    await proxy.off();
  });
  afterAll(async () => {
    await chain.close();
  });

  it("the nodes keep serving; the client keeps its verified set for the grace time, says it is stale, then refuses", async () => {
    proxy = await SwitchableProxy.reserve(Number(new URL(chain.rpcUrl).port));
    await proxy.on();
    const rpcUrl = `http://127.0.0.1:${proxy.port}`;
    fleet = new Fleet(rpcUrl, registry.address);
    const registerWith = { provider: registry.provider, providerId: 1n };
    const config = { registryCheckInterval: "1s" };
    const first = await fleet.start(await fleet.prepare({ registerWith, config }));
    const second = await fleet.start(
      await fleet.prepare({ registerWith, config: { ...config, bootstrap: [first.addrs[0]!.toString()] } }),
    );
    const servers = [first, second];
    for (const server of servers) {
      await server.process.waitForLine((line) => line.msg === "announced the service in the DHT");
    }

    client = await createWaymarkClient({
      rpcUrl,
      registry: registry.address,
      bootstrap: servers.map((server) => server.addrs[0]!.toString()),
      verificationTtlMs: 1_000,
      staleGraceMs: GRACE_MS,
      watchIntervalMs: 500,
      rpcTimeoutMs: 1_000,
    });
    const fresh = await client.send("/outage", "before");
    expect(fresh.server.stale).toBe(false);

    const stale = nextEvent(client, "verification:stale");
    await proxy.off();
    const downAt = Date.now();
    const event = await stale;
    const staleAfterMs = Date.now() - downAt;
    expect(event.graceMs).toBe(GRACE_MS);
    expect(event.error.name).toBe("RpcUnreachableError");
    expect(client.registryStatus).toMatchObject({ stale: true, staleGraceMs: GRACE_MS });
    // The grace time counts from the last answer the registry gave for each node.
    const verifiedAt = Math.max(
      ...[first, second].map((server) => client!.verifier.peek(server.home.node)?.verifiedAt ?? 0),
    );
    expect(verifiedAt).toBeGreaterThan(0);

    // Within the grace time every send succeeds, through servers marked stale.
    let during = 0;
    let markedStale = 0;
    let refusedAt: number | undefined;
    let refusal: Error | undefined;
    while (refusedAt === undefined && Date.now() < verifiedAt + GRACE_MS + 10_000) {
      const startedAt = Date.now();
      try {
        const { server } = await client.send("/outage", `during ${during}`);
        during += 1;
        if (server.stale) markedStale += 1;
        expect(startedAt).toBeLessThan(verifiedAt + GRACE_MS);
      } catch (err) {
        refusedAt = Date.now();
        refusal = err as Error;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(refusal?.name).toBe("NoServerAvailableError");
    expect((refusal as Error & { details: string }).details).toContain(
      "the registry is unreachable, so verification is stale",
    );
    expect(refusedAt! - verifiedAt).toBeGreaterThanOrEqual(GRACE_MS);
    expect(during).toBeGreaterThan(0);
    expect(markedStale).toBeGreaterThan(0);

    // The nodes never stopped serving: they keep their last verdict, marked stale, say why, and
    // take mail from anyone who reaches them.
    for (const server of servers) {
      await pushEnvelope(client.host, server.addrs, {
        topic: "/outage",
        payload: new TextEncoder().encode("direct"),
      });
      const warning = await server.process.waitForLine((line) =>
        line.msg.startsWith("registration check failed: "),
      );
      expect(warning).toMatchObject({ level: 40, stale: true, verdict: "Trusted" });
      expect(await statusOf(server)).toMatchObject({
        state: "running",
        registration: { verdict: "Trusted", stale: true },
      });
    }

    // The chain is back: fresh again, and sends go through.
    const freshAgain = nextEvent(client, "verification:fresh");
    await proxy.on();
    await freshAgain;
    const after = await client.send("/outage", "after");
    expect(after.server.stale).toBe(false);
    console.log(
      `chain outage: the client reported stale verification ${staleAfterMs} ms after the RPC went down, sent ${during} messages through servers marked stale (${markedStale} so marked), ` +
        `and refused ${((refusedAt! - verifiedAt) / 1_000).toFixed(1)} s after its last verification (grace ${GRACE_MS / 1_000} s; default ${CLIENT_DEFAULTS.staleGraceMs / 1_000} s) ` +
        `with: ${refusal?.message.split("\n")[0]} (${(refusal as Error & { details: string }).details}); both nodes kept serving, registration marked stale; ` +
        `outage lasted ${((Date.now() - downAt) / 1_000).toFixed(1)} s`,
    );
  }, 120_000);
});
