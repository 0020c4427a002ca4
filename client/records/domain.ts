import { ConfigurationError } from "../errors/client.js";
import type { RecordDomain } from "./protocol/record.js";
import type { RecordsContext } from "./context.js";

/**
 * The deployment a client's records are signed for: the registry's chain and address.
 *
 * @param client - The records client.
 * @returns The domain.
 * @throws ConfigurationError when the chain id is not known yet (no registry connection and no
 * `chainId` option).
 */
export function recordDomainOf(client: Pick<RecordsContext, "options" | "registry">): RecordDomain {
  const chainId = client.options.chainId ?? client.registry?.chainId;
  if (chainId === undefined) {
    throw new ConfigurationError("The registry's chain id is not known yet", {
      details:
        "records are signed for one registry on one chain: give `chainId`, or wait until the registry answers",
    });
  }
  return { chainId, registry: client.options.registry };
}
