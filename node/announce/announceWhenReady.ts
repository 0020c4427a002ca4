import type { Logger } from "pino";

import type { NodeServiceRuntime } from "../services/types.js";
import type { Announcer } from "./announcer.js";

/**
 * Starts the announcer once every mounted service is ready, so that the node is never discovered
 * before it can serve. A service that fails to become ready keeps the node unannounced (and says
 * so); stopping the node (`signal`) ends the wait.
 *
 * @param announcer - The node's announcer.
 * @param runtimes - The mounted services, by runtime key.
 * @param options - `signal` of the node's life, and the logger.
 */
export function announceWhenReady(
  announcer: Announcer,
  runtimes: ReadonlyMap<string, NodeServiceRuntime>,
  options: { signal: AbortSignal; logger: Logger },
): void {
  const { signal, logger } = options;
  void Promise.all([...runtimes.values()].map(async (runtime) => runtime.ready({ signal }))).then(
    () => {
      if (signal.aborted) return;
      if (runtimes.size > 0) logger.info({ services: [...runtimes.keys()] }, "services ready");
      announcer.start();
    },
    (err: unknown) => {
      if (!signal.aborted)
        logger.error({ err }, "a service did not become ready: the node does not announce");
    },
  );
}
