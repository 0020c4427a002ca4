import type { DestinationStream, Logger } from "pino";
import { pino } from "pino";
import pretty from "pino-pretty";

import type { LogFormat, LogLevel } from "../config/types.js";
import { redactedErrorSerializer } from "./redactedErrors.js";
import { safeJsonLine, safePrettyLine } from "./safeLines.js";

/** Options of {@link createLogger}. */
export interface CreateLoggerOptions {
  /** Minimum level. @default "info" */
  level?: LogLevel | undefined;
  /** `pretty` for people, `json` for machines, `auto` for pretty on a terminal. @default "auto" */
  format?: LogFormat | undefined;
  /** Where JSON lines go. @default standard output */
  destination?: DestinationStream | undefined;
  /** Whether the output is a terminal (decides `auto`). @default process.stdout.isTTY */
  isTTY?: boolean | undefined;
}

/**
 * The node's structured logger: JSON lines (one object per event, with `msg` and fields such as
 * `peerId`, `verdict` or `durationMs`), or the same events in colour when a person is watching.
 *
 * Logged text may come from peers or the chain, so no line carries a raw control or format
 * character: JSON lines escape them as `\uXXXX` (the record is unchanged), pretty lines show them
 * as `\x1b`, `\u202e`. Errors under `err` (their causes included) name URLs by scheme, host and
 * port only, as a chain RPC URL may hold an API key.
 *
 * @param options - Level, format and destination.
 * @returns A pino logger.
 * @example
 * ```ts
 * const logger = createLogger({ level: "debug" });
 * logger.child({ component: "announce" }).info({ peers: 4 }, "announced");
 * ```
 */
export function createLogger(options: CreateLoggerOptions = {}): Logger {
  const format = options.format ?? "auto";
  const isTTY = options.isTTY ?? process.stdout.isTTY;
  const usePretty = format === "pretty" || (format === "auto" && isTTY);
  const base = {
    level: options.level ?? "info",
    base: { pid: process.pid },
    serializers: { err: redactedErrorSerializer },
    hooks: { streamWrite: usePretty ? safePrettyLine : safeJsonLine },
  };
  if (usePretty) {
    return pino(
      base,
      pretty({
        colorize: isTTY && process.env.NO_COLOR === undefined,
        translateTime: "SYS:HH:MM:ss.l",
        ignore: "pid,hostname",
        sync: true,
        ...(options.destination === undefined ? {} : { destination: options.destination }),
      }),
    );
  }
  return pino(base, options.destination ?? pino.destination({ dest: 1, sync: true }));
}
