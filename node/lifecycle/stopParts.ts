import type { Logger } from "pino";

import type { NodeParts } from "./nodeParts.js";

/**
 * Stops every part that was started, in order: announcing, bootstrap and checks first, then
 * libp2p (the services finish their work and flush in their `stop()`, and may still ask the
 * registry meanwhile), the registry link, the datastore and last the status server. A part that
 * fails to stop is logged and the rest still stop. Safe to run again on what is left.
 *
 * @param parts - The node's parts; the ones closed here are cleared.
 * @param logger - Where a failure to stop is logged.
 */
export async function stopParts(parts: NodeParts, logger: Logger): Promise<void> {
  const attempt = async (part: string, step: () => Promise<void>): Promise<void> => {
    try {
      await step();
    } catch (err) {
      logger.error({ err }, `error while stopping the ${part}`);
    }
  };
  parts.announcer?.stop();
  parts.bootstrapper?.stop();
  parts.monitor?.stop();
  await attempt("registry watcher", async () => parts.stopWatching?.());
  const { host, datastore, statusServer } = parts;
  parts.host = undefined;
  parts.handshakes = undefined;
  parts.datastore = undefined;
  parts.statusServer = undefined;
  await attempt("libp2p", async () => host?.stop());
  parts.link?.stop();
  await attempt("datastore", async () => datastore?.close());
  await attempt("status server", async () => statusServer?.close());
  logger.flush();
}
