import { generateKeyPair } from "@libp2p/crypto/keys";
import type { Libp2p, PeerId, PrivateKey } from "@libp2p/interface";
import { peerIdFromPrivateKey } from "@libp2p/peer-id";
import { multiaddr } from "@multiformats/multiaddr";
import type { JsonRpcPayload, JsonRpcResult } from "ethers";
import { JsonRpcProvider } from "ethers";
import type { CID } from "multiformats/cid";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

import type { WaymarkClientEvents } from "../../../client/events.js";
import { nodeWallet } from "../../../client/kernel/identity/nodeKey.js";
import { LOOPBACK_CONNECTION_SETTINGS } from "../../../client/kernel/p2p/constants.js";
import type { BaseServices } from "../../../client/kernel/p2p/createHost.js";
import { createWaymarkHost } from "../../../client/kernel/p2p/createHost.js";
import type { RegistryClient } from "../../../client/kernel/registry/connect.js";
import { Registry__factory } from "../../../client/kernel/registry/contracts/index.js";
import { TestNetwork } from "../../client/network.js";
import { registerNodeKey } from "../../node/helpers/fixtures.js";

/** Hosts under the untrusted provider's registered keys that answer nothing but fake DHT records. */
const ECLIPSE_HOSTS = 8;
/** Fake provider records of the service key each eclipse host serves. */
const FAKES_PER_HOST = 50;
const DISCOVERIES = 3;

/** A JSON-RPC provider that records the nodes of every `verifyNodes` call. */
class AskingProvider extends JsonRpcProvider {
  readonly asked: string[][] = [];
  private readonly registry = Registry__factory.createInterface();

  override async _send(payload: JsonRpcPayload | JsonRpcPayload[]): Promise<JsonRpcResult[]> {
    const verifyNodes = this.registry.getFunction("verifyNodes");
    for (const request of Array.isArray(payload) ? payload : [payload]) {
      const data = (request.params as { data?: string }[] | undefined)?.[0]?.data;
      if (request.method === "eth_call" && data?.startsWith(verifyNodes.selector) === true) {
        const [nodes] = this.registry.decodeFunctionData(verifyNodes, data) as unknown as [string[]];
        this.asked.push([...nodes]);
      }
    }
    return super._send(payload);
  }
}

/** The provider store every kad-dht instance keeps (not part of its typed interface). */
interface ProviderStore {
  providers: { addProvider(key: CID, provider: PeerId): Promise<void> };
}

describe("bootstrap records of an approved provider nobody trusts", () => {
  let network: TestNetwork;
  const hosts: Libp2p[] = [];
  const providers: JsonRpcProvider[] = [];

  beforeEach(async () => {
    network = await TestNetwork.start();
  });
  afterEach(async () => {
    await Promise.all(hosts.splice(0).map(async (host) => host.stop()));
    await network.stop();
    for (const provider of providers.splice(0)) provider.destroy();
  });

  /** Registers a fresh node key under a provider and writes its bootstrap record straight to the contract. */
  async function publish(
    owner: RegistryClient,
    providerId: bigint,
    key: PrivateKey,
    addrs: (id: string) => string[],
  ): Promise<string> {
    await registerNodeKey(owner, key, providerId);
    const peerId = peerIdFromPrivateKey(key).toString();
    await (await owner.contract.setNodeBootstrap(nodeWallet(key).address, addrs(peerId))).wait();
    return peerId;
  }

  /** A DHT server under `key`, cut off from the real network, that knows only fake providers of the service key. */
  async function eclipseHost(
    key: PrivateKey,
    decoy: string,
  ): Promise<{ host: Libp2p<BaseServices>; inbound: () => number }> {
    const host = await createWaymarkHost({
      privateKey: key,
      dhtClientMode: false,
      connectionManager: LOOPBACK_CONNECTION_SETTINGS,
    });
    hosts.push(host);
    let inbound = 0;
    host.addEventListener("connection:open", (event) => {
      if (event.detail.direction === "inbound") inbound += 1;
    });
    for (let i = 0; i < FAKES_PER_HOST; i++) {
      const fake = peerIdFromPrivateKey(await generateKeyPair("secp256k1"));
      await (host.services.dht as unknown as ProviderStore).providers.addProvider(network.serviceKey, fake);
      await host.peerStore.merge(fake, { multiaddrs: [multiaddr(decoy)] });
    }
    return { host, inbound: () => inbound };
  }

  it("cannot break discovery or eclipse a client with malformed records and records of hosts that answer only fakes", async () => {
    // A trusted (default) provider: three nodes in the DHT, one of them with a bootstrap record.
    const trustedProvider = await network.addProvider({ name: "Trusted" });
    const trusted = [
      await network.startNode({ providerId: trustedProvider }),
      await network.startNode({ providerId: trustedProvider }),
      await network.startNode({ providerId: trustedProvider }),
    ];
    const trustedOwner = await network.connectAs(network.ownerOf(trustedProvider));
    await (await trustedOwner.contract.setNodeBootstrap(trusted[0]!.node, [trusted[0]!.multiaddr])).wait();

    // An approved provider nobody trusts publishes records the contract accepts (it checks lengths only).
    const untrusted = await network.addProvider({ isDefault: false, name: "Untrusted" });
    const owner = await network.connectAs(network.ownerOf(untrusted));
    const malformed = [
      await publish(owner, untrusted, await generateKeyPair("secp256k1"), () => ["garbage"]),
      await publish(owner, untrusted, await generateKeyPair("secp256k1"), () => ["mail.example:4001"]),
    ];
    // Records whose addresses lead to eclipse hosts; the first also carries an address that does not parse.
    const eclipse: { host: Libp2p<BaseServices>; inbound: () => number }[] = [];
    const eclipseNodes: string[] = [];
    for (let i = 0; i < ECLIPSE_HOSTS; i++) {
      const key = await generateKeyPair("secp256k1");
      eclipseNodes.push(nodeWallet(key).address);
      const host = await eclipseHost(key, trusted[i % trusted.length]!.multiaddr.split("/p2p/")[0]!);
      eclipse.push(host);
      const address = host.host.getMultiaddrs()[0]!.toString();
      await publish(owner, untrusted, key, (peerId) =>
        i === 0 ? [`/ip4/999.0.0.1/tcp/1/p2p/${peerId}`, address] : [address],
      );
    }
    const badRecords = malformed.length + 1;

    // A default-policy client whose only entry points are the registry's records.
    const rpc = new AskingProvider(network.chain.rpcUrl, undefined, {
      staticNetwork: true,
      cacheTimeout: -1,
    });
    providers.push(rpc);
    const client = await network.createClient({ bootstrap: [], provider: rpc, rpcUrl: undefined });
    const skipped: WaymarkClientEvents["bootstrap:skipped"][] = [];
    client.addEventListener("bootstrap:skipped", (event) => skipped.push(event.detail));
    const started = Date.now();
    const selection = await client.select({ signal: AbortSignal.timeout(30_000) });
    const timeToSelect = Date.now() - started;
    let found = await client.discover();
    for (let i = 1; i < DISCOVERIES; i++) found = await client.discover();

    const trustedIds = new Set(trusted.map((node) => node.peerId));
    const throughDht = found.filter((c) => c.sources.includes("dht") && trustedIds.has(c.peerId));
    const inbound = eclipse.reduce((sum, host) => sum + host.inbound(), 0);
    // Every usable record's node was asked about once: discovery's ranking and the selection share the answers.
    const recordNodes = [trusted[0]!.node, ...eclipseNodes];
    const asks = recordNodes.map((node) => rpc.asked.filter((call) => call.includes(node)).length);
    const chosen = new Set([selection.server.peerId]);
    for (let i = 0; i < 10; i++) chosen.add((await client.select({ reselect: true })).server.peerId);

    // A client whose only server is its own still uses it.
    const own = await createWaymarkHost({
      dhtClientMode: false,
      connectionManager: LOOPBACK_CONNECTION_SETTINGS,
    });
    hosts.push(own);
    const customOnly = await network.createClient({
      bootstrap: [],
      customServers: [own.getMultiaddrs()[0]!.toString()],
    });
    const custom = await customOnly.select({ signal: AbortSignal.timeout(30_000) });

    console.log(
      `bootstrap records: ${malformed.length} malformed records (garbage, host:port), one with an unparsable IPv4 address beside a good one, and ${ECLIPSE_HOSTS} records of eclipse hosts ` +
        `(${FAKES_PER_HOST} fake providers each) from an untrusted provider beside 1 trusted record; ` +
        `${skipped.length} skipped-record reports over ${DISCOVERIES + 1} discoveries; ` +
        `the ${recordNodes.length} usable records' nodes verified in ${new Set(rpc.asked.filter((call) => recordNodes.some((node) => call.includes(node)))).size} verifyNodes call(s) of ${rpc.asked.length}; ` +
        `${inbound} connections to eclipse hosts; ${throughDht.length} of ${trusted.length} trusted nodes found through the DHT; ` +
        `a trusted node selected after ${timeToSelect} ms; 11 selections chose ${chosen.size} distinct trusted nodes; ` +
        `a client with only a custom server selected it (${custom.server.verdict})`,
    );
    expect(trustedIds.has(selection.server.peerId)).toBe(true);
    expect([...chosen].every((peerId) => trustedIds.has(peerId))).toBe(true);
    // Reported once per record, however often discovery runs.
    expect(skipped).toHaveLength(badRecords);
    expect(new Set(skipped.map((report) => report.node)).size).toBe(badRecords);
    // The trusted entry point answered, so the untrusted provider's were never dialled, and the
    // DHT search went through honest peers.
    expect(inbound).toBe(0);
    expect(asks.every((count) => count === 1)).toBe(true);
    expect(throughDht.length).toBe(trusted.length);
    expect(found.filter((c) => c.sources.includes("dht") && !trustedIds.has(c.peerId))).toEqual([]);
    expect(custom.server.custom).toBe(true);
    expect(custom.server.peerId).toBe(own.peerId.toString());
  }, 120_000);
});
