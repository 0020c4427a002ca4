import type { Libp2p } from "@libp2p/interface";
import { afterEach, describe, expect, it } from "vitest";

import { LOOPBACK_CONNECTION_SETTINGS } from "../../client/kernel/p2p/constants.js";
import type { BaseServices } from "../../client/kernel/p2p/createHost.js";
import { createWaymarkHost } from "../../client/kernel/p2p/createHost.js";
import { probeFastest } from "../../client/selection/probeFastest.js";

/** Longer than any test: a stagger that never fires within one. */
const NEVER_MS = 3_600_000;

describe("probeFastest", () => {
  const hosts: Libp2p[] = [];
  afterEach(async () => {
    await Promise.all(hosts.splice(0).map(async (host) => host.stop()));
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
});
