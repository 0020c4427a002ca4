import { generateKeyPair } from "@libp2p/crypto/keys";

import type { NodeProcess } from "../../kit/nodeProcess.js";
import { startNodeProcess } from "../../kit/nodeProcess.js";
import type { RegistryWorld } from "../../kit/registry.js";

/** Options of {@link startServiceNode}. */
export interface ServiceNodeInit {
  /** The registry, with its chain. */
  world: RegistryWorld;
  /** `relay/1` or `records/1`. */
  service: "relay/1" | "records/1";
  /** The provider that registers the node. */
  providerId: bigint;
  /** The folder of the node's configuration, key and data. */
  dir: string;
  /** Peers to join the DHT through. */
  bootstrap: readonly string[];
  /** A label for messages. */
  name: string;
}

/**
 * Registers a fresh key for a service under a provider and starts `waymark-node start` on it,
 * waiting until it has announced the service (or only started, when it has no peer to announce to).
 *
 * @param init - Registry, service, provider, folder, bootstrap peers, label.
 * @returns The running node.
 */
export async function startServiceNode(init: ServiceNodeInit): Promise<NodeProcess> {
  const key = await generateKeyPair("secp256k1");
  await init.world.registerNode(key, { providerId: init.providerId, service: init.service });
  return startNodeProcess({
    name: init.name,
    dir: init.dir,
    registry: init.world.address,
    rpcUrl: init.world.chain.rpcUrl,
    key,
    config: { service: init.service, bootstrap: [...init.bootstrap], registryRetryInterval: "200ms" },
    until: init.bootstrap.length === 0 ? "ready" : "announced",
    killOnExit: true,
  });
}
