import { mkdir } from "node:fs/promises";
import { join } from "node:path";

import type { ServiceFactoryMap } from "libp2p";
import type { Logger } from "pino";

import type { ServiceScope } from "../../client/kernel/service/serviceKey.js";
import type { NodeConfig } from "../config/types.js";
import { ServiceMountError } from "../errors/node.js";
import type { RegistryLink } from "../registration/registryLink.js";
import type { NodeServiceModule, NodeServiceRuntime, PeerPolicyCheck } from "./types.js";

/** Services every host already runs; a module may not reuse their keys. */
const RESERVED_KEYS = new Set(["identify", "ping", "dht"]);

/** What the daemon needs to build its services' contexts. */
export interface MountContext {
  config: NodeConfig;
  scope: ServiceScope;
  link: RegistryLink;
  checkPeers: PeerPolicyCheck;
  logger: Logger;
}

/**
 * Builds the libp2p service factories of the node's service modules, giving each its data folder
 * (`<dataDir>/services/<runtimeKey>`), a scoped logger, the scope, the replication policy, the registry
 * connection and its section of `serviceOptions`.
 *
 * @param modules - The modules to mount; each must serve the configured service.
 * @param context - Configuration, scope, registry and logger.
 * @returns The factories to pass to libp2p, and the runtime keys to await and report.
 * @throws ServiceMountError when a module serves another service or keys clash.
 */
export async function mountServices(
  modules: readonly NodeServiceModule[],
  context: MountContext,
): Promise<{ factories: ServiceFactoryMap<Record<string, unknown>>; runtimeKeys: string[] }> {
  const factories: ServiceFactoryMap<Record<string, unknown>> = {};
  const runtimeKeys: string[] = [];
  for (const module of modules) {
    if (module.service !== context.config.service) {
      throw new ServiceMountError(
        `the module "${module.runtimeKey}" serves ${module.service}, the node ${context.config.service}`,
      );
    }
    const dataDir = join(context.config.dataDir, "services", module.runtimeKey);
    await mkdir(dataDir, { recursive: true, mode: 0o700 });
    const created = module.create({
      dataDir,
      logger: context.logger.child({ service: module.runtimeKey }),
      scope: context.scope,
      checkPeers: context.checkPeers,
      registry: context.link.client,
      options: context.config.serviceOptions[module.runtimeKey] ?? {},
    });
    if (!Object.hasOwn(created, module.runtimeKey)) {
      throw new ServiceMountError(
        `the module "${module.runtimeKey}" creates no service under its runtime key`,
      );
    }
    for (const [key, factory] of Object.entries(created)) {
      if (RESERVED_KEYS.has(key) || Object.hasOwn(factories, key)) {
        throw new ServiceMountError(`two services are named "${key}"`);
      }
      factories[key] = factory;
    }
    runtimeKeys.push(module.runtimeKey);
  }
  return { factories, runtimeKeys };
}

/**
 * The mounted runtime under a key, checked for the {@link NodeServiceRuntime} shape.
 *
 * @param services - The host's services.
 * @param key - The runtime key.
 * @returns The runtime.
 * @throws ServiceMountError when the service does not implement `ready()` and `status()`.
 */
export function runtimeOf(services: Record<string, unknown>, key: string): NodeServiceRuntime {
  const runtime = services[key] as Partial<NodeServiceRuntime> | undefined;
  if (typeof runtime?.ready !== "function" || typeof runtime.status !== "function") {
    throw new ServiceMountError(`the service "${key}" does not implement ready() and status()`);
  }
  return runtime as NodeServiceRuntime;
}
