import type { Libp2p, PrivateKey } from "@libp2p/interface";
import { generateKeyPair } from "@libp2p/crypto/keys";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";

import type { Envelope } from "../../../client/mail/protocol/mail.generated.js";
import { createEnvelope, envelopeIdHex } from "../../../client/mail/protocol/envelope.js";
import { pushEnvelope } from "../../../client/mail/protocol/pushEnvelope.js";
import { queryHistoryPages } from "../../../client/mail/protocol/queryHistory.js";
import { LOOPBACK_CONNECTION_SETTINGS } from "../../../client/kernel/p2p/constants.js";
import { createWaymarkHost } from "../../../client/kernel/p2p/createHost.js";
import { replicateEnvelopes } from "../../../node/mail/sync/syncClient.js";
import type { Chain } from "../../../scripts/kit/chain.js";
import { startChain } from "../../../scripts/kit/chain.js";
import type { TestRegistry } from "../../node/helpers/fixtures.js";
import { deployTestRegistry, registerNodeKey } from "../../node/helpers/fixtures.js";
import type { RunningServer } from "../helpers/fleet.js";
import { Fleet, mailStatusOf } from "../helpers/fleet.js";
import { startSyncPeer } from "../helpers/syncPeer.js";

/** A small store, so that the attacker can overfill it many times over in a test. */
const MAX_STORE_BYTES = 256 * 1024;
/** Client rates high enough that only the store limits the honest pushes. */
const UNTHROTTLED = { pushBurst: 10_000, pushesPerSecond: 10_000, bytesBurst: 1e9, bytesPerSecond: 1e9 };
const YEAR_MS = 365 * 24 * 3_600_000;

/**
 * A registered node of an approved provider that nobody trusts (provider 2 is active but not a
 * default provider) uses the node-to-node protocol, which every registered mail server may speak,
 * to push envelopes straight into another provider's mail server.
 */
describe("a registered node of an untrusted provider replicating into another node", () => {
  let chain: Chain;
  let registry: TestRegistry;
  let fleet: Fleet;
  const hosts: Libp2p[] = [];

  beforeAll(async () => {
    chain = await startChain();
    registry = await deployTestRegistry(chain);
  });
  afterEach(async () => {
    await Promise.all(hosts.splice(0).map(async (host) => host.stop()));
    await fleet.cleanup();
  });
  afterAll(async () => {
    await chain.close();
  });

  async function attacker(): Promise<Libp2p> {
    const key: PrivateKey = await generateKeyPair("secp256k1");
    await registerNodeKey(registry.otherProvider, key, 2n);
    const host = await startSyncPeer({ privateKey: key });
    hosts.push(host);
    return host;
  }

  async function client(): Promise<Libp2p> {
    const host = await createWaymarkHost({ connectionManager: LOOPBACK_CONNECTION_SETTINGS });
    hosts.push(host);
    return host;
  }

  async function held(host: Libp2p, server: RunningServer, topic: string): Promise<Set<string>> {
    const ids = new Set<string>();
    for await (const page of queryHistoryPages(host, server.addrs, { topics: [topic], pageSize: 100 })) {
      for (const envelope of page.envelopes) ids.add(envelopeIdHex(envelope.id));
    }
    return ids;
  }

  async function pushHonest(host: Libp2p, server: RunningServer, count: number): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < count; i++) {
      const envelope = createEnvelope({
        topic: "/honest",
        payload: new Uint8Array(1_000).fill(i),
        ttl: 3_600,
      });
      await pushEnvelope(host, server.addrs, envelope);
      ids.push(envelopeIdHex(envelope.id));
    }
    return ids;
  }

  /** Sends batches of envelopes over the sync protocol; counts what the node did with them. */
  async function flood(
    from: Libp2p,
    server: RunningServer,
    make: (n: number) => Envelope,
    total: number,
  ): Promise<{ stored: number; rejected: number; refusals: Map<string, number> }> {
    const outcome = { stored: 0, rejected: 0, refusals: new Map<string, number>() };
    for (let n = 0; n < total; n += 16) {
      const batch = Array.from({ length: Math.min(16, total - n) }, (_, i) => make(n + i));
      try {
        const answer = await replicateEnvelopes(from, server.addrs, batch);
        outcome.stored += answer.stored;
        outcome.rejected += answer.rejected;
      } catch (err) {
        const name = (err as Error).name;
        outcome.refusals.set(name, (outcome.refusals.get(name) ?? 0) + batch.length);
      }
    }
    return outcome;
  }

  it("cannot evict honest mail or block pushes with envelopes dated decades ahead, not even after a restart", async () => {
    fleet = new Fleet(chain.rpcUrl, registry.address);
    const home = await fleet.prepare({
      registerWith: { provider: registry.provider, providerId: 1n },
      mail: { ...UNTHROTTLED, maxStoreBytes: MAX_STORE_BYTES },
    });
    const server = await fleet.start(home);
    const alice = await client();
    const honest = await pushHonest(alice, server, 20);

    const rogue = await attacker();
    const now = Date.now();
    const future = await flood(
      rogue,
      server,
      (n) => ({
        topic: "/spam",
        payload: new Uint8Array(4_000).fill(n % 256),
        timestamp: now + 20 * YEAR_MS + n,
        ttl: 0,
      }),
      2 * Math.ceil(MAX_STORE_BYTES / 4_000),
    );
    const status = await mailStatusOf(server);
    console.log(
      `envelopes dated 20 years ahead over sync: ${future.stored} stored, ${future.rejected} rejected, refused ${JSON.stringify(Object.fromEntries(future.refusals))}; eviction floor ${status.evictionFloor === undefined ? "none" : `${Math.round((status.evictionFloor - Date.now()) / 1000)} s from now`}`,
    );
    expect(future.stored).toBe(0);
    expect(status.evictionFloor ?? 0).toBeLessThanOrEqual(Date.now());
    const kept = await held(alice, server, "/honest");
    expect(honest.filter((id) => !kept.has(id))).toEqual([]);

    // The store's state survives a restart, and honest pushes are still accepted.
    await server.process.kill();
    const again = await fleet.start(home);
    await pushEnvelope(alice, again.addrs, createEnvelope({ topic: "/honest", payload: new Uint8Array(8) }));
    const afterRestart = await held(alice, again, "/honest");
    expect(honest.filter((id) => !afterRestart.has(id))).toEqual([]);
  }, 120_000);

  it("costs the node at most the provider's share of the store, never the honest mail already there", async () => {
    fleet = new Fleet(chain.rpcUrl, registry.address);
    const server = await fleet.start(
      await fleet.prepare({
        registerWith: { provider: registry.provider, providerId: 1n },
        mail: { ...UNTHROTTLED, maxStoreBytes: MAX_STORE_BYTES },
      }),
    );
    const alice = await client();
    // A third of the store is honest mail.
    const honest = await pushHonest(alice, server, Math.floor(MAX_STORE_BYTES / 3 / 1_100));

    const rogue = await attacker();
    const started = Date.now();
    const valid = await flood(
      rogue,
      server,
      (n) => ({
        topic: "/spam",
        payload: new Uint8Array(4_000).fill(n % 256),
        timestamp: Date.now(),
        ttl: 0,
      }),
      4 * Math.ceil(MAX_STORE_BYTES / 4_000),
    );
    const status = await mailStatusOf(server);
    console.log(
      `in-window envelopes over sync, 4x the store in ${Date.now() - started} ms: ${valid.stored} stored, ${valid.rejected} rejected, refused ${JSON.stringify(Object.fromEntries(valid.refusals))}; store ${status.bytes} of ${MAX_STORE_BYTES} bytes`,
    );
    const kept = await held(alice, server, "/honest");
    expect(honest.filter((id) => !kept.has(id))).toEqual([]);
    expect(valid.rejected + [...valid.refusals.values()].reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    // Honest mail is still accepted.
    await pushEnvelope(alice, server.addrs, createEnvelope({ topic: "/honest", payload: new Uint8Array(8) }));
  }, 120_000);
});
