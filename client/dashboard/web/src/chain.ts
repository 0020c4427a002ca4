import { JsonRpcProvider, Network } from "ethers";

import type { RegistryClient } from "../../../kernel/registry/connect.js";
import { connectRegistry } from "../../../kernel/registry/connect.js";

/** What the server says at `/config.json`. */
export interface PageConfig {
  registry: string;
  chainId: string;
}

/** The page's read connection: the registry through the server's same-origin `/rpc`. */
export interface PageChain {
  readonly config: PageConfig;
  readonly registry: RegistryClient;
}

/**
 * Loads the configuration and connects to the registry through `/rpc` (reads only; one HTTP
 * request per batch of calls made in the same tick).
 *
 * @returns The connection.
 */
export async function connectPage(): Promise<PageChain> {
  const answer = await fetch(new URL("config.json", document.baseURI));
  if (!answer.ok) throw new Error(`config.json: HTTP ${answer.status}`);
  const config = (await answer.json()) as PageConfig;
  const network = Network.from(BigInt(config.chainId));
  const provider = new JsonRpcProvider(new URL("rpc", document.baseURI).href, network, {
    staticNetwork: network,
    batchMaxCount: 100,
    batchStallTime: 5,
    polling: false,
  });
  const registry = await connectRegistry({ provider, address: config.registry, skipCheck: true });
  return { config, registry };
}
