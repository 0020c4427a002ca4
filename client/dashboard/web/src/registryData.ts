import type { RegistryClient } from "../../../kernel/registry/connect.js";
import { readAllPages } from "../../../kernel/registry/pages.js";
import type { ProviderInfo } from "../../../kernel/registry/providers.js";
import { listProviders } from "../../../kernel/registry/providers.js";
import type { NodeStatus } from "../../../kernel/registry/statuses.js";
import { NODE_STATUSES } from "../../../kernel/registry/statuses.js";
import { serviceName } from "../../../kernel/service/serviceId.js";

/** A node as the page shows it. */
export interface PageNode {
  node: string;
  providerId: bigint;
  status: NodeStatus;
  service: string;
  registeredAt: number;
}

/** Everything the registry holds that the pages list. */
export interface RegistrySnapshot {
  providers: ProviderInfo[];
  /** Operators by provider id. */
  operators: Map<bigint, string[]>;
  nodes: PageNode[];
  /** Block the snapshot was read at. */
  blockNumber: number;
}

/**
 * Reads every provider (pages of 256), then every provider's nodes and operators at once: the
 * calls are made in the same tick, so the provider sends them as a few JSON-RPC batches.
 *
 * @param registry - The read connection.
 * @returns The snapshot.
 */
export async function readSnapshot(registry: RegistryClient): Promise<RegistrySnapshot> {
  const blockNumber = await registry.provider.getBlockNumber();
  const providers = await listProviders(registry);
  const [nodeLists, operatorLists] = await Promise.all([
    Promise.all(
      providers.map((provider) =>
        provider.nodeCount > 0 ? readNodes(registry, provider.id) : Promise.resolve([]),
      ),
    ),
    Promise.all(providers.map((provider) => readOperators(registry, provider.id))),
  ]);
  const operators = new Map<bigint, string[]>();
  providers.forEach((provider, index) => operators.set(provider.id, operatorLists[index] ?? []));
  return { providers, operators, nodes: nodeLists.flat(), blockNumber };
}

async function readNodes(registry: RegistryClient, providerId: bigint): Promise<PageNode[]> {
  return readAllPages(async (offset, limit) => {
    const [page, total] = await registry.contract.getProviderNodes(providerId, offset, limit);
    return {
      page: page.map((info) => ({
        node: info.node,
        providerId: info.providerId,
        status: NODE_STATUSES[Number(info.status)] ?? "None",
        service: serviceName(info.service),
        registeredAt: Number(info.registeredAt),
      })),
      total,
    };
  });
}

async function readOperators(registry: RegistryClient, providerId: bigint): Promise<string[]> {
  return readAllPages(async (offset, limit) => {
    const [page, total] = await registry.contract.getProviderOperators(providerId, offset, limit);
    return { page: [...page], total };
  });
}
