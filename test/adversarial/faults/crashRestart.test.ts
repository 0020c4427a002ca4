import { readFile, writeFile } from "node:fs/promises";

import type { Libp2p } from "@libp2p/interface";
import type { Multiaddr } from "@multiformats/multiaddr";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";

import { createEnvelope, envelopeIdHex } from "../../../client/mail/protocol/envelope.js";
import { pushEnvelope } from "../../../client/mail/protocol/pushEnvelope.js";
import { queryHistoryPages } from "../../../client/mail/protocol/queryHistory.js";
import { LOOPBACK_CONNECTION_SETTINGS } from "../../../client/kernel/p2p/constants.js";
import { createWaymarkHost } from "../../../client/kernel/p2p/createHost.js";
import type { Chain } from "../../../scripts/kit/chain.js";
import { startChain } from "../../../scripts/kit/chain.js";
import { waitFor } from "../../../scripts/kit/wait.js";
import type { TestRegistry } from "../../node/helpers/fixtures.js";
import { deployTestRegistry } from "../../node/helpers/fixtures.js";
import type { RunningServer, ServerHome } from "../helpers/fleet.js";
import { Fleet, mailStatusOf } from "../helpers/fleet.js";

/** Mail options of the servers: no rate limit in the way of the burst, quick anti-entropy. */
const MAIL = {
  pushBurst: 100_000,
  pushesPerSecond: 100_000,
  bytesBurst: 1e9,
  bytesPerSecond: 1e9,
  queryBurst: 100_000,
  queriesPerSecond: 100_000,
  maxStreamsPerPeer: 64,
  antiEntropyIntervalMs: 2_000,
  heartbeatIntervalMs: 500,
  catchUpWaitMs: 20_000,
};

describe("kill -9 of a mail server mid-burst", () => {
  let chain: Chain;
  let registry: TestRegistry;
  let fleet: Fleet;
  let client: Libp2p;

  beforeAll(async () => {
    chain = await startChain();
    registry = await deployTestRegistry(chain);
  });
  afterEach(async () => {
    await client.stop();
    await fleet.cleanup();
  });
  afterAll(async () => {
    await chain.close();
  });

  async function ids(addrs: Multiaddr[]): Promise<Set<string>> {
    const found = new Set<string>();
    for await (const page of queryHistoryPages(client, addrs, { topics: ["/burst"], pageSize: 100 })) {
      for (const envelope of page.envelopes) found.add(envelopeIdHex(envelope.id));
    }
    return found;
  }

  async function setBootstrap(home: ServerHome, peers: RunningServer[]): Promise<void> {
    const config = JSON.parse(await readFile(home.configFile, "utf8")) as Record<string, unknown>;
    config.bootstrap = peers.map((peer) => peer.addrs[0]!.toString());
    await writeFile(home.configFile, JSON.stringify(config, null, 2));
  }

  it("keeps every envelope it acknowledged and catches up on what the others received while it was down", async () => {
    fleet = new Fleet(chain.rpcUrl, registry.address);
    client = await createWaymarkHost({ connectionManager: LOOPBACK_CONNECTION_SETTINGS });
    const registerWith = { provider: registry.provider, providerId: 1n };
    const homes = [
      await fleet.prepare({ registerWith, mail: MAIL }),
      await fleet.prepare({ registerWith, mail: MAIL }),
      await fleet.prepare({ registerWith, mail: MAIL }),
    ];
    const a = await fleet.start(homes[0]!);
    await setBootstrap(homes[1]!, [a]);
    await setBootstrap(homes[2]!, [a]);
    const [b, c] = [await fleet.start(homes[1]!), await fleet.start(homes[2]!)];
    await waitFor(async () => {
      const peers = await Promise.all(
        [a, b, c].map(async (server) => (await mailStatusOf(server)).replication.peers),
      );
      return peers.every((count) => count === 2);
    }, 30_000);

    // A burst of pushes to A from 32 concurrent senders; A is killed once 400 are acknowledged.
    const ackedByA = new Set<string>();
    let failedOnA = 0;
    let next = 0;
    const killed = Promise.withResolvers<undefined>();
    const pusher = async (): Promise<void> => {
      while (a.process.child.exitCode === null && a.process.child.signalCode === null) {
        const envelope = createEnvelope({
          topic: "/burst",
          payload: new TextEncoder().encode(`burst ${next++}`),
          ttl: 3_600,
        });
        try {
          await pushEnvelope(client, a.addrs, envelope, { timeoutMs: 10_000 });
          ackedByA.add(envelopeIdHex(envelope.id));
          if (ackedByA.size === 400) {
            a.process.child.kill("SIGKILL");
            killed.resolve(undefined);
          }
        } catch {
          failedOnA += 1;
          await killed.promise;
        }
      }
    };
    await Promise.all(Array.from({ length: 32 }, pusher));
    expect(await a.process.exit()).toEqual({ code: null, signal: "SIGKILL" });

    // Meanwhile B and C keep taking mail.
    const meanwhile: string[] = [];
    for (let i = 0; i < 150; i++) {
      const envelope = createEnvelope({
        topic: "/burst",
        payload: new TextEncoder().encode(`meanwhile ${i}`),
        ttl: 3_600,
      });
      await pushEnvelope(client, (i % 2 === 0 ? b : c).addrs, envelope);
      meanwhile.push(envelopeIdHex(envelope.id));
    }

    // A comes back with the same key and data directory, bootstrapping from B and C.
    await setBootstrap(homes[0]!, [b, c]);
    const restarted = await fleet.start(homes[0]!, { until: "ready" });
    const status = await mailStatusOf(restarted);
    const onA = await ids(restarted.addrs);
    const lost = [...ackedByA].filter((id) => !onA.has(id));
    const missed = meanwhile.filter((id) => !onA.has(id));
    console.log(
      `kill -9: A acknowledged ${ackedByA.size} pushes (${next} attempted, ${failedOnA} failed as it died), then was killed; ` +
        `B and C took ${meanwhile.length} more; after the restart A holds ${onA.size}, lost ${lost.length} acknowledged, ` +
        `catch-up ${status.catchUp.state} pulled ${status.catchUp.pulled}, still missing ${missed.length}`,
    );
    expect(lost).toEqual([]);
    expect(status.catchUp.state).toBe("done");
    expect(missed).toEqual([]);
    expect(onA.size).toBeLessThanOrEqual(ackedByA.size + failedOnA + meanwhile.length);

    // And every acknowledged envelope reaches every server (forwarding queues died with A; the
    // anti-entropy rounds repair them).
    const everything = [...ackedByA, ...meanwhile];
    await waitFor(
      async () => {
        const held = await Promise.all([restarted, b, c].map(async (server) => ids(server.addrs)));
        return held.every((set) => everything.every((id) => set.has(id)));
      },
      45_000,
      500,
    );
  }, 180_000);
});
