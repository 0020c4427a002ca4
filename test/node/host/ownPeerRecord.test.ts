import { generateKeyPair } from "@libp2p/crypto/keys";
import type { IdentifyResult, Libp2p, PrivateKey } from "@libp2p/interface";
import type { Multiaddr } from "@multiformats/multiaddr";
import { CODE_P2P, multiaddr } from "@multiformats/multiaddr";
import { MemoryDatastore } from "datastore-core";
import { Registry } from "prom-client";
import { afterEach, describe, expect, it } from "vitest";

import { LOOPBACK_CONNECTION_SETTINGS } from "../../../client/kernel/p2p/constants.js";
import type { BaseServices } from "../../../client/kernel/p2p/createHost.js";
import { createWaymarkHost } from "../../../client/kernel/p2p/createHost.js";
import { parseNodeConfig } from "../../../node/config/resolve.js";
import type { NodeHost } from "../../../node/host/createNodeHost.js";
import { createNodeHost } from "../../../node/host/createNodeHost.js";
import { waitFor } from "../../../scripts/kit/wait.js";
import { useTempDirs } from "../../helpers/hooks.js";
import { countingKey } from "../helpers/countingKey.js";
import { memoryLogger, testNodeConfig } from "../helpers/fixtures.js";

const PEER_RECORD_DOMAIN = new TextEncoder().encode("libp2p-peer-record");

/** An envelope's signed bytes start with the length of its domain, then the domain. */
function isPeerRecordPayload(message: Uint8Array): boolean {
  return (
    message[0] === PEER_RECORD_DOMAIN.length &&
    Buffer.from(message.subarray(1, 1 + PEER_RECORD_DOMAIN.length)).equals(Buffer.from(PEER_RECORD_DOMAIN))
  );
}

function addressSet(addresses: Multiaddr[]): string[] {
  return addresses.map((address) => address.decapsulateCode(CODE_P2P).toString()).sort();
}

describe("a node's own peer record", () => {
  const dirs = useTempDirs("waymark-node-test-");
  const hosts: (Libp2p<BaseServices> | NodeHost)[] = [];

  afterEach(async () => {
    await Promise.all(hosts.splice(0).map(async (host) => host.stop()));
  });

  async function startNodeHost(
    privateKey: PrivateKey,
    datastore = new MemoryDatastore(),
  ): Promise<{
    host: NodeHost;
    listen: (address: string) => Promise<void>;
  }> {
    let transportManager: { listen(addresses: Multiaddr[]): Promise<void> } | undefined;
    const dataDir = await dirs.make();
    const config = parseNodeConfig(
      testNodeConfig("0x0000000000000000000000000000000000000001", "http://127.0.0.1:1", dataDir),
    );
    const { host } = await createNodeHost({
      config,
      privateKey,
      datastore,
      metricsRegistry: new Registry(),
      dataDir,
      logger: memoryLogger().logger,
      services: {
        // Reaches the transport manager, so that the test can make the node listen on more.
        transports: (components: { transportManager: typeof transportManager }) => {
          transportManager = components.transportManager;
          return {};
        },
      },
    });
    hosts.push(host);
    return {
      host,
      listen: async (address) => transportManager!.listen([multiaddr(address)]),
    };
  }

  /** Connects a new client to the node and returns the record of the node's answer to its identify. */
  async function identifyFromNewClient(address: Multiaddr): Promise<{ addresses: Multiaddr[]; seq: bigint }> {
    const client = await createWaymarkHost({ connectionManager: LOOPBACK_CONNECTION_SETTINGS });
    hosts.push(client);
    const identified = new Promise<IdentifyResult>((resolve) => {
      client.addEventListener(
        "peer:identify",
        (event) => {
          resolve(event.detail);
        },
        { once: true },
      );
    });
    const connection = await client.dial(address);
    const result = await identified;
    // Identify only returns a record whose envelope's signature checks out for the node's key.
    expect(result.peerId.equals(connection.remotePeer)).toBe(true);
    expect(result.signedPeerRecord).toBeDefined();
    return result.signedPeerRecord!;
  }

  it("is signed once for many identifies, and again with a higher seq when the addresses change", async () => {
    const counted = countingKey(await generateKeyPair("secp256k1"), isPeerRecordPayload);
    const node = await startNodeHost(counted.key);
    const address = node.host.getMultiaddrs()[0]!;

    const first = await identifyFromNewClient(address);
    const second = await identifyFromNewClient(address);
    // The node answered two identifies with the one record it signed.
    expect(counted.signatures()).toBe(1);
    expect(addressSet(first.addresses)).toEqual(addressSet(node.host.getMultiaddrs()));
    expect(second.seq).toBe(first.seq);
    expect(addressSet(second.addresses)).toEqual(addressSet(first.addresses));

    await node.listen("/ip4/127.0.0.1/tcp/0");
    expect(node.host.getMultiaddrs()).toHaveLength(2);
    const current = addressSet(node.host.getMultiaddrs());
    await waitFor(
      async () => addressSet((await identifyFromNewClient(address)).addresses).join() === current.join(),
    );
    const third = await identifyFromNewClient(node.host.getMultiaddrs()[1]!);
    expect(addressSet(third.addresses)).toEqual(current);
    expect(third.seq).toBeGreaterThan(first.seq);
    // The address manager stores the new addresses in the node's peer store a moment later, which
    // announces the change again; the record is already current.
    await waitFor(async () => {
      const stored = await node.host.peerStore.get(node.host.peerId);
      return addressSet(stored.addresses.map((entry) => entry.multiaddr)).join() === current.join();
    });
    await identifyFromNewClient(address);
    expect(counted.signatures()).toBe(2);
  });

  it("lists the node's addresses in its own peer store entry once started, not a second later", async () => {
    const node = await startNodeHost(await generateKeyPair("secp256k1"));
    // Read at once: libp2p's address manager writes them there 1 s after its transports listen,
    // and until then the node's DHT answers for providers leave the node out.
    const stored = await node.host.peerStore.get(node.host.peerId);
    expect(addressSet(stored.addresses.map((entry) => entry.multiaddr))).toEqual(
      addressSet(node.host.getMultiaddrs()),
    );
    expect(stored.addresses.length).toBeGreaterThan(0);
  });

  it("replaces a record an earlier run stored for other addresses", async () => {
    const key = await generateKeyPair("secp256k1");
    const datastore = new MemoryDatastore();
    const earlier = await startNodeHost(key, datastore);
    const before = await identifyFromNewClient(earlier.host.getMultiaddrs()[0]!);
    await Promise.all(hosts.splice(0).map(async (host) => host.stop()));

    const later = await startNodeHost(key, datastore);
    expect(addressSet(later.host.getMultiaddrs())).not.toEqual(addressSet(before.addresses));
    const after = await identifyFromNewClient(later.host.getMultiaddrs()[0]!);
    expect(addressSet(after.addresses)).toEqual(addressSet(later.host.getMultiaddrs()));
    expect(after.seq).toBeGreaterThan(before.seq);
  });
});
