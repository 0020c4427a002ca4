import { Wallet } from "ethers";

import type { RelayClientOptions, WaymarkRelayClient } from "../../client/clients/createRelayClient.js";
import { createRelayClient } from "../../client/clients/createRelayClient.js";
import { LOOPBACK_CONNECTION_SETTINGS } from "../../client/kernel/p2p/constants.js";
import type { NodeConfigInput } from "../../node/config/types.js";
import type { WaymarkNode } from "../../node/daemon.js";
import { startNode } from "../../node/daemon.js";
import { recordsModule } from "../../node/records/module.js";
import type { RelayLimitsInit, RelayStatus } from "../../node/relay/index.js";
import { relayModule } from "../../node/relay/index.js";
import type { NodeServiceModule } from "../../node/services/types.js";
import type { NodeProcess } from "../../scripts/kit/nodeProcess.js";
import { startNodeProcess } from "../../scripts/kit/nodeProcess.js";
import type { RegistryWorld } from "../../scripts/kit/registry.js";
import { newNodeKey } from "../../scripts/kit/registry.js";
import type { TempDirs } from "../../scripts/kit/tempDirs.js";
import type { Ref, Running } from "../helpers/hooks.js";
import { memoryLogger, testNodeConfig } from "../node/helpers/fixtures.js";

/** Providers of the relay tests: 1 and 2 are trusted by the clients, 3 is admitted but not trusted. */
export const RELAY_TEST_PROVIDERS = [
  { name: "Alpha Relays", metadataURI: "https://alpha.example" },
  { name: "Beta Relays", metadataURI: "https://beta.example", isDefault: false },
  { name: "Gamma Relays", metadataURI: "https://gamma.example", isDefault: false },
];

/** The trust policy of the relay tests' clients. */
export const RELAY_TEST_TRUST = { providers: [1n, 2n] };

/** Registered relay/1 and records/1 nodes and relay clients of one test, stopped after it. */
export class RelayWorld {
  /** Every node started, in order; the first is every later node's and client's bootstrap. */
  readonly nodes: WaymarkNode[] = [];

  /**
   * @param world - The registry world.
   * @param dirs - The test's folders.
   * @param running - The test's processes.
   */
  constructor(
    private readonly world: Ref<RegistryWorld>,
    private readonly dirs: TempDirs,
    private readonly running: Running,
  ) {}

  /**
   * Starts a registered relay/1 node in process.
   *
   * @param providerId - Its provider.
   * @param limits - Relay limits.
   * @param module - Another module serving relay/1 (a hostile relay), instead of the real one.
   * @returns The node (see {@link RelayWorld.announced}).
   */
  async relay(
    providerId: bigint,
    limits: RelayLimitsInit = {},
    module?: NodeServiceModule,
  ): Promise<WaymarkNode> {
    return this.node("relay/1", providerId, module ?? relayModule(limits));
  }

  /**
   * Starts a registered records/1 node in process.
   *
   * @param providerId - Its provider.
   * @returns The node (see {@link RelayWorld.announced}).
   */
  async records(providerId: bigint): Promise<WaymarkNode> {
    return this.node("records/1", providerId, recordsModule());
  }

  /**
   * Starts a registered relay/1 node as a `waymark-node start` process (one a test can kill).
   *
   * @param providerId - Its provider.
   * @returns The process, once it has announced the service.
   */
  async relayProcess(providerId: bigint): Promise<NodeProcess> {
    const key = await newNodeKey();
    await this.world.current.registerNode(key, { providerId, service: "relay/1" });
    const node = await startNodeProcess({
      dir: await this.dirs.make(),
      key,
      registry: this.world.current.address,
      rpcUrl: this.world.current.chain.rpcUrl,
      config: {
        service: "relay/1",
        bootstrap: this.nodes.slice(0, 1).map((first) => first.libp2p.getMultiaddrs()[0]!.toString()),
        registryRetryInterval: "200ms",
      },
      until: "announced",
      killOnExit: true,
    });
    this.running.add(node);
    return node;
  }

  /** Resolves once every node started so far has announced its service in the DHT. */
  async announced(): Promise<void> {
    await Promise.all(this.nodes.map(async (node) => node.waitForAnnouncement()));
  }

  /**
   * A relay client bootstrapped on the first node.
   *
   * @param options - More options (identity of a service, trust).
   * @returns The client.
   */
  async client(options: Partial<RelayClientOptions> = {}): Promise<WaymarkRelayClient> {
    const client = await createRelayClient({
      rpcUrl: this.world.current.chain.rpcUrl,
      registry: this.world.current.address,
      trust: RELAY_TEST_TRUST,
      bootstrap: this.nodes.slice(0, 1).map((node) => node.libp2p.getMultiaddrs()[0]!.toString()),
      watchRegistry: false,
      hostInit: { connectionManager: LOOPBACK_CONNECTION_SETTINGS },
      ...options,
    });
    this.running.add(client);
    return client;
  }

  /**
   * A service's identity: a fresh key behind its address.
   *
   * @returns The wallet.
   */
  identity(): Wallet {
    return Wallet.createRandom() as unknown as Wallet;
  }

  private async node(
    service: "relay/1" | "records/1",
    providerId: bigint,
    module: NodeServiceModule,
    overrides: NodeConfigInput = {},
  ): Promise<WaymarkNode> {
    const privateKey = await newNodeKey();
    await this.world.current.registerNode(privateKey, { providerId, service });
    const bootstrap = this.nodes.slice(0, 1).map((node) => node.libp2p.getMultiaddrs()[0]!.toString());
    const config = testNodeConfig(
      this.world.current.address,
      this.world.current.chain.rpcUrl,
      await this.dirs.make(),
      {
        service,
        bootstrap,
        ...overrides,
      },
    );
    const node = await startNode(config, { privateKey, modules: [module], logger: memoryLogger().logger });
    this.running.add(node);
    this.nodes.push(node);
    return node;
  }
}

/**
 * What a relay node reports under `relay` in its status.
 *
 * @param node - A relay/1 node.
 * @returns Its relay status.
 */
export function relayStatusOf(node: WaymarkNode): RelayStatus {
  return (node.status().services as Record<string, unknown>).relay as RelayStatus;
}
