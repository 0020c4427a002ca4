import { generateKeyPair } from "@libp2p/crypto/keys";
import type { PrivateKey } from "@libp2p/interface";
import { peerIdFromPrivateKey } from "@libp2p/peer-id";
import { ContractFactory } from "ethers";

import { addProvider, setDefaultProvider } from "../../client/actions/registry/curation.js";
import { registerNode, setNodeBootstrap } from "../../client/actions/registry/nodes.js";
import { signNodeConsent } from "../../client/kernel/identity/consent.js";
import { nodeAddressFromPeerId } from "../../client/kernel/identity/nodeAddress.js";
import { nodeWallet } from "../../client/kernel/identity/nodeKey.js";
import type { RegistryClient } from "../../client/kernel/registry/connect.js";
import { connectRegistry } from "../../client/kernel/registry/connect.js";
import { Registry__factory } from "../../client/kernel/registry/contracts/index.js";
import { isRegisteredVerdict, NodeVerifier } from "../../client/kernel/registry/verifier.js";
import { MAIL_SERVICE } from "../../client/kernel/service/serviceId.js";
import type { PeerPolicyCheck } from "../../node/services/types.js";
import type { Chain } from "./chain.js";
import { binScript } from "./paths.js";
import { runProcess } from "./process.js";

/** Options of {@link deployRegistry}. */
export interface DeployRegistryOptions {
  /**
   * `factory`: the TypeChain factory, signed by `signers[0]` (no admin transfer delay; quick).
   * `ignition`: Hardhat Ignition's module, as `npm run deploy -- --network localhost` does.
   * @default "factory"
   */
  via?: "factory" | "ignition";
  /** Creation bytecode to deploy instead of the factory's (`factory` only). */
  bytecode?: string;
  /** The Ignition deployment id (`ignition` only), recorded under `scripts/ignition/deployments/`. @default "waymark-local" */
  deploymentId?: string;
}

/**
 * Deploys a registry whose admin and first curator is `signers[0]`.
 *
 * @param chain - The chain.
 * @param options - How to deploy.
 * @returns The registry address.
 */
export async function deployRegistry(chain: Chain, options: DeployRegistryOptions = {}): Promise<string> {
  if (options.via === "ignition") return deployWithIgnition(chain, options.deploymentId ?? "waymark-local");
  const admin = chain.signers[0];
  if (admin === undefined) throw new Error("the chain has no funded account");
  const factory =
    options.bytecode === undefined
      ? new Registry__factory(admin)
      : new ContractFactory(Registry__factory.abi, options.bytecode, admin);
  const registry = await factory.deploy(0n, admin.address, [admin.address]);
  await registry.waitForDeployment();
  return registry.getAddress();
}

/**
 * Deploys the registry with Hardhat Ignition (reset on every run) with the contracts the last
 * `hardhat build` compiled: Ignition's own default, the `production` build profile, would compile
 * them again (about 10 s), and the next `hardhat build` once more.
 */
async function deployWithIgnition(chain: Chain, deploymentId: string): Promise<string> {
  const { output } = await runProcess({
    name: "hardhat ignition deploy",
    args: [
      binScript("hardhat"),
      "--build-profile",
      "default",
      "ignition",
      "deploy",
      "scripts/ignition/modules/Registry.ts",
      "--network",
      "localhost",
      "--deployment-id",
      deploymentId,
      "--reset",
    ],
    env: { WAYMARK_LOCAL_RPC_URL: chain.rpcUrl, HARDHAT_DISABLE_TELEMETRY_PROMPT: "true" },
    timeoutMs: 180_000,
    check: true,
  });
  const match = /Registry#Registry - (0x[0-9a-fA-F]{40})/.exec(output);
  if (match?.[1] === undefined) throw new Error(`Ignition printed no registry address:\n${output}`);
  return match[1];
}

/**
 * A fresh node key.
 *
 * @returns A secp256k1 libp2p key.
 */
export async function newNodeKey(): Promise<PrivateKey> {
  return generateKeyPair("secp256k1");
}

/**
 * Registers a node under a provider, with the consent the node's own key signs (a fresh key:
 * nonce 0), as the provider's owner does.
 *
 * @param owner - The provider owner's connection.
 * @param key - The node's secp256k1 key.
 * @param options - Provider and service.
 */
export async function registerNodeKey(
  owner: RegistryClient,
  key: PrivateKey,
  options: Pick<RegisterNodeOptions, "providerId" | "service">,
): Promise<void> {
  const consent = await signNodeConsent(nodeWallet(key), {
    peerId: peerIdFromPrivateKey(key).toString(),
    providerId: options.providerId,
    service: options.service ?? MAIL_SERVICE,
    nonce: 0n,
    deadline: BigInt(Math.floor(Date.now() / 1000) + 86_400),
    chainId: owner.chainId,
    registry: owner.address,
  });
  await registerNode(owner, consent);
}

/** Options of {@link RegistryWorld.addProvider}. */
export interface AddProviderOptions {
  /** Whether clients trust it by default. @default true */
  isDefault?: boolean;
  /** Its name. @default "Provider <n>" */
  name?: string;
  /** Its metadata URI. @default "" */
  metadataURI?: string;
}

/** Options of {@link RegistryWorld.registerNode}. */
export interface RegisterNodeOptions {
  /** A provider added by {@link RegistryWorld.addProvider}. */
  providerId: bigint;
  /** The service. @default "mail/1" */
  service?: string;
  /** Bootstrap multiaddrs to publish for the node, as its provider does. */
  bootstrap?: readonly string[];
}

/**
 * A registry on a local chain and the parties around it: `signers[0]` is its admin and curator,
 * each provider is owned by the next funded account, and nodes are registered with the consent
 * their own keys sign.
 */
export class RegistryWorld {
  private readonly owners = new Map<bigint, RegistryClient>();
  private nextOwner = 1;

  private constructor(
    /** The chain. */
    readonly chain: Chain,
    /** The curator's connection (`signers[0]`). */
    readonly curator: RegistryClient,
  ) {}

  /**
   * Deploys a registry, connects its curator and admits the providers asked for.
   *
   * @param chain - The chain.
   * @param options - How to deploy; providers to admit, in order (ids 1, 2, …). @default no provider
   * @returns The world.
   */
  static async deploy(
    chain: Chain,
    options: DeployRegistryOptions & { providers?: readonly AddProviderOptions[] } = {},
  ): Promise<RegistryWorld> {
    const address = await deployRegistry(chain, options);
    const curator = await connectRegistry({
      provider: chain.provider,
      rpcUrl: chain.rpcUrl,
      address,
      signer: chain.signers[0],
    });
    const world = new RegistryWorld(chain, curator);
    for (const provider of options.providers ?? []) await world.addProvider(provider);
    return world;
  }

  /** The registry address. */
  get address(): string {
    return this.curator.address;
  }

  /** The chain id. */
  get chainId(): bigint {
    return this.curator.chainId;
  }

  /**
   * Admits an active provider owned by the next funded account (`signers[1]`, then `signers[2]`…).
   *
   * @param options - Default or not, name, metadata.
   * @returns The provider id.
   */
  async addProvider(options: AddProviderOptions = {}): Promise<bigint> {
    const signer = this.chain.signers[this.nextOwner];
    if (signer === undefined) throw new Error("no funded account left to own a provider");
    const { providerId } = await addProvider(this.curator, {
      owner: signer.address,
      name: options.name ?? `Provider ${this.nextOwner}`,
      metadataURI: options.metadataURI ?? "",
    });
    this.nextOwner += 1;
    if (options.isDefault ?? true) await setDefaultProvider(this.curator, providerId, true);
    this.owners.set(
      providerId,
      await connectRegistry({
        provider: this.chain.provider,
        rpcUrl: this.chain.rpcUrl,
        address: this.address,
        signer,
      }),
    );
    return providerId;
  }

  /**
   * A provider's connection, signing as its owner.
   *
   * @param providerId - A provider added by {@link addProvider}.
   * @returns The connection.
   */
  provider(providerId: bigint): RegistryClient {
    const owner = this.owners.get(providerId);
    if (owner === undefined) throw new Error(`provider ${providerId} was not added to this registry world`);
    return owner;
  }

  /**
   * Registers a node under a provider, with the consent its own key signs (a fresh key: nonce 0).
   *
   * @param key - The node's secp256k1 key.
   * @param options - Provider, service, bootstrap addresses.
   */
  async registerNode(key: PrivateKey, options: RegisterNodeOptions): Promise<void> {
    await registerNodeKey(this.provider(options.providerId), key, options);
    if (options.bootstrap !== undefined)
      await this.publishBootstrap(key, options.providerId, options.bootstrap);
  }

  /**
   * Registers many nodes: one provider's nodes in turn, the providers in parallel (each owner
   * sends its own transactions, so their nonces never clash).
   *
   * @param nodes - Each node's key and registration options.
   */
  async registerNodes(nodes: readonly ({ key: PrivateKey } & RegisterNodeOptions)[]): Promise<void> {
    const byProvider = Map.groupBy(nodes, (node) => node.providerId);
    await Promise.all(
      [...byProvider.values()].map(async (group) => {
        for (const node of group) await this.registerNode(node.key, node);
      }),
    );
  }

  /**
   * Publishes a registered node's bootstrap multiaddrs, as its provider does.
   *
   * @param key - The node's key.
   * @param providerId - Its provider.
   * @param multiaddrs - Addresses ending in `/p2p/<peer id>`.
   */
  async publishBootstrap(key: PrivateKey, providerId: bigint, multiaddrs: readonly string[]): Promise<void> {
    await setNodeBootstrap(this.provider(providerId), nodeWallet(key).address, multiaddrs);
  }

  /**
   * A fresh node key (see {@link newNodeKey}).
   *
   * @returns A secp256k1 libp2p key.
   */
  async newNodeKey(): Promise<PrivateKey> {
    return newNodeKey();
  }

  /**
   * A replication policy backed by the registry, as the daemon gives services by default: a peer
   * is allowed when it is registered and active for `service` under an active provider.
   *
   * @param service - The service. @default "mail/1"
   * @returns The check.
   */
  check(service: string = MAIL_SERVICE): PeerPolicyCheck {
    const verifier = new NodeVerifier(this.curator, { service, cacheTtlMs: 1_000 });
    return async (peers) => {
      try {
        const answers = await verifier.verify(peers.map((peer) => nodeAddressFromPeerId(peer)));
        return answers.map((answer) => ({
          allowed: isRegisteredVerdict(answer.verdict),
          reason: answer.verdict,
          providerId: answer.providerId,
          ownProvider: false,
        }));
      } catch {
        return peers.map(() => ({
          allowed: false,
          reason: "Unverified",
          providerId: undefined,
          ownProvider: false,
        }));
      }
    };
  }
}
