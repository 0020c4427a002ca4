import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import type { TypedDataDomain } from "ethers";
import { Wallet, encodeBytes32String, hexlify, randomBytes } from "ethers";
import { network } from "hardhat";

import { NODE_CONSENT_TYPES, NODE_RETIREMENT_TYPES } from "../../client/kernel/identity/consent.js";
import type { Registry } from "../../client/kernel/registry/contracts/index.js";

/** The client's typed-data types, so these tests check the contract against them. */
export { NODE_CONSENT_TYPES, NODE_RETIREMENT_TYPES };

/** One in-process Hardhat network shared by every contract test file. */
export const { ethers, networkHelpers } = await network.create();

export type { Registry };

/** Block-time helpers of the shared network. */
export const time = networkHelpers.time;

/**
 * Runs `fixture` once, then restores the chain to the state it left on every later call.
 *
 * @param fixture A named fixture function (snapshots are keyed by the function).
 * @returns What the fixture returned.
 */
export async function loadFixture<T>(fixture: () => Promise<T>): Promise<T> {
  return networkHelpers.loadFixture(fixture);
}

/** Seconds a default-admin transfer waits in the fixtures (the Ignition module's default). */
export const ADMIN_TRANSFER_DELAY = 86_400n;

/** How long a consent or retirement signed by the helpers stays valid, in seconds. */
export const SIGNATURE_LIFETIME = 3_600n;

/** The mail service id, as the registry stores it. */
export const MAIL = encodeBytes32String("mail/1");
/** Another service, to tell services apart. */
export const RELAY = encodeBytes32String("relay/1");

/** `IRegistry.ProviderStatus`. */
export const ProviderStatus = {
  None: 0n,
  Pending: 1n,
  Active: 2n,
  Suspended: 3n,
  Rejected: 4n,
  Retired: 5n,
} as const;

/** `IRegistry.NodeStatus`. */
export const NodeStatus = { None: 0n, Active: 1n, Suspended: 2n, Retired: 3n } as const;

/** `IRegistry.Verdict`. */
export const Verdict = {
  Trusted: 0n,
  NodeUnknown: 1n,
  NodeSuspended: 2n,
  NodeRetired: 3n,
  WrongService: 4n,
  ProviderNotActive: 5n,
  ProviderNotTrusted: 6n,
} as const;

/** `IRegistry.NodeConsent`. */
export interface NodeConsent {
  node: string;
  providerId: bigint;
  service: string;
  nonce: bigint;
  deadline: bigint;
}

const SIGNER_NAMES = [
  "admin",
  "curator",
  "owner",
  "operator",
  "otherOwner",
  "applicant",
  "stranger",
] as const;

/** The funded test accounts the suites use, by role. */
export type Signers = Record<(typeof SIGNER_NAMES)[number], HardhatEthersSigner>;

/**
 * The funded test accounts under the names the suites use.
 *
 * @returns One signer per role; throws when the network has too few accounts.
 */
export async function namedSigners(): Promise<Signers> {
  const all = await ethers.getSigners();
  const entries = SIGNER_NAMES.map((name, i) => {
    const signer = all[i];
    if (signer === undefined) throw new Error(`expected at least ${SIGNER_NAMES.length} funded accounts`);
    return [name, signer] as const;
  });
  return Object.fromEntries(entries) as Signers;
}

/**
 * A fresh secp256k1 node key, connected to the test network so that it can send transactions
 * once funded.
 *
 * @returns The node key.
 */
export function randomNodeKey(): Wallet {
  return new Wallet(hexlify(randomBytes(32)), ethers.provider);
}

/**
 * A node key with ether to pay for its own transactions.
 *
 * @returns The funded node key.
 */
export async function fundedNodeKey(): Promise<Wallet> {
  const key = randomNodeKey();
  await networkHelpers.setBalance(key.address, 10n ** 18n);
  return key;
}

/**
 * The registry's EIP-712 domain, read from the contract (ERC-5267).
 *
 * @param registry The registry.
 * @returns The domain node keys sign under.
 */
export async function registryDomain(registry: Registry): Promise<TypedDataDomain> {
  const { name, version, chainId, verifyingContract } = await registry.eip712Domain();
  return { name, version, chainId, verifyingContract };
}

/**
 * A consent for `key` to be registered under `providerId`, at the node's current nonce and
 * valid for `SIGNATURE_LIFETIME` from the latest block.
 *
 * @param registry The registry.
 * @param key The node key (or its address).
 * @param providerId The provider that may register the node.
 * @param overrides Fields to set instead of the defaults.
 * @returns The consent.
 */
export async function consentFor(
  registry: Registry,
  key: Wallet | string,
  providerId: bigint,
  overrides: Partial<NodeConsent> = {},
): Promise<NodeConsent> {
  const node = typeof key === "string" ? key : key.address;
  const { nonce } = await registry.getNode(node);
  const deadline = BigInt(await networkHelpers.time.latest()) + SIGNATURE_LIFETIME;
  return { node, providerId, service: MAIL, nonce, deadline, ...overrides };
}

/**
 * Signs a node consent with `key` under the registry's domain, or under `domain` when given.
 *
 * @param registry The registry.
 * @param key The signing key.
 * @param consent The consent.
 * @param domain Fields of the domain to replace (another chain id, another registry).
 * @returns The 65-byte signature.
 */
export async function signConsent(
  registry: Registry,
  key: Wallet,
  consent: NodeConsent,
  domain: TypedDataDomain = {},
): Promise<string> {
  return key.signTypedData({ ...(await registryDomain(registry)), ...domain }, NODE_CONSENT_TYPES, consent);
}

/**
 * Signs a retirement of `key`'s node at its current nonce.
 *
 * @param registry The registry.
 * @param key The node key.
 * @param deadline Last valid block timestamp.
 * @returns The 65-byte signature.
 */
export async function signRetirement(registry: Registry, key: Wallet, deadline: bigint): Promise<string> {
  const { nonce } = await registry.getNode(key.address);
  return key.signTypedData(await registryDomain(registry), NODE_RETIREMENT_TYPES, {
    node: key.address,
    nonce,
    deadline,
  });
}

/**
 * Registers `key` as a node of `providerId` with its own consent, sent by `manager`.
 *
 * @param registry The registry.
 * @param manager The provider's owner or an operator.
 * @param key The node key.
 * @param providerId The provider.
 * @param service The service the node serves.
 */
export async function registerNode(
  registry: Registry,
  manager: HardhatEthersSigner,
  key: Wallet,
  providerId: bigint,
  service: string = MAIL,
): Promise<void> {
  const consent = await consentFor(registry, key, providerId, { service });
  const tx = await registry.connect(manager).registerNode(consent, await signConsent(registry, key, consent));
  await tx.wait();
}

/**
 * Deploys a registry with `admin` as default admin and `curators` as curators.
 *
 * @param admin The default admin.
 * @param curators The curators.
 * @returns The deployed registry.
 */
export async function deployRegistry(
  admin: HardhatEthersSigner,
  curators: readonly HardhatEthersSigner[],
): Promise<Registry> {
  return ethers.deployContract("Registry", [
    ADMIN_TRANSFER_DELAY,
    admin.address,
    curators.map((curator) => curator.address),
  ]);
}

export interface RegistryFixture extends Signers {
  registry: Registry;
}

/** A fresh registry: `admin` is the default admin, `curator` the only curator. */
export async function registryFixture(): Promise<RegistryFixture> {
  const signers = await namedSigners();
  const registry = await deployRegistry(signers.admin, [signers.curator]);
  return { registry, ...signers };
}

export interface ProvidersFixture extends RegistryFixture {
  /** Active, owned by `owner`, with `operator` appointed. */
  providerId: bigint;
  /** Active, owned by `otherOwner`. */
  otherProviderId: bigint;
  /** Pending, applied for by `applicant`. */
  pendingProviderId: bigint;
}

/** Two active providers and one pending application. */
export async function providersFixture(): Promise<ProvidersFixture> {
  const base = await registryFixture();
  const { registry, curator, owner, operator, otherOwner, applicant } = base;
  await registry.connect(curator).addProvider(owner.address, "Alpha Mail", "https://alpha.example/waymark");
  await registry
    .connect(curator)
    .addProvider(otherOwner.address, "Beta Mail", "https://beta.example/waymark");
  await registry.connect(applicant).applyAsProvider("Gamma Mail", "https://gamma.example/waymark");
  await registry.connect(owner).setProviderOperator(1n, operator.address, true);
  return { ...base, providerId: 1n, otherProviderId: 2n, pendingProviderId: 3n };
}

export interface NodesFixture extends ProvidersFixture {
  /** Three funded mail nodes of `providerId`, registered in this order. */
  nodes: [Wallet, Wallet, Wallet];
  /** A funded mail node of `otherProviderId`. */
  otherNode: Wallet;
}

/** The providers of `providersFixture` with registered nodes. */
export async function nodesFixture(): Promise<NodesFixture> {
  const base = await providersFixture();
  const { registry, owner, otherOwner, providerId, otherProviderId } = base;
  const nodes: [Wallet, Wallet, Wallet] = [
    await fundedNodeKey(),
    await fundedNodeKey(),
    await fundedNodeKey(),
  ];
  for (const key of nodes) await registerNode(registry, owner, key, providerId);
  const otherNode = await fundedNodeKey();
  await registerNode(registry, otherOwner, otherNode, otherProviderId);
  return { ...base, nodes, otherNode };
}

/**
 * The nodes of `nodesFixture` after provider 1 changed hands: `owner` proposed `stranger`, who
 * accepted. `operator`, whom `owner` appointed, is an operator of the previous owner.
 */
export async function transferredFixture(): Promise<NodesFixture> {
  const base = await nodesFixture();
  const { registry, owner, stranger, providerId } = base;
  await registry.connect(owner).transferProviderOwnership(providerId, stranger.address);
  await registry.connect(stranger).acceptProviderOwnership(providerId);
  return base;
}

/** Number of nodes `manyNodesFixture` registers, all verified in one `verifyNodes` call. */
export const MANY_NODES = 256;

export interface ManyNodesFixture extends ProvidersFixture {
  /** `MANY_NODES` mail nodes of `providerId`, in registration order. */
  keys: Wallet[];
}

/** `MANY_NODES` random node keys registered under `providerId`. */
export async function manyNodesFixture(): Promise<ManyNodesFixture> {
  const base = await providersFixture();
  const { registry, owner, providerId } = base;
  const keys = Array.from({ length: MANY_NODES }, randomNodeKey);
  for (const key of keys) await registerNode(registry, owner, key, providerId);
  return { ...base, keys };
}
