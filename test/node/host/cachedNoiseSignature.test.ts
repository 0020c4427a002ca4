import { generateKeyPair } from "@libp2p/crypto/keys";
import type { Libp2p, PrivateKey } from "@libp2p/interface";
import { afterEach, describe, expect, it } from "vitest";

import { LOOPBACK_CONNECTION_SETTINGS } from "../../../client/kernel/p2p/constants.js";
import type { BaseServices } from "../../../client/kernel/p2p/createHost.js";
import { createWaymarkHost } from "../../../client/kernel/p2p/createHost.js";
import {
  NOISE_STATIC_KEY_PREFIX,
  withCachedNoiseSignature,
} from "../../../node/host/cachedNoiseSignature.js";
import { startNode } from "../../../node/daemon.js";
import { waitFor } from "../../../scripts/kit/wait.js";
import { useProcesses, useTempDirs, useWorld } from "../../helpers/hooks.js";
import { countingKey } from "../helpers/countingKey.js";
import { memoryLogger, TEST_PROVIDERS, testNodeConfig } from "../helpers/fixtures.js";

function isNoisePayload(message: unknown): boolean {
  return (
    message instanceof Uint8Array &&
    Buffer.from(message.subarray(0, NOISE_STATIC_KEY_PREFIX.length)).equals(
      Buffer.from(NOISE_STATIC_KEY_PREFIX),
    )
  );
}

/** A key that claims `claimed`'s identity but signs the Noise payload with `signer`. */
function lyingKey(claimed: PrivateKey, signer: PrivateKey): PrivateKey {
  const lying = Object.create(claimed) as PrivateKey;
  Object.defineProperty(lying, "sign", {
    value: async (message: Uint8Array) =>
      isNoisePayload(message) ? signer.sign(message) : claimed.sign(message),
  });
  return lying;
}

describe("withCachedNoiseSignature", () => {
  const hosts: Libp2p<BaseServices>[] = [];

  afterEach(async () => {
    await Promise.all(hosts.splice(0).map(async (host) => host.stop()));
  });

  async function host(privateKey?: PrivateKey): Promise<Libp2p<BaseServices>> {
    const created = await createWaymarkHost({ privateKey, connectionManager: LOOPBACK_CONNECTION_SETTINGS });
    hosts.push(created);
    return created;
  }

  it("signs the Noise payload once, returns the same valid signature, and signs anything else afresh", async () => {
    const real = await generateKeyPair("secp256k1");
    const counted = countingKey(real, isNoisePayload);
    const key = withCachedNoiseSignature(counted.key);
    const payload = new Uint8Array([...NOISE_STATIC_KEY_PREFIX, ...new Uint8Array(32).fill(7)]);

    const first = await key.sign(payload);
    first.fill(0); // a caller's change must not reach the next handshake
    const second = await key.sign(payload);
    expect(counted.signatures()).toBe(1);
    expect(second).toEqual(await real.sign(payload));
    expect(await real.publicKey.verify(payload, second)).toBe(true);

    const other = new Uint8Array([1, 2, 3]);
    expect(await key.sign(other)).toEqual(await real.sign(other));
    expect(key.publicKey.equals(real.publicKey)).toBe(true);
    expect(key.type).toBe("secp256k1");
    expect(key.raw).toEqual(real.raw);
  });

  it("still completes handshakes each client verifies, and still refuses a client whose signature is wrong", async () => {
    const nodeKey = await generateKeyPair("secp256k1");
    const node = await host(withCachedNoiseSignature(nodeKey));
    const address = node.getMultiaddrs()[0]!;
    const accepted: string[] = [];
    node.addEventListener("connection:open", (event) => accepted.push(event.detail.remotePeer.toString()));

    for (let i = 0; i < 3; i++) {
      const client = await host();
      const connection = await client.dial(address);
      expect(connection.remotePeer.equals(node.peerId)).toBe(true);
      expect(await client.services.ping.ping(connection.remotePeer)).toBeGreaterThanOrEqual(0);
      expect(accepted).toContain(client.peerId.toString());
    }

    // The initiator's dial can resolve before the node has checked its last handshake message;
    // the node then drops the connection without ever opening it.
    const impostor = await host(lyingKey(await generateKeyPair("Ed25519"), await generateKeyPair("Ed25519")));
    const attempt = await impostor.dial(address).catch(() => undefined);
    if (attempt !== undefined) await waitFor(() => attempt.status !== "open");
    expect(accepted).not.toContain(impostor.peerId.toString());
    expect(node.getConnections(impostor.peerId)).toHaveLength(0);
  });
});

describe("a node's handshakes", () => {
  const world = useWorld({ providers: TEST_PROVIDERS });
  const dirs = useTempDirs("waymark-node-test-");
  const nodes = useProcesses();
  const clients: Libp2p<BaseServices>[] = [];

  afterEach(async () => {
    await Promise.all(clients.splice(0).map(async (client) => client.stop()));
  });

  it("sign the node's Noise payload once, however many clients connect", async () => {
    const counted = countingKey(await generateKeyPair("secp256k1"), isNoisePayload);
    const node = await startNode(
      testNodeConfig(world.current.address, world.current.chain.rpcUrl, await dirs.make(), {
        registryBootstrap: false,
      }),
      { privateKey: counted.key, logger: memoryLogger().logger },
    );
    nodes.add(node);
    const address = node.libp2p.getMultiaddrs()[0]!;
    for (let i = 0; i < 3; i++) {
      const client = await createWaymarkHost({ connectionManager: LOOPBACK_CONNECTION_SETTINGS });
      clients.push(client);
      const connection = await client.dial(address);
      expect(connection.remotePeer.equals(node.libp2p.peerId)).toBe(true);
    }
    expect(counted.signatures()).toBe(1);
  });
});
