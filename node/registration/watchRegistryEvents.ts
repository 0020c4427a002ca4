import type { Logger } from "pino";

import { RegistryWatcher } from "../../client/kernel/registry/registryWatcher.js";
import type { RegistryLink } from "./registryLink.js";

/** Options of {@link watchRegistryEvents}. */
export interface WatchRegistryEventsInit {
  /** How often the registry's event log is read while no subscription stands. */
  intervalMs: number;
  /** Milliseconds the WebSocket connection and each of its requests may take. @default 10000 */
  socketTimeoutMs?: number | undefined;
  logger: Logger;
  /** Called when registry events may have changed whether a node verifies (or events were missed). */
  onChange(): void;
}

/**
 * Reads the registry's trust events (registrations, retirements, suspensions, approvals, default
 * marks) while the chain answers, from the moment the link first reaches it, and calls `onChange`
 * when any arrive, so that a node never acts on a cached verdict the registry has since changed.
 * With a `ws://` RPC URL they arrive by subscription, within one block (the client's mechanism,
 * {@link RegistryWatcher}: reconnect with backoff, catch-up by range, polling as the fallback).
 *
 * @param link - The node's registry link.
 * @param init - Interval, logger and what to do on a change.
 * @returns Stops watching.
 */
export function watchRegistryEvents(link: RegistryLink, init: WatchRegistryEventsInit): () => Promise<void> {
  let watcher: RegistryWatcher | undefined;
  let stopped = false;
  const start = (): void => {
    const client = link.client;
    if (stopped || watcher !== undefined || client === undefined) return;
    watcher = new RegistryWatcher(client, {
      intervalMs: init.intervalMs,
      socketTimeoutMs: init.socketTimeoutMs,
      onMode: (mode, reason) => {
        if (mode === "subscribed") init.logger.info("registry events: subscribed");
        else init.logger.warn({ reason: reason?.message }, "registry events: polling");
      },
      onEvents: async (events) => {
        init.logger.debug({ events: events.map((event) => event.name) }, "registry events");
        init.onChange();
        return Promise.resolve();
      },
      onReachable: () => undefined,
      onUnreachable: () => undefined,
    });
    void watcher.start();
  };
  link.addEventListener("registry:connect", start);
  start();
  return async () => {
    stopped = true;
    link.removeEventListener("registry:connect", start);
    await watcher?.stop();
  };
}
