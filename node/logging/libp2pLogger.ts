import type { ComponentLogger, Logger as Libp2pLog } from "@libp2p/interface";
import type { Logger } from "pino";

import { redactUrls } from "../../client/kernel/text/redactUrl.js";
import { terminalSafe } from "../../client/kernel/text/terminalText.js";
import { errorFields } from "./errorFields.js";
import { formatLibp2pLine } from "./libp2pFormat.js";
import { LineBudget } from "./lineBudget.js";

/** Options of {@link libp2pLogger}. */
export interface Libp2pLoggerOptions {
  /** Most libp2p lines written per interval at each level, over all components. @default 30 */
  maxLines?: number | undefined;
  /** Most lines of one log call (one format string) per interval at each level. @default 3 */
  maxRepeats?: number | undefined;
  /** The interval of `maxLines` and `maxRepeats`, in milliseconds. @default 60_000 */
  intervalMs?: number | undefined;
  /** Most characters of one message; the rest is cut and the cut marked. @default 1_000 */
  maxMessageLength?: number | undefined;
  /** The clock. @default Date.now */
  now?: (() => number) | undefined;
}

/** Defaults of {@link Libp2pLoggerOptions}. */
export const LIBP2P_LOGGER_DEFAULTS = {
  maxLines: 30,
  maxRepeats: 3,
  intervalMs: 60_000,
  maxMessageLength: 1_000,
} as const;

type Level = "warn" | "debug" | "trace";

/**
 * A libp2p `ComponentLogger` that writes to the node's pino logger, so that what libp2p and the
 * services mounted on it log reaches the node's log without `DEBUG`. Each line carries the libp2p
 * component under `component` (`libp2p:dial-queue`, `waymark:mail`).
 *
 * - `log.error` is a warning: libp2p uses it for one dial, stream or query that failed, which a
 *   node on an open network sees all the time, never for the node failing.
 * - `log` is debug and `log.trace` trace; `enabled` is true only when the node logs at debug, so
 *   libp2p skips building its messages otherwise, and a call below the node's level returns at once.
 * - Messages carry text from other peers (addresses, protocol names, remote errors): URLs are cut
 *   to scheme, host and port, control and format characters are shown as escapes, and a message is
 *   cut at `maxMessageLength`. The error itself goes under `err` through the logger's redacting
 *   serializer.
 * - At most `maxLines` per `intervalMs` at each level, and `maxRepeats` of one log call (libp2p
 *   logs "stream closed" for every stream a leaving peer had open); the lines left out are counted,
 *   and the count is logged with the first line of the next interval.
 *
 * @param logger - The node's logger.
 * @param options - Limits.
 * @returns The component logger to pass to libp2p as `logger`.
 * @example
 * ```ts
 * const host = await createLibp2p({ logger: libp2pLogger(nodeLogger), ... });
 * ```
 */
export function libp2pLogger(logger: Logger, options: Libp2pLoggerOptions = {}): ComponentLogger {
  const maxLines = options.maxLines ?? LIBP2P_LOGGER_DEFAULTS.maxLines;
  const maxRepeats = options.maxRepeats ?? LIBP2P_LOGGER_DEFAULTS.maxRepeats;
  const intervalMs = options.intervalMs ?? LIBP2P_LOGGER_DEFAULTS.intervalMs;
  const maxLength = options.maxMessageLength ?? LIBP2P_LOGGER_DEFAULTS.maxMessageLength;
  const budget = (): LineBudget => new LineBudget({ maxLines, maxRepeats, intervalMs, now: options.now });
  const budgets: Record<Level, LineBudget> = { warn: budget(), debug: budget(), trace: budget() };

  function write(level: Level, component: string, formatter: unknown, args: unknown[]): void {
    if (!logger.isLevelEnabled(level)) return;
    const kind = typeof formatter === "string" ? formatter : "";
    const { allowed, droppedBefore } = budgets[level].take(kind);
    if (droppedBefore > 0) {
      logger[level]({ dropped: droppedBefore, intervalMs }, "libp2p log lines left out over the limit");
    }
    if (!allowed) return;
    const { msg, err } = formatLibp2pLine(formatter, args);
    const fields = err === undefined ? { component } : { component, ...errorFields(err) };
    logger[level](fields, terminalSafe(redactUrls(msg), { maxLength }));
  }

  function forComponent(component: string): Libp2pLog {
    const log = (formatter: unknown, ...args: unknown[]): void => {
      write("debug", component, formatter, args);
    };
    return Object.defineProperty(
      Object.assign(log, {
        error: (formatter: unknown, ...args: unknown[]): void => {
          write("warn", component, formatter, args);
        },
        trace: (formatter: unknown, ...args: unknown[]): void => {
          write("trace", component, formatter, args);
        },
        newScope: (scope: string): Libp2pLog => forComponent(`${component}:${scope}`),
      }),
      "enabled",
      { get: () => logger.isLevelEnabled("debug"), enumerable: true },
    ) as Libp2pLog;
  }

  return { forComponent };
}
