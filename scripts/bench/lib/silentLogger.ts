import type { ComponentLogger, Logger } from "@libp2p/interface";

/**
 * A libp2p logger that writes nothing and costs nothing to create. libp2p's default logger makes a
 * `debug` instance for every component of every host, each asking whether stderr is a terminal;
 * for a load process holding thousands of hosts that is measurable CPU spent on logs nobody reads.
 *
 * @returns The logger to pass as `createLibp2p`'s `logger`.
 */
export function silentLogger(): ComponentLogger {
  return { forComponent: () => SILENT };
}

const SILENT: Logger = Object.assign(() => undefined, {
  error: () => undefined,
  trace: () => undefined,
  enabled: false,
  newScope: (): Logger => SILENT,
});
