import type { PrivateKey } from "@libp2p/interface";
import type { Logger } from "pino";
import { pino } from "pino";

import type { RegistryClient } from "../../../client/kernel/registry/connect.js";
import type { NodeConfigInput } from "../../../node/config/types.js";
import type { Chain } from "../../../scripts/kit/chain.js";
import type { LogLine } from "../../../scripts/kit/logLines.js";
import type { AddProviderOptions } from "../../../scripts/kit/registry.js";
import { registerNodeKey as registerKey, RegistryWorld } from "../../../scripts/kit/registry.js";

/** Providers of a node test's registry: id 1 (owned by `signers[1]`) is a default provider, id 2 (`signers[2]`) is active but not default. */
export const TEST_PROVIDERS: readonly AddProviderOptions[] = [
  { name: "Alpha Mail", metadataURI: "https://alpha.example" },
  { name: "Beta Mail", metadataURI: "https://beta.example", isDefault: false },
];

/** A registry with one default provider (id 1, owned by `signers[1]`) and one non-default (id 2, `signers[2]`). */
export interface TestRegistry {
  address: string;
  curator: RegistryClient;
  /** Provider 1's connection, signing as its owner. */
  provider: RegistryClient;
  /** Provider 2's connection (active, not default). */
  otherProvider: RegistryClient;
}

/**
 * Deploys a registry and admits {@link TEST_PROVIDERS}.
 *
 * @param chain - The chain.
 * @returns The registry and the providers' connections.
 */
export async function deployTestRegistry(chain: Chain): Promise<TestRegistry> {
  const world = await RegistryWorld.deploy(chain, { providers: TEST_PROVIDERS });
  return {
    address: world.address,
    curator: world.curator,
    provider: world.provider(1n),
    otherProvider: world.provider(2n),
  };
}

/**
 * Registers a node key under a provider, as a provider does with the node's consent.
 *
 * @param provider - The provider's connection (owner signer).
 * @param privateKey - The node key.
 * @param providerId - The provider's id.
 * @param service - The service. @default "mail/1"
 */
export async function registerNodeKey(
  provider: RegistryClient,
  privateKey: PrivateKey,
  providerId: bigint,
  service = "mail/1",
): Promise<void> {
  await registerKey(provider, privateKey, { providerId, service });
}

export { newNodeKey } from "../../../scripts/kit/registry.js";

/**
 * The configuration of a test node: loopback, port 0 for libp2p and the status server, quick retries.
 *
 * @param registry - The registry address.
 * @param rpcUrl - The chain.
 * @param dataDir - The node's data directory.
 * @param overrides - Anything else.
 * @returns The configuration.
 */
export function testNodeConfig(
  registry: string,
  rpcUrl: string,
  dataDir: string,
  overrides: NodeConfigInput = {},
): NodeConfigInput {
  return {
    registry,
    rpcUrl,
    dataDir,
    listen: ["/ip4/127.0.0.1/tcp/0"],
    statusListen: "127.0.0.1:0",
    loopback: true,
    registryRetryInterval: "200ms",
    rpcTimeout: "5s",
    ...overrides,
  };
}

export type { LogLine } from "../../../scripts/kit/logLines.js";
export { TempDirs } from "../../../scripts/kit/tempDirs.js";

/**
 * A pino logger that keeps its lines in memory, for assertions on what a node logs.
 *
 * @returns The logger and its lines.
 */
export function memoryLogger(): { logger: Logger; lines: LogLine[] } {
  const lines: LogLine[] = [];
  const logger = pino(
    { level: "debug" },
    {
      write(line: string) {
        lines.push(JSON.parse(line) as LogLine);
      },
    },
  );
  return { logger, lines };
}

/** pino's numeric levels. */
export const LEVEL = { debug: 20, info: 30, warn: 40, error: 50 } as const;
