import type { PrivateKey } from "@libp2p/interface";
import { peerIdFromPrivateKey } from "@libp2p/peer-id";
import { readFile } from "node:fs/promises";
import { setTimeout } from "node:timers/promises";

import { ContractFactory } from "ethers";

import { signNodeConsent } from "../../../client/kernel/identity/consent.js";
import { nodeWallet } from "../../../client/kernel/identity/nodeKey.js";
import type { RegistryClient } from "../../../client/kernel/registry/connect.js";
import { connectRegistry } from "../../../client/kernel/registry/connect.js";
import { Registry__factory } from "../../../client/kernel/registry/contracts/index.js";
import { addProvider, setDefaultProvider } from "../../../client/actions/registry/curation.js";
import { registerNode, setNodeBootstrap } from "../../../client/actions/registry/nodes.js";
import { MAIL_SERVICE } from "../../../client/kernel/service/serviceId.js";
import type { LocalChain } from "../../lib/localChain.js";
import { ROOT } from "./processes.js";

/** The registry's build artifact, as `hardhat build` writes it. */
const REGISTRY_ARTIFACT = `${ROOT}artifacts/contracts/Registry.sol/Registry.json`;

/** The address Hardhat's coverage instrumentation calls: its bytecode is not the registry's. */
const COVERAGE_MARKER = "c0bec0bec0bec0bec0bec0bec0bec0bec0bec0be";

/**
 * The registry's creation bytecode, read from the build artifact when it is deployed. A coverage
 * run (`hardhat test --coverage`) rewrites the artifacts with instrumented bytecode while it runs;
 * that code measures something else (and exceeds the size limit), so this waits for the plain build.
 *
 * @returns The bytecode.
 * @throws Error when the artifact stays instrumented for three minutes.
 */
async function registryBytecode(): Promise<string> {
  for (let waited = 0; ; waited += 2) {
    const { bytecode } = JSON.parse(await readFile(REGISTRY_ARTIFACT, "utf8")) as { bytecode: string };
    if (!bytecode.includes(COVERAGE_MARKER)) return bytecode;
    if (waited >= 180)
      throw new Error("the registry artifact holds coverage-instrumented bytecode: run `npx hardhat build`");
    if (waited === 0)
      console.error("the registry artifact is coverage-instrumented; waiting for a plain build");
    await setTimeout(2_000);
  }
}

/**
 * A registry deployed for a benchmark: `signers[0]` is its admin and curator, each provider is
 * owned by the next funded account, and nodes are registered with their own keys' consents.
 */
export class BenchRegistry {
  private readonly owners = new Map<bigint, RegistryClient>();
  private nextOwner = 1;

  private constructor(
    private readonly chain: LocalChain,
    /** The curator's connection. */
    readonly curator: RegistryClient,
  ) {}

  /** The registry address. */
  get address(): string {
    return this.curator.address;
  }

  /** The chain id. */
  get chainId(): bigint {
    return this.curator.chainId;
  }

  /**
   * Deploys a registry (no admin transfer delay) whose admin and first curator is `signers[0]`.
   *
   * @param chain - The chain.
   * @returns The registry.
   */
  static async deploy(chain: LocalChain): Promise<BenchRegistry> {
    const admin = chain.signers[0];
    if (admin === undefined) throw new Error("the chain has no funded account");
    const factory = new ContractFactory(Registry__factory.abi, await registryBytecode(), admin);
    const contract = await factory.deploy(0n, admin.address, [admin.address]);
    await contract.waitForDeployment();
    const curator = await connectRegistry({
      provider: chain.provider,
      rpcUrl: chain.rpcUrl,
      address: await contract.getAddress(),
      signer: admin,
    });
    return new BenchRegistry(chain, curator);
  }

  /**
   * Admits an active provider owned by the next funded account.
   *
   * @param options - Whether clients trust it by default. @default { isDefault: true }
   * @returns The provider id.
   */
  async addProvider(options: { isDefault?: boolean } = {}): Promise<bigint> {
    const signer = this.chain.signers[this.nextOwner];
    if (signer === undefined) throw new Error("no funded account left to own a provider");
    const { providerId } = await addProvider(this.curator, {
      owner: signer.address,
      name: `Bench provider ${this.nextOwner}`,
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
   * Registers a node for `mail/1` under a provider, with the consent its own key signs.
   *
   * @param key - The node's secp256k1 key (fresh: its consent nonce is 0).
   * @param providerId - A provider added by {@link addProvider}.
   */
  async registerNode(key: PrivateKey, providerId: bigint): Promise<void> {
    const owner = this.owner(providerId);
    const consent = await signNodeConsent(nodeWallet(key), {
      peerId: peerIdFromPrivateKey(key).toString(),
      providerId,
      service: MAIL_SERVICE,
      nonce: 0n,
      deadline: BigInt(Math.floor(Date.now() / 1000) + 86_400),
      chainId: owner.chainId,
      registry: owner.address,
    });
    await registerNode(owner, consent);
  }

  /**
   * Publishes a registered node's bootstrap multiaddrs, as its provider does.
   *
   * @param key - The node's key.
   * @param providerId - Its provider.
   * @param multiaddrs - Addresses ending in `/p2p/<peer id>`.
   */
  async publishBootstrap(key: PrivateKey, providerId: bigint, multiaddrs: readonly string[]): Promise<void> {
    await setNodeBootstrap(this.owner(providerId), nodeWallet(key).address, multiaddrs);
  }

  /**
   * Registers many nodes (and publishes their bootstrap addresses when given), one provider's
   * nodes in turn but the providers in parallel: each provider's owner sends its own transactions,
   * so their nonces never clash.
   *
   * @param nodes - Each node's key, provider and, optionally, bootstrap multiaddrs.
   */
  async registerNodes(
    nodes: readonly { key: PrivateKey; providerId: bigint; bootstrap?: readonly string[] }[],
  ): Promise<void> {
    const byProvider = Map.groupBy(nodes, (node) => node.providerId);
    await Promise.all(
      [...byProvider.values()].map(async (group) => {
        for (const node of group) {
          await this.registerNode(node.key, node.providerId);
          if (node.bootstrap !== undefined)
            await this.publishBootstrap(node.key, node.providerId, node.bootstrap);
        }
      }),
    );
  }

  private owner(providerId: bigint): RegistryClient {
    const owner = this.owners.get(providerId);
    if (owner === undefined) throw new Error(`provider ${providerId} was not added by this benchmark`);
    return owner;
  }
}
