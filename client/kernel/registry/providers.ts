import type { RegistryClient } from "./connect.js";
import type { IRegistry } from "./contracts/Registry.js";
import { registryCall } from "./decodeError.js";
import { readAllPages } from "./pages.js";
import type { ProviderStatus } from "./statuses.js";
import { PROVIDER_STATUSES } from "./statuses.js";

export { PROVIDER_STATUSES } from "./statuses.js";
export type { ProviderStatus } from "./statuses.js";

/** A provider as the client sees it. */
export interface ProviderInfo {
  id: bigint;
  owner: string;
  pendingOwner: string;
  status: ProviderStatus;
  isDefault: boolean;
  nodeCount: number;
  createdAt: number;
  name: string;
  metadataURI: string;
}

/**
 * One provider.
 *
 * @param client - The registry connection.
 * @param providerId - The provider id.
 * @returns The provider.
 * @throws RegistryRevertError `RegistryUnknownProvider` when absent.
 */
export async function getProvider(client: RegistryClient, providerId: bigint): Promise<ProviderInfo> {
  return toProviderInfo(await registryCall(client.rpcUrl, () => client.contract.getProvider(providerId)));
}

/**
 * Every provider, in id order.
 *
 * @param client - The registry connection.
 * @returns The providers.
 */
export async function listProviders(client: RegistryClient): Promise<ProviderInfo[]> {
  return readAllPages(async (offset, limit) => {
    const [page, total] = await registryCall(client.rpcUrl, () =>
      client.contract.getProviders(offset, limit),
    );
    return { page: page.map(toProviderInfo), total };
  });
}

/**
 * The ids of the providers that clients trust by default.
 *
 * @param client - The registry connection.
 * @returns The ids.
 */
export async function getDefaultProviders(client: RegistryClient): Promise<bigint[]> {
  return readAllPages(async (offset, limit) => {
    const [page, total] = await registryCall(client.rpcUrl, () =>
      client.contract.getDefaultProviders(offset, limit),
    );
    return { page: [...page], total };
  });
}

function toProviderInfo(info: IRegistry.ProviderInfoStructOutput): ProviderInfo {
  return {
    id: info.id,
    owner: info.owner,
    pendingOwner: info.pendingOwner,
    status: PROVIDER_STATUSES[Number(info.status)] ?? "None",
    isDefault: info.isDefault,
    nodeCount: Number(info.nodeCount),
    createdAt: Number(info.createdAt),
    name: info.name,
    metadataURI: info.metadataURI,
  };
}
