import type { Server } from "node:net";

import type { Libp2p } from "@libp2p/interface";
import { afterEach, describe, expect, it } from "vitest";

import { LOOPBACK_CONNECTION_SETTINGS } from "../../client/kernel/p2p/constants.js";
import type { BaseServices } from "../../client/kernel/p2p/createHost.js";
import { createWaymarkHost } from "../../client/kernel/p2p/createHost.js";
import { latencyWindowEnd, probeFastest } from "../../client/selection/probeFastest.js";
import { hungEntryPoint } from "../helpers/entryPoints.js";

/** Longer than any test: a stagger that never fires within one. */
const NEVER_MS = 3_600_000;

describe("probeFastest", () => {
  const hosts: Libp2p[] = [];
  const listeners: Server[] = [];
  afterEach(async () => {
    await Promise.all(hosts.splice(0).map(async (host) => host.stop()));
    for (const listener of listeners.splice(0)) listener.close();
  });

  async function host(): Promise<Libp2p<BaseServices>> {
    const created = await createWaymarkHost({ connectionManager: LOOPBACK_CONNECTION_SETTINGS });
    hosts.push(created);
    return created;
  }

  async function servers(
    count: number,
  ): Promise<{ peerId: string; multiaddrs: string[]; host: Libp2p<BaseServices> }[]> {
    return Promise.all(
      Array.from({ length: count }, async () => {
        const server = await host();
        return {
          peerId: server.peerId.toString(),
          multiaddrs: server.getMultiaddrs().map(String),
          host: server,
        };
      }),
    );
  }

  const window = { timeoutMs: 10_000, tolerance: 1.5, slackMs: 10 };

  it("starts no more pings once one has answered", async () => {
    const client = await host();
    const result = await probeFastest(
      { host: client },
      {
        candidates: await servers(5),
        ...window,
        staggerMs: NEVER_MS,
      },
    );
    console.log(`probeFastest: ${result.started} of 5 pinged, ${result.answered.length} answered`);
    expect(result.started).toBe(1);
    expect(result.answered).toHaveLength(1);
  });

  it("starts the next ping at once when one fails", async () => {
    const client = await host();
    const [dead, ...live] = await servers(3);
    await dead!.host.stop();
    const result = await probeFastest(
      { host: client },
      {
        candidates: [dead!, ...live],
        ...window,
        staggerMs: NEVER_MS,
      },
    );
    expect(result.started).toBe(2);
    expect(result.failed.map((failure) => failure.candidate.peerId)).toEqual([dead!.peerId]);
    expect(result.answered.map((answer) => answer.candidate.peerId)).toEqual([live[0]!.peerId]);
  });

  it("pings every candidate at once without a stagger", async () => {
    const client = await host();
    const result = await probeFastest(
      { host: client },
      { candidates: await servers(4), ...window, staggerMs: 0 },
    );
    expect(result.started).toBe(4);
    expect(result.answered.length).toBeGreaterThan(0);
  });

  it("does not wait for a ping that hangs once a later one has answered", async () => {
    const client = await host();
    const hung = await hungEntryPoint(listeners);
    const [live] = await servers(1);
    const result = await probeFastest(
      { host: client },
      {
        candidates: [{ peerId: hung.peerId, multiaddrs: [hung.multiaddr] }, live!],
        ...window,
        staggerMs: 100,
      },
    );
    expect(result.started).toBe(2);
    expect(result.answered.map((answer) => answer.candidate.peerId)).toEqual([live!.peerId]);
    // Still dialling when the selection stopped waiting: neither an answer nor a failure.
    expect(result.failed).toEqual([]);
  });
});

describe("latencyWindowEnd", () => {
  it("gives the latest started ping under way the fastest answer's time, scaled, from its own start", () => {
    // Pings under way since 0 and 50 ms; the fastest answer took 20 ms: 50 + 20 × 1.5 + 10.
    expect(latencyWindowEnd([0, 50], 20, 1.5, 10)).toBe(90);
  });

  it("ends a hung ping's window by its own start, not the first answer's arrival", () => {
    // A ping hanging since 0; one started at 100 answered at 120: the hung one could have
    // answered within 20 × 1.5 + 10 of its start, long past, so the wait is over at once.
    const end = latencyWindowEnd([0], 20, 1.5, 10);
    expect(end).toBe(40);
    expect(end).toBeLessThan(120);
  });

  it("has nothing to wait for without pings under way", () => {
    expect(latencyWindowEnd([], 20, 1.5, 10)).toBeUndefined();
  });
});
