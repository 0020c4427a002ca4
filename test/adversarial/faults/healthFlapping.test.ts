import { afterEach, beforeEach, describe, expect, it } from "vitest";

import { CLIENT_DEFAULTS } from "../../../client/options/index.js";
import { TestNetwork } from "../../client/network.js";
import { SwitchableProxy } from "../../node/helpers/proxy.js";

/** How long the chain stays away: shorter than the verification cache time, as in the report. */
const OUTAGE_MS = 8_000;
/** How often the application selects (and so verifies, from the cache) during the outage. */
const SELECT_EVERY_MS = 250;

describe("registry health while the chain RPC is away", () => {
  let network: TestNetwork;
  let proxy: SwitchableProxy;

  beforeEach(async () => {
    network = await TestNetwork.start();
    proxy = await SwitchableProxy.reserve(Number(new URL(network.chain.rpcUrl).port));
    await proxy.on();
  });
  afterEach(async () => {
    await network.stop();
    await proxy.off();
  });

  it("says stale once and fresh once, and keeps the time of the last real answer, whatever the cache still holds", async () => {
    const provider = await network.addProvider();
    await network.startNode({ providerId: provider });
    await network.startNode({ providerId: provider });
    // The documented defaults: verifications cached 15 s, registry events polled every 2 s.
    const client = await network.createClient({
      rpcUrl: `http://127.0.0.1:${proxy.port}`,
      watchIntervalMs: CLIENT_DEFAULTS.watchIntervalMs,
      rpcTimeoutMs: 1_000,
    });
    const events: { type: string; at: number; lastVerifiedAt?: number | undefined }[] = [];
    client.addEventListener("verification:stale", (event) =>
      events.push({ type: "stale", at: Date.now(), lastVerifiedAt: event.detail.lastVerifiedAt }),
    );
    client.addEventListener("verification:fresh", () => events.push({ type: "fresh", at: Date.now() }));
    const first = await client.select();
    expect(first.server.stale).toBe(false);
    const lastRealAnswer = client.registryStatus.lastAnswerAt;
    expect(lastRealAnswer).toBeDefined();

    await proxy.off();
    const downAt = Date.now();
    const answerTimes = new Set<number | undefined>();
    let selections = 0;
    let markedStale = 0;
    let staleWhileReported = 0;
    while (Date.now() - downAt < OUTAGE_MS) {
      const { server } = await client.select();
      selections += 1;
      if (server.stale) markedStale += 1;
      if (client.registryStatus.stale && !server.stale) staleWhileReported += 1;
      answerTimes.add(client.registryStatus.lastAnswerAt);
      await new Promise((resolve) => setTimeout(resolve, SELECT_EVERY_MS));
    }
    const during = [...events];
    const count = (type: string, list = events): number => list.filter((e) => e.type === type).length;
    const summary =
      `${OUTAGE_MS / 1_000} s without the chain RPC (verification cache ${CLIENT_DEFAULTS.verificationTtlMs / 1_000} s, ` +
      `registry poll ${CLIENT_DEFAULTS.watchIntervalMs / 1_000} s, ${selections} selections): ` +
      `verification:stale ${count("stale", during)}x, verification:fresh ${count("fresh", during)}x; ` +
      `the last real answer's time took ${answerTimes.size} value(s); ${markedStale} of ${selections} selections marked stale`;
    expect(count("stale", during), summary).toBe(1);
    expect(count("fresh", during), summary).toBe(0);
    expect(during[0]?.lastVerifiedAt).toBe(lastRealAnswer);
    expect([...answerTimes]).toEqual([lastRealAnswer]);
    // Once the client says the registry is stale, every verification it serves says so too.
    expect(staleWhileReported, summary).toBe(0);
    expect(markedStale).toBeGreaterThan(0);

    const backAt = Date.now();
    await proxy.on();
    while (!events.some((event) => event.type === "fresh" && event.at >= backAt)) {
      expect(Date.now() - backAt, "verification:fresh after the RPC came back").toBeLessThan(10_000);
      await client.select();
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const freshAfterMs = Date.now() - backAt;
    const after = await client.select();
    console.log(`health events: ${summary}; after the RPC came back: fresh once, ${freshAfterMs} ms later`);
    expect(count("stale")).toBe(1);
    expect(count("fresh")).toBe(1);
    expect(after.server.stale).toBe(false);
    expect(client.registryStatus.lastAnswerAt!).toBeGreaterThanOrEqual(backAt);
  }, 60_000);
});
