import { getBytes } from "ethers";

import { AbiWords } from "./abiWords.js";
import type { RegistryClient } from "./connect.js";
import type { IRegistry } from "./contracts/Registry.js";
import { callRequest } from "./callRequest.js";
import { registryCall } from "./decodeError.js";
import { REGISTRY_INTERFACE } from "./registryInterface.js";
import type { RpcRequest } from "./rpcProvider.js";
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
  return readAllPages(async (offset, limit) => readProviderPage(client, offset, limit));
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

/** One page of providers as the registry's `getProviders` returns it. */
export interface ProviderPage {
  page: ProviderInfo[];
  total: bigint;
}

/** Words in the head of one `ProviderInfo` tuple (seven values, two string offsets). */
const TUPLE_HEAD_WORDS = 9;

/**
 * Reads one page of providers with one `eth_call`, decoded in a single pass over the answer (see
 * {@link AbiWords}).
 *
 * @param registry - The registry connection.
 * @param offset - First provider's index.
 * @param limit - Providers asked for.
 * @returns The providers of the page and how many the registry holds.
 * @throws RegistryAnswerError when the answer does not have the view's layout.
 */
export async function readProviderPage(
  registry: RegistryClient,
  offset: bigint,
  limit: bigint,
): Promise<ProviderPage> {
  const data = providerPageData(offset, limit);
  const answer = await registryCall(registry.rpcUrl, async () =>
    registry.provider.call({ to: registry.address, data }),
  );
  return decodeProviderPage(answer);
}

/**
 * The JSON-RPC request {@link readProviderPage} sends: to be sent ahead, in the registry
 * connection's first round trip (see `connectRegistry`'s `prefetch`).
 *
 * @param registry - The registry's address.
 * @param offset - First provider's index.
 * @param limit - Providers asked for.
 * @returns The request.
 */
export function providerPageRequest(registry: string, offset: bigint, limit: bigint): RpcRequest {
  return callRequest(registry, providerPageData(offset, limit));
}

/** The call data of one `getProviders` page, the same for a read and one sent ahead. */
function providerPageData(offset: bigint, limit: bigint): string {
  return REGISTRY_INTERFACE.encodeFunctionData("getProviders", [offset, limit]);
}

/**
 * Decodes the answer of `getProviders(offset, limit)`:
 * `((uint256 id, address owner, address pendingOwner, uint8 status, bool isDefault, uint32
 * nodeCount, uint48 createdAt, string name, string metadataURI)[] page, uint256 total)`.
 *
 * @param answer - The call's return data, hex.
 * @returns The page and the total.
 * @throws RegistryAnswerError when an offset or a length points outside the answer.
 */
export function decodeProviderPage(answer: string): ProviderPage {
  const words = new AbiWords(getBytes(answer), "getProviders");
  const page = words.dynamicArray(words.offset(0, 0), (at) => {
    words.check(at, TUPLE_HEAD_WORDS * 32);
    return {
      id: words.uint(at),
      owner: words.address(at + 32),
      pendingOwner: words.address(at + 64),
      status: PROVIDER_STATUSES[words.small(at + 96)] ?? "None",
      isDefault: words.bool(at + 128),
      nodeCount: words.small(at + 160),
      createdAt: words.small(at + 192),
      name: words.string(words.offset(at + 224, at)),
      metadataURI: words.string(words.offset(at + 256, at)),
    };
  });
  return { page, total: words.uint(32) };
}
