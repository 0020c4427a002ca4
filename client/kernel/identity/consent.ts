import type { TypedDataDomain, TypedDataField } from "ethers";
import { getAddress, verifyTypedData } from "ethers";

import { InvalidConsentError } from "../errors/input.js";
import { serviceId } from "../service/serviceId.js";
import { nodeAddressFromPeerId } from "./nodeAddress.js";

/** EIP-712 domain name of the registry; the version changes with every incompatible deployment. */
export const REGISTRY_DOMAIN_NAME = "WaymarkRegistry";
/** EIP-712 domain version of the registry this client speaks to. */
export const REGISTRY_DOMAIN_VERSION = "1";

/** EIP-712 types of the consent a node key signs so that a provider may register it. */
export const NODE_CONSENT_TYPES: Record<string, TypedDataField[]> = {
  NodeConsent: [
    { name: "node", type: "address" },
    { name: "providerId", type: "uint256" },
    { name: "service", type: "bytes32" },
    { name: "nonce", type: "uint256" },
    { name: "deadline", type: "uint256" },
  ],
};

/** EIP-712 types of a node's own retirement. */
export const NODE_RETIREMENT_TYPES: Record<string, TypedDataField[]> = {
  NodeRetirement: [
    { name: "node", type: "address" },
    { name: "nonce", type: "uint256" },
    { name: "deadline", type: "uint256" },
  ],
};

/**
 * The EIP-712 domain of one registry deployment: bound to its chain and address, so a signature
 * is never valid on another chain or another deployment.
 *
 * @param chainId - The registry's chain id.
 * @param registry - The registry address.
 * @returns The domain to sign under.
 */
export function registryDomain(chainId: bigint, registry: string): TypedDataDomain {
  return {
    name: REGISTRY_DOMAIN_NAME,
    version: REGISTRY_DOMAIN_VERSION,
    chainId,
    verifyingContract: getAddress(registry),
  };
}

/** What a node consent grants. */
export interface NodeConsentParameters {
  /** libp2p peer id of the node whose key signs, for the provider's records. */
  peerId: string;
  /** Provider that may register the node. */
  providerId: bigint;
  /** Service name, e.g. `mail/1`. */
  service: string;
  /** The node's nonce in the registry at signing time. */
  nonce: bigint;
  /** Unix time after which the consent is void. */
  deadline: bigint;
  /** Chain id of the registry. */
  chainId: bigint;
  /** Registry address. */
  registry: string;
}

/** A node consent with its signature, in the form `waymark-node consent` prints and `waymark` reads. */
export interface SignedNodeConsent extends NodeConsentParameters {
  /** Node address (the signer). */
  node: string;
  /** 65-byte EIP-712 signature by the node key. */
  signature: string;
}

/** Anything that signs EIP-712 typed data, such as an ethers `Wallet`. */
export interface TypedDataSigner {
  /** The signer's address. */
  readonly address: string;
  /** Signs typed data (ethers `Wallet.signTypedData`). */
  signTypedData(
    domain: TypedDataDomain,
    types: Record<string, TypedDataField[]>,
    value: Record<string, unknown>,
  ): Promise<string>;
}

/**
 * Signs a node consent with the node key.
 *
 * @param nodeKey - The node's secp256k1 key as an EIP-712 signer (its address is the node address).
 * @param parameters - Provider, service, nonce, deadline, chain and registry.
 * @returns The signed consent.
 */
export async function signNodeConsent(
  nodeKey: TypedDataSigner,
  parameters: NodeConsentParameters,
): Promise<SignedNodeConsent> {
  const node = getAddress(nodeKey.address);
  const signature = await nodeKey.signTypedData(
    registryDomain(parameters.chainId, parameters.registry),
    NODE_CONSENT_TYPES,
    consentMessage({ ...parameters, node }),
  );
  return { ...parameters, node, registry: getAddress(parameters.registry), signature };
}

/**
 * Checks that a consent is well formed and that its signature is the node key's.
 *
 * @param consent - The signed consent.
 * @throws InvalidConsentError when the signature does not recover to `consent.node`.
 * @throws InvalidPeerIdError when `consent.peerId` is not a secp256k1 peer id.
 */
export function checkNodeConsent(consent: SignedNodeConsent): void {
  let signer: string;
  let node: string;
  try {
    node = getAddress(consent.node);
    signer = verifyTypedData(
      registryDomain(consent.chainId, consent.registry),
      NODE_CONSENT_TYPES,
      consentMessage(consent),
      consent.signature,
    );
  } catch (err) {
    throw new InvalidConsentError(err instanceof Error ? err.message : "unreadable");
  }
  if (signer !== node) throw new InvalidConsentError(`signed by ${signer}, not by the node ${node}`);
  if (nodeAddressFromPeerId(consent.peerId) !== node) {
    throw new InvalidConsentError(`peer id ${consent.peerId} is not the key of node ${node}`);
  }
}

/**
 * The consent as the registry's `NodeConsent` struct.
 *
 * @param consent - Node, provider, service name, nonce and deadline.
 * @returns The struct value for EIP-712 signing and for `registerNode`.
 */
export function consentMessage(
  consent: Pick<SignedNodeConsent, "node" | "providerId" | "service" | "nonce" | "deadline">,
): { node: string; providerId: bigint; service: string; nonce: bigint; deadline: bigint } {
  return {
    node: consent.node,
    providerId: consent.providerId,
    service: serviceId(consent.service),
    nonce: consent.nonce,
    deadline: consent.deadline,
  };
}

/**
 * Serialises a signed consent as JSON (bigints as decimal strings).
 *
 * @param consent - The signed consent.
 * @returns Pretty-printed JSON.
 */
export function serializeConsent(consent: SignedNodeConsent): string {
  return JSON.stringify(
    consent,
    (_key, value: unknown) => (typeof value === "bigint" ? value.toString() : value),
    2,
  );
}

/**
 * Parses a consent written by {@link serializeConsent} and checks its signature.
 *
 * @param text - The JSON text.
 * @returns The consent.
 * @throws InvalidConsentError when a field is missing or malformed or the signature is wrong.
 */
export function parseConsent(text: string): SignedNodeConsent {
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw new InvalidConsentError("not JSON");
  }
  const text_ = (key: string): string => {
    const value = raw[key];
    if (typeof value !== "string" || value.length === 0) throw new InvalidConsentError(`missing "${key}"`);
    return value;
  };
  const integer = (key: string): bigint => {
    const value = text_(key);
    if (!/^\d+$/.test(value)) throw new InvalidConsentError(`"${key}" is not a non-negative integer`);
    return BigInt(value);
  };
  const consent: SignedNodeConsent = {
    node: text_("node"),
    peerId: text_("peerId"),
    providerId: integer("providerId"),
    service: text_("service"),
    nonce: integer("nonce"),
    deadline: integer("deadline"),
    chainId: integer("chainId"),
    registry: text_("registry"),
    signature: text_("signature"),
  };
  checkNodeConsent(consent);
  return consent;
}
