import type { Multiaddr } from "@multiformats/multiaddr";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";

import type { WaymarkClient } from "../../../client/clients/createWaymarkClient.js";
import { createWaymarkClient } from "../../../client/clients/createWaymarkClient.js";
import { envelopeIdHex } from "../../../client/mail/protocol/envelope.js";
import { queryHistoryPages } from "../../../client/mail/protocol/queryHistory.js";
import type { Chain } from "../../../scripts/kit/chain.js";
import { startChain } from "../../../scripts/kit/chain.js";
import { waitFor } from "../../../scripts/kit/wait.js";
import type { TestRegistry } from "../../node/helpers/fixtures.js";
import { deployTestRegistry } from "../../node/helpers/fixtures.js";
import type { RunningServer } from "../helpers/fleet.js";
import { Fleet } from "../helpers/fleet.js";

/** Mail options: room for a client sending flat out, quick anti-entropy to check convergence. */
const MAIL = {
  pushBurst: 100_000,
  pushesPerSecond: 100_000,
  queryBurst: 100_000,
  queriesPerSecond: 100_000,
  antiEntropyIntervalMs: 2_000,
  catchUpWaitMs: 10_000,
};

interface Acked {
  id: string;
  server: string;
  startedAt: number;
  ackedAt: number;
}

describe("killing the selected node under a sending client", () => {
  let chain: Chain;
  let registry: TestRegistry;
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
  });
  afterAll(async () => {
    await chain.close();
  });

  it("fails over without losing an acknowledged message, and reports the gap", async () => {
    fleet = new Fleet(chain.rpcUrl, registry.address);
    const registerWith = { provider: registry.provider, providerId: 1n };
    const first = await fleet.start(await fleet.prepare({ registerWith, mail: MAIL }));
    const bootstrap = { bootstrap: [first.addrs[0]!.toString()] };
    const servers: RunningServer[] = [
      first,
      await fleet.start(await fleet.prepare({ registerWith, mail: MAIL, config: bootstrap })),
      await fleet.start(await fleet.prepare({ registerWith, mail: MAIL, config: bootstrap })),
    ];
    for (const server of servers) {
      await server.process.waitForLine((line) => line.msg === "announced the service in the DHT");
    }

    client = await createWaymarkClient({
      rpcUrl: chain.rpcUrl,
      registry: registry.address,
      bootstrap: servers.map((server) => server.addrs[0]!.toString()),
    });
    const failures: string[] = [];
    client.addEventListener("server:failed", (event) => failures.push(event.detail.error.name));

    const acked: Acked[] = [];
    const sendErrors: Error[] = [];
    let killedAt: number | undefined;
    let victim: RunningServer | undefined;
    let next = 0;
    const sender = async (): Promise<void> => {
      while (killedAt === undefined || Date.now() < killedAt + 3_000) {
        const startedAt = Date.now();
        try {
          const { id, server } = await client!.send("/failover", `message ${next++}`);
          acked.push({ id, server: server.peerId, startedAt, ackedAt: Date.now() });
        } catch (err) {
          sendErrors.push(err as Error);
        }
        if (victim === undefined && acked.length >= 300) {
          victim = servers.find((server) => server.home.peerId === client!.current?.server.peerId);
          expect(victim).toBeDefined();
          // The other senders go on meanwhile; the kill time is when the process is gone.
          victim!.process.child.kill("SIGKILL");
          await victim!.process.exit();
          killedAt = Date.now();
        }
      }
    };
    // Four senders, so that the kill lands while messages are in flight.
    await Promise.all(Array.from({ length: 4 }, sender));

    let gap = 0;
    for (let i = 1; i < acked.length; i++) gap = Math.max(gap, acked[i]!.ackedAt - acked[i - 1]!.ackedAt);
    const firstAfter = acked.find((entry) => entry.startedAt >= killedAt!);
    const byVictim = acked.filter((entry) => entry.server === victim!.home.peerId).length;
    const survivors = servers.filter((server) => server !== victim);

    // Bring the victim back; every acknowledged message must be on every server.
    const restarted = await fleet.start(victim!.home);
    const ids = async (addrs: Multiaddr[]): Promise<Set<string>> => {
      const found = new Set<string>();
      for await (const page of queryHistoryPages(client!.host, addrs, {
        topics: ["/failover"],
        pageSize: 100,
      })) {
        for (const envelope of page.envelopes) found.add(envelopeIdHex(envelope.id));
      }
      return found;
    };
    const onVictim = await ids(restarted.addrs);
    const lostOnVictim = acked.filter(
      (entry) => entry.server === victim!.home.peerId && !onVictim.has(entry.id),
    );
    await waitFor(
      async () => {
        const held = await Promise.all([restarted, ...survivors].map(async (server) => ids(server.addrs)));
        return held.every((set) => acked.every((entry) => set.has(entry.id)));
      },
      45_000,
      500,
    );

    console.log(
      `failover: killed the selected node (kill -9) under 4 concurrent senders after ${byVictim} messages through it; ` +
        `longest gap without a successful send ${gap} ms; first message after the kill acknowledged ` +
        `${firstAfter === undefined ? "never" : firstAfter.ackedAt - killedAt!} ms after it died, by another node; ` +
        `${failures.length} failed attempt(s) retried elsewhere (${[...new Set(failures)].join(", ")}); ` +
        `${sendErrors.length} sends failed; ${acked.length} acknowledged, 0 lost (all on all ${servers.length} nodes after the victim's restart)`,
    );
    expect(sendErrors).toEqual([]);
    expect(failures.length).toBeGreaterThan(0);
    expect(firstAfter).toBeDefined();
    expect(firstAfter!.server).not.toBe(victim!.home.peerId);
    expect(
      acked.filter((entry) => entry.startedAt > killedAt! && entry.server === victim!.home.peerId),
    ).toEqual([]);
    expect(lostOnVictim).toEqual([]);
  }, 180_000);
});
