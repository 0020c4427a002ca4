import type { NodeConfigInput } from "../../node/config/types.js";
import type { WaymarkNode } from "../../node/daemon.js";
import { startNode } from "../../node/daemon.js";
import { mailModule } from "../../node/mail/module.js";
import { recordsModule } from "../../node/records/module.js";
import type { RegistryWorld } from "../../scripts/kit/registry.js";
import { newNodeKey } from "../../scripts/kit/registry.js";
import type { TempDirs } from "../../scripts/kit/tempDirs.js";
import type { Ref, Running } from "../helpers/hooks.js";
import { memoryLogger, testNodeConfig } from "../node/helpers/fixtures.js";

/** The services a test node can serve. */
export type TestService = "mail/1" | "records/1";

/**
 * Starts registered node daemons in process (a fresh key registered under a provider with its own
 * consent, a fresh data folder, loopback settings), stopped with the test's processes.
 *
 * @param world - The test's registry world.
 * @param dirs - The test's temporary folders.
 * @param running - The test's processes.
 * @returns `start(service, providerId, bootstrap, overrides)`: overrides are node options.
 */
export function registeredNodes(
  world: Ref<RegistryWorld>,
  dirs: TempDirs,
  running: Running,
): (
  service: TestService,
  providerId: bigint,
  bootstrap?: string[],
  overrides?: NodeConfigInput,
) => Promise<WaymarkNode> {
  return async (service, providerId, bootstrap = [], overrides = {}) => {
    const privateKey = await newNodeKey();
    await world.current.registerNode(privateKey, { providerId, service });
    const config = testNodeConfig(world.current.address, world.current.chain.rpcUrl, await dirs.make(), {
      service,
      bootstrap,
      serviceOptions: service === "mail/1" ? { mail: { catchUpWaitMs: 500 } } : {},
      ...overrides,
    });
    const node = await startNode(config, {
      privateKey,
      modules: [service === "mail/1" ? mailModule() : recordsModule()],
      logger: memoryLogger().logger,
    });
    running.add(node);
    return node;
  };
}

/**
 * What a records node holds now, from its status.
 *
 * @param node - A node serving `records/1`.
 * @returns Its live records and its tombstones.
 */
export function recordsHeldBy(node: WaymarkNode): { records: number; tombstones: number } {
  const services = node.status().services as Record<
    string,
    { records?: number; tombstones?: number } | undefined
  >;
  return { records: services.records?.records ?? 0, tombstones: services.records?.tombstones ?? 0 };
}
