import { generateKeyPair } from "@libp2p/crypto/keys";
import type { Libp2p, PeerId } from "@libp2p/interface";
import { peerIdFromPrivateKey } from "@libp2p/peer-id";
import { multiaddr } from "@multiformats/multiaddr";
import type { CID } from "multiformats/cid";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

import { LOOPBACK_CONNECTION_SETTINGS } from "../../../client/kernel/p2p/constants.js";
import type { BaseServices } from "../../../client/kernel/p2p/createHost.js";
import { createWaymarkHost } from "../../../client/kernel/p2p/createHost.js";
import { setNodeBootstrap } from "../../../client/actions/registry/nodes.js";
import type { TestNode } from "../../client/network.js";
import { TestNetwork } from "../../client/network.js";
import { expectRejectsNamed } from "../../helpers/errors.js";
import { CountingProvider } from "../helpers/countingProvider.js";

/** Fake provider records of the service key, beside the trusted nodes. */
const FAKES = 1_000;
/** How many of them real hosts announce over the wire (the rest go in through the DHT's API). */
const ANNOUNCED_OVER_THE_WIRE = 10;
const TRUSTED_NODES = 5;

/** The provider store every kad-dht instance keeps (not part of its typed interface). */
interface ProviderStore {
  providers: { addProvider(key: CID, provider: PeerId): Promise<void> };
}

async function drain(events: AsyncIterable<unknown>): Promise<void> {
  for await (const _event of events) {
    // Provide and find happen as the query runs.
  }
}

/**
 * Adds provider records of `key` for fresh identities (one in ten Ed25519, the rest secp256k1) to
 * DHT servers' provider stores, with the addresses a Sybil would give: a dead port and decoys.
 *
 * @param servers - The DHT servers that store the records.
 * @param key - The service key.
 * @param count - How many identities.
 * @param decoys - Addresses (without `/p2p/`) to point the records at, besides a dead port.
 * @returns The fake peer ids.
 */
async function addFakeRecords(
  servers: readonly Libp2p<BaseServices>[],
  key: CID,
  count: number,
  decoys: readonly string[],
): Promise<Set<string>> {
  const lures = ["/ip4/127.0.0.1/tcp/9", ...decoys];
  const fakes = new Set<string>();
  while (fakes.size < count) {
    const id = peerIdFromPrivateKey(await generateKeyPair(fakes.size % 10 === 0 ? "Ed25519" : "secp256k1"));
    const address = multiaddr(lures[fakes.size % lures.length]);
    for (const server of servers) {
      await (server.services.dht as unknown as ProviderStore).providers.addProvider(key, id);
      await server.peerStore.merge(id, { multiaddrs: [address] });
    }
    fakes.add(id.toString());
  }
  return fakes;
}

function withoutPeer(node: TestNode): string {
  return node.multiaddr.split("/p2p/")[0]!;
}

describe("DHT spam", () => {
  let network: TestNetwork;
  const extraHosts: Libp2p[] = [];

  beforeEach(async () => {
    network = await TestNetwork.start();
  });
  afterEach(async () => {
    await Promise.all(extraHosts.splice(0).map(async (host) => host.stop()));
    await network.stop();
  });

  async function trustedNodes(): Promise<TestNode[]> {
    const provider = await network.addProvider();
    const nodes: TestNode[] = [];
    for (let i = 0; i < TRUSTED_NODES; i++) nodes.push(await network.startNode({ providerId: provider }));
    return nodes;
  }

  it("selects only trusted nodes, in bounded time, among 1,000 fake provider records of the service key", async () => {
    const trusted = await trustedNodes();
    const key = network.serviceKey;

    // Sybils announce the key over the wire under fresh identities, as any peer may, then vanish:
    // their records stay in the DHT, pointing at addresses where nobody answers.
    const sybils = await Promise.all(
      Array.from({ length: ANNOUNCED_OVER_THE_WIRE }, async (_, i) => {
        const sybil = await createWaymarkHost({
          privateKey: await generateKeyPair(i % 4 === 0 ? "Ed25519" : "secp256k1"),
          dhtClientMode: false,
          dhtInitialSelfQueryDelayMs: 0,
          connectionManager: LOOPBACK_CONNECTION_SETTINGS,
        });
        extraHosts.push(sybil);
        await sybil.dial(network.seed.getMultiaddrs());
        await drain(sybil.services.dht.provide(key));
        return sybil.peerId.toString();
      }),
    );
    await Promise.all(extraHosts.splice(0).map(async (host) => host.stop()));

    // The rest go straight into every DHT server's provider store (where each Sybil's own
    // announcement would land), pointing at a dead port, a rogue host, or a trusted node's
    // address under the wrong peer id.
    const rogue = await createWaymarkHost({
      connectionManager: LOOPBACK_CONNECTION_SETTINGS,
      listen: ["/ip4/127.0.0.1/tcp/0"],
    });
    extraHosts.push(rogue);
    const decoys = [rogue.getMultiaddrs()[0]!.toString().split("/p2p/")[0]!, ...trusted.map(withoutPeer)];
    const servers = [network.seed, ...trusted.map((node) => node.host)];
    const fakes = await addFakeRecords(servers, key, FAKES - sybils.length, decoys);
    for (const sybil of sybils) fakes.add(sybil);

    const counting = new CountingProvider(network.chain.rpcUrl, undefined, {
      staticNetwork: true,
      cacheTimeout: -1,
    });
    try {
      // The DHT is the only source: no registry bootstrap records to fall back on.
      const client = await network.createClient({
        provider: counting,
        rpcUrl: undefined,
        registryBootstrap: false,
      });
      const started = Date.now();
      const first = await client.select({ signal: AbortSignal.timeout(30_000) });
      const timeToSelect = Date.now() - started;

      const known = client.pool.known;
      const verdicts = new Map<string, number>();
      for (const candidate of known)
        verdicts.set(candidate.verdict, (verdicts.get(candidate.verdict) ?? 0) + 1);
      const trustedIds = new Set(trusted.map((node) => node.peerId));
      const chosen = new Set<string>([first.server.peerId]);
      for (let i = 0; i < 20; i++) chosen.add((await client.select({ reselect: true })).server.peerId);

      console.log(
        `DHT spam: ${fakes.size} fake records (${ANNOUNCED_OVER_THE_WIRE} announced over the wire) beside ${TRUSTED_NODES} trusted nodes; ` +
          `the client saw ${known.length} candidates, verified them in ${counting.verifyNodesCalls} verifyNodes call(s) ` +
          `(largest ${counting.largestCall} nodes), verdicts ${JSON.stringify(Object.fromEntries(verdicts))}; ` +
          `first selection after ${timeToSelect} ms; 21 selections chose ${chosen.size} distinct trusted nodes`,
      );
      expect(known.filter((candidate) => fakes.has(candidate.peerId)).length).toBeGreaterThanOrEqual(
        FAKES - 50,
      );
      expect(known.filter((candidate) => fakes.has(candidate.peerId) && candidate.trusted)).toEqual([]);
      expect([...chosen].every((peerId) => trustedIds.has(peerId))).toBe(true);
      expect(counting.verifyNodesCalls).toBe(1);
      expect(counting.largestCall).toBeGreaterThan(FAKES - 250);
      // Never even connected to a peer under a fake identity.
      const connected = client.host.getConnections().map((connection) => connection.remotePeer.toString());
      expect(connected.filter((peerId) => fakes.has(peerId))).toEqual([]);
    } finally {
      counting.destroy();
    }
  }, 120_000);

  it("fails closed behind a DHT server that answers only fake records, and the registry's bootstrap records restore it", async () => {
    const trusted = await trustedNodes();
    // A malicious DHT server, the client's only entry point, that knows only fake records.
    const attacker = await createWaymarkHost({
      dhtClientMode: false,
      connectionManager: LOOPBACK_CONNECTION_SETTINGS,
    });
    extraHosts.push(attacker);
    const fakes = await addFakeRecords([attacker], network.serviceKey, FAKES, trusted.map(withoutPeer));
    const entry = attacker.getMultiaddrs()[0]!.toString();

    const eclipsed = await network.createClient({ bootstrap: [entry], registryBootstrap: false });
    const error = await expectRejectsNamed(eclipsed.select(), "NoServerAvailableError");
    const seen = eclipsed.pool.known;
    console.log(
      `DHT eclipse: behind a DHT server answering ${fakes.size} fake records, the client saw ${seen.length} candidates, ` +
        `${seen.filter((candidate) => candidate.trusted).length} trusted, and refused to select: ${error.message.split("\n")[0]}`,
    );
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((candidate) => fakes.has(candidate.peerId) && !candidate.trusted)).toBe(true);
    expect(eclipsed.current).toBeUndefined();

    // The trusted nodes publish their addresses in the registry: the client reaches them whatever
    // its DHT entry point answers.
    const owner = await network.connectAs(network.ownerOf(trusted[0]!.providerId!));
    for (const node of trusted) await setNodeBootstrap(owner, node.node, [node.multiaddr]);
    const restored = await network.createClient({ bootstrap: [entry] });
    const trustedIds = new Set(trusted.map((node) => node.peerId));
    for (let i = 0; i < 10; i++) {
      expect(trustedIds.has((await restored.select({ reselect: true })).server.peerId)).toBe(true);
    }
  }, 120_000);
});
