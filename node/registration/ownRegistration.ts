import type { Logger } from "pino";

import type { NodeConfig } from "../config/types.js";
import type { ReplicationPolicy } from "./peerCheck.js";
import type { RegistrationState } from "./registrationMonitor.js";
import { RegistrationMonitor } from "./registrationMonitor.js";
import type { RegistryLink } from "./registryLink.js";
import { watchRegistryEvents } from "./watchRegistryEvents.js";

/** Options of {@link ownRegistrationMonitor}. */
export interface OwnRegistrationInit {
  link: RegistryLink;
  config: NodeConfig;
  /** This node's address. */
  nodeAddress: string;
  /** The node's logger. */
  logger: Logger;
  /** Called after every check, answered or failed. */
  onCheck: (state: RegistrationState) => void;
  /** Called when the verdict changes (including the first answer). */
  onChange: (state: RegistrationState) => void;
}

/**
 * The monitor of the node's own registration, on the configured intervals, its events passed on
 * to `onCheck` and `onChange`. Not started.
 *
 * @param init - Link, configuration, node address, logger and callbacks.
 * @returns The monitor; call `start()`.
 */
export function ownRegistrationMonitor(init: OwnRegistrationInit): RegistrationMonitor {
  const monitor = new RegistrationMonitor({
    link: init.link,
    nodeAddress: init.nodeAddress,
    service: init.config.service,
    checkInterval: init.config.registryCheckInterval,
    retryInterval: init.config.registryRetryInterval,
    logger: init.logger.child({ component: "registration" }),
  });
  monitor.addEventListener("registration:check", ({ detail }) => {
    init.onCheck(detail);
  });
  monitor.addEventListener("registration:change", ({ detail }) => {
    init.onChange(detail);
  });
  return monitor;
}

/**
 * Follows the registry's events: a registration, retirement or suspension is seen at the next read,
 * the replication policy forgets its cached answers about peers, and the node checks its own
 * registration again.
 *
 * @param init - Link, configuration, logger, the monitor and the policy.
 * @returns A function that stops following.
 */
export function followRegistryChanges(init: {
  link: RegistryLink;
  config: NodeConfig;
  logger: Logger;
  monitor: RegistrationMonitor;
  policy: ReplicationPolicy;
}): () => Promise<void> {
  return watchRegistryEvents(init.link, {
    intervalMs: init.config.registryWatchInterval,
    socketTimeoutMs: init.config.rpcTimeout,
    logger: init.logger.child({ component: "registry-events" }),
    onChange: () => {
      init.policy.invalidate();
      void init.monitor.check();
    },
  });
}
