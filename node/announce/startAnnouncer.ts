import type { CID } from "multiformats/cid";
import type { Logger } from "pino";

import { routingTableSize } from "../../client/kernel/p2p/routingTable.js";
import { serviceKey } from "../../client/kernel/service/serviceKey.js";
import type { NodeConfig } from "../config/types.js";
import type { NodeHost } from "../host/createNodeHost.js";
import type { NodeServiceRuntime } from "../services/types.js";
import type { Announcement } from "./announcer.js";
import { Announcer } from "./announcer.js";
import { announceWhenReady } from "./announceWhenReady.js";

/** Options of {@link startAnnouncer}. */
export interface StartAnnouncerInit {
  host: NodeHost;
  /** The service key to announce. */
  key: CID;
  config: NodeConfig;
  /** The mounted services; the first announcement waits until all are ready. */
  runtimes: ReadonlyMap<string, NodeServiceRuntime>;
  /** The node's life: aborting it ends the wait for the services. */
  signal: AbortSignal;
  /** The node's logger. */
  logger: Logger;
  /** Called with every outcome, as the announcer's event type and its announcement. */
  onAnnouncement: (type: "announce:success" | "announce:failure", announcement: Announcement) => void;
}

/**
 * Creates the node's announcer on the configured intervals and starts it once every service is
 * ready (see `announceWhenReady`), passing each outcome to `onAnnouncement`. With
 * `extraRegistries`, each announcement provides each of those registries' service keys too.
 *
 * @param init - Host, key, configuration, services, signal, logger and callback.
 * @returns The announcer; stop it when the node stops.
 */
export function startAnnouncer(init: StartAnnouncerInit): Announcer {
  const { config, host } = init;
  const announcer = new Announcer({
    dht: host.services.dht,
    key: init.key,
    extraKeys: config.extraRegistries.map((extra) =>
      serviceKey({ chainId: extra.chainId, registry: extra.registry, service: config.service }),
    ),
    interval: config.announceInterval,
    retryInterval: config.announceRetryInterval,
    timeout: config.announceTimeout,
    hasPeers: () => routingTableSize(host) > 0,
    logger: init.logger.child({ component: "announce" }),
  });
  for (const type of ["announce:success", "announce:failure"] as const) {
    announcer.addEventListener(type, ({ detail }) => {
      init.onAnnouncement(type, detail);
    });
  }
  announceWhenReady(announcer, init.runtimes, { signal: init.signal, logger: init.logger });
  return announcer;
}
