import type { Logger } from "pino";

/**
 * Stops the node (or the nodes) gracefully on SIGINT or SIGTERM and exits 0; a second signal, or
 * a shutdown that outlasts `timeoutMs`, exits at once with status 1.
 *
 * @param node - The node, or a group of nodes stopped as one.
 * @param logger - Where to say what happens.
 * @param timeoutMs - How long the graceful shutdown may take.
 * @returns Whether a signal asked for the shutdown.
 */
export function exitOnSignals(
  node: { stop(): Promise<void> },
  logger: Logger,
  timeoutMs: number,
): () => boolean {
  let shuttingDown = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (shuttingDown) {
      logger.warn({ signal }, "second signal: exiting at once");
      logger.flush();
      process.exit(1);
    }
    shuttingDown = true;
    logger.info({ signal }, "shutting down gracefully (send the signal again to exit at once)");
    const timer = setTimeout(() => {
      logger.error({ timeoutMs }, "graceful shutdown took too long: exiting");
      logger.flush();
      process.exit(1);
    }, timeoutMs);
    node.stop().then(
      () => {
        clearTimeout(timer);
        logger.flush();
        process.exit(0);
      },
      (err: unknown) => {
        logger.error({ err }, "shutdown failed");
        logger.flush();
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  return () => shuttingDown;
}
