import { getAddress } from "ethers";

import { InvalidConsentError } from "../../kernel/errors/input.js";
import type { SignedNodeConsent } from "../../kernel/identity/consent.js";
import { checkNodeConsent, consentMessage } from "../../kernel/identity/consent.js";
import { serviceName } from "../../kernel/service/serviceId.js";
import { checkBootstrapAddresses } from "./bootstrapAddresses.js";
import type { RegistryClient } from "../../kernel/registry/connect.js";
import type { IRegistry } from "../../kernel/registry/contracts/Registry.js";
import { registryCall } from "../../kernel/registry/decodeError.js";
import { readAllPages } from "../../kernel/registry/pages.js";
import type { NodeStatus } from "../../kernel/registry/statuses.js";
import { NODE_STATUSES } from "../../kernel/registry/statuses.js";
import type { RegistryTransaction } from "./transact.js";
import { sendRegistryTransaction } from "./transact.js";

export { NODE_STATUSES } from "../../kernel/registry/statuses.js";
export type { NodeStatus } from "../../kernel/registry/statuses.js";

/** A node as the client sees it. */
export interface NodeInfo {
  node: string;
  providerId: bigint;
  status: NodeStatus;
  /** Service name, e.g. `mail/1` (the raw id when it is not a valid name). */
  service: string;
  nonce: bigint;
  registeredAt: number;
}

/**
 * Registers a node under its provider with the node key's signed consent. Provider owner or
 * operator only. The consent is checked locally first (signature, chain, registry).
 *
 * @param client - The registry connection, with the provider owner's or an operator's signer.
 * @param consent - The consent `waymark-node consent` wrote.
 * @returns The transaction.
 * @throws InvalidConsentError when the consent is for another chain or registry, or its signature is wrong.
 * @throws RegistryRevertError e.g. `RegistryInvalidNonce`, `RegistrySignatureExpired`, `RegistryNotProviderManager`.
 */
export async function registerNode(
  client: RegistryClient,
  consent: SignedNodeConsent,
): Promise<RegistryTransaction> {
  checkNodeConsent(consent);
  if (consent.chainId !== client.chainId || getAddress(consent.registry) !== client.address) {
    throw new InvalidConsentError(
      `it is for registry ${consent.registry} on chain ${consent.chainId}, not ${client.address} on chain ${client.chainId}`,
    );
  }
  return sendRegistryTransaction(client, `Registering node ${consent.node}`, (c) =>
    c.registerNode(consentMessage(consent), consent.signature),
  );
}

/**
 * Retires an active node. The node key, or the provider's owner or an operator.
 *
 * @param client - The registry connection, with a permitted signer.
 * @param node - The node address.
 * @returns The transaction.
 */
export async function retireNode(client: RegistryClient, node: string): Promise<RegistryTransaction> {
  return sendRegistryTransaction(client, `Retiring node ${node}`, (c) => c.retireNode(getAddress(node)));
}

/**
 * Publishes an active node's bootstrap multiaddrs (an empty list removes them). The node key, or
 * the provider's owner or an operator. The addresses are checked first (see
 * {@link checkBootstrapAddresses}); nothing is sent when one is of no use to a client.
 *
 * @param client - The registry connection, with a permitted signer.
 * @param node - The node address.
 * @param multiaddrs - At most 4 multiaddrs of at most 256 bytes, each ending in `/p2p/<the node's
 * peer id>`.
 * @returns The transaction.
 * @throws TooManyBootstrapAddressesError or InvalidMultiaddrError before sending.
 * @throws RegistryRevertError e.g. `RegistryNodeStatusInvalid` (the node is not active),
 * `RegistryNotNodeManager`.
 */
export async function setNodeBootstrap(
  client: RegistryClient,
  node: string,
  multiaddrs: readonly string[],
): Promise<RegistryTransaction> {
  checkBootstrapAddresses(node, multiaddrs);
  return sendRegistryTransaction(client, `Publishing bootstrap addresses of node ${node}`, (c) =>
    c.setNodeBootstrap(getAddress(node), [...multiaddrs]),
  );
}

/**
 * One node.
 *
 * @param client - The registry connection.
 * @param node - The node address.
 * @returns The node; its status is `None` when it was never registered.
 */
export async function getNode(client: RegistryClient, node: string): Promise<NodeInfo> {
  return toNodeInfo(await registryCall(client.rpcUrl, () => client.contract.getNode(getAddress(node))));
}

/**
 * The nodes bound to a provider (active or suspended).
 *
 * @param client - The registry connection.
 * @param providerId - The provider.
 * @returns The nodes.
 */
export async function getProviderNodes(client: RegistryClient, providerId: bigint): Promise<NodeInfo[]> {
  return readAllPages(async (offset, limit) => {
    const [page, total] = await registryCall(client.rpcUrl, () =>
      client.contract.getProviderNodes(providerId, offset, limit),
    );
    return { page: page.map(toNodeInfo), total };
  });
}

/**
 * A provider's operators.
 *
 * @param client - The registry connection.
 * @param providerId - The provider.
 * @returns The operator accounts.
 */
export async function getProviderOperators(client: RegistryClient, providerId: bigint): Promise<string[]> {
  return readAllPages(async (offset, limit) => {
    const [page, total] = await registryCall(client.rpcUrl, () =>
      client.contract.getProviderOperators(providerId, offset, limit),
    );
    return { page: [...page], total };
  });
}

function toNodeInfo(info: IRegistry.NodeInfoStructOutput): NodeInfo {
  return {
    node: info.node,
    providerId: info.providerId,
    status: NODE_STATUSES[Number(info.status)] ?? "None",
    service: serviceName(info.service),
    nonce: info.nonce,
    registeredAt: Number(info.registeredAt),
  };
}
