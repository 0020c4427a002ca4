import { getAddress } from "ethers";

import type { RegistryClient } from "../../kernel/registry/connect.js";
import type { RegistryTransaction } from "./transact.js";
import { eventArgument, sendRegistryTransaction } from "./transact.js";

/** A reason code recorded in a rejection or suspension event (0 unspecified). */
export type ReasonCode = number;

/** Parameters of {@link addProvider}. */
export interface AddProviderParameters {
  /** Account that will manage the provider. */
  owner: string;
  /** Display name, 1 to 64 bytes. */
  name: string;
  /** Where the provider describes itself, at most 256 bytes. @default "" */
  metadataURI?: string | undefined;
}

/**
 * Admits a provider directly, active at once. Curators only.
 *
 * @param client - The registry connection, with a curator's signer.
 * @param parameters - Owner, name, metadata URI.
 * @returns The transaction and the new provider's id.
 * @throws RegistryRevertError e.g. `AccessControlUnauthorizedAccount`, `RegistryInvalidName`.
 */
export async function addProvider(
  client: RegistryClient,
  parameters: AddProviderParameters,
): Promise<RegistryTransaction & { providerId: bigint }> {
  const tx = await sendRegistryTransaction(client, `Adding provider "${parameters.name}"`, (c) =>
    c.addProvider(getAddress(parameters.owner), parameters.name, parameters.metadataURI ?? ""),
  );
  return { ...tx, providerId: eventArgument(tx, "ProviderAdded") as bigint };
}

/**
 * Approves a pending application. Curators only.
 *
 * @param client - The registry connection, with a curator's signer.
 * @param providerId - The provider.
 * @returns The transaction.
 * @throws RegistryRevertError e.g. `RegistryUnknownProvider`, `RegistryProviderStatusInvalid`.
 */
export async function approveProvider(
  client: RegistryClient,
  providerId: bigint,
): Promise<RegistryTransaction> {
  return sendRegistryTransaction(client, `Approving provider ${providerId}`, (c) =>
    c.approveProvider(providerId),
  );
}

/**
 * Rejects a pending application. Curators only.
 *
 * @param client - The registry connection, with a curator's signer.
 * @param providerId - The provider.
 * @param reason - Reason code for the event. @default 0
 * @returns The transaction.
 */
export async function rejectProvider(
  client: RegistryClient,
  providerId: bigint,
  reason: ReasonCode = 0,
): Promise<RegistryTransaction> {
  return sendRegistryTransaction(client, `Rejecting provider ${providerId}`, (c) =>
    c.rejectProvider(providerId, reason),
  );
}

/**
 * Suspends an active provider: its nodes stop verifying at once. Curators only.
 *
 * @param client - The registry connection, with a curator's signer.
 * @param providerId - The provider.
 * @param reason - Reason code for the event. @default 0
 * @returns The transaction.
 */
export async function suspendProvider(
  client: RegistryClient,
  providerId: bigint,
  reason: ReasonCode = 0,
): Promise<RegistryTransaction> {
  return sendRegistryTransaction(client, `Suspending provider ${providerId}`, (c) =>
    c.suspendProvider(providerId, reason),
  );
}

/**
 * Reinstates a suspended provider. Curators only.
 *
 * @param client - The registry connection, with a curator's signer.
 * @param providerId - The provider.
 * @returns The transaction.
 */
export async function reinstateProvider(
  client: RegistryClient,
  providerId: bigint,
): Promise<RegistryTransaction> {
  return sendRegistryTransaction(client, `Reinstating provider ${providerId}`, (c) =>
    c.reinstateProvider(providerId),
  );
}

/**
 * Marks or unmarks a provider as trusted by default. Curators only.
 *
 * @param client - The registry connection, with a curator's signer.
 * @param providerId - The provider.
 * @param isDefault - Whether clients that chose no providers trust it. @default true
 * @returns The transaction.
 */
export async function setDefaultProvider(
  client: RegistryClient,
  providerId: bigint,
  isDefault = true,
): Promise<RegistryTransaction> {
  return sendRegistryTransaction(
    client,
    `${isDefault ? "Marking" : "Unmarking"} provider ${providerId} as default`,
    (c) => c.setDefaultProvider(providerId, isDefault),
  );
}

/**
 * Suspends an active node: it stops verifying at once. Curators only.
 *
 * @param client - The registry connection, with a curator's signer.
 * @param node - The node address.
 * @param reason - Reason code for the event. @default 0
 * @returns The transaction.
 */
export async function suspendNode(
  client: RegistryClient,
  node: string,
  reason: ReasonCode = 0,
): Promise<RegistryTransaction> {
  return sendRegistryTransaction(client, `Suspending node ${node}`, (c) =>
    c.suspendNode(getAddress(node), reason),
  );
}

/**
 * Reinstates a suspended node. Curators only.
 *
 * @param client - The registry connection, with a curator's signer.
 * @param node - The node address.
 * @returns The transaction.
 */
export async function reinstateNode(client: RegistryClient, node: string): Promise<RegistryTransaction> {
  return sendRegistryTransaction(client, `Reinstating node ${node}`, (c) =>
    c.reinstateNode(getAddress(node)),
  );
}

/**
 * Grants or revokes the curator role. The registry's default admin only.
 *
 * @param client - The registry connection, with the admin's signer.
 * @param account - The account.
 * @param enabled - True to grant, false to revoke. @default true
 * @returns The transaction.
 */
export async function setCurator(
  client: RegistryClient,
  account: string,
  enabled = true,
): Promise<RegistryTransaction> {
  const role = await client.contract.CURATOR_ROLE();
  return sendRegistryTransaction(
    client,
    `${enabled ? "Granting" : "Revoking"} the curator role of ${account}`,
    (c) => (enabled ? c.grantRole(role, getAddress(account)) : c.revokeRole(role, getAddress(account))),
  );
}
