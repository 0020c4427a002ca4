import type { NodeServiceModule } from "./types.js";

/**
 * The service modules `waymark-node start` mounts, by registry service name. A new kind of server
 * is one entry here (and its module), not new code in the daemon. Modules load lazily, so a node
 * pays only for the service it serves.
 */
export const SERVICE_CATALOG: Readonly<Record<string, () => Promise<NodeServiceModule[]>>> = {
  "mail/1": async () => [(await import("../mail/module.js")).mailModule()],
  "records/1": async () => [(await import("../records/module.js")).recordsModule()],
  "relay/1": async () => [(await import("../relay/module.js")).relayModule()],
};

/**
 * The built-in modules serving a service.
 *
 * @param service - The registry service name.
 * @returns The modules; empty when this build has none for the service.
 */
export async function builtInModules(service: string): Promise<NodeServiceModule[]> {
  const load = Object.hasOwn(SERVICE_CATALOG, service) ? SERVICE_CATALOG[service] : undefined;
  return load === undefined ? [] : load();
}
