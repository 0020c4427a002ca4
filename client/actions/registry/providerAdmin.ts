import { getAddress, ZeroAddress } from "ethers";

import type { RegistryClient } from "../../kernel/registry/connect.js";
import type { RegistryTransaction } from "./transact.js";
import { eventArgument, sendRegistryTransaction } from "./transact.js";

/** A provider's display name and metadata URI. */
export interface ProviderMetadata {
  /** Display name, 1 to 64 bytes. */
  name: string;
  /** Where the provider describes itself (website, terms, contact), at most 256 bytes. @default "" */
  metadataURI?: string | undefined;
}

/**
 * Applies to become a provider, owned by the signer; pending until a curator decides.
 *
 * @param client - The registry connection, with the future owner's signer.
 * @param parameters - Name and metadata URI.
 * @returns The transaction and the new provider's id.
 * @throws RegistryRevertError e.g. `RegistryInvalidName`, `RegistryInvalidMetadataURI`.
 */
export async function applyAsProvider(
  client: RegistryClient,
  parameters: ProviderMetadata,
): Promise<RegistryTransaction & { providerId: bigint }> {
  const tx = await sendRegistryTransaction(client, `Applying as provider "${parameters.name}"`, (c) =>
    c.applyAsProvider(parameters.name, parameters.metadataURI ?? ""),
  );
  return { ...tx, providerId: eventArgument(tx, "ProviderApplied") as bigint };
}

/**
 * Updates a provider's name and metadata URI. Owner only.
 *
 * @param client - The registry connection, with the owner's signer.
 * @param providerId - The provider.
 * @param parameters - New name and metadata URI.
 * @returns The transaction.
 */
export async function updateProviderMetadata(
  client: RegistryClient,
  providerId: bigint,
  parameters: ProviderMetadata,
): Promise<RegistryTransaction> {
  return sendRegistryTransaction(client, `Updating provider ${providerId}`, (c) =>
    c.updateProviderMetadata(providerId, parameters.name, parameters.metadataURI ?? ""),
  );
}

/**
 * Appoints or removes an operator, who may register and retire the provider's nodes. Owner only.
 *
 * @param client - The registry connection, with the owner's signer.
 * @param providerId - The provider.
 * @param operator - The operator account.
 * @param enabled - True to appoint, false to remove. @default true
 * @returns The transaction.
 */
export async function setProviderOperator(
  client: RegistryClient,
  providerId: bigint,
  operator: string,
  enabled = true,
): Promise<RegistryTransaction> {
  return sendRegistryTransaction(
    client,
    `${enabled ? "Appointing" : "Removing"} operator ${operator} of provider ${providerId}`,
    (c) => c.setProviderOperator(providerId, getAddress(operator), enabled),
  );
}

/**
 * Starts a two-step ownership transfer; the new owner completes it with
 * {@link acceptProviderOwnership}. Owner only.
 *
 * @param client - The registry connection, with the owner's signer.
 * @param providerId - The provider.
 * @param newOwner - The proposed owner; undefined cancels a pending transfer.
 * @returns The transaction.
 */
export async function transferProviderOwnership(
  client: RegistryClient,
  providerId: bigint,
  newOwner: string | undefined,
): Promise<RegistryTransaction> {
  return sendRegistryTransaction(client, `Transferring provider ${providerId}`, (c) =>
    c.transferProviderOwnership(providerId, newOwner === undefined ? ZeroAddress : getAddress(newOwner)),
  );
}

/**
 * Completes an ownership transfer. Pending owner only.
 *
 * @param client - The registry connection, with the pending owner's signer.
 * @param providerId - The provider.
 * @returns The transaction.
 */
export async function acceptProviderOwnership(
  client: RegistryClient,
  providerId: bigint,
): Promise<RegistryTransaction> {
  return sendRegistryTransaction(client, `Accepting provider ${providerId}`, (c) =>
    c.acceptProviderOwnership(providerId),
  );
}

/**
 * Retires a provider for good; its nodes stop verifying. Owner only.
 *
 * @param client - The registry connection, with the owner's signer.
 * @param providerId - The provider.
 * @returns The transaction.
 */
export async function retireProvider(
  client: RegistryClient,
  providerId: bigint,
): Promise<RegistryTransaction> {
  return sendRegistryTransaction(client, `Retiring provider ${providerId}`, (c) =>
    c.retireProvider(providerId),
  );
}
