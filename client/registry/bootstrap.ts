import { serviceId } from "../service/serviceId.js";
import type { RegistryClient } from "./connect.js";
import { registryCall } from "./decodeError.js";
import { readAllPages } from "./pages.js";

/** A node's published bootstrap addresses. */
export interface BootstrapRecord {
  /** Node address. */
  node: string;
  /** Provider of the node. */
  providerId: bigint;
  /** libp2p multiaddrs ending in `/p2p/<peer id>`. */
  multiaddrs: string[];
}

/**
 * Every bootstrap record published for a service whose node is active under an active provider.
 * Clients join the DHT through these, so nothing needs to be hard-coded.
 *
 * @param client - The registry connection.
 * @param parameters - The service name.
 * @returns The usable records.
 */
export async function getBootstrapRecords(
  client: RegistryClient,
  parameters: { service: string },
): Promise<BootstrapRecord[]> {
  const id = serviceId(parameters.service);
  return readAllPages(async (offset, limit) => {
    const [page, total] = await registryCall(client.rpcUrl, () =>
      client.contract.getBootstrapRecords(id, offset, limit),
    );
    return {
      page: page.map((record) => ({
        node: record.node,
        providerId: record.providerId,
        multiaddrs: [...record.multiaddrs],
      })),
      total,
    };
  });
}
