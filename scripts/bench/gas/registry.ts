import { publicKeyFromRaw } from "@libp2p/crypto/keys";
import { peerIdFromPublicKey } from "@libp2p/peer-id";
import type { HardhatEthers } from "@nomicfoundation/hardhat-ethers/types";
import type { TypedDataDomain } from "ethers";
import { Wallet, encodeBytes32String, getBytes, id } from "ethers";

import { NODE_CONSENT_TYPES, NODE_RETIREMENT_TYPES } from "../../../client/kernel/identity/consent.js";

/** Admin transfer delay the benchmark deploys with: the Ignition module's default, one day. */
export const ADMIN_TRANSFER_DELAY = 86_400n;

/**
 * Deadline of every benchmark consent and retirement: 2100-01-01T00:00:00Z. A fixed value keeps the
 * calldata, and so the figures, the same on every run; it has as many significant bytes as a
 * deadline an hour from now.
 */
export const SIGNATURE_DEADLINE = 4_102_444_800n;

/** The service every benchmark node serves. */
export const MAIL_SERVICE: string = encodeBytes32String("mail/1");

const deploy = (ethers: HardhatEthers, admin: string, curators: readonly string[]) =>
  ethers.deployContract("Registry", [ADMIN_TRANSFER_DELAY, admin, curators]);

/** A deployed registry, typed by the bindings Hardhat generates at build time. */
export type Registry = Awaited<ReturnType<typeof deploy>>;

/** A deployed registry and the gas its deployment used. */
export interface Deployment {
  /** The registry. */
  readonly registry: Registry;
  /** `gasUsed` of the deployment receipt. */
  readonly gasUsed: bigint;
}

/**
 * Deploys the registry and measures the deployment.
 *
 * @param ethers - Hardhat's ethers, connected to the network to deploy on.
 * @param admin - Default admin.
 * @param curators - Accounts granted the curator role.
 * @returns The registry and the deployment's gas.
 */
export async function deployRegistry(
  ethers: HardhatEthers,
  admin: string,
  curators: readonly string[],
): Promise<Deployment> {
  const registry = await deploy(ethers, admin, curators);
  const receipt = await registry.deploymentTransaction()?.wait();
  if (receipt === null || receipt === undefined) throw new Error("the registry deployment has no receipt");
  return { registry, gasUsed: receipt.gasUsed };
}

/** A node consent, as `registerNode` takes it. */
export interface NodeConsent {
  readonly node: string;
  readonly providerId: bigint;
  readonly service: string;
  readonly nonce: bigint;
  readonly deadline: bigint;
}

/** A signed node consent, ready for `registerNode`. */
export interface SignedConsent {
  readonly consent: NodeConsent;
  readonly signature: string;
}

/**
 * The registry's EIP-712 domain, as it reports it (ERC-5267).
 *
 * @param registry - The registry.
 * @returns The domain to sign consents and retirements under.
 */
export async function registryDomain(registry: Registry): Promise<TypedDataDomain> {
  const [, name, version, chainId, verifyingContract] = await registry.eip712Domain();
  return { name, version, chainId, verifyingContract };
}

/**
 * Signs a consent for the node's current nonce.
 *
 * @param registry - The registry, read for the nonce.
 * @param domain - The registry's EIP-712 domain.
 * @param nodeKey - The node key, which signs.
 * @param providerId - The provider that may register the node.
 * @param deadline - Last block timestamp at which the consent is valid.
 * @returns The consent and its signature.
 */
export async function signNodeConsent(
  registry: Registry,
  domain: TypedDataDomain,
  nodeKey: Wallet,
  providerId: bigint,
  deadline: bigint,
): Promise<SignedConsent> {
  const { nonce } = await registry.getNode(nodeKey.address);
  const consent: NodeConsent = { node: nodeKey.address, providerId, service: MAIL_SERVICE, nonce, deadline };
  const signature = await nodeKey.signTypedData(domain, NODE_CONSENT_TYPES, consent);
  return { consent, signature };
}

/**
 * Signs a retirement for the node's current nonce.
 *
 * @param registry - The registry, read for the nonce.
 * @param domain - The registry's EIP-712 domain.
 * @param nodeKey - The node key, which signs.
 * @param deadline - Last block timestamp at which the signature is valid.
 * @returns The signature `retireNodeWithSignature` takes.
 */
export async function signNodeRetirement(
  registry: Registry,
  domain: TypedDataDomain,
  nodeKey: Wallet,
  deadline: bigint,
): Promise<string> {
  const { nonce } = await registry.getNode(nodeKey.address);
  return nodeKey.signTypedData(domain, NODE_RETIREMENT_TYPES, { node: nodeKey.address, nonce, deadline });
}

/**
 * A deterministic node key, so that node addresses (and so calldata) are the same on every run.
 *
 * @param label - Distinguishes the keys, for example `"node-1"`.
 * @returns A wallet without a provider.
 */
export function nodeKey(label: string): Wallet {
  return new Wallet(id(`waymark/bench/${label}`));
}

/**
 * A realistic bootstrap multiaddr for a node: a public IPv4 address, TCP, and the node's own
 * secp256k1 peer id (`16Uiu2…`).
 *
 * @param key - The node key.
 * @returns For example `/ip4/203.0.113.7/tcp/4001/p2p/16Uiu2HAm…`.
 */
export function bootstrapMultiaddr(key: Wallet): string {
  const publicKey = publicKeyFromRaw(getBytes(key.signingKey.compressedPublicKey));
  return `/ip4/203.0.113.7/tcp/4001/p2p/${peerIdFromPublicKey(publicKey).toString()}`;
}

/** Most bootstrap multiaddrs a node may publish (`MAX_BOOTSTRAP_ADDRS`). */
export const MAX_BOOTSTRAP_ADDRS = 4;

/** Longest bootstrap multiaddr, in bytes (`MAX_MULTIADDR_LENGTH`). */
export const MAX_MULTIADDR_BYTES = 256;

/**
 * A bootstrap multiaddr of the longest length the registry accepts: a DNS name (labels of at most
 * 63 characters) padded so that the whole address, ending in the node's own peer id, is exactly
 * {@link MAX_MULTIADDR_BYTES} long.
 *
 * @param key - The node key.
 * @param index - Which of the node's addresses, so that its addresses differ.
 * @returns For example `/dns4/a0-www….www/tcp/4001/p2p/16Uiu2HAm…`, 256 bytes.
 */
export function longestMultiaddr(key: Wallet, index: number): string {
  const publicKey = publicKeyFromRaw(getBytes(key.signingKey.compressedPublicKey));
  const tail = `/tcp/${4001 + index}/p2p/${peerIdFromPublicKey(publicKey).toString()}`;
  const head = "/dns4/";
  const host = dnsName(`a${index}-`, MAX_MULTIADDR_BYTES - head.length - tail.length);
  return `${head}${host}${tail}`;
}

/** A DNS name of exactly `length` characters that starts with `prefix`, in labels of at most 63. */
function dnsName(prefix: string, length: number): string {
  const labels: string[] = [];
  let remaining = length;
  while (remaining > 0) {
    let size = Math.min(63, remaining);
    // A dot needs a label after it: never leave exactly one character for the next dot.
    if (remaining - size === 1) size -= 1;
    const text = labels.length === 0 ? prefix : "";
    labels.push(text.padEnd(size, "w").slice(0, size));
    remaining -= size;
    if (remaining > 0) remaining -= 1;
  }
  return labels.join(".");
}
