import { generateKeyPair } from "@libp2p/crypto/keys";
import type { Libp2p } from "@libp2p/interface";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";

import { requestDigest } from "../../../node/mail/sync/syncClient.js";
import { CountingRpcProxy } from "../../../scripts/bench/lib/rpcProxy.js";
import type { Chain } from "../../../scripts/kit/chain.js";
import { startChain } from "../../../scripts/kit/chain.js";
import type { TestRegistry } from "../../node/helpers/fixtures.js";
import { deployTestRegistry } from "../../node/helpers/fixtures.js";
import { Fleet } from "../helpers/fleet.js";
import { startSyncPeer } from "../helpers/syncPeer.js";

/** Fresh secp256k1 peer ids, from one address, each speaking the node-to-node protocol. */
const PEERS = 60;
/** Streams of unknown peers one address may open at once before the node asks the registry. */
const ADMISSION_BURST = 10;

/**
 * Peer ids cost nothing. Each unregistered peer that connects speaking the node-to-node protocol,
 * or opens one node-to-node stream, makes the node ask the registry whether it is a mail server.
 */
describe("unregistered peers knocking on the node-to-node protocol", () => {
  let chain: Chain;
  let registry: TestRegistry;
  let proxy: CountingRpcProxy;
  let fleet: Fleet;
  const hosts: Libp2p[] = [];

  beforeAll(async () => {
    chain = await startChain();
    registry = await deployTestRegistry(chain);
    proxy = await CountingRpcProxy.start(chain.rpcUrl);
  });
  afterEach(async () => {
    await Promise.all(hosts.splice(0).map(async (host) => host.stop()));
    await fleet.cleanup();
  });
  afterAll(async () => {
    await proxy.close();
    await chain.close();
  });

  it("cost a bounded number of registry calls, whatever their number", async () => {
    fleet = new Fleet(proxy.url, registry.address);
    const server = await fleet.start(
      await fleet.prepare({
        registerWith: { provider: registry.provider, providerId: 1n },
        // Loopback is limited per address like any other network here.
        mail: { addressLimitExempt: [], syncAdmissionBurst: ADMISSION_BURST, syncAdmissionsPerSecond: 1 },
      }),
      { until: "ready" },
    );
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    proxy.reset();
    const started = Date.now();

    const peers = await Promise.all(
      // secp256k1 keys: a node address can be derived from them, so only the registry can say no.
      Array.from({ length: PEERS }, async () =>
        startSyncPeer({
          privateKey: await generateKeyPair("secp256k1"),
          answer: () => ({ fetch: { envelopes: [] } }),
        }),
      ),
    );
    hosts.push(...peers);
    const outcomes = new Map<string, number>();
    await Promise.all(
      peers.map(async (peer) => {
        let outcome: string;
        try {
          await requestDigest(peer, server.addrs, { from: 0, to: Date.now(), buckets: 4 });
          outcome = "answered";
        } catch (err) {
          outcome = (err as Error).name;
        }
        outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
      }),
    );
    // Let the node finish whatever the connections set off (peer discovery, checks).
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const counts = proxy.counts();
    const calls = counts.byMethod.eth_call ?? 0;
    const seconds = Math.ceil((Date.now() - started) / 1_000);
    // Streams: the admission burst, then one per second; peers that connected: one check per second.
    const bound = ADMISSION_BURST + 2 * seconds;
    console.log(
      `${PEERS} unregistered peers from one address over ${seconds} s: ${JSON.stringify(Object.fromEntries(outcomes))}; the node made ${calls} eth_call in ${counts.httpRequests} RPC requests (bound ${bound})`,
    );
    expect(outcomes.get("answered")).toBeUndefined();
    expect(outcomes.get("MailRateLimitedError")).toBeGreaterThan(0);
    expect(calls).toBeLessThanOrEqual(bound);
  }, 120_000);
});
