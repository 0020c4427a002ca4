import { generateKeyPair } from "@libp2p/crypto/keys";
import type { Libp2p, PrivateKey } from "@libp2p/interface";
import { peerIdFromPrivateKey } from "@libp2p/peer-id";

import type { WaymarkClient } from "../../client/clients/createWaymarkClient.js";
import { createWaymarkClient } from "../../client/clients/createWaymarkClient.js";
import { nodeWallet } from "../../client/kernel/identity/nodeKey.js";
import type { WaymarkClientOptions } from "../../client/options/index.js";
import { LOOPBACK_CONNECTION_SETTINGS } from "../../client/kernel/p2p/constants.js";
import type { BaseServices } from "../../client/kernel/p2p/createHost.js";
import { createWaymarkHost } from "../../client/kernel/p2p/createHost.js";
import type { RegistryClient } from "../../client/kernel/registry/connect.js";
import { connectRegistry } from "../../client/kernel/registry/connect.js";
import { MAIL_SERVICE } from "../../client/kernel/service/serviceId.js";
import { serviceKey } from "../../client/kernel/service/serviceKey.js";
import { mailService } from "../../node/mail/index.js";
import type { Chain } from "../../scripts/kit/chain.js";
import { startChain } from "../../scripts/kit/chain.js";
import { RegistryWorld } from "../../scripts/kit/registry.js";

/** A server node of the test network: a real libp2p host on 127.0.0.1. */
export interface TestNode {
  host: Libp2p<BaseServices>;
  key: PrivateKey;
  peerId: string;
  /** Node address. */
  node: string;
  /** A dialable multiaddr ending in `/p2p/<peer id>`. */
  multiaddr: string;
  /** The provider it is registered under, if it is. */
  providerId: bigint | undefined;
}

/** Options of {@link TestNetwork.startNode}. */
export interface StartNodeOptions {
  /** Register the node under this provider (with its owner's signer); a rogue node when absent. */
  providerId?: bigint;
  /** Announce the service key in the DHT. @default true */
  provide?: boolean;
  /** Mount the mail service (in-memory store, no replication). @default false */
  mail?: boolean;
}

/**
 * A Hardhat chain with a deployed registry (the kit's {@link RegistryWorld}), a DHT seed host,
 * and helpers to start registered (or rogue) nodes and clients. `signers[0]` is the curator;
 * providers are owned by `signers[1..]`.
 */
export class TestNetwork {
  readonly nodes: TestNode[] = [];
  readonly clients: WaymarkClient[] = [];
  private readonly owners = new Map<bigint, number>();
  private chainClosed = false;

  private constructor(
    /** The registry, its curator and its providers' owners. */
    readonly world: RegistryWorld,
    readonly seed: Libp2p<BaseServices>,
  ) {}

  /** @returns A running chain, registry and DHT seed. */
  static async start(): Promise<TestNetwork> {
    const chain = await startChain();
    const world = await RegistryWorld.deploy(chain);
    const seed = await createWaymarkHost({
      privateKey: await generateKeyPair("secp256k1"),
      dhtClientMode: false,
      connectionManager: LOOPBACK_CONNECTION_SETTINGS,
    });
    return new TestNetwork(world, seed);
  }

  /** The chain. */
  get chain(): Chain {
    return this.world.chain;
  }

  /** The registry address. */
  get registryAddress(): string {
    return this.world.address;
  }

  /** The curator's connection (`signers[0]`). */
  get curator(): RegistryClient {
    return this.world.curator;
  }

  /** The seed's multiaddr, a DHT entry point for clients. */
  get seedAddress(): string {
    return this.seed.getMultiaddrs()[0]!.toString();
  }

  /** The DHT key of the mail service of this registry. */
  get serviceKey(): ReturnType<typeof serviceKey> {
    return serviceKey({
      chainId: this.curator.chainId,
      registry: this.registryAddress,
      service: MAIL_SERVICE,
    });
  }

  /**
   * A registry connection signing as one of the chain's accounts.
   *
   * @param signerIndex - Index into the funded accounts.
   * @returns The connection.
   */
  async connectAs(signerIndex: number): Promise<RegistryClient> {
    return connectRegistry({
      provider: this.chain.provider,
      rpcUrl: this.chain.rpcUrl,
      address: this.registryAddress,
      signer: this.chain.signers[signerIndex],
    });
  }

  /**
   * Admits an active provider owned by the next funded account.
   *
   * @param options - Whether it is a default provider, its name.
   * @returns The provider id.
   */
  async addProvider(options: { isDefault?: boolean; name?: string } = {}): Promise<bigint> {
    const providerId = await this.world.addProvider(options);
    const owner = await this.world.provider(providerId).signer!.getAddress();
    this.owners.set(
      providerId,
      this.chain.signers.findIndex((signer) => signer.address === owner),
    );
    return providerId;
  }

  /**
   * The account index that owns a provider.
   *
   * @param providerId - The provider.
   * @returns The index into the funded accounts.
   */
  ownerOf(providerId: bigint): number {
    const index = this.owners.get(providerId);
    if (index === undefined) throw new Error(`provider ${providerId} was not added by this network`);
    return index;
  }

  /**
   * Starts a server node on 127.0.0.1 that joins the DHT through the seed, registers it on chain
   * with a consent signed by its own key (unless rogue), and announces the service key.
   *
   * @param options - Provider, announcing, extra services.
   * @returns The node.
   */
  async startNode(options: StartNodeOptions = {}): Promise<TestNode> {
    const key = await generateKeyPair("secp256k1");
    const host = await createWaymarkHost({
      privateKey: key,
      dhtClientMode: false,
      connectionManager: LOOPBACK_CONNECTION_SETTINGS,
      ...(options.mail === true ? { services: { mail: mailService({ catchUpWaitMs: 0 }) } } : {}),
    });
    const peerId = peerIdFromPrivateKey(key).toString();
    const node: TestNode = {
      host,
      key,
      peerId,
      node: nodeWallet(key).address,
      multiaddr: host.getMultiaddrs()[0]!.toString(),
      providerId: options.providerId,
    };
    this.nodes.push(node);
    if (options.providerId !== undefined) await this.register(node, options.providerId);
    await host.dial(this.seed.getMultiaddrs()[0]!);
    if (options.provide ?? true) {
      for await (const _event of host.services.dht.provide(this.serviceKey)) {
        // Announcing happens as the query runs.
      }
    }
    return node;
  }

  /**
   * Registers a node under a provider with the consent its own (fresh) key signs.
   *
   * @param node - The node.
   * @param providerId - The provider.
   */
  async register(node: TestNode, providerId: bigint): Promise<void> {
    await this.world.registerNode(node.key, { providerId });
    node.providerId = providerId;
  }

  /**
   * Creates a client of this network (stopped with the network). It joins the DHT through the seed
   * and polls registry events every 200 ms.
   *
   * @param options - Overrides.
   * @returns The client.
   */
  async createClient(options: Partial<WaymarkClientOptions> = {}): Promise<WaymarkClient> {
    const client = await createWaymarkClient({
      rpcUrl: this.chain.rpcUrl,
      registry: this.registryAddress,
      bootstrap: [this.seedAddress],
      watchIntervalMs: 200,
      ...options,
    });
    this.clients.push(client);
    return client;
  }

  /** Stops every client, node, the seed and the chain. */
  async stop(): Promise<void> {
    await Promise.all(this.clients.splice(0).map(async (client) => client.stop()));
    await Promise.all(this.nodes.splice(0).map(async (node) => node.host.stop()));
    await this.seed.stop();
    await this.stopChain();
  }

  /** Stops the chain (the registry's RPC becomes unreachable); idempotent. */
  async stopChain(): Promise<void> {
    if (this.chainClosed) return;
    this.chainClosed = true;
    await this.chain.close();
  }
}
